-- Frozen: the view as migration 0003 created it (0003 reads this file; never edit it).
-- The live view is the model sql/models/marts/marts.records_by_month.sql.
-- marts.records_by_month: what the warehouse holds, per partner, dataset and month.
-- Grain: one partner, dataset and reporting month. Regional staff read it to see which
-- partner sent what; rows withheld for lack of consent are counted, never shown.
create or replace view marts.records_by_month as
with records as (
    select 'awareness_sessions'::text as dataset, partner_code, period_month, count(*) as records
    from core.awareness_sessions
    group by partner_code, period_month
    union all
    select 'cases', partner_code, period_month, count(*)
    from core.cases
    group by partner_code, period_month
    union all
    select 'rehabilitation', partner_code, period_month, count(*)
    from core.rehabilitation_enrolments
    group by partner_code, period_month
    union all
    select 'network_events', partner_code, period_month, count(*)
    from core.network_events
    group by partner_code, period_month
),

withheld as (
    select dataset, partner_code, period_month, sum(withheld_count) as withheld
    from core.withheld_no_consent
    group by dataset, partner_code, period_month
),

combined as (
    select
        coalesce(r.partner_code, w.partner_code) as partner_code,
        coalesce(r.dataset, w.dataset) as dataset,
        coalesce(r.period_month, w.period_month) as period_month,
        coalesce(r.records, 0) as records,
        coalesce(w.withheld, 0) as withheld_no_consent
    from records r
    full join withheld w
        on w.dataset = r.dataset and w.partner_code = r.partner_code
        and w.period_month = r.period_month
)

select
    c.partner_code,
    p.country_code,
    c.dataset,
    c.period_month,
    m.quarter_label,
    c.records,
    c.withheld_no_consent
from combined c
left join core.dim_partner p on p.partner_code = c.partner_code
left join core.dim_month m on m.month_start = c.period_month;

comment on view marts.records_by_month is 'Records the warehouse holds per partner, dataset and reporting month (grain: one partner, dataset and month): current records and rows withheld for lack of consent. Shows what each partner has sent.';
comment on column marts.records_by_month.partner_code is 'Partner (core.dim_partner).';
comment on column marts.records_by_month.country_code is 'Country of the partner.';
comment on column marts.records_by_month.dataset is 'Dataset: awareness_sessions, cases, rehabilitation or network_events.';
comment on column marts.records_by_month.period_month is 'Reporting month (first day).';
comment on column marts.records_by_month.quarter_label is 'Quarter of the month, e.g. 2026Q3.';
comment on column marts.records_by_month.records is 'Current records (one per session, case, enrolment or event).';
comment on column marts.records_by_month.withheld_no_consent is 'Rows withheld for lack of consent (counted per file: a person in two overlapping files counts twice).';
