-- marts.indicator_values: the programme's indicators (config/indicators.yaml) per quarter,
-- partner and region, disaggregation and category, small cells suppressed. Rebuilt whole, in
-- one transaction, by pata.indicators.refresh_indicators (the indicators DAG). Two audiences:
-- 'internal' (regional staff querying the marts; PATA_SUPPRESSION_THRESHOLD, default 5) and
-- 'published' (the report, its CSV/XLSX and the DHIS2 feed; the CMS rule, 1 to 10).
-- Grants follow the schema's default privileges (0001): the pipeline writes, analysts read.
create table marts.indicator_values (
    audience text not null check (audience in ('internal', 'published')),
    indicator_code text not null,
    indicator_name text not null,
    period_label text not null,
    period_start date not null,
    period_end date not null,
    area_level text not null check (area_level in ('partner', 'region')),
    area_code text not null,
    partner_code text,
    country_code text check (country_code ~ '^[A-Z]{2}$'),
    disaggregation text not null,
    category text not null,
    value numeric(14, 1),
    numerator bigint check (numerator >= 0),
    denominator bigint check (denominator >= 0),
    unit text not null,
    suppressed boolean not null,
    suppression_reason text
        check (suppression_reason in ('small-cell', 'complementary', 'rate-numerator', 'rate-denominator')),
    threshold smallint not null check (threshold >= 1),
    catalogue_version text not null,
    refreshed_at timestamptz not null,
    primary key (audience, indicator_code, period_label, area_code, disaggregation, category),
    check ((area_level = 'region') = (partner_code is null)),
    check (suppressed = (suppression_reason is not null)),
    check (not suppressed or (value is null and numerator is null and denominator is null))
);
comment on table marts.indicator_values is 'Programme indicators (definitions: config/indicators.yaml, docs/indicators.md); grain: one audience, indicator, quarter, area (a partner or the region), disaggregation and category. Aggregates only, small cells suppressed (primary and complementary); regional rows are summed from unsuppressed partner counts, then suppressed. Rebuilt whole by the indicators DAG.';
comment on column marts.indicator_values.audience is 'internal: for regional staff, cells 1 to PATA_SUPPRESSION_THRESHOLD (default 5) suppressed; published: what the report, its CSV/XLSX and the DHIS2 feed show, cells 1 to 10 suppressed (CMS rule).';
comment on column marts.indicator_values.indicator_code is 'Indicator code of the catalogue, e.g. LP-1.';
comment on column marts.indicator_values.indicator_name is 'Name of the indicator in the catalogue.';
comment on column marts.indicator_values.period_label is 'Quarter, e.g. 2026Q3 (also the DHIS2 ISO period).';
comment on column marts.indicator_values.period_start is 'First day of the quarter.';
comment on column marts.indicator_values.period_end is 'Last day of the quarter.';
comment on column marts.indicator_values.area_level is 'partner (one partner agency, hence one country) or region (all partners together).';
comment on column marts.indicator_values.area_code is 'Partner code, or region for the regional roll-up.';
comment on column marts.indicator_values.partner_code is 'Partner code (core.dim_partner); null for the region.';
comment on column marts.indicator_values.country_code is 'Country of the partner (ISO 3166-1 alpha-2); null for the region.';
comment on column marts.indicator_values.disaggregation is 'Breakdown: total, or a disaggregation of the catalogue (sex, age_band, age_group, consent, exploitation_type, country_of_exploitation, target_group, stage, leader_type, objective, dataset).';
comment on column marts.indicator_values.category is 'Category of the breakdown (total for the total), e.g. female, 9-17, ForcedLabour, TH.';
comment on column marts.indicator_values.value is 'The value: the count, or for a rate the percentage 100 x numerator / denominator (one decimal; null when the denominator is 0). Null when suppressed.';
comment on column marts.indicator_values.numerator is 'The count, or the numerator of a rate. Null when suppressed.';
comment on column marts.indicator_values.denominator is 'The denominator of a rate; null for a count and when suppressed.';
comment on column marts.indicator_values.unit is 'persons, sessions, communities, events, cases, submissions or percent.';
comment on column marts.indicator_values.suppressed is 'True when the cell is hidden by the small-cell rule; value, numerator and denominator are then null.';
comment on column marts.indicator_values.suppression_reason is 'small-cell (a count from 1 to the threshold), complementary (hidden so that another suppressed cell cannot be recomputed from totals), rate-numerator (the numerator or its complement is suppressed), rate-denominator (the denominator is suppressed).';
comment on column marts.indicator_values.threshold is 'Largest count suppressed for this audience (10 published; PATA_SUPPRESSION_THRESHOLD internal).';
comment on column marts.indicator_values.catalogue_version is 'Version of config/indicators.yaml the row was computed with.';
comment on column marts.indicator_values.refreshed_at is 'When the refresh that wrote the row started.';

create index indicator_values_period on marts.indicator_values (audience, period_label);

-- How the marts name the sex of a person from HTCDS prs_Gender (one place for every query).
create function marts.sex_category(prs_gender text) returns text
language sql immutable parallel safe
return case
    when prs_gender = 'Feminine' then 'female'
    when prs_gender = 'Masculine' then 'male'
    when prs_gender in ('TransgenderFeminine', 'TransgenderMasculine', 'NonConforming') then 'other'
    else 'unknown'
end;
comment on function marts.sex_category(text) is 'Sex category of the indicators from HTCDS prs_Gender: female, male, other (transgender, non-conforming) or unknown (NonSpecifiedUnknown or empty).';
