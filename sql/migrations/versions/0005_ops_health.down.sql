drop view if exists ops.pipeline_health;
drop function if exists ops.pipeline_health_at(timestamptz);
drop function if exists ops.latest_due_period_start(date, text, integer);
drop function if exists ops.due_date(date, text, integer);
drop function if exists ops.period_label(date, text);
drop table if exists ops.retention_log;
drop table if exists ops.alerts;
drop table if exists ops.submission_calendar;
alter table ops.file_ledger drop column if exists raw_purged_at;
