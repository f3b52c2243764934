-- core.current_cases: the version of each person-case that stands, all its columns.
-- Grain: one row per person-case (one identified person in one case of one partner).
-- The one place where "the version that stands" is worked out for cases: every other model
-- and indicator query reads this view rather than joining core.fact_case_current itself.
-- Runs with its owner's rights: the marts regional staff read (marts.records_by_month, the
-- cross-border views) read it so, and no role but the pipeline may read it itself (it holds
-- person_key). core.country_cases, which row-level security must filter per reader, joins
-- the tables itself with the querying role's rights.
create view core.current_cases as
with versions as (
    select * from core.fact_case
),

standing as (
    select partner_code, record_key, ledger_id from core.fact_case_current
),

current_versions as (
    select versions.*
    from versions
    inner join standing
        on standing.partner_code = versions.partner_code
        and standing.record_key = versions.record_key
        and standing.ledger_id = versions.ledger_id
)

select * from current_versions;
comment on view core.current_cases is 'The version that stands of each person-case (grain: one person-case of a partner): core.fact_case joined to core.fact_case_current. Pipeline-internal (it holds person_key); regional staff read core.cases.';
