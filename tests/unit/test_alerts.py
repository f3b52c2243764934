"""Alerts: made of codes only, sent through Airflow's SMTP and Slack notifiers when their
connections exist (real local SMTP and HTTP servers here), logged otherwise."""

from __future__ import annotations

import asyncio
import email
import json
import logging
import socketserver
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import airflow.sdk  # noqa: F401  # Airflow configures logging on import: before caplog attaches
import pytest

from pata.alerts import callbacks
from pata.alerts.alert import Alert, UnsafeAlert, error_code_of
from pata.alerts.channels import SlackChannel, SmtpChannel, configured_channels, notify
from pata.alerts.raising import AlertOutcome
from pata.errors import PataError
from pata.stack.processes import free_port

DAGS = Path(__file__).resolve().parents[2] / "dags"

# What a leaked value would look like: a person's name, as in a partner file.
CANARY = "Sokha Chanthou"


def late() -> Alert:
    return Alert.late_submission(
        partner_code="kh-ksp",
        dataset="cases",
        period_label="2026-10",
        due=date(2026, 11, 15),
        days_late=14,
    )


def logged(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> str:
    """Everything logged, whether pytest's handler or Airflow's (stdout) got the records."""
    out = capsys.readouterr()
    return caplog.text + out.out + out.err


@pytest.fixture
def no_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRFLOW_CONN_PATA_SMTP", raising=False)
    monkeypatch.delenv("AIRFLOW_CONN_PATA_SLACK", raising=False)


class TestAlertFields:
    def test_a_late_submission_reads_like_a_sentence_of_codes(self):
        alert = late()
        assert alert.message == (
            "Late submission: partner kh-ksp has sent no accepted cases file for 2026-10 "
            "(due 2026-11-15, 14 days late)."
        )
        assert alert.subject == "[PATA] late-submission: kh-ksp/cases/2026-10"

    def test_dedup_keys_identify_the_event_not_the_moment(self):
        assert late().dedup_key == "late-submission:kh-ksp:cases:2026-10"
        again = Alert.late_submission(
            partner_code="kh-ksp",
            dataset="cases",
            period_label="2026-10",
            due=date(2026, 11, 15),
            days_late=15,
        )
        assert again.dedup_key == late().dedup_key
        rejected_fields = {
            "ledger_id": 42,
            "partner_code": "kh-ksp",
            "dataset": "cases",
            "period_label": "2026-10",
            "error_code": "missing-column",
        }
        rejected = Alert.file_ended(status="rejected", **rejected_fields)
        assert rejected.dedup_key == "file-rejected:42"
        ended_failed = Alert.file_ended(status="failed", **rejected_fields)
        assert (ended_failed.kind, ended_failed.dedup_key) == ("file-failed", "file-failed:42")
        failed = Alert.task_failed(
            dag_id="pata_ingest",
            run_id="manual__2026-11-29T10:00:00+00:00",
            task_id="process[3]",
            error_code="operational-error",
        )
        assert (
            failed.dedup_key
            == "task-failed:pata_ingest:manual__2026-11-29T10:00:00+00:00:process[3]"
        )

    @pytest.mark.parametrize(
        "field",
        [
            {"partner_code": CANARY},
            {"dataset": CANARY},
            {"period_label": CANARY},
            {"error_code": CANARY},
            {"dag_id": CANARY},
            {"task_id": CANARY},
            {"run_id": CANARY},
            {"ledger_id": -1},
        ],
    )
    def test_a_field_that_could_carry_a_value_is_refused_without_echoing_it(self, field):
        with pytest.raises(UnsafeAlert) as raised:
            Alert(kind="file-rejected", **field)
        assert CANARY not in str(raised.value)
        assert isinstance(raised.value, PataError)

    def test_every_kind_composes_its_message_from_its_fields(self):
        samples = [
            late(),
            Alert.file_ended(
                status="rejected",
                ledger_id=7,
                partner_code=None,
                dataset=None,
                period_label=None,
                error_code="unknown-partner",
            ),
            Alert.task_failed(
                dag_id="pata_sweep",
                run_id="scheduled__2026-11-29T00:00:00+00:00",
                task_id="process",
                error_code=None,
            ),
            Alert.dag_failed(dag_id="pata_ingest", run_id="r1", error_code="task_failure"),
            Alert.dag_deadline_missed(
                dag_id="pata_deadlines",
                run_id="r2",
                deadline=datetime(2026, 11, 29, 2, 0, tzinfo=UTC),
            ),
        ]
        for alert in samples:
            assert alert.message and alert.subject.startswith("[PATA] ")
        assert "an unregistered partner folder" in samples[1].message
        assert "2026-11-29T02:00+00:00" in samples[4].message


class TestErrorCodeOf:
    def test_a_pata_error_gives_its_code(self):
        assert error_code_of(PataError(f"bad row for {CANARY}", code="date-order")) == "date-order"

    def test_any_other_exception_gives_its_class_never_its_message(self):
        class OperationalError(Exception):
            pass

        code = error_code_of(OperationalError(f"Key (name)=({CANARY}) already exists"))
        assert code == "operational-error"

    def test_no_exception_no_code(self):
        assert error_code_of(None) is None


class TestNotify:
    def test_without_connections_a_clear_log_line_and_log_as_channel(
        self, no_connections, caplog, capsys
    ):
        caplog.set_level(logging.WARNING, logger="pata.alerts")
        assert configured_channels() == []
        assert notify(late()) == ["log"]
        (line,) = [x for x in logged(caplog, capsys).splitlines() if "ALERT" in x]
        assert "late-submission:kh-ksp:cases:2026-10" in line
        assert "pata_smtp" in line and "pata_slack" in line
        assert late().message in line

    def test_a_failing_channel_is_recorded_and_its_error_message_is_not_logged(
        self, caplog, capsys
    ):
        class Broken:
            name = "smtp"

            def send(self, alert: Alert) -> None:
                raise RuntimeError(f"550 mailbox {CANARY} unavailable")

        class Working:
            name = "slack"

            def __init__(self) -> None:
                self.sent: list[Alert] = []

            def send(self, alert: Alert) -> None:
                self.sent.append(alert)

        working = Working()
        caplog.set_level(logging.INFO, logger="pata.alerts")
        assert notify(late(), channels=[Broken(), working]) == ["smtp-failed", "slack"]
        assert working.sent == [late()]
        text = logged(caplog, capsys)
        assert CANARY not in text
        assert "RuntimeError" in text

    def test_connections_select_the_channels(self, monkeypatch):
        monkeypatch.setenv(
            "AIRFLOW_CONN_PATA_SMTP",
            json.dumps(
                {
                    "conn_type": "smtp",
                    "host": "mail.example.org",
                    "extra": {"to": "ops@example.org, data@example.org"},
                }
            ),
        )
        monkeypatch.setenv(
            "AIRFLOW_CONN_PATA_SLACK",
            json.dumps(
                {
                    "conn_type": "slack",
                    "password": "xoxb-test-token",
                    "extra": {"channel": "#pata-ops"},
                }
            ),
        )
        assert configured_channels() == [
            SmtpChannel(to=("ops@example.org", "data@example.org")),
            SlackChannel(channel="#pata-ops"),
        ]

    def test_an_smtp_connection_without_recipients_sends_no_mail(self, monkeypatch, caplog, capsys):
        monkeypatch.delenv("AIRFLOW_CONN_PATA_SLACK", raising=False)
        monkeypatch.setenv(
            "AIRFLOW_CONN_PATA_SMTP", json.dumps({"conn_type": "smtp", "host": "mail.example.org"})
        )
        assert configured_channels() == []
        assert "has no 'to'" in logged(caplog, capsys)


class _SmtpSession(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to receive a message: the stdlib's smtpd is deprecated."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sink: _Sink = self.server  # type: ignore[assignment]
        mailfrom, rcpttos = "", []
        self.reply("220 pata-test ESMTP")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 pata-test")
            elif verb == "MAIL":
                mailfrom = command.split(":", 1)[1].strip().strip("<>")
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpttos.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                sink.messages.append((mailfrom, rcpttos, data.rstrip(b"\r\n")))
                mailfrom, rcpttos = "", []
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class _Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _SmtpSession)
        self.messages: list[tuple[str, list[str], bytes]] = []


@pytest.fixture
def smtp_server(monkeypatch) -> Iterator[_Sink]:
    """A real SMTP server on 127.0.0.1 and a pata_smtp connection pointing at it."""
    port = free_port()
    server = _Sink(port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    monkeypatch.delenv("AIRFLOW_CONN_PATA_SLACK", raising=False)
    monkeypatch.setenv(
        "AIRFLOW_CONN_PATA_SMTP",
        json.dumps(
            {
                "conn_type": "smtp",
                "host": "127.0.0.1",
                "port": port,
                "extra": {
                    "from_email": "pata-alerts@example.org",
                    "to": "ops@example.org",
                    "disable_ssl": True,
                    "disable_tls": True,
                    "timeout": 5,
                },
            }
        ),
    )
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _SlackApi(BaseHTTPRequestHandler):
    calls: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).calls.append(
            {
                "path": self.path,
                "body": json.loads(body or b"{}"),
                "auth": self.headers.get("Authorization"),
            }
        )
        payload = json.dumps({"ok": True, "channel": "C1", "ts": "1.0"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def slack_api(monkeypatch) -> Iterator[list[dict[str, Any]]]:
    """A local HTTP server answering Slack's chat.postMessage, and pata_slack pointing at it."""
    _SlackApi.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _SlackApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.delenv("AIRFLOW_CONN_PATA_SMTP", raising=False)
    monkeypatch.setenv(
        "AIRFLOW_CONN_PATA_SLACK",
        json.dumps(
            {
                "conn_type": "slack",
                "password": "xoxb-test-token",
                "extra": {
                    "channel": "#pata-ops",
                    "base_url": f"http://127.0.0.1:{server.server_port}/api/",
                },
            }
        ),
    )
    try:
        yield _SlackApi.calls
    finally:
        server.shutdown()
        thread.join(timeout=5)


class TestAirflowNotifiers:
    def test_the_smtp_notifier_mails_the_alert_and_nothing_else(self, smtp_server):
        assert notify(late()) == ["smtp"]
        ((mailfrom, recipients, data),) = smtp_server.messages
        mail = email.message_from_bytes(data)
        body = "".join(
            part.get_payload(decode=True).decode()
            for part in mail.walk()
            if part.get_content_type() == "text/html"
        )
        assert mailfrom == "pata-alerts@example.org"
        assert recipients == ["ops@example.org"]
        assert mail["Subject"] == "[PATA] late-submission: kh-ksp/cases/2026-10"
        assert body == f"<p>{late().message}</p>"

    def test_the_slack_notifier_posts_the_alert(self, slack_api):
        assert notify(late()) == ["slack"]
        (call,) = slack_api
        assert call["path"].endswith("chat.postMessage")
        assert call["body"]["channel"] == "#pata-ops"
        assert call["body"]["text"] == late().message
        assert call["auth"] == "Bearer xoxb-test-token"


class TestAirflowCallbacks:
    @pytest.fixture
    def raised(self, monkeypatch) -> list[Alert]:
        seen: list[Alert] = []

        def fake_raise(alert: Alert, **kwargs: Any) -> AlertOutcome:
            seen.append(alert)
            return AlertOutcome(alert_id=1, new=True, notified_via=("log",))

        monkeypatch.setattr(callbacks, "raise_alert", fake_raise)
        return seen

    def test_a_task_failure_alert_carries_ids_and_the_error_class_only(self, raised):
        class _TI:
            dag_id = "pata_ingest"
            task_id = "process"
            run_id = "asset_triggered__2026-11-29T10:00:00+00:00"
            map_index = 3

        callbacks.on_task_failure({"ti": _TI(), "exception": ValueError(f"cannot parse {CANARY}")})
        (alert,) = raised
        assert alert.kind == "task-failed"
        assert alert.task_id == "process[3]"
        assert alert.error_code == "value-error"
        assert CANARY not in alert.message and CANARY not in alert.dedup_key

    def test_a_dag_failure_alert(self, raised):
        class _Dag:
            dag_id = "pata_deadlines"

        callbacks.on_dag_failure({"dag": _Dag(), "run_id": "manual__1", "reason": "task_failure"})
        (alert,) = raised
        assert alert.dedup_key == "dag-failed:pata_deadlines:manual__1"
        assert alert.error_code == "task_failure"

    def test_a_callback_never_raises(self, monkeypatch, caplog, capsys):
        def broken(alert: Alert, **kwargs: Any) -> None:
            raise RuntimeError(f"database down near {CANARY}")

        monkeypatch.setattr(callbacks, "raise_alert", broken)
        callbacks.on_dag_failure({"run_id": "manual__1"})
        text = logged(caplog, capsys)
        assert "RuntimeError" in text and CANARY not in text

    def test_the_deadline_callback_runs_as_a_coroutine_on_the_triggerer_context(self, raised):
        context = {
            "dag_run": {
                "dag_id": "pata_deadlines",
                "dag_run_id": "scheduled__2026-11-29T01:30:00+00:00",
                "conf": {"note": CANARY},
            },
            "deadline": {"id": "x", "deadline_time": "2026-11-29T02:00:00+00:00"},
        }
        result = asyncio.run(callbacks.on_deadline_missed(context=context))
        (alert,) = raised
        assert alert.kind == "dag-deadline-missed"
        assert result == "dag-deadline-missed:pata_deadlines:scheduled__2026-11-29T01:30:00+00:00"
        assert "2026-11-29T02:00+00:00" in alert.message
        assert CANARY not in alert.message

    def test_the_dags_use_an_airflow_deadline_alert_with_this_callback(self):
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(DAGS))
        for dag_id in ("pata_deadlines", "pata_retention"):
            dag = bag.dags[dag_id]
            deadlines = dag.deadline if isinstance(dag.deadline, list) else [dag.deadline]
            assert deadlines and all(
                d.callback.path == "pata.alerts.callbacks.on_deadline_missed" for d in deadlines
            )
            assert dag.on_failure_callback is not None
