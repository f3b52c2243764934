-- RH-3 share employed six months after completing training: of the completed enrolments
-- whose follow-up month (end month + 6 months) falls in the quarter and whose situation is
-- recorded (lost contact included, not-yet-due and empty left out), those employed or
-- self-employed; by sex.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with followed_up as (
    select
        partner_code,
        date_trunc('quarter', end_month + interval '6 months')::date as quarter_start,
        marts.sex_category(prs_gender) as sex,
        employment_6m in ('employed', 'self-employed') as employed
    from core.rehabilitation_enrolments
    where end_month is not null
        and outcome in ('completed', 'completed-certified')
        and employment_6m in ('employed', 'self-employed', 'unemployed', 'further-training', 'lost-contact')
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category,
           count(*) filter (where employed) as numerator, count(*) as denominator
    from followed_up group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'sex', sex, count(*) filter (where employed), count(*)
    from followed_up group by partner_code, quarter_start, sex
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       denominator::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
