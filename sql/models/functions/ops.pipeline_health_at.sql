-- ops.pipeline_health_at: the health of every partner feed as of an instant.
-- Grain: one row per active partner and dataset of the submission calendar.
create or replace function ops.pipeline_health_at(as_of timestamptz)
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
