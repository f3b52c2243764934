-- core.network_events: the version that stands of each network_events record, for regional staff.
-- Grain: one row per network or advocacy event of one partner.
-- Runs with its owner's rights: analysts read it without a privilege on the tables. Its
-- partner-scoped twin, core.country_network_events, holds the same columns.
create view core.network_events as
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
comment on view core.network_events is 'Documented view for regional staff: the version that stands of each network or advocacy event (grain: one network_events record of one partner), de-identified, with its source file (ledger_id).';
