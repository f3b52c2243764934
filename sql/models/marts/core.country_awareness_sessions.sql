-- core.country_awareness_sessions: core.awareness_sessions for partner readers, row-level secured.
-- Grain: one row per awareness session of one partner.
-- The same columns as core.awareness_sessions, written out again rather than read from it:
-- this view runs as the reader (security_invoker) so that row-level security filters the
-- tables, and PostgreSQL checks a view nested in it as the reader too, while analysts, who
-- read core.awareness_sessions, hold no privilege on the tables.
create view core.country_awareness_sessions with (security_invoker = true) as
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
comment on view core.country_awareness_sessions is 'Partner-scoped view (row-level security): core.awareness_sessions restricted to the partners the querying partner login reads (core.partner_reader); grain: one awareness_sessions record of one partner. For members of pata_partner_reader.';
