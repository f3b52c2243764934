-- LP-3 persons of LP-1 with a record who received legal assistance (counselling, court
-- representation or referral to legal aid on one of their cases of the quarter, as last
-- reported), by sex.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with victims as (
    select
        f.partner_code,
        coalesce(f.person_key, f.record_key) as person,
        f.identification_month,
        marts.sex_category(f.prs_gender) as sex,
        coalesce(f.legal_assistance in ('LegalCounselling', 'CourtRepresentation', 'ReferredToLegalAid'), false) as assisted
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
        bool_or(v.assisted) as assisted
    from victims as v
    inner join first_identified as f on f.partner_code = v.partner_code and f.person = v.person
    where date_trunc('quarter', v.identification_month) = date_trunc('quarter', f.first_month)
    group by v.partner_code, date_trunc('quarter', f.first_month), v.person
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category,
           count(*) filter (where assisted) as numerator
    from persons group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'sex', sex, count(*) filter (where assisted)
    from persons group by partner_code, quarter_start, sex
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
