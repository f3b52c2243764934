"""Build the quarterly report's files and publish them to the reports bucket."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata import clock
from pata.periods import parse_period
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    import pandas as pd

    from pata.indicators.catalogue import Catalogue
    from pata.registry import Registry

log = logging.getLogger(__name__)

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
}


@dataclass(frozen=True)
class ReportFiles:
    """The files of one quarter's report."""

    period: str
    html: Path
    csv: Path
    xlsx: Path
    dhis2: Path
    values: int
    suppressed: int


@dataclass(frozen=True)
class PublishedReport:
    """Where a report was published (bucket and keys) and how many values it holds."""

    period: str
    bucket: str
    keys: tuple[str, ...]
    values: int
    suppressed: int

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (safe for XCom: keys and counts only)."""
        document = asdict(self)
        document["keys"] = list(self.keys)
        return document


def report_name(period: str) -> str:
    """The base file name of a quarter's report, e.g. ``pata_indicators_2026Q3``."""
    return f"pata_indicators_{parse_period(period).label}"


def build_report(
    *,
    period: str,
    out: Path,
    settings: Settings | None = None,
    values: pd.DataFrame | None = None,
    now: datetime | None = None,
    catalogue: Catalogue | None = None,
    registry: Registry | None = None,
) -> ReportFiles:
    """Write the report of quarter ``period`` (HTML, CSV, XLSX, DHIS2 JSON) into ``out``.

    ``values`` defaults to the published rows of ``marts.indicator_values`` for the quarter
    and the quarters before it (trends).
    """
    from pata.dhis2 import build_data_value_set, load_mapping
    from pata.indicators.catalogue import load_catalogue
    from pata.indicators.refresh import read_indicator_values
    from pata.registry import load_registry
    from pata.report.content import TREND_QUARTERS, build_content
    from pata.report.export import export_rows, write_csv, write_xlsx
    from pata.report.render import render_html

    quarter = parse_period(period)
    if not quarter.is_quarter:
        from pata.periods import PeriodError

        raise PeriodError("the report is quarterly: give a period like 2026Q3")
    settings = settings or get_settings()
    catalogue = catalogue or load_catalogue()
    registry = registry or load_registry()
    now = now or clock.now()
    if values is None:
        values = read_indicator_values(
            period=quarter.label, audience="published", periods=TREND_QUARTERS, settings=settings
        )
    if "audience" in values and not values.empty and set(values["audience"]) != {"published"}:
        raise ValueError("the report shows published values only")
    content = build_content(
        values, period=quarter.label, catalogue=catalogue, registry=registry, generated_at=now
    )
    out.mkdir(parents=True, exist_ok=True)
    base = out / report_name(quarter.label)
    html = base.with_suffix(".html")
    html.write_text(render_html(content), encoding="utf-8")
    window = values[values["period_label"].isin(content.quarters)] if not values.empty else values
    rows = export_rows(window, catalogue=catalogue, registry=registry)
    csv_path = write_csv(rows, base.with_suffix(".csv"))
    xlsx_path = write_xlsx(
        rows,
        base.with_suffix(".xlsx"),
        catalogue=catalogue,
        title=f"PATA programme indicators, {quarter.label}",
    )
    current = values[values["period_label"] == quarter.label] if not values.empty else values
    payload = build_data_value_set(current, period=quarter.label, mapping=load_mapping())
    dhis2_path = payload.write(out / f"pata_dataValueSets_{quarter.label}.json")
    suppressed = int(current["suppressed"].sum()) if not current.empty else 0
    log.info(
        "report %s written: %s values (%s suppressed), %s DHIS2 values",
        quarter.label,
        len(current),
        suppressed,
        payload.count,
    )
    return ReportFiles(
        period=quarter.label,
        html=html,
        csv=csv_path,
        xlsx=xlsx_path,
        dhis2=dhis2_path,
        values=len(current),
        suppressed=suppressed,
    )


def publish_report(
    *, period: str, settings: Settings | None = None, now: datetime | None = None
) -> PublishedReport:
    """Build the report of ``period`` and upload it to the reports bucket.

    Keys: ``quarterly/<period>/pata_indicators_<period>.{html,csv,xlsx}`` and
    ``dhis2/<period>/pata_dataValueSets_<period>.json``; a new run overwrites them.
    """
    from pata.storage import encryption_args, s3_client

    settings = settings or get_settings()
    label = parse_period(period).label
    s3 = s3_client(settings)
    keys = []
    with tempfile.TemporaryDirectory(prefix="pata-report-") as folder:
        files = build_report(period=label, out=Path(folder), settings=settings, now=now)
        for path, prefix in (
            (files.html, "quarterly"),
            (files.csv, "quarterly"),
            (files.xlsx, "quarterly"),
            (files.dhis2, "dhis2"),
        ):
            key = f"{prefix}/{label}/{path.name}"
            s3.put_object(
                Bucket=settings.reports_bucket,
                Key=key,
                Body=path.read_bytes(),
                ContentType=_CONTENT_TYPES[path.suffix],
                **encryption_args(settings),
            )
            keys.append(key)
    log.info(
        "report %s published to bucket %s (%s objects)", label, settings.reports_bucket, len(keys)
    )
    return PublishedReport(
        period=label,
        bucket=settings.reports_bucket,
        keys=tuple(keys),
        values=files.values,
        suppressed=files.suppressed,
    )
