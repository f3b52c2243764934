"""The whole benchmark: exports, a private stack, latency with Airflow, then throughput.

Order, and why:
1. the synthetic exports are generated (or taken from the cache) in worker processes,
   while the private stack and Airflow start: nothing is being measured yet;
2. latency first, on an empty warehouse, with Airflow running; Airflow is stopped after,
   so its idle loops do not share the 2 cores with the throughput measurements;
3. throughput per size, the parts interleaved (A, B, pipeline, A, B, pipeline...) so a
   change in the box's load hits all three alike; each part in its own subprocess;
4. the big file through the pipeline, for its peak memory.

Over 400 lines on purpose: the phases above and their budget are one sequence, read
from top to bottom; the measured parts live in :mod:`pata.bench.parts` and :mod:`pata.bench.stages`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pata import clock
from pata.bench.exports import BENCH_DATASET, BENCH_PARTNER, Export, cached_exports
from pata.bench.formats import measure_format, submit_format_exports
from pata.settings import REPO_ROOT

log = logging.getLogger(__name__)

WORK_DIR = REPO_ROOT / "bench" / "work"
GIB = 1024**3

# Periods never shared between groups, so no file supersedes another: latency drops in
# 2024, the small size's repeats in early 2025, each bigger size in its own later month,
# the big file's base (when no size provides it) and the big file after that.
LATENCY_END = date(2024, 12, 31)
SIZES_START = date(2025, 1, 1)
BIG_BASE_ROWS = 1_000_000
"""The big file is copies of a generated export of at most this many rows (see
:func:`_scaled_big_export`): generating 5,000,000 rows took ~4 min of the run's 15."""
_SCALED_VERSION = "scaled-v1"


@dataclass(frozen=True)
class BenchOptions:
    """What to measure (the command line's options)."""

    sizes: tuple[int, ...] = (100_000, 1_000_000)
    big: int = 5_000_000
    latency_drops: int = 5
    latency_rows: int = 10_000
    repeats: int = 3
    seed: int = 2024
    out: Path = REPO_ROOT / "bench" / "results.json"
    rss_cap_bytes: int = 8 * GIB
    part_timeout_seconds: float = 1800.0
    big_timeout_seconds: float = 900.0
    big_min_seconds: float = 180.0
    budget_seconds: float = 15 * 60.0
    formats: tuple[str, ...] = ("xlsx", "json")
    format_rows: int = 1_000_000
    quick: bool = False
    workers: int = field(default_factory=lambda: len(os.sched_getaffinity(0)))


