"""Alert rows in the real warehouse: raised once, notified once, and free of file content
(a rejected file full of names and phone numbers leaves codes and ids only)."""

from __future__ import annotations

import pytest
from ops_rows import alert_rows
from sqlalchemy import text

from pata import clock
from pata.alerts.alert import Alert
from pata.alerts.raising import alert_rejected_files, raise_alert
from pata.pipeline import process_local_file
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

NAME = "Sreyneang Chhorvy"
PHONE = "+855 12 345 678"
NATIONAL_ID = "KH-1987-0042-77"


class Recorder:
    """A channel that records what it is given."""

    name = "recorder"

    def __init__(self) -> None:
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)


class TestRaiseAlert:
    def test_the_same_event_is_recorded_and_notified_once(self, local_stack):
        channel = Recorder()
        alert = Alert.dag_failed(dag_id="pata_sweep", run_id="manual__ops-test-1")

        first = raise_alert(alert, channels=[channel])
        second = raise_alert(alert, channels=[channel])

        assert first.new and not second.new
        assert first.alert_id == second.alert_id
        assert first.notified_via == ("recorder",) and second.notified_via is None
        assert channel.sent == [alert]
        (row,) = alert_rows(local_stack, dedup_key="dag-failed:pata_sweep:manual__ops-test-1")
        assert row["notified_via"] == ["recorder"] and row["notified_at"] is not None
        assert (row["dag_id"], row["run_id"]) == ("pata_sweep", "manual__ops-test-1")

    def test_without_any_connection_the_row_says_log(self, local_stack):
        alert = Alert.task_failed(
            dag_id="pata_ingest",
            run_id="manual__ops-test-2",
            task_id="process[0]",
            error_code="operational-error",
        )
        outcome = raise_alert(alert)
        (row,) = alert_rows(local_stack, id=outcome.alert_id)
        assert row["notified_via"] == ["log"]
        assert row["task_id"] == "process[0]" and row["error_code"] == "operational-error"


class TestRejectedFileAlerts:
    def test_a_rejected_file_gets_one_alert_made_of_codes_only(self, local_stack, tmp_path):
        exported = tmp_path / "kh-ksp_cases_2019-02.csv"
        exported.write_text(
            f"Full name,Mobile,National ID\n{NAME},{PHONE},{NATIONAL_ID}\n", encoding="utf-8"
        )
        outcome = process_local_file(exported, partner="kh-ksp", dataset="cases")
        assert outcome.status == "rejected", outcome
        channel = Recorder()

        raised = alert_rejected_files(ledger_ids=[outcome.ledger_id], channels=[channel])
        again = alert_rejected_files(ledger_ids=[outcome.ledger_id], channels=[channel])
        # The daily scan (all files rejected in the last two days) must not alert it again;
        # other tests' rejected files may be alerted by it, this one not.
        alert_rejected_files(now=clock.wall_now(), channels=[channel])

        assert (raised, again) == (1, 0)
        (row,) = alert_rows(local_stack, ledger_id=outcome.ledger_id)
        assert row["kind"] == "file-rejected"
        assert (row["partner_code"], row["dataset"], row["period_label"]) == (
            "kh-ksp",
            "cases",
            "2019-02",
        )
        assert row["error_code"] == outcome.error_code
        assert row["message"] == (
            f"Rejected file: ledger id {outcome.ledger_id} from kh-ksp, dataset cases, period "
            f"2019-02, rejected with {outcome.error_code}. The partner's feedback report "
            "explains the problem."
        )
        assert [a.message for a in channel.sent if a.ledger_id == outcome.ledger_id] == [
            row["message"]
        ]

    def test_no_alert_row_holds_a_value_from_any_file(self, local_stack):
        """Whatever ran before in this session: no canary, name or file name in ops.alerts."""
        with get_engine(role="owner", settings=local_stack).connect() as conn:
            dump = " ".join(
                str(value)
                for row in conn.execute(text("select * from ops.alerts"))
                for value in row
            )
        assert dump  # the tests above raised alerts
        for secret in (NAME, PHONE, NATIONAL_ID, "Full name", ".csv"):
            assert secret not in dump
