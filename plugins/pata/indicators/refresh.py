"""Recompute ``marts.indicator_values`` from ``core`` and ``ops``, in one transaction.

The indicators DAG calls :func:`refresh_indicators` whenever the ingest DAG updates the
warehouse asset; ``pata indicators --refresh`` calls it too. The mart is rebuilt whole for
both audiences: readers see the old rows or the new ones, never a mix, and two refreshes
never interleave (a transaction-level advisory lock).
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from pata import clock
from pata.indicators.catalogue import Catalogue, load_catalogue
from pata.indicators.values import VALUE_COLUMNS, build_values
from pata.periods import Period, parse_period
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from pata.registry import Registry

log = logging.getLogger(__name__)

Audience = Literal["internal", "published"]
AUDIENCES: tuple[Audience, ...] = ("internal", "published")
_REFRESH_LOCK = 7414960004  # pg_advisory_xact_lock key of the indicators refresh
_TABLE_COLUMNS = (
    "audience",
    "indicator_code",
    "indicator_name",
    "period_label",
    "period_start",
    "period_end",
    "area_level",
    "area_code",
    "partner_code",
    "country_code",
    "disaggregation",
    "category",
    "value",
    "numerator",
    "denominator",
    "unit",
    "suppressed",
    "suppression_reason",
    "threshold",
    "catalogue_version",
    "refreshed_at",
)


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh wrote: safe to log and to pass through XCom (counts and labels only)."""

    catalogue_version: str
    periods: tuple[str, ...]
    rows: int
    suppressed: dict[str, int] = field(default_factory=dict)
    thresholds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        document = asdict(self)
        document["periods"] = list(self.periods)
        return document


def thresholds_of(*, catalogue: Catalogue, settings: Settings) -> dict[Audience, int]:
    """The suppression threshold of each audience."""
    return {"internal": settings.suppression_threshold, "published": catalogue.published_threshold}


def refresh_indicators(
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
    catalogue: Catalogue | None = None,
    registry: Registry | None = None,
) -> RefreshResult:
    """Link the person records stored since the last run, then recompute every indicator
    for every quarter and replace ``marts.indicator_values``.

    The linkage step (:func:`pata.linkage.store.link_warehouse`, its own transaction) comes
    first so the cross-border indicators count current clusters, whichever way the refresh
    is run (the indicators DAG, ``pata indicators refresh``, the tests)."""
    from sqlalchemy import text

    from pata.linkage.store import link_warehouse
    from pata.registry import load_registry
    from pata.warehouse.engine import get_engine

    started = time.perf_counter()
    settings = settings or get_settings()
    catalogue = catalogue or load_catalogue()
    registry = registry or load_registry()
    now = now or clock.now()
    thresholds = thresholds_of(catalogue=catalogue, settings=settings)
    engine = get_engine(role="pipeline", settings=settings)
    link_warehouse(engine)
    with engine.begin() as conn:
        conn.execute(text("select pg_advisory_xact_lock(:key)"), {"key": _REFRESH_LOCK})
        frames = compute_values(
            conn, catalogue=catalogue, registry=registry, now=now, thresholds=thresholds
        )
        rows = write_values(conn, frames, catalogue=catalogue, thresholds=thresholds, now=now)
    periods = sorted({label for frame in frames.values() for label in frame["period_label"]})
    result = RefreshResult(
        catalogue_version=catalogue.version,
        periods=tuple(periods),
        rows=rows,
        suppressed={audience: int(frame["suppressed"].sum()) for audience, frame in frames.items()},
        thresholds={str(k): v for k, v in thresholds.items()},
        seconds=round(time.perf_counter() - started, 3),
    )
    log.info(
        "indicators refreshed: %s rows over %s quarters (catalogue %s), suppressed %s",
        result.rows,
        len(result.periods),
        result.catalogue_version,
        result.suppressed,
    )
    return result


def compute_values(
    conn: Connection,
    *,
    catalogue: Catalogue,
    registry: Registry,
    now: datetime,
    thresholds: dict[Audience, int],
) -> dict[Audience, pd.DataFrame]:
    """The values frame of each audience, computed from the warehouse (not written)."""
    from pata.indicators.compute import compute_cells

    computed = compute_cells(conn, catalogue=catalogue, registry=registry, now=now)
    return {
        audience: build_values(
            computed.cells, catalogue=catalogue, coverage=computed.coverage, threshold=threshold
        )
        for audience, threshold in thresholds.items()
    }


