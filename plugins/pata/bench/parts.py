"""The measured parts, each run alone in a fresh subprocess: ``python -m pata.bench.parts``.

One part per process keeps the peak memory of each measurement its own (``ru_maxrss`` of
the process that did the work) and the imports out of the timed section. The parts:

- ``copy``: baseline A, PostgreSQL ``COPY ... FROM STDIN`` (psycopg) of the file's bytes
  into an UNLOGGED table of text columns: the floor for getting the bytes into the server;
- ``arrow``: baseline B, ``pyarrow.csv.read_csv`` of the file (default options);
- ``pipeline``: ``pata.pipeline.process_local_file`` end to end, its stages timed by
  wrapping the pipeline's own functions (:mod:`pata.bench.stages`).

The result is written as JSON to ``--result``; the settings come from ``PATA_*``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH_DATABASE = "bench"
"""The database of baseline A, next to the warehouse on the same server."""

COPY_BLOCK_BYTES = 1024**2


def current_rss_bytes() -> int:
    """Resident memory of this process now."""
    return _status_bytes("VmRSS:")


def peak_rss_bytes() -> int:
    """The most resident memory this process has held since it started its program.

    ``VmHWM``, not ``ru_maxrss``: Linux carries ``ru_maxrss`` over ``exec`` from the forked
    parent, so a child of a big parent would report the parent's size.
    """
    return _status_bytes("VmHWM:")


def cpu_seconds() -> float:
    """User + system CPU time of this process so far (less sensitive to a busy box)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _status_bytes(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    return 0


def copy_baseline(*, path: Path) -> dict[str, Any]:
    """Baseline A: COPY the file's bytes into a fresh UNLOGGED table of text columns."""
    import csv

    import psycopg
    from psycopg import sql

    from pata.settings import get_settings

    settings = get_settings()
    with path.open(encoding="utf-8-sig", newline="") as stream:
        width = len(next(csv.reader(stream)))
    table = sql.Identifier(f"copy_{os.getpid()}")
    columns = sql.SQL(", ").join(
        sql.SQL("{} text").format(sql.Identifier(f"c{i}")) for i in range(width)
    )
    from pata.stack.postgres import conninfo as embedded_conninfo

    conninfo = embedded_conninfo(settings, BENCH_DATABASE)
    with psycopg.connect(conninfo) as conn:
        conn.execute(sql.SQL("drop table if exists {}").format(table))
        conn.execute(sql.SQL("create unlogged table {} ({})").format(table, columns))
        conn.commit()
        rss_before = current_rss_bytes()
        cpu_started, started = cpu_seconds(), time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy(
                sql.SQL("copy {} from stdin (format csv, header true, encoding 'UTF8')").format(
                    table
                )
            ) as copy,
            path.open("rb") as stream,
        ):
            while block := stream.read(COPY_BLOCK_BYTES):
                copy.write(block)
        conn.commit()
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
        rows = conn.execute(sql.SQL("select count(*) from {}").format(table)).fetchone()
        conn.execute(sql.SQL("drop table {}").format(table))
        conn.commit()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows": int(rows[0]) if rows else 0,
        "rss_before_bytes": rss_before,
        "peak_rss_bytes": peak_rss_bytes(),
    }


def arrow_baseline(*, path: Path) -> dict[str, Any]:
    """Baseline B: pyarrow's CSV reader on the file (default options, all threads)."""
    from pyarrow import csv

    rss_before = current_rss_bytes()
    cpu_started, started = cpu_seconds(), time.perf_counter()
    table = csv.read_csv(path)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows": table.num_rows,
        "rss_before_bytes": rss_before,
        "peak_rss_bytes": peak_rss_bytes(),
    }


