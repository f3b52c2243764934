-- core.country_network_events: core.network_events for partner readers, row-level secured.
-- Grain: one row per network or advocacy event of one partner.
-- The same columns as core.network_events, written out again rather than read from it:
-- this view runs as the reader (security_invoker) so that row-level security filters the
-- tables, and PostgreSQL checks a view nested in it as the reader too, while analysts, who
-- read core.network_events, hold no privilege on the tables.
create view core.country_network_events with (security_invoker = true) as
with standing as (
    select partner_code, event_id, ledger_id from core.fact_network_event_current
),

current_versions as (
    -- Named columns, never versions.*: a partner reader may not read a person key.
    select
        versions.partner_code,
        versions.event_id,
        versions.period_month,
        versions.event_date,
        versions.end_date,
        versions.objective,
        versions.event_format,
        versions.country,
        versions.city,
        versions.title,
        versions.participants_religious_leaders,
        versions.participants_civic_leaders,
        versions.participants_government,
        versions.participants_ngo,
        versions.participants_other,
        versions.participants_total,
        versions.ledger_id,
        versions.loaded_at
    from core.fact_network_event as versions
    inner join standing
        on standing.partner_code = versions.partner_code
        and standing.event_id = versions.event_id
        and standing.ledger_id = versions.ledger_id
)

select * from current_versions;
comment on view core.country_network_events is 'Partner-scoped view (row-level security): core.network_events restricted to the partners the querying partner login reads (core.partner_reader); grain: one network_events record of one partner. For members of pata_partner_reader.';
