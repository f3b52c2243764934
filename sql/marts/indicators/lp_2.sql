-- LP-2 numerator: persons of LP-1 with a record who were referred to a service (an
-- outgoing referral organisation or date on one of their cases of the quarter, as last
-- reported). The denominator is LP-1 (persons with a record), linked by the catalogue.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with victims as (
    select
        f.partner_code,
        coalesce(f.person_key, f.record_key) as person,
        f.identification_month,
        marts.sex_category(f.prs_gender) as sex,
        (f.cas_referredorganisation is not null or f.cas_outgoingreferraldate_month is not null) as referred
    from core.current_cases as f
    where f.identification_month is not null
        and f.vic_traffickingstatus in ('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking')
),

first_identified as (
    select partner_code, person, min(identification_month) as first_month
    from victims
    group by partner_code, person
),

persons as (
    select
        v.partner_code,
        date_trunc('quarter', f.first_month)::date as quarter_start,
        v.person,
        min(v.sex collate "C") filter (where v.identification_month = f.first_month) as sex,
        bool_or(v.referred) as referred
    from victims as v
    inner join first_identified as f on f.partner_code = v.partner_code and f.person = v.person
    where date_trunc('quarter', v.identification_month) = date_trunc('quarter', f.first_month)
    group by v.partner_code, date_trunc('quarter', f.first_month), v.person
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category,
           count(*) filter (where referred) as numerator
    from persons group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'sex', sex, count(*) filter (where referred)
    from persons group by partner_code, quarter_start, sex
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