def write_values(
    conn: Connection,
    frames: dict[Audience, pd.DataFrame],
    *,
    catalogue: Catalogue,
    thresholds: dict[Audience, int],
    now: datetime,
) -> int:
    """Replace the mart's rows with ``frames`` (in the caller's transaction)."""
    from sqlalchemy import column, delete, insert, table

    target = table("indicator_values", *(column(name) for name in _TABLE_COLUMNS), schema="marts")
    conn.execute(delete(target))
    records: list[dict[str, Any]] = []
    for audience, frame in frames.items():
        records.extend(
            _records(
                frame,
                audience=audience,
                catalogue=catalogue,
                threshold=thresholds[audience],
                now=now,
            )
        )
    if records:
        conn.execute(insert(target), records)
    return len(records)


def _records(
    frame: pd.DataFrame, *, audience: str, catalogue: Catalogue, threshold: int, now: datetime
) -> list[dict[str, Any]]:
    periods: dict[str, Period] = {}
    records = []
    for row in frame.loc[:, list(VALUE_COLUMNS)].to_dict("records"):
        indicator = catalogue.indicator(row["indicator_code"])
        period = periods.setdefault(row["period_label"], parse_period(row["period_label"]))
        record = {name: _plain(value) for name, value in row.items()}
        record.update(
            audience=audience,
            indicator_name=indicator.name,
            period_start=period.start,
            period_end=period.end,
            partner_code=record["area_code"] if record["area_level"] == "partner" else None,
            unit=indicator.unit,
            threshold=threshold,
            catalogue_version=catalogue.version,
            refreshed_at=now,
        )
        records.append(record)
    return records


def _plain(value: Any) -> Any:
    """A value psycopg can bind: pandas' missing values become None, numpy scalars Python."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def read_indicator_values(
    *,
    period: str | None = None,
    audience: Audience = "published",
    settings: Settings | None = None,
    periods: int | None = None,
) -> pd.DataFrame:
    """Rows of ``marts.indicator_values`` for one audience, as the analyst role reads them.

    ``period`` limits to one quarter; with ``periods`` also, to the ``periods`` quarters
    ending with it (for trends). Ordered by indicator (catalogue order), period, area,
    disaggregation and category.
    """
    from sqlalchemy import text

    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    wanted: list[str] | None = None
    if period is not None:
        last = parse_period(period)
        if not last.is_quarter:
            from pata.periods import PeriodError

            raise PeriodError("indicators are computed per quarter: give a period like 2026Q3")
        wanted = [last.label]
        while periods is not None and len(wanted) < periods:
            previous = parse_period(wanted[0])
            wanted.insert(0, _previous_quarter(previous).label)
    sql = "select * from marts.indicator_values where audience = :audience"
    params: dict[str, Any] = {"audience": audience}
    if wanted is not None:
        sql += " and period_label = any(:periods)"
        params["periods"] = wanted
    with get_engine(role="analyst", settings=settings).connect() as conn:
        result = conn.execute(text(sql), params)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    if not frame.empty:
        frame["value"] = pd.to_numeric(frame["value"]).astype("Float64")
        for name in ("numerator", "denominator"):
            frame[name] = pd.to_numeric(frame[name]).astype("Int64")
    return order_values(frame, catalogue=load_catalogue())


def order_values(frame: pd.DataFrame, *, catalogue: Catalogue) -> pd.DataFrame:
    """Rows in catalogue order: indicator, period, region first, then breakdowns and categories
    as the catalogue lists them (data-driven categories alphabetically after)."""
    if frame.empty:
        return frame
    indicator_position = {code: n for n, code in enumerate(catalogue.codes)}
    breakdown_position: dict[tuple[str, str], int] = {}
    category_position: dict[tuple[str, str, str], int] = {}
    for indicator in catalogue.indicators:
        breakdown_position[(indicator.code, "total")] = -1
        for n, disaggregation in enumerate(indicator.disaggregations):
            breakdown_position[(indicator.code, disaggregation.name)] = n
            for m, category in enumerate(disaggregation.categories or ()):
                category_position[(indicator.code, disaggregation.name, category)] = m
    codes, names, categories = frame["indicator_code"], frame["disaggregation"], frame["category"]
    ordered = frame.assign(
        _indicator=codes.map(indicator_position),
        _region=frame["area_level"] != "region",
        _breakdown=[breakdown_position.get((c, d), 999) for c, d in zip(codes, names, strict=True)],
        _category=[
            category_position.get((c, d, k), 999)
            for c, d, k in zip(codes, names, categories, strict=True)
        ],
    )
    ordered = ordered.sort_values(
        [
            "_indicator",
            "period_label",
            "_region",
            "area_code",
            "_breakdown",
            "_category",
            "category",
        ],
        kind="stable",
    )
    helpers = ["_indicator", "_region", "_breakdown", "_category"]
    return ordered.drop(columns=helpers).reset_index(drop=True)


def _previous_quarter(quarter: Period) -> Period:
    from datetime import timedelta

    from pata.periods import quarter_of

    return quarter_of(quarter.start - timedelta(days=1))
