-- ops.due_date: the due date of a submission period.
-- Grain: a function (one date per period start, frequency and due day).
create or replace function ops.due_date(period_start date, frequency text, due_day integer) returns date
language sql immutable strict as $$
    select (period_start + case frequency when 'monthly' then interval '1 month'
                                          else interval '3 months' end)::date + (due_day - 1)
$$;
comment on function ops.due_date(date, text, integer) is 'Due date of the period starting on period_start: day due_day of the month after the period.';
