"""Partner deadlines: which files are due when, and which partners are late.

The registry (``config/partners.yaml``) gives, per partner and dataset, a ``frequency``
(monthly or quarterly) and a ``due_day``: the file for a month is due on that day of the
next month; the file for a quarter on that day of the month after the quarter. "Today" is
the partner's own date (its timezone), and a file received on the due day is on time.

A period counts as submitted as soon as the ledger holds any file for that partner,
dataset and period other than a rejected or a duplicate one. The check takes the latest
period that fell due, plus the earlier ones due within ``lookback_days`` (so scheduler
downtime loses nothing), and raises one ``late-submission`` alert per partner, dataset and
period, however often it runs; when the file finally comes, the alert is marked resolved.
For a pulled dataset (a ``pull:`` block in the registry) the calendar's due day is the last
day of its pull window: a missing export is late only once the pull has stopped looking.

The same arithmetic lives in SQL for the health view (``ops.due_date``,
``ops.latest_due_period_start``); the integration tests hold the two to each other.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pata import clock
from pata.periods import Period, month_of, quarter_of
from pata.registry import Frequency, Registry
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

DEFAULT_LOOKBACK_DAYS = 35
NOT_A_SUBMISSION = ("rejected", "duplicate")


@dataclass(frozen=True)
class CalendarEntry:
    """When one partner owes one dataset (a row of ``ops.submission_calendar``)."""

    partner_code: str
    dataset: str
    frequency: Frequency
    due_day: int
    timezone: str
    expected_from: date | None = None


@dataclass(frozen=True)
class LateSubmission:
    """A period whose file is overdue: no counting ledger row for it."""

    partner_code: str
    dataset: str
    period: Period
    due: date
    days_late: int


@dataclass(frozen=True)
class DeadlineReport:
    """What one deadline check found and did (counts and codes only)."""

    checked: int
    late: tuple[LateSubmission, ...]
    alerts_raised: int
    alerts_resolved: int

    def as_dict(self) -> dict[str, object]:
        """A summary safe for XCom and logs."""
        return {
            "checked": self.checked,
            "late": [f"{x.partner_code}/{x.dataset}/{x.period.label}" for x in self.late],
            "alerts_raised": self.alerts_raised,
            "alerts_resolved": self.alerts_resolved,
        }


# -- calendar arithmetic -------------------------------------------------------------------


def period_containing(day: date, *, frequency: Frequency) -> Period:
    """The month or quarter (per ``frequency``) that contains ``day``."""
    return month_of(day) if frequency == "monthly" else quarter_of(day)


def due_date(period: Period, *, due_day: int) -> date:
    """The due date of a period's file: day ``due_day`` of the month after the period."""
    return period.end + timedelta(days=due_day)


def latest_due_period(*, today: date, frequency: Frequency, due_day: int) -> Period:
    """The latest period whose due date is before ``today`` (on the due day, still on time)."""
    # due_date(P) = P.end + due_day, so P is overdue exactly when P.end < today - due_day.
    pivot = period_containing(today - timedelta(days=due_day), frequency=frequency)
    return period_containing(pivot.start - timedelta(days=1), frequency=frequency)


def next_due_period(*, today: date, frequency: Frequency, due_day: int) -> Period:
    """The next period to fall due (its due date is today or later)."""
    return latest_due_period(today=today, frequency=frequency, due_day=due_day).next()


def overdue_periods(
    *,
    today: date,
    frequency: Frequency,
    due_day: int,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
    expected_from: date | None = None,
) -> list[Period]:
    """The periods to check on ``today``, oldest first.

    Always the latest period whose due date has passed (the one the health view shows),
    plus the earlier ones due within ``lookback_days``: a check missed while the
    scheduler was down is made up, and a first install is not flooded with old periods.
    Periods that start before ``expected_from`` are never owed.
    """
    periods: list[Period] = []
    period = latest_due_period(today=today, frequency=frequency, due_day=due_day)
    while not periods or (today - due_date(period, due_day=due_day)).days <= lookback_days:
        if expected_from is not None and period.start < expected_from:
            break
        periods.append(period)
        period = period_containing(period.start - timedelta(days=1), frequency=frequency)
    return periods[::-1]


