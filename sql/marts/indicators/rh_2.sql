-- RH-2 completion rate: of the enrolments that ended in the quarter completed, completed
-- and certified or dropped out (as last reported), those completed; by sex.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with ended as (
    select
        partner_code,
        date_trunc('quarter', end_month)::date as quarter_start,
        marts.sex_category(prs_gender) as sex,
        outcome in ('completed', 'completed-certified') as completed
    from core.rehabilitation_enrolments
    where end_month is not null
        and outcome in ('completed', 'completed-certified', 'dropped-out')
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category,
           count(*) filter (where completed) as numerator, count(*) as denominator
    from ended group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'sex', sex, count(*) filter (where completed), count(*)
    from ended group by partner_code, quarter_start, sex
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       denominator::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
