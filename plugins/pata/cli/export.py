"""``pata export``: flat exports generated from the warehouse model (nothing stored)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    export = subparsers.add_parser("export", help="flat exports generated from the warehouse")
    sub = export.add_subparsers(dest="export_command", metavar="EXPORT")
    ctdc = sub.add_parser(
        "ctdc",
        help="the k-anonymous case microdata, CTDC-style (one 0/1 column per code), as CSV",
    )
    ctdc.add_argument("--out", type=Path, required=True, help="CSV file to write")
    ctdc.set_defaults(func=run_ctdc)


def run_ctdc(args: argparse.Namespace) -> int:
    from pata.settings import get_settings
    from pata.warehouse.engine import get_engine
    from pata.warehouse.export import write_ctdc_csv

    with get_engine(role="analyst", settings=get_settings()).connect() as conn:
        rows = write_ctdc_csv(conn, out=args.out)
    print(f"{rows} row(s) written to {args.out}")
    return 0
