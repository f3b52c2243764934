"""``pata report`` (the quarterly report's files) and ``pata dhis2`` (the DHIS2 payload)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report", help="write a quarter's report: self-contained HTML, CSV and XLSX"
    )
    report.add_argument("--period", required=True, help="quarter, e.g. 2026Q3")
    report.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    report.add_argument(
        "--publish", action="store_true", help="also upload them to the reports bucket"
    )
    report.set_defaults(func=run_report)
    dhis2 = subparsers.add_parser(
        "dhis2", help="write a quarter's published indicators as a DHIS2 dataValueSets payload"
    )
    dhis2.add_argument("--period", required=True, help="quarter, e.g. 2026Q3")
    dhis2.add_argument("--out", type=Path, required=True, help="JSON file to write")
    dhis2.add_argument("--mapping", type=Path, help="mapping file (default config/dhis2.yaml)")
    dhis2.add_argument(
        "--dhis2-url", help="base URL of the DHIS2 instance, to print the import URL"
    )
    dhis2.set_defaults(func=run_dhis2)


def run_report(args: argparse.Namespace) -> int:
    from pata.report import build_report, publish_report

    files = build_report(period=args.period, out=args.out)
    for path in (files.html, files.csv, files.xlsx, files.dhis2):
        print(path)
    print(f"{files.values} values, {files.suppressed} suppressed")
    if args.publish:
        published = publish_report(period=args.period)
        print(json.dumps(published.as_dict(), indent=1))
    return 0


def run_dhis2(args: argparse.Namespace) -> int:
    from pata.dhis2 import build_data_value_set, import_url, load_mapping
    from pata.indicators.refresh import read_indicator_values

    values = read_indicator_values(period=args.period, audience="published")
    payload = build_data_value_set(values, period=args.period, mapping=load_mapping(args.mapping))
    payload.write(args.out)
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(payload.skipped.items())) or "none"
    print(f"{args.out}: {payload.count} data values for {args.period} (left out: {skipped})")
    if args.dhis2_url:
        print(f"dry run: POST {import_url(args.dhis2_url, dry_run=True)}")
    return 0
