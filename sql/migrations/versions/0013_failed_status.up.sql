-- 0013: the final status `failed` (a reason of ours, not the file's), the per-upload run
-- count that bounds retries, the `file-failed` alert, and `files_failed` in the health view.

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

drop view ops.pipeline_health;
drop function ops.pipeline_health_at(timestamptz);

create function ops.pipeline_health_at(as_of timestamptz)
returns table (
    partner_code text,
    dataset text,
    frequency text,
    due_day integer,
    timezone text,
    partner_today date,
    files_total bigint,
    files_loaded bigint,
    files_partially_loaded bigint,
    files_rejected bigint,
    files_failed bigint,
    files_duplicate bigint,
    files_superseded bigint,
    files_in_progress bigint,
    last_ledger_id bigint,
    last_file_received_at timestamptz,
    last_file_status text,
    last_file_period text,
    rows_loaded bigint,
    rows_withheld bigint,
    rows_rejected bigint,
    row_rejection_rate numeric,
    file_rejection_rate numeric,
    last_due_period text,
    last_due_date date,
    late boolean,
    days_late integer,
    next_due_period text,
    next_due_date date,
    open_late_alerts bigint
)
language sql stable as $$
    with calendar as (
        select c.*, (as_of at time zone c.timezone)::date as local_day
        from ops.submission_calendar as c
        where c.active
    ),
    due as (
        select calendar.*,
            ops.latest_due_period_start(local_day, calendar.frequency, calendar.due_day) as last_start
        from calendar
    ),
    periods as (
        select due.*,
            ops.period_label(last_start, due.frequency) as last_label,
            ops.due_date(last_start, due.frequency, due.due_day) as last_due,
            (last_start + case due.frequency when 'monthly' then interval '1 month'
                                             else interval '3 months' end)::date as next_start
        from due
    ),
    files as (
        select l.partner_code, l.dataset,
            count(*) as files_total,
            count(*) filter (where l.status = 'loaded') as files_loaded,
            count(*) filter (where l.status = 'partially_loaded') as files_partially_loaded,
            count(*) filter (where l.status = 'rejected') as files_rejected,
            count(*) filter (where l.status = 'failed') as files_failed,
            count(*) filter (where l.status = 'duplicate') as files_duplicate,
            count(*) filter (where l.status = 'superseded') as files_superseded,
            count(*) filter (where l.status = 'received') as files_in_progress,
            coalesce(sum(l.rows_loaded) filter (where l.status in ('loaded', 'partially_loaded')), 0) as rows_loaded,
            coalesce(sum(l.rows_withheld) filter (where l.status in ('loaded', 'partially_loaded')), 0) as rows_withheld,
            coalesce(sum(l.rows_invalid) filter (where l.status in ('loaded', 'partially_loaded')), 0)
                + coalesce(sum(l.rows_total) filter (where l.status = 'rejected'), 0) as rows_rejected,
            coalesce(sum(l.rows_total) filter (where l.status in ('loaded', 'partially_loaded', 'rejected')), 0) as rows_read
        from ops.file_ledger as l
        where l.received_at <= as_of
        group by l.partner_code, l.dataset
    ),
    last_file as (
        select distinct on (l.partner_code, l.dataset)
            l.partner_code, l.dataset, l.id, l.received_at, l.status, l.period_label
        from ops.file_ledger as l
        where l.received_at <= as_of
        order by l.partner_code, l.dataset, l.received_at desc, l.id desc
    )
    select
        p.partner_code,
        p.dataset,
        p.frequency,
        p.due_day,
        p.timezone,
        p.local_day,
        coalesce(f.files_total, 0),
        coalesce(f.files_loaded, 0),
        coalesce(f.files_partially_loaded, 0),
        coalesce(f.files_rejected, 0),
        coalesce(f.files_failed, 0),
        coalesce(f.files_duplicate, 0),
        coalesce(f.files_superseded, 0),
        coalesce(f.files_in_progress, 0),
        lf.id,
        lf.received_at,
        lf.status,
        lf.period_label,
        coalesce(f.rows_loaded, 0),
        coalesce(f.rows_withheld, 0),
        coalesce(f.rows_rejected, 0),
        round(f.rows_rejected::numeric / nullif(f.rows_read, 0), 4),
        round(f.files_rejected::numeric / nullif(f.files_total - f.files_duplicate, 0), 4),
        p.last_label,
        p.last_due,
        late.is_late,
        case when late.is_late then p.local_day - p.last_due end,
        ops.period_label(p.next_start, p.frequency),
        ops.due_date(p.next_start, p.frequency, p.due_day),
        (select count(*) from ops.alerts as a
         where a.kind = 'late-submission' and a.resolved_at is null
           and a.partner_code = p.partner_code and a.dataset = p.dataset)
    from periods as p
    left join files as f on f.partner_code = p.partner_code and f.dataset = p.dataset
    left join last_file as lf on lf.partner_code = p.partner_code and lf.dataset = p.dataset
    cross join lateral (
        select (p.expected_from is null or p.last_start >= p.expected_from)
            and not exists (
                select 1 from ops.file_ledger as s
                where s.partner_code = p.partner_code and s.dataset = p.dataset
                  and s.period_label = p.last_label
                  and s.status not in ('rejected', 'duplicate')
                  and s.received_at <= as_of
            ) as is_late
    ) as late
$$;
comment on function ops.pipeline_health_at(timestamptz) is 'The pipeline health as of a given instant (ops.pipeline_health is this at now()); tests and backfills pass a fixed instant.';

create view ops.pipeline_health as
select * from ops.pipeline_health_at(now());
comment on view ops.pipeline_health is 'Health of every partner feed (grain: one active partner and dataset of the submission calendar): files by status (failed ones apart from rejected), rows loaded and rejected, rejection rates, the latest due period and whether it is late, the next due date. Read it with `pata status --pipeline`.';
comment on column ops.pipeline_health.partner_code is 'Partner code.';
comment on column ops.pipeline_health.dataset is 'Dataset.';
comment on column ops.pipeline_health.frequency is 'monthly or quarterly.';
comment on column ops.pipeline_health.due_day is 'Day of the month after the period by which the file is due.';
comment on column ops.pipeline_health.timezone is 'Partner timezone; partner_today and lateness use it.';
comment on column ops.pipeline_health.partner_today is 'Today''s date in the partner''s timezone.';
comment on column ops.pipeline_health.files_total is 'Files received (every upload, duplicates included).';
comment on column ops.pipeline_health.files_loaded is 'Files loaded whole and still standing for their period.';
comment on column ops.pipeline_health.files_partially_loaded is 'Files loaded with some rows quarantined, still standing for their period.';
comment on column ops.pipeline_health.files_rejected is 'Files rejected by a file-level blocker of their content or placement.';
comment on column ops.pipeline_health.files_failed is 'Files that failed for a reason of ours (internal-error, retries-exhausted): nothing loaded, the raw copy kept for a replay.';
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
