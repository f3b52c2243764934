"""Indicator and microdata refresh times, and bytes per case in core, on a year of data.

A year of synthetic exports (every header-then-rows partner, 12 months, as the integration
tests' year: ``tests/integration/conftest.py``) goes through ``pata.pipeline.process_bytes``
on a private stack (embedded PostgreSQL + moto, no Airflow) in a temporary home; then
``refresh_indicators`` and ``refresh_case_microdata`` run ``--repeats`` times each (best and
median printed), and ``core.fact_case``'s size is read after ``vacuum analyze``.

Not part of ``make bench``: loading the year alone takes minutes. Run it from a checkout
(the tree whose ``plugins/`` is first on the path is the one measured)::

    .venv/bin/python -m pata.bench.warehouse_year [--repeats 3]

It uses only APIs that exist both before and after migration 0009 (``process_bytes``,
``refresh_indicators``, ``refresh_case_microdata``), so the same file, run by its path with
``PYTHONPATH=<old checkout>/plugins``, measures a checkout of the wide model
(``git archive 4b6943a^``): see BENCHMARKS.md, "Warehouse footprint".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pata.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--months", type=int, default=12)
    options = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="pata-year-bench-"))
    from pata.stack.processes import free_port

    os.environ.update(
        {
            "PATA_HOME": str(home),
            "PATA_PG_PORT": str(free_port()),
            "PATA_S3_PORT": str(free_port()),
            "PATA_AIRFLOW_PORT": str(free_port()),
            "PATA_DEMO": "0",
        }
    )
    for name in ("PATA_WAREHOUSE_URL", "PATA_S3_ENDPOINT_URL", "PATA_SQS_QUEUE_URL"):
        os.environ.pop(name, None)
    from pata import stack
    from pata.settings import get_settings

    settings = get_settings()
    stack.start_services(settings)
    try:
        loaded = load_year(settings, home / "year", months=options.months)
        figures = measure(settings, repeats=options.repeats)
        figures["load_seconds"] = round(loaded, 1)
        figures["load_average"] = os.getloadavg()
        print(json.dumps(figures, indent=2))
    finally:
        stack.down(settings)
    return 0


def load_year(settings: Settings, root: Path, *, months: int) -> float:
    """Generate and process the year (the integration tests' seed, end and defects)."""
    from pata import dropzone
    from pata.pipeline import Upload, process_bytes
    from pata.registry import load_registry
    from pata.synth import generate

    registry = load_registry()
    partners = [
        code
        for code, partner in registry.partners.items()
        if not any(getattr(spec, "layout", None) for spec in partner.datasets.values())
    ]
    manifest = generate(
        out=root, months=months, seed=2026, defects=0.02, end=date(2023, 9, 30), partners=partners
    )
    order = {"cases": 0, "awareness_sessions": 1, "network_events": 2, "rehabilitation": 3}
    started = time.monotonic()
    for record in sorted(manifest.files, key=lambda f: (order[f.dataset], f.period, f.path)):
        data = (root / record.path).read_bytes()
        key = dropzone.DropKey(
            partner=record.partner, dataset=record.dataset, filename=Path(record.path).name
        ).key
        uploaded = datetime.combine(date(2023, 10, 1), day_time(6), tzinfo=UTC) + timedelta(
            minutes=len(record.path)
        )
        upload = Upload(
            key=key,
            etag=hashlib.md5(data, usedforsecurity=False).hexdigest(),
            size=len(data),
            uploaded_at=uploaded,
        )
        process_bytes(data, upload=upload, settings=settings)
    return time.monotonic() - started


def measure(settings: Settings, *, repeats: int) -> dict[str, object]:
    from sqlalchemy import text

    from pata.indicators import refresh_indicators
    from pata.warehouse.engine import get_engine
    from pata.warehouse.marts import refresh_case_microdata

    owner = get_engine(role="owner", settings=settings)
    with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("vacuum analyze"))
    indicators, microdata = [], []
    for _ in range(repeats):
        started = time.monotonic()
        refresh_indicators(settings=settings)
        indicators.append(time.monotonic() - started)
        started = time.monotonic()
        with get_engine(role="pipeline", settings=settings).begin() as conn:
            refresh_case_microdata(conn)
        microdata.append(time.monotonic() - started)
    with owner.connect() as conn:
        row = conn.execute(
            text(
                "select count(*), pg_relation_size('core.fact_case'), "
                "pg_total_relation_size('core.fact_case'), "
                "(select count(*) from information_schema.columns "
                " where table_schema = 'core' and table_name = 'fact_case'), "
                "(select count(*) from core.fact_case_current) from core.fact_case"
            )
        ).one()
    versions, heap, total, columns, current = row
    return {
        "git": os.environ.get("PATA_BENCH_LABEL", ""),
        "case_versions": versions,
        "current_cases": current,
        "fact_case_columns": columns,
        "bytes_per_case_heap": round(heap / versions),
        "bytes_per_case_with_indexes": round(total / versions),
        "indicator_refresh_s": {
            "best": round(min(indicators), 2),
            "median": round(statistics.median(indicators), 2),
        },
        "microdata_refresh_s": {
            "best": round(min(microdata), 2),
            "median": round(statistics.median(microdata), 2),
        },
    }


if __name__ == "__main__":
    sys.exit(main())
