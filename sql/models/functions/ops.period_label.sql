-- ops.period_label: the label of a submission period (2026-07 or 2026Q3).
-- Grain: a function (one label per period start and frequency). Calendar arithmetic shared
-- by ops.pipeline_health_at and checked against pata.deadlines by tests/integration/ops.
create or replace function ops.period_label(period_start date, frequency text) returns text
language sql immutable strict as $$
    select case frequency
        when 'monthly' then to_char(period_start, 'YYYY-MM')
        else to_char(period_start, 'YYYY') || 'Q' || to_char(period_start, 'Q')
    end
$$;
comment on function ops.period_label(date, text) is 'Label of the period starting on period_start: 2026-07 (monthly) or 2026Q3 (quarterly).';
