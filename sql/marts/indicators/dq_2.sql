-- DQ-2 share of rows accepted: of the rows read from the files for the reporting periods
-- of the quarter (loaded, partially loaded or rejected; duplicates and superseded files
-- left out), the valid rows of the files that were loaded; by dataset.
-- Grain: one partner, quarter, disaggregation and category. Bound: :first_quarter, :last_quarter.
with files as (
    select
        partner_code,
        dataset,
        date_trunc('quarter', period_start)::date as quarter_start,
        case when status in ('loaded', 'partially_loaded') then coalesce(rows_valid, 0) else 0 end as accepted,
        coalesce(rows_total, 0) as rows_read
    from ops.file_ledger
    where status in ('loaded', 'partially_loaded', 'rejected')
        and period_start is not null
        and dataset in ('awareness_sessions', 'cases', 'rehabilitation', 'network_events')
),

cells as (
    select partner_code, quarter_start, 'total' as disaggregation, 'total' as category,
           sum(accepted) as numerator, sum(rows_read) as denominator
    from files group by partner_code, quarter_start
    union all
    select partner_code, quarter_start, 'dataset', dataset, sum(accepted), sum(rows_read)
    from files group by partner_code, quarter_start, dataset
)

select partner_code, quarter_start, disaggregation, category, numerator::bigint as numerator,
       denominator::bigint as denominator
from cells
where quarter_start between :first_quarter and :last_quarter
