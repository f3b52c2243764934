-- 0013: the final status `failed` (a reason of ours, not the file's), the per-upload run
-- count that bounds retries, and the `file-failed` alert (`files_failed` in
-- ops.pipeline_health is its model's: sql/models/functions/ops.pipeline_health_at.sql).

alter table ops.file_ledger drop constraint file_ledger_status_check;
alter table ops.file_ledger add constraint file_ledger_status_check
    check (status in ('received', 'rejected', 'failed', 'loaded', 'partially_loaded', 'duplicate', 'superseded'));
comment on column ops.file_ledger.status is 'received, rejected (file-level blocker of its content or placement), failed (a reason of ours: internal-error or retries-exhausted; the raw copy is kept for a replay), loaded, partially_loaded (some rows quarantined), duplicate (same bytes seen), superseded (a later file for the same period replaced it).';
comment on table ops.file_ledger is 'One row per object received from a partner (grain: one received object). Status: received, rejected, failed, loaded, partially_loaded, duplicate, superseded. Holds no cell value of the file.';
comment on column ops.file_ledger.error_code is 'Code of the file-level reason when rejected (e.g. missing-column, unknown-partner) or failed (internal-error, retries-exhausted).';

alter table ops.file_ledger add column attempts integer not null default 1 check (attempts >= 1);
comment on column ops.file_ledger.attempts is 'Runs that started on this upload (the first included; a retry, a later sweep pass, a run killed mid-way each count). Past pata.faults.MAX_FILE_ATTEMPTS the upload ends failed with retries-exhausted.';

alter table ops.alerts drop constraint alerts_kind_check;
alter table ops.alerts add constraint alerts_kind_check
    check (kind in ('late-submission', 'file-rejected', 'file-failed', 'task-failed', 'dag-failed', 'dag-deadline-missed', 'pull-failed'));
comment on column ops.alerts.kind is 'late-submission, file-rejected, file-failed (a file ended failed for a reason of ours: error_code says which), task-failed, dag-failed, dag-deadline-missed or pull-failed (a partner source that could not be read: error_code says why).';
