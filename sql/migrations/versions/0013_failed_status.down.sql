-- 0013 undone: a failed file reads as rejected (with its code), as it did before.
delete from ops.alerts where kind = 'file-failed';
alter table ops.alerts drop constraint alerts_kind_check;
alter table ops.alerts add constraint alerts_kind_check
    check (kind in ('late-submission', 'file-rejected', 'task-failed', 'dag-failed', 'dag-deadline-missed', 'pull-failed'));
comment on column ops.alerts.kind is 'late-submission, file-rejected, task-failed, dag-failed, dag-deadline-missed or pull-failed (a partner source that could not be read: error_code says why).';

alter table ops.file_ledger drop column attempts;
update ops.file_ledger set status = 'rejected' where status = 'failed';
alter table ops.file_ledger drop constraint file_ledger_status_check;
alter table ops.file_ledger add constraint file_ledger_status_check
    check (status in ('received', 'rejected', 'loaded', 'partially_loaded', 'duplicate', 'superseded'));
comment on column ops.file_ledger.status is 'received, rejected (file-level blocker), loaded, partially_loaded (some rows quarantined), duplicate (same bytes seen), superseded (a later file for the same period replaced it).';
comment on table ops.file_ledger is 'One row per object received from a partner (grain: one received object). Status: received, rejected, loaded, partially_loaded, duplicate, superseded. Holds no cell value of the file.';
comment on column ops.file_ledger.error_code is 'Code of the file-level blocker when rejected (e.g. missing-column, unknown-partner).';
