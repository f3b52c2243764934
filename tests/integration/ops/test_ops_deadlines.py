"""The deadlines check against the real warehouse: one alert per late period, however often
it runs; none for a timely file; resolution when the file comes; partner timezones."""

from __future__ import annotations

from datetime import date

import pytest
from ops_rows import add_ledger_row, alert_rows, at, ops_partner, registry_of
from sqlalchemy import text

from pata.deadlines import (
    calendar_from_registry,
    check_deadlines,
    read_calendar,
    refresh_submission_calendar,
)
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

NOW = at(date(2026, 3, 20))  # 2026-02 files were due on 2026-03-15


class TestLateSubmissions:
    def test_a_missing_file_raises_exactly_one_alert_even_when_checked_twice(self, local_stack):
        registry = registry_of(ops_partner("zz-late"))

        first = check_deadlines(now=NOW, lookback_days=10, registry=registry)
        second = check_deadlines(now=NOW, lookback_days=10, registry=registry)

        assert [f"{x.partner_code}/{x.dataset}/{x.period.label}" for x in first.late] == [
            "zz-late/cases/2026-02"
        ]
        assert first.late == second.late
        assert (first.alerts_raised, second.alerts_raised) == (1, 0)
        (row,) = alert_rows(local_stack, partner_code="zz-late")
        assert row["kind"] == "late-submission"
        assert row["dedup_key"] == "late-submission:zz-late:cases:2026-02"
        assert (row["dataset"], row["period_label"]) == ("cases", "2026-02")
        assert row["notified_via"] == ["log"]  # no notifier connection in the test stack
        assert row["message"] == (
            "Late submission: partner zz-late has sent no accepted cases file for 2026-02 "
            "(due 2026-03-15, 5 days late)."
        )

    def test_a_timely_file_raises_none(self, local_stack):
        add_ledger_row(
            local_stack,
            partner="zz-timely",
            dataset="cases",
            period="2026-02",
            status="loaded",
            received_at=at(date(2026, 3, 14)),
        )
        registry = registry_of(ops_partner("zz-timely"))

        report = check_deadlines(now=NOW, lookback_days=10, registry=registry)

        assert report.late == ()
        assert alert_rows(local_stack, partner_code="zz-timely") == []

    def test_a_rejected_or_duplicate_file_is_no_submission_a_partial_or_superseded_one_is(
        self, local_stack
    ):
        for partner, status in [
            ("zz-rejected", "rejected"),
            ("zz-duplicate", "duplicate"),
            ("zz-partial", "partially_loaded"),
            ("zz-superseded", "superseded"),
            ("zz-processing", "received"),
        ]:
            add_ledger_row(
                local_stack,
                partner=partner,
                dataset="cases",
                period="2026-02",
                status=status,
                received_at=at(date(2026, 3, 10)),
            )
        registry = registry_of(
            *(
                ops_partner(code)
                for code in (
                    "zz-rejected",
                    "zz-duplicate",
                    "zz-partial",
                    "zz-superseded",
                    "zz-processing",
                )
            )
        )

        report = check_deadlines(now=NOW, lookback_days=10, registry=registry)

        assert sorted(x.partner_code for x in report.late) == ["zz-duplicate", "zz-rejected"]

    def test_the_look_back_raises_each_missed_period_once(self, local_stack):
        registry = registry_of(ops_partner("zz-gap"))
        add_ledger_row(
            local_stack,
            partner="zz-gap",
            dataset="cases",
            period="2026-01",
            status="loaded",
            received_at=at(date(2026, 2, 10)),
        )

        check_deadlines(now=NOW, lookback_days=92, registry=registry)
        check_deadlines(now=NOW, lookback_days=92, registry=registry)

        periods = [r["period_label"] for r in alert_rows(local_stack, partner_code="zz-gap")]
        assert periods == ["2025-12", "2026-02"]

    def test_the_alert_is_resolved_when_the_file_comes_and_never_raised_again(self, local_stack):
        registry = registry_of(ops_partner("zz-resolved"))
        check_deadlines(now=NOW, lookback_days=10, registry=registry)
        add_ledger_row(
            local_stack,
            partner="zz-resolved",
            dataset="cases",
            period="2026-02",
            status="loaded",
            received_at=at(date(2026, 3, 21)),
        )

        later = at(date(2026, 3, 22))
        report = check_deadlines(now=later, lookback_days=10, registry=registry)

        assert report.late == ()
        assert report.alerts_resolved >= 1
        (row,) = alert_rows(local_stack, partner_code="zz-resolved")
        assert row["resolved_at"] == later

    def test_today_is_the_partners_own_date(self, local_stack):
        # 2026-03-15 20:00 UTC: the 16th in Bangkok (February overdue), the 15th in Lima
        instant = at(date(2026, 3, 15), hour=20)
        registry = registry_of(
            ops_partner("zz-east", timezone="Asia/Bangkok"),
            ops_partner("zz-west", timezone="America/Lima"),
        )

        for partner in ("zz-east", "zz-west"):  # both sent January on time
            add_ledger_row(
                local_stack,
                partner=partner,
                dataset="cases",
                period="2026-01",
                status="loaded",
                received_at=at(date(2026, 2, 10)),
            )

        report = check_deadlines(now=instant, lookback_days=10, registry=registry)

        assert [(x.partner_code, x.period.label, x.days_late) for x in report.late] == [
            ("zz-east", "2026-02", 1)
        ]
        (row,) = alert_rows(local_stack, partner_code="zz-east")
        assert row["message"].endswith("(due 2026-03-15, 1 day late).")


