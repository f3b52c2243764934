-- Operations (issue 9): who owes which file when, what the pipeline told whom, what the
-- retention purge removed, and the health of every partner's feed in one view.
-- Nothing here holds a value read from a partner file: codes, periods, counts and ids only.

-- The raw copy of a file is purged after the retention period; the ledger keeps raw_key
-- (content-addressed, no PII) and records when the copy went.
alter table ops.file_ledger add column raw_purged_at timestamptz;
comment on column ops.file_ledger.raw_purged_at is 'When the retention purge deleted the raw copy (raw_key) from the raw archive; null while it is kept. Nothing in core or marts needs the raw copy after load.';

-- The submission calendar: a copy of the registry's calendar the SQL side can join on.
-- Refreshed (idempotently) from config/partners.yaml by pata.deadlines on every check.
create table ops.submission_calendar (
    partner_code text not null,
    dataset text not null,
    frequency text not null check (frequency in ('monthly', 'quarterly')),
    due_day integer not null check (due_day between 1 and 28),
    timezone text not null,
    expected_from date,
    active boolean not null default true,
    refreshed_at timestamptz not null default now(),
    primary key (partner_code, dataset)
);
comment on table ops.submission_calendar is 'When each partner owes each dataset (grain: one partner and dataset). Copied from the partner registry by the deadlines check; expected_from is set here by hand.';
comment on column ops.submission_calendar.partner_code is 'Partner code from the registry.';
comment on column ops.submission_calendar.dataset is 'Dataset (contract) the partner sends.';
comment on column ops.submission_calendar.frequency is 'monthly (one file per calendar month) or quarterly (one file per calendar quarter).';
comment on column ops.submission_calendar.due_day is 'Day of the month after the period ends by which the file is due (1-28); a file received on that day is on time.';
comment on column ops.submission_calendar.timezone is 'IANA timezone of the partner; "today" and lateness are computed in it.';
comment on column ops.submission_calendar.expected_from is 'First day of the first period the partner owes (set by hand when onboarding mid-way: earlier periods are never late); null: every period.';
comment on column ops.submission_calendar.active is 'False when the partner or dataset left the registry: kept for history, never checked.';
comment on column ops.submission_calendar.refreshed_at is 'Last refresh from the registry.';

-- Alerts: one row per event worth telling a person about. dedup_key makes raising an
-- alert idempotent (one late-submission alert per partner, dataset and period, whatever
-- the number of checks). The message is built from the other columns only.
create table ops.alerts (
    id bigint generated always as identity primary key,
    kind text not null
        check (kind in ('late-submission', 'file-rejected', 'task-failed', 'dag-failed', 'dag-deadline-missed')),
    partner_code text,
    dataset text,
    period_label text check (period_label ~ '^[0-9]{4}(-[0-9]{2}|Q[1-4])$'),
    ledger_id bigint references ops.file_ledger (id),
    error_code text check (error_code ~ '^[a-z0-9][a-z0-9_.-]*$'),
    dag_id text,
    run_id text,
    task_id text,
    message text not null,
    dedup_key text not null unique,
    created_at timestamptz not null default now(),
    notified_via text[],
    notified_at timestamptz,
    resolved_at timestamptz
);
comment on table ops.alerts is 'Alerts raised by the pipeline (grain: one event: a late submission per partner, dataset and period; a rejected file; a failed task or DAG run; a missed DAG deadline). No value from any file.';
comment on column ops.alerts.id is 'Alert id.';
comment on column ops.alerts.kind is 'late-submission, file-rejected, task-failed, dag-failed or dag-deadline-missed.';
comment on column ops.alerts.partner_code is 'Partner concerned (late submission, rejected file); null for DAG and task alerts.';
comment on column ops.alerts.dataset is 'Dataset concerned; null for DAG and task alerts.';
comment on column ops.alerts.period_label is 'Reporting period concerned (2026-07 or 2026Q3).';
comment on column ops.alerts.ledger_id is 'The file concerned (ops.file_ledger.id) for a rejected file.';
comment on column ops.alerts.error_code is 'Stable error code: the file-level blocker of a rejected file, or the error class or code of a failed task.';
comment on column ops.alerts.dag_id is 'Airflow DAG of a task, DAG or deadline alert.';
comment on column ops.alerts.run_id is 'Airflow DAG run of a task, DAG or deadline alert.';
comment on column ops.alerts.task_id is 'Airflow task of a task alert (with the map index when mapped).';
comment on column ops.alerts.message is 'Human-readable text sent to people, composed only of the codes, ids and periods of this row.';
comment on column ops.alerts.dedup_key is 'Identity of the event (e.g. late-submission:kh-ksp:cases:2026-07); raising the same event again changes nothing.';
comment on column ops.alerts.created_at is 'When the alert was first raised.';
comment on column ops.alerts.notified_via is 'Channels that carried it: smtp, slack; log when no notifier connection (pata_smtp, pata_slack) is configured; <channel>-failed when sending failed. Null: not yet notified.';
comment on column ops.alerts.notified_at is 'When notification was attempted.';
comment on column ops.alerts.resolved_at is 'For a late submission: when the deadlines check first saw a file for the period. Null while open.';

