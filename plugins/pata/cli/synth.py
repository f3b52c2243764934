"""``pata synth``: write synthetic partner exports and their ground-truth manifest."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``synth`` sub-command."""
    parser = subparsers.add_parser(
        "synth",
        help="write realistic synthetic partner exports (and manifest.json) for tests and demos",
        description=(
            "Write seeded, reproducible exports for every registered partner and dataset, in "
            "the dropzone layout OUT/<partner>/incoming/<dataset>/<file>, plus OUT/manifest.json "
            "(rows, expected valid rows, planted defects, cross-border persons, canaries)."
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="directory to write into (best empty: files of an earlier run are left in place)",
    )
    parser.add_argument(
        "--partners",
        type=_names,
        default=None,
        help="comma-separated partner codes (default: all registered)",
    )
    parser.add_argument(
        "--datasets", type=_names, default=None, help="comma-separated datasets (default: all four)"
    )
    parser.add_argument("--months", type=int, default=3, help="months covered (default 3)")
    parser.add_argument(
        "--end",
        type=_month,
        default=None,
        help="last month covered, YYYY-MM (default: last complete month)",
    )
    parser.add_argument(
        "--rows-per-file",
        type=int,
        default=None,
        help="rows in every file (default: realistic, varying counts)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--defects",
        type=float,
        default=0.0,
        help="share of rows given a defect, 0 to 0.5 (default 0: clean files)",
    )
    parser.add_argument(
        "--canaries",
        action="store_true",
        help="plant distinctive identifying values for the leak audit",
    )
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Generate the files and print one summary line per dataset."""
    from pata.contracts import DATASETS
    from pata.progress import progress
    from pata.synth import generate

    with progress(f"writing synthetic exports into {args.out}", unit="files") as shown:
        manifest = generate(
            out=args.out,
            partners=args.partners,
            months=args.months,
            rows_per_file=args.rows_per_file,
            seed=args.seed,
            defects=args.defects,
            end=args.end,
            datasets=args.datasets,
            canaries=args.canaries,
        )
        shown.advance(len(manifest.files))
    totals: dict[str, list[int]] = {}
    for record in manifest.files:
        files, rows, valid, defects = totals.setdefault(record.dataset, [0, 0, 0, 0])
        totals[record.dataset] = [
            files + 1,
            rows + record.rows,
            valid + record.expected_valid_rows,
            defects + len(record.defects),
        ]
    for dataset in (name for name in DATASETS if name in totals):
        files, rows, valid, defects = totals[dataset]
        print(
            f"{dataset:<20} {files:>4} files {rows:>9} rows {valid:>9} expected valid "
            f"{defects:>6} defects"
        )
    print(
        f"{len(manifest.cross_country_persons)} cross-border persons, "
        f"{len(manifest.canaries)} canaries; manifest: {args.out / 'manifest.json'}"
    )
    return 0


def _names(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _month(text: str) -> date:
    try:
        year, month = text.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a month as YYYY-MM") from None
