-- LP-4 cases (possible or actual victims) identified up to the end of the quarter whose
-- proceedings reached prosecution or beyond, as last reported, by the furthest stage:
-- prosecution (Prosecution, Trial) or judgment (Judgment, Appeal, Concluded).
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with staged as (
    select
        partner_code,
        identification_month,
        case
            when legal_proceedings_stage in ('Prosecution', 'Trial') then 'prosecution'
            when legal_proceedings_stage in ('Judgment', 'Appeal', 'Concluded') then 'judgment'
        end as stage
    from core.current_cases
    where identification_month is not null
        and vic_traffickingstatus in ('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking')
        and legal_proceedings_stage in ('Prosecution', 'Trial', 'Judgment', 'Appeal', 'Concluded')
),

quarters as (
    select quarter_start, quarter_end
    from core.dim_quarter
    where quarter_start between :first_quarter and :last_quarter
),

cases_to_date as (
    select s.partner_code, q.quarter_start, s.stage
    from staged as s
    inner join quarters as q on s.identification_month <= q.quarter_end
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category, count(*) as numerator
    from cases_to_date group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'stage', stage, count(*)
    from cases_to_date group by partner_code, quarter_start, stage
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