create index alerts_open on ops.alerts (partner_code, dataset) where resolved_at is null;

-- What the retention purge deleted. Object keys of the raw archive are content-addressed
-- (<partner>/<sha256 prefix>/<sha256>): they name no person.
create table ops.retention_log (
    id bigint generated always as identity primary key,
    purged_at timestamptz not null,
    bucket text not null,
    object_key text not null,
    material text not null check (material in ('raw', 'quarantine', 'orphan')),
    last_modified timestamptz not null,
    size_bytes bigint not null,
    retention_days integer not null check (retention_days > 0),
    ledger_ids bigint[] not null default '{}',
    unique (bucket, object_key, last_modified)
);
comment on table ops.retention_log is 'Objects deleted by the retention purge (grain: one deleted object version). The audit trail that raw files did not outlive the retention period.';
comment on column ops.retention_log.id is 'Purge record id.';
comment on column ops.retention_log.purged_at is 'When the object was deleted.';
comment on column ops.retention_log.bucket is 'Bucket the object was deleted from (the raw archive).';
comment on column ops.retention_log.object_key is 'Content-addressed key of the deleted object (ops.file_ledger.raw_key).';
comment on column ops.retention_log.material is 'raw (copy of a loaded file), quarantine (copy of a file that was only ever rejected) or orphan (no ledger row names it).';
comment on column ops.retention_log.last_modified is 'S3 LastModified of the object: when it was archived.';
comment on column ops.retention_log.size_bytes is 'Size of the deleted object.';
comment on column ops.retention_log.retention_days is 'Retention period in force (PATA_RETENTION_DAYS) when it was purged.';
comment on column ops.retention_log.ledger_ids is 'Ledger rows whose raw_key is this object (flagged with raw_purged_at).';

-- Calendar arithmetic, shared by the health view and checked against pata.deadlines.
create function ops.period_label(period_start date, frequency text) returns text
language sql immutable strict as $$
    select case frequency
        when 'monthly' then to_char(period_start, 'YYYY-MM')
        else to_char(period_start, 'YYYY') || 'Q' || to_char(period_start, 'Q')
    end
$$;
comment on function ops.period_label(date, text) is 'Label of the period starting on period_start: 2026-07 (monthly) or 2026Q3 (quarterly).';

create function ops.due_date(period_start date, frequency text, due_day integer) returns date
language sql immutable strict as $$
    select (period_start + case frequency when 'monthly' then interval '1 month'
                                          else interval '3 months' end)::date + (due_day - 1)
$$;
comment on function ops.due_date(date, text, integer) is 'Due date of the period starting on period_start: day due_day of the month after the period.';

-- due_date(P) = P.end + due_day, so P is overdue on local_day exactly when
-- P.end < local_day - due_day: the latest such P precedes the period holding that day.
create function ops.latest_due_period_start(local_day date, frequency text, due_day integer)
returns date
language sql immutable strict as $$
    select case frequency
        when 'monthly' then
            (date_trunc('month', (local_day - due_day)::timestamp) - interval '1 month')::date
        else
            (date_trunc('quarter', (local_day - due_day)::timestamp) - interval '3 months')::date
    end
$$;
comment on function ops.latest_due_period_start(date, text, integer) is 'First day of the latest period whose due date is before local_day (the period a partner is late for if nothing came).';

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