def run_bench(options: BenchOptions, *, echo: Callable[[str], None] = print) -> dict[str, Any]:
    """Run every measurement the options ask for and write the results; the document."""
    from pata.bench import latency as latency_bench
    from pata.bench.machine import describe_machine, postgres_version
    from pata.bench.private_stack import private_stack
    from pata.bench.results import SCHEMA, format_table, targets, write_document
    from pata.progress import progress

    started_at, started = clock.wall_now(), time.monotonic()
    machine = describe_machine()
    rss_cap = min(options.rss_cap_bytes, int(0.6 * machine["memory_available_bytes"]))
    echo(f"bench: {machine['nproc']} cores, load {machine['load_average_start']}; exports...")
    cache = WORK_DIR / "exports"
    max_file_bytes = 4 * GIB
    phases = Phases()
    with ProcessPoolExecutor(max_workers=max(1, options.workers)) as pool:
        pending = _submit_exports(pool, options=options, cache=cache)
        pending.update(
            submit_format_exports(
                pool,
                formats=options.formats,
                rows=options.format_rows,
                seed=options.seed,
                cache=cache,
            )
        )
        with private_stack(home=WORK_DIR / "home", max_file_bytes=max_file_bytes) as settings:
            machine["postgresql"] = postgres_version(settings=settings)
            linkage_enabled = settings.linkage_enabled
            phases.mark("stack")
            latency_doc = None
            if options.latency_drops > 0:
                latency_doc = _measure_latency(
                    settings,
                    pending=pending,
                    options=options,
                    echo=echo,
                    module=latency_bench,
                    phases=phases,
                )
            exports = {name: future.result() for name, future in pending.items()}
            phases.mark("exports_wait")
            throughput = []
            with progress("bench: throughput", unit="sizes", total=len(options.sizes)) as shown:
                for rows in options.sizes:
                    shown.describe(f"bench: throughput at {rows:,} rows")
                    throughput.append(
                        _measure_size(
                            rows,
                            exports[f"size-{rows}"],
                            options=options,
                            rss_cap=rss_cap,
                            echo=echo,
                        )
                    )
                    shown.advance()
                    phases.mark(f"throughput_{rows}")
            formats = []
            for name in options.formats:
                formats.append(
                    measure_format(
                        name,
                        exports[f"format-{name}"][0],
                        rss_cap=rss_cap,
                        timeout=options.part_timeout_seconds,
                        echo=echo,
                    )
                )
                phases.mark(f"format_{name}")
            big_doc = None
            if options.big > 0:
                base = exports.get("big-base") or exports[f"size-{_big_base_rows(options)}"]
                big_export = _scaled_big_export(
                    base[0], rows=options.big, month=_big_month(options), cache=cache
                )
                # The big file gets what is left of the run's budget, within bounds: below
                # a few minutes it only shows the read, not the peak.
                # 60 s of margin: stopping the stack, writing the results, and `make bench`
                # checking the venv before the run starts.
                left = options.budget_seconds - (time.monotonic() - started) - 60
                timeout = max(
                    min(options.big_min_seconds, options.big_timeout_seconds),
                    min(options.big_timeout_seconds, left),
                )
                big_doc = _measure_big(big_export, timeout=timeout, rss_cap=rss_cap, echo=echo)
                phases.mark("big")
    machine["load_average_end"] = [round(value, 2) for value in os.getloadavg()]
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": clock.wall_now().isoformat(timespec="seconds"),
        "duration_seconds": round(time.monotonic() - started, 1),
        "phases_seconds": phases.seconds,
        "options": {
            "sizes": list(options.sizes),
            "big": options.big,
            "formats": list(options.formats),
            "format_rows": options.format_rows,
            "latency_drops": options.latency_drops,
            "latency_rows": options.latency_rows,
            "repeats_smallest_size": options.repeats,
            "seed": options.seed,
            "quick": options.quick,
            "rss_guard_bytes": rss_cap,
            "part_timeout_seconds": options.part_timeout_seconds,
            "big_timeout_seconds": options.big_timeout_seconds,
            "big_min_seconds": options.big_min_seconds,
            "budget_seconds": options.budget_seconds,
        },
        "machine": machine,
        "export": {
            "partner": BENCH_PARTNER,
            "dataset": BENCH_DATASET,
            "format": "csv",
            "encoding": "utf-8",
            "generator": "pata.synth.generate, defects 0",
        },
        "settings_overrides": {
            "PATA_MAX_FILE_BYTES": max_file_bytes,
            "PATA_DEMO": 0,
            **(
                {"PATA_LINKAGE_ENABLED": os.environ["PATA_LINKAGE_ENABLED"]}
                if "PATA_LINKAGE_ENABLED" in os.environ
                else {}
            ),
        },
        "linkage_enabled": linkage_enabled,
        "throughput": throughput,
        "formats": formats,
        "big": big_doc,
        "latency": latency_doc,
    }
    document["targets"] = targets(document)
    write_document(document, out=options.out)
    echo(format_table(document))
    echo(f"\nwrote {options.out} in {document['duration_seconds']:.0f} s")
    return document


# -- exports --------------------------------------------------------------------------------


def _submit_exports(
    pool: ProcessPoolExecutor, *, options: BenchOptions, cache: Path
) -> dict[str, Future[list[Export]]]:
    """Queue every export the run needs (latency files first: they are needed first)."""
    pending: dict[str, Future[list[Export]]] = {}
    if options.latency_drops > 0:
        pending["latency"] = pool.submit(
            cached_exports,
            cache_dir=cache,
            rows=options.latency_rows,
            files=options.latency_drops,
            end=LATENCY_END,
            seed=options.seed,
        )
    month = SIZES_START
    for index, rows in enumerate(sorted(options.sizes)):
        files = options.repeats if index == 0 else 1
        month = _add_months(month, files)
        pending[f"size-{rows}"] = pool.submit(
            cached_exports,
            cache_dir=cache,
            rows=rows,
            files=files,
            end=_add_months(month, -1),
            seed=options.seed + 1 + index,
        )
    if options.big > 0:
        base_rows = _big_base_rows(options)
        if base_rows not in options.sizes:
            pending["big-base"] = pool.submit(
                cached_exports,
                cache_dir=cache,
                rows=base_rows,
                files=1,
                end=month,
                seed=options.seed + 100,
            )
    return pending


