-- Cross-border persons from the record linkage (issue 20). Three views:
--   core.person_clusters        one row per linked record: its cluster (person) pseudonym
--                               (pipeline role: for deduplicated person counts);
--   marts.cross_border_persons  persons identified in more than one country, per year;
--   marts.cross_border_corridors persons per citizenship -> country of identification.
-- Counts of people from 1 to 10 are suppressed (null, suppressed = true): the published
-- threshold, stricter than the marts' own, because these counts are the rarest.

create or replace view core.person_clusters as
select e.partner_code, e.dataset, e.record_key, c.cluster_key
from linkage.record_encoding as e
inner join linkage.person_cluster as c on c.record_id = e.id;
comment on view core.person_clusters is 'Cluster (person) pseudonym of every linked cases and rehabilitation record; grain: one current record. The same person reported by several partners has one cluster_key.';
comment on column core.person_clusters.partner_code is 'Partner that reported the record.';
comment on column core.person_clusters.dataset is 'Dataset of the record: cases or rehabilitation.';
comment on column core.person_clusters.record_key is 'Record pseudonym (record_key of the core fact).';
comment on column core.person_clusters.cluster_key is 'Person pseudonym of the linkage cluster: the same for every record of one person, across partners and countries.';

create or replace view marts.cross_border_persons as
with identified as (
    select
        pc.cluster_key,
        p.country_code,
        min(c.identification_month) as first_month
    from core.person_clusters as pc
    inner join core.cases as c on c.partner_code = pc.partner_code and c.record_key = pc.record_key
    inner join core.dim_partner as p on p.partner_code = pc.partner_code
    where pc.dataset = 'cases'
    group by pc.cluster_key, p.country_code
),

persons as (
    select cluster_key, count(*) as countries, min(first_month) as first_month
    from identified
    group by cluster_key
),

counts as (
    select
        extract(year from first_month)::integer as identification_year,
        count(*) as persons,
        count(*) filter (where countries > 1) as in_several_countries
    from persons
    group by 1
)

select
    identification_year,
    case when persons between 1 and 10 then null else persons end as persons,
    case when in_several_countries between 1 and 10 then null else in_several_countries end
        as persons_in_several_countries,
    (persons between 1 and 10 or in_several_countries between 1 and 10) as suppressed
from counts;
comment on view marts.cross_border_persons is 'Distinct persons (linkage clusters) with a case, by year of their first identification anywhere; grain: one year. persons_in_several_countries: identified by partners of two or more countries. Counts 1 to 10 suppressed.';
comment on column marts.cross_border_persons.identification_year is 'Year of the person''s first identification by any partner.';
comment on column marts.cross_border_persons.persons is 'Distinct persons (linkage clusters) with a case; null when 1 to 10 (suppressed).';
comment on column marts.cross_border_persons.persons_in_several_countries is 'Of them, persons with cases at partners of two or more countries; null when 1 to 10 (suppressed).';
comment on column marts.cross_border_persons.suppressed is 'True when a count of the row is suppressed.';

create or replace view marts.cross_border_corridors as
with records as (
    select pc.cluster_key, p.country_code as identified_in, to_jsonb(c) as fields
    from core.person_clusters as pc
    inner join core.cases as c on c.partner_code = pc.partner_code and c.record_key = pc.record_key
    inner join core.dim_partner as p on p.partner_code = pc.partner_code
    where pc.dataset = 'cases'
),

several as (
    select cluster_key
    from records
    group by cluster_key
    having count(distinct identified_in) > 1
),

corridors as (
    select distinct
        r.cluster_key,
        upper(substr(flag.key, length('prs_citizenship__') + 1)) as citizenship,
        r.identified_in
    from records as r
    inner join several as s on s.cluster_key = r.cluster_key
    cross join lateral jsonb_each_text(r.fields) as flag
    where starts_with(flag.key, 'prs_citizenship__') and flag.value = '1'
),

counts as (
    select citizenship, identified_in, count(*) as persons
    from corridors
    group by citizenship, identified_in
)

select
    citizenship,
    identified_in,
    case when persons between 1 and 10 then null else persons end as persons,
    persons between 1 and 10 as suppressed
from counts;
comment on view marts.cross_border_corridors is 'Persons identified in more than one country, per citizenship and country of identification (a person counts once per country that identified them); grain: one corridor. Counts 1 to 10 suppressed.';
comment on column marts.cross_border_corridors.citizenship is 'ISO 3166-1 citizenship recorded on the person''s cases (a person of several citizenships counts under each).';
comment on column marts.cross_border_corridors.identified_in is 'Country of the partner that identified the person (ISO 3166-1).';
comment on column marts.cross_border_corridors.persons is 'Persons identified in more than one country on this corridor; null when 1 to 10 (suppressed).';
comment on column marts.cross_border_corridors.suppressed is 'True when the count is suppressed.';