def pipeline_run(*, path: Path, partner: str, dataset: str, max_rows: int) -> dict[str, Any]:
    """The pipeline on one local file, end to end, with the time of each stage."""
    started_imports = time.perf_counter()
    import great_expectations  # noqa: F401  (imported before the clock starts)

    import pata.deid
    import pata.feedback
    import pata.keys
    import pata.ledger
    import pata.readers
    import pata.validation
    import pata.warehouse.load  # noqa: F401
    from pata import pipeline
    from pata.bench.stages import StageClock, instrumented

    import_seconds = time.perf_counter() - started_imports
    overrides = _allow_rows(dataset=dataset, max_rows=max_rows)
    overrides.update(_allow_sheet_cells(path=path, max_rows=max_rows))
    clock = StageClock()
    with instrumented(clock) as wrapped:
        rss_before = current_rss_bytes()
        cpu_started, started = cpu_seconds(), time.perf_counter()
        outcome = pipeline.process_local_file(path, partner=partner, dataset=dataset)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows": outcome.rows_total,
        "status": outcome.status,
        "error_code": outcome.error_code,
        "rows_valid": outcome.rows_valid,
        "rows_loaded": outcome.rows_loaded,
        "rows_withheld": outcome.rows_withheld,
        "import_seconds": round(import_seconds, 3),
        "stages": clock.shares(total_seconds=seconds),
        "stage_calls": dict(clock.calls),
        "instrumented": wrapped,
        "overrides": overrides,
        "rss_before_bytes": rss_before,
        "peak_rss_bytes": peak_rss_bytes(),
    }


def _allow_rows(*, dataset: str, max_rows: int) -> dict[str, Any]:
    """Raise the dataset's plausible-volume ceiling to ``max_rows`` in this process only.

    One ``cases`` file of one partner and month is rejected above a plausibility ceiling;
    a benchmark of bigger files must get past it to measure the whole path. The change is
    returned so the results state it.
    """
    from pata.validation.suites import PLAUSIBLE_ROWS

    ceiling = PLAUSIBLE_ROWS.get(dataset)
    if ceiling is None or max_rows <= ceiling:
        return {}
    PLAUSIBLE_ROWS[dataset] = max_rows
    return {f"PLAUSIBLE_ROWS[{dataset}]": {"from": ceiling, "to": max_rows}}


SHEET_COLUMNS_ALLOWED = 100
"""Columns per row the raised sheet-size ceiling allows (:func:`_allow_sheet_cells`)."""


def _allow_sheet_cells(*, path: Path, max_rows: int) -> dict[str, Any]:
    """Raise the readers' sheet-size ceiling for a workbook of ``max_rows`` rows, here only.

    The readers refuse a worksheet over ``ReadLimits.max_sheet_cells`` (10 million cells:
    calamine holds a sheet as one dense range) before building it, so a 1,000,000-row
    ``cases`` workbook (23 columns) would be rejected unread. To measure the whole path the
    pipeline's ``ReadLimits`` get a ceiling of ``max_rows`` rows of 100 columns in this
    process; the change is returned so the results state it.
    """
    if path.suffix.lower() not in (".xlsx", ".xls", ".ods"):
        return {}
    import functools

    import pata.readers
    from pata.readers.model import ReadLimits

    ceiling = ReadLimits().max_sheet_cells
    wanted = (max_rows + 1) * SHEET_COLUMNS_ALLOWED
    if wanted <= ceiling:
        return {}
    pata.readers.ReadLimits = functools.partial(  # type: ignore[misc,assignment]
        ReadLimits, max_sheet_cells=wanted
    )
    return {"ReadLimits.max_sheet_cells": {"from": ceiling, "to": wanted}}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one part and write its result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m pata.bench.parts")
    parser.add_argument("--part", choices=("copy", "arrow", "pipeline"), required=True)
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--partner", default="")
    parser.add_argument("--dataset", default="")
    parser.add_argument("--max-rows", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.part == "copy":
        result = copy_baseline(path=args.file)
    elif args.part == "arrow":
        result = arrow_baseline(path=args.file)
    else:
        result = pipeline_run(
            path=args.file, partner=args.partner, dataset=args.dataset, max_rows=args.max_rows
        )
    args.result.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
