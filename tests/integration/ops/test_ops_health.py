"""ops.pipeline_health: counts, rates and lateness per partner and dataset; the same calendar
arithmetic as pata.deadlines; ``pata status --pipeline`` prints it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from ops_rows import add_ledger_row, alert_rows, at, ops_partner, registry_of
from sqlalchemy import text

from pata import clock
from pata.deadlines import (
    calendar_from_registry,
    check_deadlines,
    due_date,
    latest_due_period,
    refresh_submission_calendar,
)
from pata.health import format_health_table, pipeline_health, read_pipeline_health
from pata.periods import parse_period
from pata.registry import load_registry
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

AS_OF = at(date(2026, 3, 20))


def health_of(settings, partner, *, as_of: datetime = AS_OF) -> dict:
    engine = get_engine(role="pipeline", settings=settings)
    with engine.begin() as conn:
        refresh_submission_calendar(conn, entries=calendar_from_registry(registry_of(partner)))
        rows = read_pipeline_health(conn, as_of=as_of)
    return {row.dataset: row for row in rows if row.partner_code == partner.code}


class TestPipelineHealthView:
    def test_counts_rates_and_lateness_per_partner_and_dataset(self, local_stack):
        partner = ops_partner(
            "zz-health",
            datasets={"cases": ("monthly", 15), "awareness_sessions": ("quarterly", 20)},
        )
        add_ledger_row(
            local_stack,
            partner="zz-health",
            dataset="cases",
            period="2026-01",
            status="loaded",
            received_at=at(date(2026, 2, 10)),
            rows_total=100,
            rows_invalid=5,
            rows_loaded=90,
            rows_withheld=5,
        )
        add_ledger_row(
            local_stack,
            partner="zz-health",
            dataset="cases",
            period="2026-01",
            status="duplicate",
            received_at=at(date(2026, 2, 11)),
        )
        last = add_ledger_row(
            local_stack,
            partner="zz-health",
            dataset="cases",
            period="2026-02",
            status="rejected",
            received_at=at(date(2026, 3, 12)),
            rows_total=40,
            error_code="missing-column",
        )
        add_ledger_row(
            local_stack,
            partner="zz-health",
            dataset="awareness_sessions",
            period="2025Q4",
            status="partially_loaded",
            received_at=at(date(2026, 1, 15)),
            rows_total=20,
            rows_invalid=2,
            rows_loaded=18,
            rows_withheld=0,
        )
        # received after AS_OF: invisible at AS_OF
        add_ledger_row(
            local_stack,
            partner="zz-health",
            dataset="cases",
            period="2026-02",
            status="loaded",
            received_at=at(date(2026, 3, 25)),
            rows_total=10,
            rows_loaded=10,
        )

        rows = health_of(local_stack, partner)

        cases = rows["cases"]
        assert (cases.files_total, cases.files_loaded, cases.files_rejected) == (3, 1, 1)
        assert cases.files_duplicate == 1
        assert (cases.rows_loaded, cases.rows_withheld, cases.rows_rejected) == (90, 5, 45)
        assert cases.row_rejection_rate == Decimal("0.3214")  # 45 of the 140 rows read
        assert cases.file_rejection_rate == Decimal("0.5000")  # 1 of 2 non-duplicate files
        assert (cases.last_ledger_id, cases.last_file_status) == (last, "rejected")
        assert cases.last_file_period == "2026-02"
        assert (cases.last_due_period, cases.last_due_date) == ("2026-02", date(2026, 3, 15))
        assert cases.late is True and cases.days_late == 5
        assert (cases.next_due_period, cases.next_due_date) == ("2026-03", date(2026, 4, 15))

        sessions = rows["awareness_sessions"]
        assert sessions.files_partially_loaded == 1
        assert (sessions.last_due_period, sessions.late, sessions.days_late) == (
            "2025Q4",
            False,
            None,
        )
        assert (sessions.next_due_period, sessions.next_due_date) == ("2026Q1", date(2026, 4, 20))

        later = health_of(local_stack, partner, as_of=at(date(2026, 3, 26)))["cases"]
        assert later.late is False and later.files_loaded == 2

    def test_a_feed_without_any_file_is_late_with_no_last_file(self, local_stack):
        rows = health_of(local_stack, ops_partner("zz-silent"))
        silent = rows["cases"]
        assert silent.files_total == 0 and silent.last_ledger_id is None
        assert silent.row_rejection_rate is None and silent.late is True

    def test_open_late_alerts_are_counted_until_resolved(self, local_stack):
        partner = ops_partner("zz-health-alerts")
        check_deadlines(now=AS_OF, lookback_days=92, registry=registry_of(partner))
        assert health_of(local_stack, partner)["cases"].open_late_alerts == 3

    def test_sql_and_python_compute_the_same_due_periods_every_day_of_two_years(self, local_stack):
        with get_engine(role="pipeline", settings=local_stack).connect() as conn:
            rows = conn.execute(
                text(
                    "select d::date as day, f, dd, ops.latest_due_period_start(d::date, f, dd), "
                    "ops.due_date(ops.latest_due_period_start(d::date, f, dd), f, dd), "
                    "ops.period_label(ops.latest_due_period_start(d::date, f, dd), f) "
                    "from generate_series('2025-01-01'::date, '2026-12-31'::date, '1 day') as d, "
                    "unnest(array['monthly', 'quarterly']) as f, unnest(array[1, 10, 15, 28]) as dd"
                )
            ).all()
        assert len(rows) == 730 * 8
        for day, frequency, due_day, start, due, label in rows:
            period = latest_due_period(today=day, frequency=frequency, due_day=due_day)
            assert (start, label) == (period.start, period.label), (day, frequency, due_day)
            assert due == due_date(parse_period(label), due_day=due_day)


class TestStatusPipeline:
    def test_a_late_registry_partner_shows_late_and_has_one_alert(self, local_stack, capsys):
        """The issue's 'done when': an overdue partner is late in `pata status --pipeline`
        and has exactly one alert row, however often the daily check runs."""
        from pata.cli import main

        check_deadlines()
        check_deadlines()
        now = clock.now()
        rows = {(r.partner_code, r.dataset): r for r in pipeline_health(settings=local_stack)}
        assert set(rows) == {
            (e.partner_code, e.dataset) for e in calendar_from_registry(load_registry())
        }
        late = [row for row in rows.values() if row.late]
        assert late, "no registry partner sends this month's files in the test session"
        for row in late:
            (alert,) = alert_rows(
                local_stack,
                kind="late-submission",
                partner_code=row.partner_code,
                dataset=row.dataset,
                period_label=row.last_due_period,
            )
            assert alert["resolved_at"] is None and row.open_late_alerts >= 1
            # Asian partners: their date is UTC's or the next day
            assert row.partner_today in {now.date(), now.date() + timedelta(days=1)}

        capsys.readouterr()
        assert main(["status", "--pipeline"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0].split()[:2] == ["PARTNER", "DATASET"]
        example = late[0]
        (line,) = [x for x in out if x.split()[:2] == [example.partner_code, example.dataset]]
        assert f"LATE {example.days_late}d" in line and example.last_due_period in line
        assert out[-1].startswith(f"{len(rows)} feeds, {len(late)} late: ")

    def test_the_table_format(self, local_stack):
        rows = health_of(local_stack, ops_partner("zz-table"))
        table = format_health_table(list(rows.values()))
        header, line, _, summary = table.splitlines()
        assert header.startswith("PARTNER")
        assert line.startswith("zz-table") and "never" in line and "LATE 5d" in line
        assert summary == "1 feeds, 1 late: zz-table/cases/2026-02"
