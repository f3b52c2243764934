-- marts.cross_border_persons: persons identified in more than one country, per year.
-- Grain: one row per year of first identification. Counts 1 to 10 suppressed (the
-- published threshold: these counts are the rarest).
create view marts.cross_border_persons as
with identified as (
    select
        pc.cluster_key,
        p.country_code,
        min(c.identification_month) as first_month
    from core.person_clusters as pc
    inner join core.current_cases as c on c.partner_code = pc.partner_code and c.record_key = pc.record_key
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

