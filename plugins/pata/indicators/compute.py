"""Raw indicator cells from the warehouse: the SQL of each indicator, plus DQ-1 from the ledger.

Every query in ``sql/marts/indicators/`` returns ``partner_code, quarter_start,
disaggregation, category, numerator, denominator`` for the quarters between the bound
``:first_quarter`` and ``:last_quarter``. The quarters are those of the reporting periods
of the accepted files in the ledger; what is computed is unsuppressed and stays inside the
refresh transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import pandas as pd

from pata.indicators.catalogue import Catalogue, Indicator
from pata.indicators.submissions import INDICATOR as SUBMISSIONS_INDICATOR
from pata.indicators.submissions import submission_cells
from pata.indicators.values import RAW_COLUMNS, Coverage, empty_raw_cells
from pata.periods import Period, quarter_of
from pata.registry import Registry

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

ACCEPTED_STATUSES = ("loaded", "partially_loaded")
_LEDGER_SQL = """
select partner_code, dataset, period_label, period_start, period_end, status, uploaded_at
from ops.file_ledger
where period_label is not null and period_start is not null
"""


@dataclass(frozen=True)
class ComputedCells:
    """Unsuppressed raw cells of every indicator, the quarters and the coverage they span."""

    cells: pd.DataFrame
    quarters: tuple[Period, ...]
    coverage: Coverage


def read_ledger(conn: Connection) -> pd.DataFrame:
    """The ledger's files with a reporting period (codes, periods, statuses, upload times)."""
    from sqlalchemy import text

    result = conn.execute(text(_LEDGER_SQL))
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def reporting_quarters(ledger: pd.DataFrame) -> list[Period]:
    """Every quarter from the first to the last reporting period of an accepted file."""
    accepted = ledger[ledger["status"].isin(ACCEPTED_STATUSES)]
    if accepted.empty:
        return []
    first = quarter_of(_as_date(accepted["period_start"].min()))
    last = quarter_of(_as_date(accepted["period_end"].max()))
    quarters = [first]
    while quarters[-1] != last:
        quarters.append(quarters[-1].next())
    return quarters


def coverage_of(ledger: pd.DataFrame, *, quarters: list[Period], registry: Registry) -> Coverage:
    """Which partner reported which dataset in which quarter (accepted files only)."""
    accepted = ledger[ledger["status"].isin(ACCEPTED_STATUSES)]
    reported: set[tuple[str, str, str]] = set()
    for partner, dataset, start, end in zip(
        accepted["partner_code"],
        accepted["dataset"],
        accepted["period_start"],
        accepted["period_end"],
        strict=True,
    ):
        for quarter in quarters:
            if _as_date(start) <= quarter.end and _as_date(end) >= quarter.start:
                reported.add((str(partner), str(dataset), quarter.label))
    countries = {code: partner.country for code, partner in registry.partners.items()}
    return Coverage(reported=frozenset(reported), countries=countries)


def query_cells(conn: Connection, indicator: Indicator, *, quarters: list[Period]) -> pd.DataFrame:
    """Run one indicator's SQL for the quarters and return raw cells."""
    from sqlalchemy import text

    path = indicator.query_path()
    if path is None or not quarters:
        return empty_raw_cells()
    sql = text(path.read_text(encoding="utf-8"))
    result = conn.execute(
        sql, {"first_quarter": quarters[0].start, "last_quarter": quarters[-1].start}
    )
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    if frame.empty:
        return empty_raw_cells()
    labels = {quarter.start: quarter.label for quarter in quarters}
    frame["period_label"] = [labels[_as_date(start)] for start in frame["quarter_start"]]
    frame["indicator_code"] = indicator.code
    return frame.loc[:, list(RAW_COLUMNS)]


def compute_cells(
    conn: Connection, *, catalogue: Catalogue, registry: Registry, now: datetime
) -> ComputedCells:
    """Unsuppressed raw cells of every indicator of the catalogue."""
    ledger = read_ledger(conn)
    quarters = reporting_quarters(ledger)
    coverage = coverage_of(ledger, quarters=quarters, registry=registry)
    frames = [empty_raw_cells()]
    for indicator in catalogue.indicators:
        if indicator.code == SUBMISSIONS_INDICATOR:
            found = submission_cells(ledger, registry=registry, quarters=quarters, now=now)
        elif indicator.query is not None:
            found = query_cells(conn, indicator, quarters=quarters)
        else:
            raise NotImplementedError(f"{indicator.code} has neither a query nor a Python rule")
        log.debug("indicator %s: %s raw cells", indicator.code, len(found))
        if not found.empty:
            frames.append(found.loc[:, list(RAW_COLUMNS)])
    cells = pd.concat(frames, ignore_index=True)
    return ComputedCells(cells=cells, quarters=tuple(quarters), coverage=coverage)


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()  # type: ignore[arg-type]
