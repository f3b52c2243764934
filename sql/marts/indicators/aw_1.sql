-- AW-1 people reached by awareness sessions (attendances), by sex and by minors and adults.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with sessions as (
    select
        partner_code,
        date_trunc('quarter', session_date)::date as quarter_start,
        coalesce(participants_female_under_18, 0) as female_minor,
        coalesce(participants_female_18_plus, 0) as female_adult,
        coalesce(participants_male_under_18, 0) as male_minor,
        coalesce(participants_male_18_plus, 0) as male_adult,
        coalesce(participants_other, 0) as other_or_unknown,
        coalesce(participants_total, 0) as total
    from core.awareness_sessions
    where session_date is not null
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category, sum(total) as numerator
    from sessions group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'sex', 'female', sum(female_minor + female_adult)
    from sessions group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'sex', 'male', sum(male_minor + male_adult)
    from sessions group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'sex', 'other-or-unknown', sum(other_or_unknown)
    from sessions group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'age_group', 'minor', sum(female_minor + male_minor)
    from sessions group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'age_group', 'adult', sum(female_adult + male_adult)
    from sessions group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'age_group', 'other-or-unknown', sum(other_or_unknown)
    from sessions group by partner_code, quarter_start
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