def partner_today(*, timezone: str, now: datetime) -> date:
    """Today's date for a partner, from an aware instant."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(ZoneInfo(timezone)).date()


# -- the calendar table ----------------------------------------------------------------------


def calendar_from_registry(registry: Registry) -> list[CalendarEntry]:
    """The submission calendar the registry describes, one entry per partner and dataset."""
    return [
        CalendarEntry(
            partner_code=partner.code,
            dataset=name,
            frequency=sent.frequency,
            # a pulled export is looked for from its due day through its window: it is
            # late (here and in the health view) only once the window has passed
            due_day=sent.due_day if sent.pull is None else sent.pull.last_window_day,
            timezone=partner.timezone,
        )
        for partner in registry.partners.values()
        for name, sent in sorted(partner.datasets.items())
    ]


def refresh_submission_calendar(conn: Connection, *, entries: Sequence[CalendarEntry]) -> int:
    """Upsert the calendar from the registry; deactivate what left it. Idempotent.

    ``expected_from`` is never overwritten: it is set by hand when a partner is onboarded.
    Returns the number of active entries.
    """
    from sqlalchemy import bindparam, text

    for entry in entries:
        conn.execute(
            text(
                "insert into ops.submission_calendar (partner_code, dataset, frequency, due_day, "
                "timezone, active, refreshed_at) values (:partner, :dataset, :frequency, :due_day, "
                ":timezone, true, now()) on conflict (partner_code, dataset) do update set "
                "frequency = excluded.frequency, due_day = excluded.due_day, "
                "timezone = excluded.timezone, active = true, refreshed_at = now() "
                "where (ops.submission_calendar.frequency, ops.submission_calendar.due_day, "
                "ops.submission_calendar.timezone, ops.submission_calendar.active) "
                "is distinct from (excluded.frequency, excluded.due_day, excluded.timezone, true)"
            ),
            {
                "partner": entry.partner_code,
                "dataset": entry.dataset,
                "frequency": entry.frequency,
                "due_day": entry.due_day,
                "timezone": entry.timezone,
            },
        )
    keep = [f"{e.partner_code}/{e.dataset}" for e in entries]
    conn.execute(
        text(
            "update ops.submission_calendar set active = false, refreshed_at = now() "
            "where active and partner_code || '/' || dataset not in :keep"
        ).bindparams(bindparam("keep", expanding=True)),
        {"keep": keep or [""]},
    )
    return len(entries)


def read_calendar(conn: Connection) -> list[CalendarEntry]:
    """The active entries of ``ops.submission_calendar``."""
    from sqlalchemy import text

    rows = conn.execute(
        text(
            "select partner_code, dataset, frequency, due_day, timezone, expected_from "
            "from ops.submission_calendar where active order by partner_code, dataset"
        )
    )
    return [CalendarEntry(**row._mapping) for row in rows]


# -- lateness --------------------------------------------------------------------------------


def submitted_periods(
    conn: Connection, *, partner_code: str, dataset: str, labels: Iterable[str]
) -> set[str]:
    """The labels among ``labels`` for which a counting file is in the ledger."""
    from sqlalchemy import bindparam, text

    wanted = list(labels)
    if not wanted:
        return set()
    rows = conn.execute(
        text(
            "select distinct period_label from ops.file_ledger where partner_code = :partner "
            "and dataset = :dataset and period_label in :labels and status not in :excluded"
        ).bindparams(bindparam("labels", expanding=True), bindparam("excluded", expanding=True)),
        {
            "partner": partner_code,
            "dataset": dataset,
            "labels": wanted,
            "excluded": list(NOT_A_SUBMISSION),
        },
    )
    return {label for (label,) in rows}


def find_late_submissions(
    conn: Connection,
    *,
    calendar: Sequence[CalendarEntry],
    now: datetime,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
) -> list[LateSubmission]:
    """Every overdue period within the look-back that has no counting file."""
    late: list[LateSubmission] = []
    for entry in calendar:
        today = partner_today(timezone=entry.timezone, now=now)
        due = overdue_periods(
            today=today,
            frequency=entry.frequency,
            due_day=entry.due_day,
            lookback_days=lookback_days,
            expected_from=entry.expected_from,
        )
        present = submitted_periods(
            conn,
            partner_code=entry.partner_code,
            dataset=entry.dataset,
            labels=[p.label for p in due],
        )
        for period in due:
            if period.label in present:
                continue
            deadline = due_date(period, due_day=entry.due_day)
            late.append(
                LateSubmission(
                    partner_code=entry.partner_code,
                    dataset=entry.dataset,
                    period=period,
                    due=deadline,
                    days_late=(today - deadline).days,
                )
            )
    return late


def resolve_late_alerts(conn: Connection, *, now: datetime) -> int:
    """Mark open late-submission alerts resolved when a counting file has come since."""
    from sqlalchemy import bindparam, text

    result = conn.execute(
        text(
            "update ops.alerts as a set resolved_at = :now where a.kind = 'late-submission' "
            "and a.resolved_at is null and exists (select 1 from ops.file_ledger as l "
            "where l.partner_code = a.partner_code and l.dataset = a.dataset "
            "and l.period_label = a.period_label and l.status not in :excluded)"
        ).bindparams(bindparam("excluded", expanding=True)),
        {"now": now, "excluded": list(NOT_A_SUBMISSION)},
    )
    return int(result.rowcount or 0)


def check_deadlines(
    *,
    now: datetime | None = None,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
    settings: Settings | None = None,
    registry: Registry | None = None,
) -> DeadlineReport:
    """Refresh the calendar, raise one alert per late submission, resolve the settled ones.

    The body of the daily ``pata_deadlines`` DAG. Safe to run any number of times: an alert
    for a partner, dataset and period is raised once.
    """
    from pata.alerts.alert import Alert
    from pata.alerts.raising import raise_alert
    from pata.registry import load_registry
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    now = now or clock.now()
    registry = registry or load_registry()
    engine = get_engine(role="pipeline", settings=settings)
    with engine.begin() as conn:
        refresh_submission_calendar(conn, entries=calendar_from_registry(registry))
        calendar = read_calendar(conn)
        resolved = resolve_late_alerts(conn, now=now)
        late = find_late_submissions(conn, calendar=calendar, now=now, lookback_days=lookback_days)
    raised = 0
    for item in late:
        alert = Alert.late_submission(
            partner_code=item.partner_code,
            dataset=item.dataset,
            period_label=item.period.label,
            due=item.due,
            days_late=item.days_late,
        )
        if raise_alert(alert, settings=settings).new:
            raised += 1
    log.info(
        "deadlines: %s calendar entries checked, %s late periods, %s new alerts, %s resolved",
        len(calendar),
        len(late),
        raised,
        resolved,
    )
    return DeadlineReport(
        checked=len(calendar), late=tuple(late), alerts_raised=raised, alerts_resolved=resolved
    )
