"""``python -m pata.bench`` (``make bench``): run the benchmark, write ``bench/results.json``.

``python -m pata.bench --show bench/results.json`` prints the table of an earlier run.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pata.bench.runner import GIB, WORK_DIR, BenchOptions, run_bench
from pata.settings import REPO_ROOT

QUICK = {
    "sizes": (10_000,),
    "big": 0,
    "latency_drops": 0,
    "repeats": 1,
    "format_rows": 2_000,
    "out": WORK_DIR / "quick-results.json",
}
"""``--quick``: a smoke run of every throughput part in a couple of minutes; its results go
to ``bench/work/`` so they never replace the committed ``bench/results.json``."""


def parse_options(argv: Sequence[str] | None = None) -> BenchOptions:
    """The benchmark's options from the command line (``--quick`` fills what is not given)."""
    defaults = BenchOptions()
    parser = argparse.ArgumentParser(
        prog="python -m pata.bench",
        description="Throughput, peak memory and drop-to-indicator latency of the pipeline.",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        help=f"rows per file, comma separated (default {','.join(str(s) for s in defaults.sizes)})",
    )
    parser.add_argument(
        "--big", type=int, help=f"rows of the peak-memory file, 0 to skip (default {defaults.big})"
    )
    parser.add_argument(
        "--latency-drops",
        type=int,
        help=f"files dropped through Airflow, 0 to skip (default {defaults.latency_drops})",
    )
    parser.add_argument(
        "--repeats", type=int, help=f"best of N on the smallest size (default {defaults.repeats})"
    )
    parser.add_argument(
        "--out", type=Path, help=f"results file (default {defaults.out.relative_to(REPO_ROOT)})"
    )
    parser.add_argument(
        "--formats",
        type=_formats,
        help="other formats measured at --format-rows, each against the COPY of its CSV twin "
        f"(default {','.join(defaults.formats)}; '' skips them)",
    )
    parser.add_argument(
        "--format-rows",
        type=int,
        help=f"rows of each other format's file (default {defaults.format_rows})",
    )
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--rss-guard-gib",
        type=float,
        default=defaults.rss_cap_bytes / GIB,
        help="stop a part whose memory passes this (protects a shared box)",
    )
    parser.add_argument(
        "--big-timeout",
        type=float,
        default=defaults.big_timeout_seconds,
        help="seconds the big file may run before it is stopped",
    )
    parser.add_argument(
        "--big-min",
        type=float,
        default=defaults.big_min_seconds,
        help="seconds the big file gets even when the run is over its budget",
    )
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=defaults.budget_seconds / 60,
        help="the big file's time budget shrinks so the whole run fits in this",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: --sizes 10000 --big 0 --latency-drops 0 --repeats 1 --format-rows 2000 "
        "unless given",
    )
    args = parser.parse_args(argv)
    chosen: dict[str, Any] = dict(QUICK) if args.quick else {}
    for name in ("sizes", "big", "latency_drops", "repeats", "formats", "format_rows", "out"):
        if getattr(args, name) is not None:
            chosen[name] = getattr(args, name)
    return dataclasses.replace(
        defaults,
        **chosen,
        seed=args.seed,
        rss_cap_bytes=int(args.rss_guard_gib * GIB),
        big_timeout_seconds=args.big_timeout,
        big_min_seconds=args.big_min,
        budget_seconds=args.budget_minutes * 60,
        quick=args.quick,
    )


def _sizes(text: str) -> tuple[int, ...]:
    sizes = tuple(sorted({int(part.replace("_", "")) for part in text.split(",") if part}))
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive row counts, e.g. 100000,1000000")
    return sizes


def _formats(text: str) -> tuple[str, ...]:
    from pata.bench.formats import FORMAT_PARTNERS

    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in chosen if name not in FORMAT_PARTNERS]
    if unknown:
        raise argparse.ArgumentTypeError(f"formats are among {sorted(FORMAT_PARTNERS)}")
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark with the command line's options (``--show FILE``: print its table)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    arguments = list(argv) if argv is not None else sys.argv[1:]
    if arguments[:1] == ["--show"]:
        from pata.bench.results import check_document, format_table

        document = json.loads(Path(arguments[1]).read_text(encoding="utf-8"))
        check_document(document)
        print(format_table(document))
        return 0
    run_bench(parse_options(arguments))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
