-- LP-1 persons newly identified as possible or actual victims, by consent, sex, age band,
-- type and country of exploitation. A person counts once per partner, in the quarter of
-- their first possible-or-actual identification; their breakdown values are those of their
-- cases of the earliest month of that quarter (the smallest code when those cases differ;
-- every type of exploitation of those cases). Persons withheld for lack of consent are
-- counted in the total (category withheld) and nowhere else, once per partner and quarter
-- whatever the number of files or rows that carried them (core.withheld_person).
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with victims as (
    select
        f.partner_code,
        f.record_key,
        coalesce(f.person_key, f.record_key) as person,
        f.identification_month,
        marts.sex_category(f.prs_gender) as sex,
        coalesce(f.age_band, 'unknown') as age_band,
        coalesce(f.hte_country, 'unknown') as country
    from core.current_cases as f
    where f.identification_month is not null
        and f.vic_traffickingstatus in ('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking')
),

first_identified as (
    select partner_code, person, min(identification_month) as first_month
    from victims
    group by partner_code, person
),

first_cases as (
    select v.*, date_trunc('quarter', f.first_month)::date as quarter_start
    from victims as v
    inner join first_identified as f
        on f.partner_code = v.partner_code and f.person = v.person
        and v.identification_month = f.first_month
),

persons as (
    select
        partner_code,
        quarter_start,
        person,
        min(sex collate "C") as sex,
        min(age_band collate "C") as age_band,
        min(country collate "C") as country
    from first_cases
    group by partner_code, quarter_start, person
),

exploitation as (
    select distinct fc.partner_code, fc.quarter_start, fc.person, e.exploitation_type
    from first_cases as fc
    inner join core.case_exploitation_types as e
        on e.partner_code = fc.partner_code and e.record_key = fc.record_key
),

withheld_keyed as (
    select partner_code, date_trunc('quarter', period_month)::date as quarter_start,
           count(distinct person_token) as withheld
    from core.withheld_person
    where dataset = 'cases'
    group by partner_code, date_trunc('quarter', period_month)
),

withheld_unkeyed as (
    -- Files loaded before 0009 left counts only (no person token): counted per row.
    select w.partner_code, date_trunc('quarter', w.period_month)::date as quarter_start,
           sum(w.withheld_count) as withheld
    from core.withheld_no_consent as w
    where w.dataset = 'cases'
        and not exists (select 1 from core.withheld_person as p where p.ledger_id = w.ledger_id)
    group by w.partner_code, date_trunc('quarter', w.period_month)
),

withheld as (
    select partner_code, quarter_start, sum(withheld)::bigint as withheld
    from (
        select * from withheld_keyed
        union all
        select * from withheld_unkeyed
    ) as both_kinds
    group by partner_code, quarter_start
),

recorded as (
    select partner_code, quarter_start, count(*) as recorded
    from persons
    group by partner_code, quarter_start
),

cells as (
    select
        coalesce(r.partner_code, w.partner_code) as partner_code,
        coalesce(r.quarter_start, w.quarter_start) as quarter_start,
        'total' as disaggregation,
        'total' as category,
        coalesce(r.recorded, 0) + coalesce(w.withheld, 0) as numerator
    from recorded as r
    full outer join withheld as w
        on w.partner_code = r.partner_code and w.quarter_start = r.quarter_start
    union all
    select partner_code, quarter_start, 'consent', 'recorded', recorded from recorded
    union all
    select partner_code, quarter_start, 'consent', 'withheld', withheld from withheld
    union all
    select partner_code, quarter_start, 'sex', sex, count(*)
    from persons group by partner_code, quarter_start, sex
    union all
    select partner_code, quarter_start, 'age_band', age_band, count(*)
    from persons group by partner_code, quarter_start, age_band
    union all
    select partner_code, quarter_start, 'country_of_exploitation', country, count(*)
    from persons group by partner_code, quarter_start, country
    union all
    select partner_code, quarter_start, 'exploitation_type', exploitation_type, count(*)
    from exploitation group by partner_code, quarter_start, exploitation_type
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
