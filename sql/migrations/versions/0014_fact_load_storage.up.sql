-- 0014: the facts' ledger_id indexes as BRIN (block ranges): rows of one file are stored
-- together, so a range index finds them without an entry per row to maintain at each load.
drop index core.fact_case_ledger;
create index fact_case_ledger on core.fact_case using brin (ledger_id);
drop index core.fact_awareness_session_ledger;
create index fact_awareness_session_ledger on core.fact_awareness_session using brin (ledger_id);
drop index core.fact_rehabilitation_enrolment_ledger;
create index fact_rehabilitation_enrolment_ledger
    on core.fact_rehabilitation_enrolment using brin (ledger_id);
drop index core.fact_network_event_ledger;
create index fact_network_event_ledger on core.fact_network_event using brin (ledger_id);

-- The version maps: room on each page for a re-sent record's new version (a HOT update).
alter table core.fact_case_current set (fillfactor = 50);
alter table core.fact_rehabilitation_enrolment_current set (fillfactor = 50);
alter table core.fact_awareness_session_current set (fillfactor = 50);
alter table core.fact_network_event_current set (fillfactor = 50);