class TestSubmissionCalendar:
    def test_refreshing_is_idempotent_keeps_expected_from_and_retires_departed_partners(
        self, local_stack
    ):
        engine = get_engine(role="pipeline", settings=local_stack)
        stays = ops_partner(
            "zz-cal-stays", datasets={"cases": ("monthly", 12), "network_events": ("quarterly", 20)}
        )
        leaves = ops_partner("zz-cal-leaves")
        with engine.begin() as conn:
            refresh_submission_calendar(
                conn, entries=calendar_from_registry(registry_of(stays, leaves))
            )
            refresh_submission_calendar(
                conn, entries=calendar_from_registry(registry_of(stays, leaves))
            )
            conn.execute(
                text(
                    "update ops.submission_calendar set expected_from = '2026-01-01' "
                    "where partner_code = 'zz-cal-stays' and dataset = 'cases'"
                )
            )
            refresh_submission_calendar(conn, entries=calendar_from_registry(registry_of(stays)))
            active = {(e.partner_code, e.dataset): e for e in read_calendar(conn)}
            retired = conn.execute(
                text(
                    "select active from ops.submission_calendar "
                    "where partner_code = 'zz-cal-leaves'"
                )
            ).scalar_one()

        assert set(active) == {("zz-cal-stays", "cases"), ("zz-cal-stays", "network_events")}
        assert active[("zz-cal-stays", "cases")].expected_from == date(2026, 1, 1)
        assert active[("zz-cal-stays", "cases")].due_day == 12
        assert active[("zz-cal-stays", "network_events")].frequency == "quarterly"
        assert retired is False

    def test_periods_before_expected_from_are_not_late(self, local_stack):
        partner = ops_partner("zz-onboarded")
        engine = get_engine(role="pipeline", settings=local_stack)
        with engine.begin() as conn:
            refresh_submission_calendar(conn, entries=calendar_from_registry(registry_of(partner)))
            conn.execute(
                text(
                    "update ops.submission_calendar set expected_from = '2026-03-01' "
                    "where partner_code = 'zz-onboarded'"
                )
            )

        report = check_deadlines(now=NOW, lookback_days=92, registry=registry_of(partner))

        assert report.late == ()
        assert alert_rows(local_stack, partner_code="zz-onboarded") == []
