-- 0014 undone: B-tree indexes on the facts' ledger_id again.
drop index core.fact_case_ledger;
create index fact_case_ledger on core.fact_case (ledger_id);
drop index core.fact_awareness_session_ledger;
create index fact_awareness_session_ledger on core.fact_awareness_session (ledger_id);
drop index core.fact_rehabilitation_enrolment_ledger;
create index fact_rehabilitation_enrolment_ledger on core.fact_rehabilitation_enrolment (ledger_id);
drop index core.fact_network_event_ledger;
create index fact_network_event_ledger on core.fact_network_event (ledger_id);

-- The version maps as 0003 made them.
alter table core.fact_case_current set (fillfactor = 70);
alter table core.fact_rehabilitation_enrolment_current set (fillfactor = 70);
alter table core.fact_awareness_session_current set (fillfactor = 70);
alter table core.fact_network_event_current set (fillfactor = 70);
