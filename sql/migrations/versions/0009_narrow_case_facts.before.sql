-- Views over the wide case facts: re-created from sql/models/ by `pata db upgrade`.
drop view if exists marts.records_by_month, core.cases, core.country_cases,
    core.case_exploitation_types, core.referrals;

-- The wide fact table steps aside (with its keys) until its rows are moved.
alter table core.fact_case rename to fact_case_wide;
alter index core.fact_case_pkey rename to fact_case_wide_pkey;
alter index core.fact_case_ledger rename to fact_case_wide_ledger;

-- The staging template is never written (a load copies it into a temporary table).
drop table staging.cases;
