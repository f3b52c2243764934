-- core.rehabilitation_enrolments: the version that stands of each rehabilitation record, for regional staff.
-- Grain: one row per rehabilitation enrolment (one person in one vocational training) of one partner.
-- Runs with its owner's rights: analysts read it without a privilege on the tables. Its
-- partner-scoped twin, core.country_rehabilitation_enrolments, holds the same columns.
create view core.rehabilitation_enrolments as
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
comment on view core.rehabilitation_enrolments is 'Documented view for regional staff: the version that stands of each rehabilitation enrolment (one person in one vocational training) (grain: one rehabilitation record of one partner), de-identified, with its source file (ledger_id). The person key is left out.';
