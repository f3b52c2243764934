-- LP-5 persons identified in more than one country (cross-border persons), from the
-- privacy-preserving record linkage (core.person_clusters; docs/privacy.md). A person is a
-- linkage cluster; a cluster is cross-border when partners of two or more countries have
-- a case of it. Each such person counts for each partner that identified them, in the
-- quarter of that partner's first identification; broken down by citizenship (the
-- corridor citizenship -> the partner's country), a person of several citizenships under
-- each. The regional roll-up counts a person once per country that identified them.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with linked as (
    select
        c.partner_code,
        c.identification_month,
        p.country_code,
        pc.cluster_key,
        c.citizenship
    from core.cases as c
    inner join core.person_clusters as pc
        on pc.partner_code = c.partner_code and pc.record_key = c.record_key
        and pc.dataset = 'cases'
    inner join core.dim_partner as p on p.partner_code = c.partner_code
    where c.identification_month is not null
),

cross_border as (
    select cluster_key
    from linked
    group by cluster_key
    having count(distinct country_code) > 1
),

persons as (
    select
        l.partner_code,
        l.cluster_key,
        date_trunc('quarter', min(l.identification_month))::date as quarter_start
    from linked as l
    inner join cross_border as x on x.cluster_key = l.cluster_key
    group by l.partner_code, l.cluster_key
),

citizenships as (
    select distinct
        p.partner_code,
        p.quarter_start,
        p.cluster_key,
        upper(citizenship.code) as citizenship
    from persons as p
    inner join linked as l on l.partner_code = p.partner_code and l.cluster_key = p.cluster_key
    cross join lateral unnest(l.citizenship) as citizenship (code)
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category,
           count(*) as numerator
    from persons
    group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'citizenship', citizenship, count(*)
    from citizenships
    group by partner_code, quarter_start, citizenship
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       null::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
