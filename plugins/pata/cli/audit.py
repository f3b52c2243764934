"""``pata audit``: the leak audit over synthetic exports with canary identifiers."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    audit = subparsers.add_parser(
        "audit",
        help="plant canary identifiers, run them through the pipeline, search every output",
    )
    audit.add_argument("--months", type=int, default=12, help="months of exports (default 12)")
    audit.add_argument("--seed", type=int, default=1)
    audit.add_argument("--defects", type=float, default=0.05, help="share of rows with a defect")
    audit.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pata.audit import run_audit
    from pata.settings import get_settings

    report = run_audit(
        settings=get_settings(), months=args.months, seed=args.seed, defects=args.defects
    )
    print("\n".join(report.summary_lines()))
    return 0 if report.clean else 1
