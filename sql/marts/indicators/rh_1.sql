-- RH-1 survivors who started a vocational training in the quarter (distinct persons per
-- partner), by sex and by minors and adults; a person's values are those of their
-- enrolments of the earliest start month of the quarter (the smallest code when they differ).
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with enrolments as (
    select
        f.partner_code,
        coalesce(f.person_key, f.record_key) as person,
        f.start_month,
        date_trunc('quarter', f.start_month)::date as quarter_start,
        marts.sex_category(f.prs_gender) as sex,
        case when f.is_minor then 'minor' when not f.is_minor then 'adult' else 'unknown' end as age_group
    from core.fact_rehabilitation_enrolment as f
    inner join core.fact_rehabilitation_enrolment_current as c
        on c.partner_code = f.partner_code and c.record_key = f.record_key
        and c.ledger_id = f.ledger_id
    where f.start_month is not null
),

first_starts as (
    select partner_code, quarter_start, person, min(start_month) as first_month
    from enrolments
    group by partner_code, quarter_start, person
),

persons as (
    select
        e.partner_code,
        e.quarter_start,
        e.person,
        min(e.sex collate "C") as sex,
        min(e.age_group collate "C") as age_group
    from enrolments as e
    inner join first_starts as f
        on f.partner_code = e.partner_code and f.quarter_start = e.quarter_start
        and f.person = e.person and f.first_month = e.start_month
    group by e.partner_code, e.quarter_start, e.person
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category, count(*) as numerator
    from persons group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'sex', sex, count(*)
    from persons group by partner_code, quarter_start, sex
    union all
    select partner_code, quarter_start, 'age_group', age_group, count(*)
    from persons group by partner_code, quarter_start, age_group
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
