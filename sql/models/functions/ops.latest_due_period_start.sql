-- ops.latest_due_period_start: the latest period a partner is late for if nothing came.
-- Grain: a function (one period start per local day, frequency and due day).
-- due_date(P) = P.end + due_day, so P is overdue on local_day exactly when
-- P.end < local_day - due_day: the latest such P precedes the period holding that day.
create or replace function ops.latest_due_period_start(local_day date, frequency text, due_day integer)
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
