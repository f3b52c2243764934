-- AW-3 communities reached: distinct (province, district) of the quarter's sessions; a
-- session without a district counts as one community of its province.
-- Grain: one partner and quarter (total only). Bound: :first_quarter, :last_quarter.
with sessions as (
    select
        partner_code,
        date_trunc('quarter', session_date)::date as quarter_start,
        coalesce(province, '') as province,
        lower(btrim(coalesce(district, ''))) as district
    from core.awareness_sessions
    where session_date is not null
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category,
           count(distinct (province, district)) as numerator
    from sessions group by partner_code, quarter_start
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
