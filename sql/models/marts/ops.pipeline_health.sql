-- ops.pipeline_health: the health of every partner feed now (ops.pipeline_health_at(now())).
-- Grain: one row per active partner and dataset of the submission calendar.
create view ops.pipeline_health as
select * from ops.pipeline_health_at(now());
comment on view ops.pipeline_health is 'Health of every partner feed (grain: one active partner and dataset of the submission calendar): files by status, rows loaded and rejected, rejection rates, the latest due period and whether it is late, the next due date. Read it with `pata status --pipeline`.';
comment on column ops.pipeline_health.partner_code is 'Partner code.';
comment on column ops.pipeline_health.dataset is 'Dataset.';
comment on column ops.pipeline_health.frequency is 'monthly or quarterly.';
comment on column ops.pipeline_health.due_day is 'Day of the month after the period by which the file is due.';
comment on column ops.pipeline_health.timezone is 'Partner timezone; partner_today and lateness use it.';
comment on column ops.pipeline_health.partner_today is 'Today''s date in the partner''s timezone.';
comment on column ops.pipeline_health.files_total is 'Files received (every upload, duplicates included).';
comment on column ops.pipeline_health.files_loaded is 'Files loaded whole and still standing for their period.';
comment on column ops.pipeline_health.files_partially_loaded is 'Files loaded with some rows quarantined, still standing for their period.';
comment on column ops.pipeline_health.files_rejected is 'Files rejected by a file-level blocker.';
comment on column ops.pipeline_health.files_duplicate is 'Uploads of bytes already received.';
comment on column ops.pipeline_health.files_superseded is 'Files replaced by a later file for the same period.';
comment on column ops.pipeline_health.files_in_progress is 'Files received and not finished (status received).';
comment on column ops.pipeline_health.last_ledger_id is 'Ledger id of the most recently received file.';
comment on column ops.pipeline_health.last_file_received_at is 'When the most recently received file arrived.';
comment on column ops.pipeline_health.last_file_status is 'Status of the most recently received file.';
comment on column ops.pipeline_health.last_file_period is 'Period of the most recently received file.';
comment on column ops.pipeline_health.rows_loaded is 'Row-level records in core from the files standing for their periods.';
comment on column ops.pipeline_health.rows_withheld is 'Valid rows without consent (counted only) from the standing files.';
comment on column ops.pipeline_health.rows_rejected is 'Rows quarantined from the standing files plus the rows of rejected files (when they could be read).';
comment on column ops.pipeline_health.row_rejection_rate is 'rows_rejected / rows read from standing and rejected files (0-1).';
comment on column ops.pipeline_health.file_rejection_rate is 'files_rejected / files received other than duplicates (0-1).';
comment on column ops.pipeline_health.last_due_period is 'Latest period whose due date has passed in the partner''s timezone.';
comment on column ops.pipeline_health.last_due_date is 'Due date of last_due_period.';
comment on column ops.pipeline_health.late is 'True when no file for last_due_period has been received other than rejected or duplicate ones (and the period is expected).';
comment on column ops.pipeline_health.days_late is 'Days since last_due_date when late; null otherwise.';
comment on column ops.pipeline_health.next_due_period is 'The next period to fall due.';
comment on column ops.pipeline_health.next_due_date is 'Due date of next_due_period (today or later).';
comment on column ops.pipeline_health.open_late_alerts is 'Late-submission alerts still open for this partner and dataset (older periods included).';
