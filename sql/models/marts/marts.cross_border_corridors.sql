-- marts.cross_border_corridors: persons identified in more than one country, per
-- citizenship and country of identification. Grain: one row per corridor. Counts 1 to 10
-- suppressed.
create view marts.cross_border_corridors as
with records as (
    select pc.cluster_key, p.country_code as identified_in, c.prs_citizenship as citizenship
    from core.person_clusters as pc
    inner join core.current_cases as c on c.partner_code = pc.partner_code and c.record_key = pc.record_key
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
        upper(citizenship.code) as citizenship,
        r.identified_in
    from records as r
    inner join several as s on s.cluster_key = r.cluster_key
    cross join lateral unnest(r.citizenship) as citizenship (code)
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
