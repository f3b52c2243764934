-- core.cases: identified persons, de-identified, in plain names with labels, every partner.
-- Grain: one row per person-case (one identified person in one case of one partner).
-- The same rows and columns as core.country_cases, which holds the names and labels: both
-- run as the querying role (security_invoker), so a role that reads every row of the tables
-- (the pipeline: LP-5, the linkage) sees every partner here. Not for analysts (access matrix).
create view core.cases with (security_invoker = true) as
with country_cases as (
    select * from core.country_cases
)

select * from country_cases;
comment on view core.cases is 'The version that stands of each person-case (grain: one person-case of a partner), de-identified, in plain names with labels from the dimensions (HTCDS names: see the data dictionary). The person key is left out.';
