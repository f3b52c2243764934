-- Login: pata_pipeline (data engineers). Person-level rows: regional staff read the
-- suppressed marts and marts.case_microdata instead (docs/privacy.md, Access).
-- Training completion by partner: of the enrolments whose training has ended (completed,
-- completed with a certificate, or dropped out), the share completed. Ongoing and
-- transferred enrolments have not ended. One row per partner; enrolments as they stand.
select
    e.partner_code,
    p.partner_name,
    p.country_code as country,
    count(*) as enrolments,
    count(*) filter (where e.outcome in ('completed', 'completed-certified', 'dropped-out'))
        as ended,
    count(*) filter (where e.outcome in ('completed', 'completed-certified')) as completed,
    count(*) filter (where e.outcome = 'completed-certified') as certified,
    count(*) filter (where e.outcome = 'dropped-out') as dropped_out,
    round(
        100.0 * count(*) filter (where e.outcome in ('completed', 'completed-certified'))
        / nullif(
            count(*) filter (
                where e.outcome in ('completed', 'completed-certified', 'dropped-out')
            ),
            0
        ),
        1
    ) as completion_rate_percent
from core.rehabilitation_enrolments as e
inner join core.dim_partner as p on p.partner_code = e.partner_code
group by e.partner_code, p.partner_name, p.country_code
order by e.partner_code;
