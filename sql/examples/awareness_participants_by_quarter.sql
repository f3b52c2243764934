-- Login: pata_analyst (regional staff). Activity data: no person in it.
-- Awareness sessions and their participants per quarter and country, by sex and age group.
-- One row per quarter and country (of the session's province).
select
    m.quarter_label as quarter,
    p.country_code as country,
    count(*) as sessions,
    sum(s.participants_female_under_18) as girls,
    sum(s.participants_female_18_plus) as women,
    sum(s.participants_male_under_18) as boys,
    sum(s.participants_male_18_plus) as men,
    sum(coalesce(s.participants_other, 0)) as other,
    sum(s.participants_total) as participants
from core.awareness_sessions as s
inner join core.dim_month as m on m.month_start = s.period_month
inner join core.dim_province as p on p.province_code = s.province
group by m.quarter_label, p.country_code
order by quarter, country;