def _scaled_big_export(base: Export, *, rows: int, month: date, cache: Path) -> Export:
    """A file of ``rows`` rows: copies of ``base``'s records, each copy with new record ids.

    Copy ``n`` prefixes every case id with ``R<n>-`` (ids stay unique in the file, and none
    equals a record already loaded from ``base``); the last copy is cut at ``rows``. The
    file is named for ``month``, a period no other benchmark file has, so it neither
    duplicates nor supersedes one. Cached next to the exports.
    """
    key = hashlib.sha256(
        f"{_SCALED_VERSION}:{base.path.parents[3].name}:{rows}:{month}".encode()
    ).hexdigest()[:16]
    folder = cache / f"big-{rows}-{key}" / base.partner / "incoming" / base.dataset
    target = folder / f"{base.partner}_{base.dataset}_{month:%Y-%m}.csv"
    cached = target.exists()
    started = time.perf_counter()
    if not cached:
        folder.mkdir(parents=True, exist_ok=True)
        scratch = target.with_suffix(".partial")
        header, body = _split_header(base.path.read_bytes())
        prefix = b"\n" + _id_prefix(body)
        body = b"\n" + body.rstrip(b"\n")
        found = body.count(prefix)
        if found != base.rows:
            raise RuntimeError(
                f"{base.path.name}: {found} rows start with the case-id prefix, "
                f"{base.rows} expected; cannot scale it"
            )
        left = rows
        with scratch.open("wb") as out:
            out.write(header.rstrip(b"\n"))
            copy = 0
            while left > 0:
                renamed = body.replace(prefix, prefix + b"R%d-" % copy)
                if left < base.rows:
                    renamed = renamed[: _nth(renamed, prefix, left)]
                out.write(renamed)
                left -= min(left, base.rows)
                copy += 1
            out.write(b"\n")
        scratch.rename(target)
    return Export(
        path=target,
        partner=base.partner,
        dataset=base.dataset,
        period=f"{month:%Y-%m}",
        rows=rows,
        size_bytes=target.stat().st_size,
        generate_seconds=base.generate_seconds + (time.perf_counter() - started),
        cached=cached and base.cached,
    )


def _split_header(data: bytes) -> tuple[bytes, bytes]:
    end = data.index(b"\n") + 1
    return data[:end], data[end:]


def _id_prefix(body: bytes) -> bytes:
    """The letters before the first digit of the first row's first field (``MUKTI-C-``)."""
    first = body[: body.index(b",")]
    cut = next((i for i, byte in enumerate(first) if chr(byte).isdigit()), len(first))
    if cut == 0 or first[:1] == b'"':
        raise RuntimeError("the first column does not start with a textual case-id prefix")
    return first[:cut]


def _nth(data: bytes, needle: bytes, n: int) -> int:
    """The offset of the ``n``-th (0-based) occurrence of ``needle`` in ``data``."""
    offset = -1
    for _ in range(n + 1):
        offset = data.find(needle, offset + 1)
        if offset < 0:
            return len(data)
    return offset


def _big_base_rows(options: BenchOptions) -> int:
    """Rows of the export the big file is copied from (a measured size's, when one fits)."""
    return min(options.big, BIG_BASE_ROWS)


