-- NW-2 religious and civic leaders engaged (attendances at the quarter's events).
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with events as (
    select
        partner_code,
        date_trunc('quarter', event_date)::date as quarter_start,
        coalesce(participants_religious_leaders, 0) as religious,
        coalesce(participants_civic_leaders, 0) as civic
    from core.network_events
    where event_date is not null
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category,
           sum(religious + civic) as numerator
    from events group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'leader_type', 'religious', sum(religious)
    from events group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'leader_type', 'civic', sum(civic)
    from events group by partner_code, quarter_start
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
