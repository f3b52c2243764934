drop table if exists core.withheld_no_consent;
drop table if exists ops.validation_summary;
drop table if exists ops.file_ledger;
