"""Where alerts are sent: Airflow's own notifiers, chosen by the connections that exist.

:class:`SmtpChannel` when the ``pata_smtp`` connection exists, :class:`SlackChannel` when
``pata_slack`` does; with neither, :func:`notify` logs the alert and the ``ops.alerts`` row
is the alert.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pata.alerts.alert import Alert

log = logging.getLogger(__name__)

SMTP_CONN_ID = "pata_smtp"
SLACK_CONN_ID = "pata_slack"
DEFAULT_SLACK_CHANNEL = "#pata-alerts"


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
        failure = attempt(channel.send, alert)
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


def attempt(call: Callable[..., object], *args: Any) -> str | None:
    """Call; return None, or the class name of what it raised.

    Callers log *after* the ``except`` block: logged inside it, a failing log handler would
    print the active exception, whose message may quote what must never be logged.
    """
    try:
        call(*args)
    except Exception as exc:
        return type(exc).__name__
    return None
