"""``python -m pata.bench.profile``: a CPU profile of the pipeline on one big CSV file.

Generates (or reuses, from ``bench/work/exports``) a synthetic ``cases`` export of
``--rows`` rows, runs ``pata.pipeline.process_local_file`` on it under cProfile in a
private stack, and writes the flame graph (:mod:`pata.bench.flame`) and the top functions
by cumulative time, so the next bottleneck is visible. The profiler slows the run (about
1.5×); the shares, not the seconds, are the point.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pata.bench.runner import GIB, WORK_DIR


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pata.bench.profile")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("bench/profile-1m-csv.svg"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    from pata.bench.exports import cached_exports
    from pata.bench.flame import render_flame_svg
    from pata.bench.private_stack import private_stack

    [export] = cached_exports(
        cache_dir=WORK_DIR / "exports",
        rows=args.rows,
        files=1,
        end=date(2024, 6, 1),
        seed=args.seed,
    )
    with private_stack(home=WORK_DIR / "profile-home", max_file_bytes=4 * GIB):
        import great_expectations  # noqa: F401  (imports stay out of the profile)

        from pata import pipeline
        from pata.validation.suites import PLAUSIBLE_ROWS

        PLAUSIBLE_ROWS[export.dataset] = max(PLAUSIBLE_ROWS[export.dataset], args.rows)
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        outcome = pipeline.process_local_file(
            export.path, partner=export.partner, dataset=export.dataset
        )
        profile.disable()
        seconds = time.perf_counter() - started
    stats = pstats.Stats(profile)
    title = f"pata process, {outcome.rows_total:,} rows CSV ({outcome.status}), {seconds:.0f} s"
    render_flame_svg(stats, args.out, title=title)
    top = io.StringIO()
    pstats.Stats(profile, stream=top).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profile, stream=top).sort_stats("tottime").print_stats(40)
    args.out.with_suffix(".txt").write_text(top.getvalue())
    print(f"{title}; flame graph {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
