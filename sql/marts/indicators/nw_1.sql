-- NW-1 regional network and advocacy events, by objective.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with events as (
    select partner_code, date_trunc('quarter', event_date)::date as quarter_start, objective
    from core.network_events
    where event_date is not null
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category, count(*) as numerator
    from events group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'objective', objective, count(*)
    from events where objective is not null group by partner_code, quarter_start, objective
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