def _big_month(options: BenchOptions) -> date:
    """The month after every size's files (and the big file's base, when generated)."""
    files = sum(options.repeats if index == 0 else 1 for index in range(len(options.sizes)))
    return _add_months(SIZES_START, files + 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# -- measurements -------------------------------------------------------------------------


def _measure_size(
    rows: int,
    exports: list[Export],
    *,
    options: BenchOptions,
    rss_cap: int,
    echo: Callable[[str], None],
) -> dict[str, Any]:
    """Baselines A and B and the pipeline on one size, best of the repeats."""
    from pata.bench.isolation import run_part
    from pata.bench.results import load_ratio, ratio, summarise_runs

    runs: dict[str, list[dict[str, Any]]] = {"copy": [], "arrow": [], "pipeline": []}
    baseline_file = exports[0]
    for export in exports:
        for part in ("copy", "arrow", "pipeline"):
            # Baselines read the same bytes every time; the pipeline gets a new period each
            # time, or the same bytes would be a duplicate and skipped.
            path = export.path if part == "pipeline" else baseline_file.path
            echo(f"  {rows:,} rows: {part} ({export.period if part == 'pipeline' else 'A/B file'})")
            runs[part].append(
                run_part(
                    part,
                    path=path,
                    partner=export.partner,
                    dataset=export.dataset,
                    max_rows=rows,
                    rss_cap_bytes=rss_cap,
                    timeout_seconds=options.part_timeout_seconds,
                )
            )
    entry: dict[str, Any] = {
        "rows": rows,
        "bytes": baseline_file.size_bytes,
        "files": [export.path.name for export in exports],
        "repeats": len(exports),
        "generate_seconds": exports[0].generate_seconds,
        "export_cached": all(export.cached for export in exports),
    }
    for part, done in runs.items():
        entry[part] = summarise_runs(done, rows=rows)
    entry["ratio_pipeline_to_copy"] = ratio(entry["pipeline"], entry["copy"])
    entry["ratio_load_to_copy"] = load_ratio(entry["pipeline"], entry["copy"])
    entry["ratio_arrow_to_copy"] = ratio(entry["arrow"], entry["copy"])
    return entry


def _measure_big(
    export: Export, *, timeout: float, rss_cap: int, echo: Callable[[str], None]
) -> dict[str, Any]:
    """The pipeline on the big file, for its peak memory (under the guard and a time budget)."""
    from pata.bench.isolation import run_part
    from pata.bench.results import summarise_runs

    echo(f"  {export.rows:,} rows: pipeline (peak memory; time budget {timeout:.0f} s)")
    run = run_part(
        "pipeline",
        path=export.path,
        partner=export.partner,
        dataset=export.dataset,
        max_rows=export.rows,
        rss_cap_bytes=rss_cap,
        timeout_seconds=timeout,
        timeline=True,
    )
    return {
        "rows": export.rows,
        "bytes": export.size_bytes,
        "file": export.path.name,
        "generate_seconds": round(export.generate_seconds, 1),
        "export_cached": export.cached,
        "time_budget_seconds": round(timeout, 1),
        "pipeline": summarise_runs([run], rows=export.rows),
    }


class Phases:
    """Wall time of each phase of the run, to see where the budget goes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.monotonic()

    def mark(self, name: str) -> None:
        """Close the phase ``name`` (it ran since the previous mark)."""
        now = time.monotonic()
        self.seconds[name] = round(self.seconds.get(name, 0.0) + now - self._last, 1)
        self._last = now


def _measure_latency(
    settings: Any,
    *,
    pending: dict[str, Future[list[Export]]],
    options: BenchOptions,
    echo: Callable[[str], None],
    module: Any,
    phases: Phases,
) -> dict[str, Any]:
    """Start Airflow, drop the latency files one by one, stop Airflow."""
    from pata.stack import airflow

    startup = time.monotonic()
    echo("  latency: starting Airflow")
    airflow.migrate(settings)
    airflow.start(settings)
    try:
        airflow.wait_healthy(settings, timeout=300)
        probe = module.LatencyProbe(settings)
        ready = probe.wait_ready(timeout=300)
        ready_seconds = time.monotonic() - startup
        phases.mark("airflow_ready")
        drops = pending["latency"].result()
        # Nothing else may compete for the cores while drops are timed.
        for future in pending.values():
            future.result()
        phases.mark("exports_wait")
        records = []
        for number, export in enumerate(drops, start=1):
            key = f"{export.partner}/incoming/{export.dataset}/{export.path.name}"
            record = probe.drop(key=key, body=export.path.read_bytes())
            echo(f"  latency: drop {number}: {record.get('latency_seconds')} s")
            records.append(record)
    finally:
        airflow.stop(settings)
        phases.mark("latency_drops")
    return {
        **module.summarise(records),
        "rows_per_file": options.latency_rows,
        "airflow_ready_seconds": round(ready_seconds, 1),
        "ready": ready,
        "runs": records,
    }
