-- core.awareness_sessions: the version that stands of each awareness_sessions record, for regional staff.
-- Grain: one row per awareness session of one partner.
-- Runs with its owner's rights: analysts read it without a privilege on the tables. Its
-- partner-scoped twin, core.country_awareness_sessions, holds the same columns.
create view core.awareness_sessions as
with standing as (
    select partner_code, session_id, ledger_id from core.fact_awareness_session_current
),

current_versions as (
    -- Named columns, never versions.*: a partner reader may not read a person key.
    select
        versions.partner_code,
        versions.session_id,
        versions.period_month,
        versions.session_date,
        versions.province,
        versions.district,
        versions.venue_type,
        versions.target_group,
        versions.topic,
        versions.participants_female_under_18,
        versions.participants_female_18_plus,
        versions.participants_male_under_18,
        versions.participants_male_18_plus,
        versions.participants_other,
        versions.participants_total,
        versions.ledger_id,
        versions.loaded_at
    from core.fact_awareness_session as versions
    inner join standing
        on standing.partner_code = versions.partner_code
        and standing.session_id = versions.session_id
        and standing.ledger_id = versions.ledger_id
)

select * from current_versions;
comment on view core.awareness_sessions is 'Documented view for regional staff: the version that stands of each awareness session (grain: one awareness_sessions record of one partner), de-identified, with its source file (ledger_id).';
