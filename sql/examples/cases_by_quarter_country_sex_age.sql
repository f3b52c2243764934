-- Login: pata_pipeline (data engineers). Person-level rows: regional staff read the
-- suppressed marts and marts.case_microdata instead (docs/privacy.md, Access).
-- Cases identified per quarter and country, by sex and age band.
-- One row per quarter, country of identification (the province's country), sex (HTCDS
-- gender code) and CTDC age band at identification; each person-case counts once, in the
-- version that stands. Raw counts: suppress cells of 1 to 10 before sharing anything.
select
    m.quarter_label as quarter,
    p.country_code as country,
    c.gender as sex,
    c.age_band,
    count(*) as cases
from core.cases as c
inner join core.dim_month as m on m.month_start = c.identification_month
inner join core.dim_province as p on p.province_code = c.province
left join core.dim_age_band as b on b.age_band = c.age_band
group by m.quarter_label, p.country_code, c.gender, c.age_band, b.position
order by quarter, country, sex, b.position;
