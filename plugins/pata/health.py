"""Pipeline health: one line per partner and dataset, from ``ops.pipeline_health``.

``pata status --pipeline`` prints it: the last file and its status, files by status, rows
loaded and rejected, the rejection rate, the latest due period and whether it is late, and
the next due date. The view reads the submission calendar, which is refreshed from the
registry first, so a partner added to ``config/partners.yaml`` shows at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedHealth:
    """A row of ``ops.pipeline_health``: one partner and dataset (codes and counts only)."""

    partner_code: str
    dataset: str
    frequency: str
    due_day: int
    timezone: str
    partner_today: date
    files_total: int
    files_loaded: int
    files_partially_loaded: int
    files_rejected: int
    files_failed: int
    files_duplicate: int
    files_superseded: int
    files_in_progress: int
    last_ledger_id: int | None
    last_file_received_at: datetime | None
    last_file_status: str | None
    last_file_period: str | None
    rows_loaded: int
    rows_withheld: int
    rows_rejected: int
    row_rejection_rate: Decimal | None
    file_rejection_rate: Decimal | None
    last_due_period: str
    last_due_date: date
    late: bool
    days_late: int | None
    next_due_period: str
    next_due_date: date
    open_late_alerts: int


def read_pipeline_health(conn: Connection, *, as_of: datetime | None = None) -> list[FeedHealth]:
    """The health rows as of ``as_of`` (default: :func:`pata.clock.now`)."""
    from sqlalchemy import text

    from pata import clock

    rows = conn.execute(
        text("select * from ops.pipeline_health_at(:as_of) order by partner_code, dataset"),
        {"as_of": as_of or clock.now()},
    )
    return [FeedHealth(**row._mapping) for row in rows]


def pipeline_health(
    *, settings: Settings | None = None, as_of: datetime | None = None
) -> list[FeedHealth]:
    """Refresh the calendar from the registry, then read the health rows."""
    from pata.deadlines import calendar_from_registry, refresh_submission_calendar
    from pata.registry import load_registry
    from pata.warehouse.engine import get_engine

    engine = get_engine(role="pipeline", settings=settings or get_settings())
    with engine.begin() as conn:
        refresh_submission_calendar(conn, entries=calendar_from_registry(load_registry()))
        return read_pipeline_health(conn, as_of=as_of)


_COLUMNS = (
    ("PARTNER", "<"),
    ("DATASET", "<"),
    ("LAST FILE", "<"),
    ("STATUS", "<"),
    ("FILES", ">"),
    ("LOADED", ">"),
    ("REJECTED", ">"),
    ("FAILED", ">"),
    ("ROWS LOADED", ">"),
    ("ROWS REJECTED", ">"),
    ("REJ %", ">"),
    ("LAST DUE", "<"),
    ("STATE", "<"),
    ("NEXT DUE", "<"),
    ("OPEN ALERTS", ">"),
)
_SUMMARY_NAMES = 8


def _cells(row: FeedHealth) -> list[str]:
    last = (
        f"{row.last_file_received_at:%Y-%m-%d} ({row.last_file_period or 'no period'})"
        if row.last_file_received_at
        else "never"
    )
    rate = "-" if row.row_rejection_rate is None else f"{float(row.row_rejection_rate) * 100:.1f}"
    return [
        row.partner_code,
        row.dataset,
        last,
        row.last_file_status or "-",
        str(row.files_total),
        str(row.files_loaded + row.files_partially_loaded),
        str(row.files_rejected),
        str(row.files_failed),
        str(row.rows_loaded),
        str(row.rows_rejected),
        rate,
        f"{row.last_due_period} by {row.last_due_date:%Y-%m-%d}",
        f"LATE {row.days_late}d" if row.late else "on time",
        f"{row.next_due_period} by {row.next_due_date:%Y-%m-%d}",
        str(row.open_late_alerts),
    ]


def format_health_table(rows: Sequence[FeedHealth]) -> str:
    """The health rows as a fixed-width text table with a one-line summary."""
    table = [[name for name, _ in _COLUMNS], *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(_COLUMNS))]
    lines = [
        "  ".join(
            f"{cell:{align}{width}}"
            for cell, (_, align), width in zip(line, _COLUMNS, widths, strict=True)
        ).rstrip()
        for line in table
    ]
    if not rows:
        lines.extend(["", "no feed in the submission calendar (is config/partners.yaml empty?)"])
        return "\n".join(lines)
    late = [f"{r.partner_code}/{r.dataset}/{r.last_due_period}" for r in rows if r.late]
    named = ", ".join(late[:_SUMMARY_NAMES]) + (", ..." if len(late) > _SUMMARY_NAMES else "")
    lines.extend(["", f"{len(rows)} feeds, {len(late)} late" + (f": {named}" if late else "")])
    return "\n".join(lines)


def print_pipeline_health(settings: Settings) -> int:
    """Print the pipeline health table (``pata status --pipeline``); exit code 0."""
    rows = pipeline_health(settings=settings)
    print(format_health_table(rows))
    return 0
