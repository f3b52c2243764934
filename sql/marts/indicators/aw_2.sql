-- AW-2 awareness sessions held, by target group.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with sessions as (
    select partner_code, date_trunc('quarter', session_date)::date as quarter_start, target_group
    from core.awareness_sessions
    where session_date is not null
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category, count(*) as numerator
    from sessions group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'target_group', target_group, count(*)
    from sessions where target_group is not null group by partner_code, quarter_start, target_group
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
