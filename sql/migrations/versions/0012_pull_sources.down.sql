delete from ops.alerts where kind = 'pull-failed';
alter table ops.alerts drop constraint alerts_kind_check;
alter table ops.alerts add constraint alerts_kind_check
    check (kind in ('late-submission', 'file-rejected', 'task-failed', 'dag-failed', 'dag-deadline-missed'));
comment on column ops.alerts.kind is 'late-submission, file-rejected, task-failed, dag-failed or dag-deadline-missed.';
drop table if exists ops.pulled_files;
