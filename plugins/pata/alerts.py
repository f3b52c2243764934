"""Alerts: late partners, rejected and failed files, failed tasks and DAG runs, missed DAG
deadlines.

Every alert is first a row of ``ops.alerts`` (its ``dedup_key`` is unique, so raising the
same event twice changes nothing), then a notification through Airflow's own notifiers:
:class:`~airflow.providers.smtp.notifications.smtp.SmtpNotifier` when the ``pata_smtp``
connection exists, :class:`~airflow.providers.slack.notifications.slack.SlackNotifier` when
``pata_slack`` does. With neither, a clear log line says so and the row is the alert.

No PII, by construction: an :class:`Alert` holds only codes, ids, periods and dates, each
checked against a strict pattern, and its text is composed from them alone. No file name,
no exception message (a database error can quote a row), no cell value can get in.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pata import clock
from pata.errors import PataError
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

SMTP_CONN_ID = "pata_smtp"
SLACK_CONN_ID = "pata_slack"
DEFAULT_SLACK_CHANNEL = "#pata-alerts"

AlertKind = Literal[
    "late-submission",
    "file-rejected",
    "file-failed",
    "task-failed",
    "dag-failed",
    "dag-deadline-missed",
    "pull-failed",
]

_PARTNER = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PERIOD = re.compile(r"^\d{4}(-\d{2}|Q[1-4])$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
_AIRFLOW_ID = re.compile(r"^[A-Za-z0-9_.\-\[\]]{1,250}$")
_RUN_ID = re.compile(r"^[A-Za-z0-9_.\-:+~]{1,250}$")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


class UnsafeAlert(PataError):
    """A field of an alert does not fit its pattern (it could carry something it must not)."""

    code = "unsafe-alert-field"


@dataclass(frozen=True)
class Alert:
    """One event worth telling a person about, made only of codes, ids and periods."""

    kind: AlertKind
    partner_code: str | None = None
    dataset: str | None = None
    period_label: str | None = None
    ledger_id: int | None = None
    error_code: str | None = None
    dag_id: str | None = None
    run_id: str | None = None
    task_id: str | None = None
    due: date | None = None
    days_late: int | None = None
    deadline: datetime | None = None

    def __post_init__(self) -> None:
        from pata.contracts import DATASETS

        checks: list[tuple[str, object, bool]] = [
            ("partner_code", self.partner_code, _matches(_PARTNER, self.partner_code)),
            ("dataset", self.dataset, self.dataset is None or self.dataset in DATASETS),
            ("period_label", self.period_label, _matches(_PERIOD, self.period_label)),
            ("error_code", self.error_code, _matches(_CODE, self.error_code)),
            ("dag_id", self.dag_id, _matches(_AIRFLOW_ID, self.dag_id)),
            ("task_id", self.task_id, _matches(_AIRFLOW_ID, self.task_id)),
            ("run_id", self.run_id, _matches(_RUN_ID, self.run_id)),
            (
                "ledger_id",
                self.ledger_id,
                self.ledger_id is None or (type(self.ledger_id) is int and self.ledger_id > 0),
            ),
        ]
        for name, _value, ok in checks:
            if not ok:
                # never echo the value: it is exactly what might be unsafe
                raise UnsafeAlert(f"alert field {name} does not fit its pattern")

    # -- constructors ------------------------------------------------------------------

    @classmethod
    def late_submission(
        cls, *, partner_code: str, dataset: str, period_label: str, due: date, days_late: int
    ) -> Alert:
        """A partner owes a file for a period whose due date has passed."""
        return cls(
            kind="late-submission",
            partner_code=partner_code,
            dataset=dataset,
            period_label=period_label,
            due=due,
            days_late=days_late,
        )

    @classmethod
    def file_rejected(
        cls,
        *,
        ledger_id: int,
        partner_code: str | None,
        dataset: str | None,
        period_label: str | None,
        error_code: str | None,
    ) -> Alert:
        """A file was rejected whole (the partner's feedback report says why)."""
        return cls(
            kind="file-rejected",
            ledger_id=ledger_id,
            partner_code=partner_code,
            dataset=dataset,
            period_label=period_label,
            error_code=error_code,
        )

    @classmethod
    def file_failed(
        cls,
        *,
        ledger_id: int,
        partner_code: str | None,
        dataset: str | None,
        period_label: str | None,
        error_code: str | None,
    ) -> Alert:
        """A file ended ``failed``: not handled, for a reason of ours (not its content)."""
        return cls(
            kind="file-failed",
            ledger_id=ledger_id,
            partner_code=partner_code,
            dataset=dataset,
            period_label=period_label,
            error_code=error_code,
        )

    @classmethod
    def pull_failed(
        cls, *, partner_code: str, dataset: str, period_label: str, error_code: str
    ) -> Alert:
        """A partner's source could not be read for a period (one alert per cause)."""
        return cls(
            kind="pull-failed",
            partner_code=partner_code,
            dataset=dataset,
            period_label=period_label,
            error_code=error_code,
        )

    @classmethod
    def task_failed(
        cls, *, dag_id: str, run_id: str, task_id: str, error_code: str | None
    ) -> Alert:
        """A task failed for good (after its retries)."""
        return cls(
            kind="task-failed", dag_id=dag_id, run_id=run_id, task_id=task_id, error_code=error_code
        )

    @classmethod
    def dag_failed(cls, *, dag_id: str, run_id: str, error_code: str | None = None) -> Alert:
        """A DAG run ended failed."""
        return cls(kind="dag-failed", dag_id=dag_id, run_id=run_id, error_code=error_code)

    @classmethod
    def dag_deadline_missed(cls, *, dag_id: str, run_id: str, deadline: datetime | None) -> Alert:
        """A DAG run did not finish by its Airflow deadline."""
        return cls(kind="dag-deadline-missed", dag_id=dag_id, run_id=run_id, deadline=deadline)

    # -- what people read ------------------------------------------------------------------

    @property
    def dedup_key(self) -> str:
        """The identity of the event: the same event raised again is recognised by it."""
        if self.kind == "late-submission":
            parts: Sequence[object] = (self.partner_code, self.dataset, self.period_label)
        elif self.kind in ("file-rejected", "file-failed"):
            parts = (self.ledger_id,)
        elif self.kind == "pull-failed":
            parts = (self.partner_code, self.dataset, self.period_label, self.error_code)
        elif self.kind == "task-failed":
            parts = (self.dag_id, self.run_id, self.task_id)
        else:
            parts = (self.dag_id, self.run_id)
        return ":".join([self.kind, *("" if p is None else str(p) for p in parts)])

    @property
    def subject(self) -> str:
        """A one-line subject for e-mail."""
        if self.kind in ("late-submission", "file-rejected", "file-failed", "pull-failed"):
            scope = "/".join(p for p in (self.partner_code, self.dataset, self.period_label) if p)
        else:
            scope = self.dag_id or ""
        return f"[PATA] {self.kind}: {scope or 'unattributed'}"

    @property
    def message(self) -> str:
        """The text sent to people, composed only of this alert's fields."""
        if self.kind == "late-submission":
            return (
                f"Late submission: partner {self.partner_code} has sent no accepted "
                f"{self.dataset} file for {self.period_label} (due {self.due}, "
                f"{self.days_late} day{'' if self.days_late == 1 else 's'} late)."
            )
        if self.kind == "file-rejected":
            partner = self.partner_code or "an unregistered partner folder"
            return (
                f"Rejected file: ledger id {self.ledger_id} from {partner}, dataset "
                f"{self.dataset or 'unknown'}, period {self.period_label or 'unknown'}, "
                f"rejected with {self.error_code or 'no code'}. The partner's feedback "
                "report explains the problem."
            )
        if self.kind == "file-failed":
            partner = self.partner_code or "an unregistered partner folder"
            return (
                f"Failed file: ledger id {self.ledger_id} from {partner}, dataset "
                f"{self.dataset or 'unknown'}, period {self.period_label or 'unknown'}, "
                f"failed with {self.error_code or 'no code'}: a fault of ours, not of the file. "
                "Fix the cause (the task log names it), then `pata replay` the file."
            )
        if self.kind == "pull-failed":
            return (
                f"Pull failed: the {self.dataset} export of partner {self.partner_code} for "
                f"{self.period_label} could not be fetched ({self.error_code}). The runbook "
                "says what each code means; the pull retries on the next day of its window."
            )
        if self.kind == "task-failed":
            return (
                f"Task failed: {self.dag_id}.{self.task_id} in run {self.run_id} "
                f"({self.error_code or 'no code'}). See the task log in the Airflow UI."
            )
        if self.kind == "dag-failed":
            return (
                f"DAG run failed: {self.dag_id} run {self.run_id} "
                f"({self.error_code or 'no reason given'}). See the Airflow UI."
            )
        when = self.deadline.isoformat(timespec="minutes") if self.deadline else "its deadline"
        return f"DAG run late: {self.dag_id} run {self.run_id} had not finished by {when}."


def _matches(pattern: re.Pattern[str], value: str | None) -> bool:
    return value is None or (isinstance(value, str) and pattern.match(value) is not None)


def error_code_of(exc: BaseException | None) -> str | None:
    """A stable code for an exception: a PataError's code, else its class name in kebab case.

    Never the message: a driver error can quote the row it failed on.
    """
    if exc is None:
        return None
    if isinstance(exc, PataError) and _CODE.match(exc.code):
        return exc.code
    return _CAMEL.sub("-", type(exc).__name__).lower()


# -- channels: Airflow's notifiers ----------------------------------------------------------


class AlertChannel(Protocol):
    """Somewhere an alert can be sent."""

    @property
    def name(self) -> str:
        """Short name recorded in ``ops.alerts.notified_via`` (smtp, slack)."""
        ...

    def send(self, alert: Alert) -> None:
        """Send the alert (raise on failure)."""
        ...


@dataclass(frozen=True)
class SmtpChannel:
    """E-mail through Airflow's SmtpNotifier and the ``pata_smtp`` connection.

    Recipients come from the connection's extra ``to`` (a list or comma-separated); the
    sender from its extra ``from_email`` (read by the SMTP hook itself).
    """

    to: tuple[str, ...]
    conn_id: str = SMTP_CONN_ID
    name: str = "smtp"

    def send(self, alert: Alert) -> None:
        from airflow.providers.smtp.notifications.smtp import SmtpNotifier

        notifier = SmtpNotifier(
            to=list(self.to),
            subject=alert.subject,
            html_content=f"<p>{html.escape(alert.message)}</p>",
            smtp_conn_id=self.conn_id,
        )
        notifier({})


@dataclass(frozen=True)
class SlackChannel:
    """A Slack message through Airflow's SlackNotifier and the ``pata_slack`` connection.

    The channel comes from the connection's extra ``channel`` (default ``#pata-alerts``).
    """

    channel: str = DEFAULT_SLACK_CHANNEL
    conn_id: str = SLACK_CONN_ID
    name: str = "slack"

    def send(self, alert: Alert) -> None:
        from airflow.providers.slack.notifications.slack import SlackNotifier

        notifier = SlackNotifier(
            slack_conn_id=self.conn_id,
            text=alert.message,
            channel=self.channel,
            username="PATA pipeline",
        )
        notifier({})


def _connection_extra(conn_id: str) -> dict[str, Any] | None:
    """The extras of an Airflow connection, or None when it is not defined."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException

    try:
        conn = Connection.get(conn_id)
    except AirflowNotFoundException:
        return None
    except Exception as exc:  # a broken secrets backend must not stop the alert row
        log.warning("connection %s could not be read (%s)", conn_id, type(exc).__name__)
        return None
    extra = conn.extra_dejson
    return extra if isinstance(extra, dict) else {}


def configured_channels() -> list[AlertChannel]:
    """The notifier channels whose Airflow connection exists (``pata_smtp``, ``pata_slack``)."""
    channels: list[AlertChannel] = []
    smtp = _connection_extra(SMTP_CONN_ID)
    if smtp is not None:
        raw_to = smtp.get("to") or []
        to = tuple(
            a.strip() for a in (raw_to.split(",") if isinstance(raw_to, str) else raw_to) if a
        )
        if to:
            channels.append(SmtpChannel(to=to))
        else:
            log.warning(
                "connection %s has no 'to' in its extra: e-mail alerts are off", SMTP_CONN_ID
            )
    slack = _connection_extra(SLACK_CONN_ID)
    if slack is not None:
        channels.append(SlackChannel(channel=str(slack.get("channel") or DEFAULT_SLACK_CHANNEL)))
    return channels


def notify(alert: Alert, *, channels: Sequence[AlertChannel] | None = None) -> list[str]:
    """Send the alert on every configured channel; return what carried it.

    ``["log"]`` when no channel is configured; ``"<name>-failed"`` for a channel that
    raised (its exception class is logged, never its message).
    """
    channels = configured_channels() if channels is None else channels
    if not channels:
        log.warning(
            "ALERT %s (no notifier connection %s or %s configured; recorded in ops.alerts): %s",
            alert.dedup_key,
            SMTP_CONN_ID,
            SLACK_CONN_ID,
            alert.message,
        )
        return ["log"]
    carried: list[str] = []
    for channel in channels:
        failure = _attempt(channel.send, alert)
        if failure:
            log.error(
                "ALERT %s: %s notification failed (%s): %s",
                alert.dedup_key,
                channel.name,
                failure,
                alert.message,
            )
            carried.append(f"{channel.name}-failed")
        else:
            log.info("ALERT %s sent via %s", alert.dedup_key, channel.name)
            carried.append(channel.name)
    return carried


def _attempt(call: Callable[..., object], *args: Any) -> str | None:
    """Call; return None, or the class name of what it raised.

    Callers log *after* the ``except`` block: logged inside it, a failing log handler would
    print the active exception, whose message may quote what must never be logged.
    """
    try:
        call(*args)
    except Exception as exc:
        return type(exc).__name__
    return None


# -- the ops.alerts row ----------------------------------------------------------------------


@dataclass(frozen=True)
class AlertOutcome:
    """What raising an alert did: its row id, whether it was new, what carried it."""

    alert_id: int
    new: bool
    notified_via: tuple[str, ...] | None


def record_alert(conn: Connection, alert: Alert) -> tuple[int, bool]:
    """Insert the alert row unless its dedup_key exists; return (id, inserted)."""
    from sqlalchemy import text

    inserted = conn.execute(
        text(
            "insert into ops.alerts (kind, partner_code, dataset, period_label, ledger_id, "
            "error_code, dag_id, run_id, task_id, message, dedup_key) values (:kind, :partner, "
            ":dataset, :period, :ledger_id, :error_code, :dag_id, :run_id, :task_id, :message, "
            ":dedup_key) on conflict (dedup_key) do nothing returning id"
        ),
        {
            "kind": alert.kind,
            "partner": alert.partner_code,
            "dataset": alert.dataset,
            "period": alert.period_label,
            "ledger_id": alert.ledger_id,
            "error_code": alert.error_code,
            "dag_id": alert.dag_id,
            "run_id": alert.run_id,
            "task_id": alert.task_id,
            "message": alert.message,
            "dedup_key": alert.dedup_key,
        },
    ).scalar()
    if inserted is not None:
        return int(inserted), True
    existing = conn.execute(
        text("select id from ops.alerts where dedup_key = :k"), {"k": alert.dedup_key}
    ).scalar_one()
    return int(existing), False


def raise_alert(
    alert: Alert,
    *,
    settings: Settings | None = None,
    channels: Sequence[AlertChannel] | None = None,
) -> AlertOutcome:
    """Record the alert (idempotent) and notify it once.

    The row commits before anything is sent; notification is claimed by setting
    ``notified_at``, so concurrent or repeated calls send it at most once.
    """
    from sqlalchemy import text

    from pata.warehouse.engine import get_engine

    engine = get_engine(role="pipeline", settings=settings or get_settings())
    with engine.begin() as conn:
        alert_id, new = record_alert(conn, alert)
    with engine.begin() as conn:
        claimed = conn.execute(
            text(
                "update ops.alerts set notified_at = now() where id = :id "
                "and notified_at is null returning id"
            ),
            {"id": alert_id},
        ).scalar()
    if claimed is None:
        return AlertOutcome(alert_id=alert_id, new=new, notified_via=None)
    carried = notify(alert, channels=channels)
    with engine.begin() as conn:
        conn.execute(
            text("update ops.alerts set notified_via = :via where id = :id"),
            {"via": carried, "id": alert_id},
        )
    return AlertOutcome(alert_id=alert_id, new=new, notified_via=tuple(carried))


def alert_rejected_files(
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
    ledger_ids: Sequence[int] | None = None,
    within: timedelta = timedelta(days=2),
    channels: Sequence[AlertChannel] | None = None,
) -> int:
    """Raise a ``file-rejected`` alert for each rejected file, and a ``file-failed`` one for
    each failed file, not alerted yet; return how many.

    ``ledger_ids`` limits it to those files (the ingest DAG passes its outcomes); otherwise
    files received within ``within`` before ``now`` are considered. Partner and dataset are
    named only when the registry knows them (a stray folder name could be anything).
    """
    from sqlalchemy import bindparam, text

    from pata.registry import load_registry
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    now = now or clock.now()
    known = load_registry().partners
    clause = "l.id in :ids" if ledger_ids is not None else "l.received_at >= :since"
    statement = text(
        "select l.id, l.status, l.partner_code, l.dataset, l.period_label, l.error_code "
        "from ops.file_ledger as l where l.status in ('rejected', 'failed') and "
        + clause
        + " and not exists (select 1 from ops.alerts as a where a.kind = 'file-' || l.status "
        "and a.ledger_id = l.id) order by l.id"
    )
    params: dict[str, Any] = {}
    if ledger_ids is not None:
        if not ledger_ids:
            return 0
        statement = statement.bindparams(bindparam("ids", expanding=True))
        params["ids"] = list(ledger_ids)
    else:
        params["since"] = now - within
    with get_engine(role="pipeline", settings=settings).connect() as conn:
        rows = conn.execute(statement, params).all()
    raised = 0
    for row in rows:
        partner = row.partner_code if row.partner_code in known else None
        of_kind = Alert.file_failed if row.status == "failed" else Alert.file_rejected
        alert = of_kind(
            ledger_id=int(row.id),
            partner_code=partner,
            dataset=_or_none(row.dataset, _safe_dataset),
            period_label=_or_none(row.period_label, _PERIOD.match),
            error_code=_or_none(row.error_code, _CODE.match),
        )
        if raise_alert(alert, settings=settings, channels=channels).new:
            raised += 1
    log.info("rejected or failed files: %s new alerts", raised)
    return raised


def _safe_dataset(value: str) -> bool:
    from pata.contracts import DATASETS

    return value in DATASETS


def _or_none(value: str | None, accept: Any) -> str | None:
    return value if value and accept(value) else None


# -- Airflow callbacks -------------------------------------------------------------------------


def on_task_failure(context: Mapping[str, Any]) -> None:
    """Task-level ``on_failure_callback``: one ``task-failed`` alert per failed task instance.

    Runs after the last retry. Records the exception's class or code, never its message.
    """
    failure = _attempt(_raise_task_failed, context)
    if failure:  # a callback must never hide the failure it reports
        log.error("could not raise the task-failed alert (%s)", failure)


def _raise_task_failed(context: Mapping[str, Any]) -> None:
    ti = context.get("ti") or context.get("task_instance")
    task_id = str(getattr(ti, "task_id", "") or "")
    map_index = getattr(ti, "map_index", -1)
    if isinstance(map_index, int) and map_index >= 0:
        task_id = f"{task_id}[{map_index}]"
    alert = Alert.task_failed(
        dag_id=_airflow_id(getattr(ti, "dag_id", None), _AIRFLOW_ID) or "unknown",
        run_id=_airflow_id(getattr(ti, "run_id", None) or context.get("run_id"), _RUN_ID)
        or "unknown",
        task_id=_airflow_id(task_id, _AIRFLOW_ID) or "unknown",
        error_code=error_code_of(context.get("exception")),
    )
    raise_alert(alert)


def on_dag_failure(context: Mapping[str, Any]) -> None:
    """DAG-level ``on_failure_callback``: one ``dag-failed`` alert per failed DAG run."""
    failure = _attempt(_raise_dag_failed, context)
    if failure:
        log.error("could not raise the dag-failed alert (%s)", failure)


def _raise_dag_failed(context: Mapping[str, Any]) -> None:
    dag = context.get("dag")
    dag_run = context.get("dag_run")
    dag_id = getattr(dag, "dag_id", None) or getattr(dag_run, "dag_id", None)
    run_id = context.get("run_id") or getattr(dag_run, "run_id", None)
    reason = context.get("reason")
    alert = Alert.dag_failed(
        dag_id=_airflow_id(dag_id, _AIRFLOW_ID) or "unknown",
        run_id=_airflow_id(run_id, _RUN_ID) or "unknown",
        error_code=_or_none(str(reason).lower() if reason else None, _CODE.match),
    )
    raise_alert(alert)


async def on_deadline_missed(*, context: Mapping[str, Any] | None = None, **_: Any) -> str:
    """Airflow deadline callback (``AsyncCallback``, runs in the triggerer): alert once.

    The triggerer passes a small context: the DAG run (as a dict) and the deadline.
    """
    import asyncio

    context = context or {}
    dag_run = context.get("dag_run") or {}
    deadline = context.get("deadline") or {}
    deadline_time = deadline.get("deadline_time") if isinstance(deadline, Mapping) else None
    if isinstance(deadline_time, str):
        deadline_time = datetime.fromisoformat(deadline_time)
    alert = Alert.dag_deadline_missed(
        dag_id=_airflow_id(dag_run.get("dag_id"), _AIRFLOW_ID) or "unknown",
        run_id=_airflow_id(dag_run.get("dag_run_id") or dag_run.get("run_id"), _RUN_ID)
        or "unknown",
        deadline=deadline_time if isinstance(deadline_time, datetime) else None,
    )
    # the alert path is synchronous (database, notifier hooks): keep the triggerer's loop free
    outcome = await asyncio.to_thread(raise_alert, alert)
    return alert.dedup_key if outcome.new else f"{alert.dedup_key} (already raised)"


def _airflow_id(value: object, pattern: re.Pattern[str]) -> str | None:
    text = str(value) if value is not None else ""
    return text if pattern.match(text) else None
