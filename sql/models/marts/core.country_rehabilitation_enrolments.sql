-- core.country_rehabilitation_enrolments: core.rehabilitation_enrolments for partner readers, row-level secured.
-- Grain: one row per rehabilitation enrolment (one person in one vocational training) of one partner.
-- The same columns as core.rehabilitation_enrolments, written out again rather than read from it:
-- this view runs as the reader (security_invoker) so that row-level security filters the
-- tables, and PostgreSQL checks a view nested in it as the reader too, while analysts, who
-- read core.rehabilitation_enrolments, hold no privilege on the tables.
create view core.country_rehabilitation_enrolments with (security_invoker = true) as
with standing as (
    select partner_code, record_key, ledger_id from core.fact_rehabilitation_enrolment_current
),

current_versions as (
    -- Named columns, never versions.*: a partner reader may not read a person key.
    select
        versions.partner_code,
        versions.record_key,
        versions.period_month,
        versions.partner_case_id_key,
        versions.status_month,
        versions.age_band,
        versions.is_minor,
        versions.prs_gender,
        versions.training_type,
        versions.training_hours,
        versions.start_month,
        versions.end_month,
        versions.outcome,
        versions.employment_6m,
        versions.ledger_id,
        versions.loaded_at
    from core.fact_rehabilitation_enrolment as versions
    inner join standing
        on standing.partner_code = versions.partner_code
        and standing.record_key = versions.record_key
        and standing.ledger_id = versions.ledger_id
)

select * from current_versions;
comment on view core.country_rehabilitation_enrolments is 'Partner-scoped view (row-level security): core.rehabilitation_enrolments restricted to the partners the querying partner login reads (core.partner_reader); grain: one rehabilitation record of one partner. For members of pata_partner_reader.';
