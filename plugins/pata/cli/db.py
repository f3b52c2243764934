"""``pata db``: warehouse migrations and documentation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    db = subparsers.add_parser("db", help="warehouse migrations and data dictionary")
    sub = db.add_subparsers(dest="db_command", metavar="DB_COMMAND")
    upgrade = sub.add_parser("upgrade", help="apply pending migrations (idempotent)")
    upgrade.add_argument("--revision", default="heads")
    upgrade.set_defaults(func=run_upgrade)
    current = sub.add_parser("current", help="print the applied and the head revision")
    current.set_defaults(func=run_current)
    docs = sub.add_parser("docs", help="data dictionary (Markdown) generated from the COMMENTs")
    docs.add_argument("--out", type=Path, help="write to this file instead of stdout")
    docs.set_defaults(func=run_docs)


def run_upgrade(args: argparse.Namespace) -> int:
    from pata.settings import get_settings
    from pata.warehouse import migrations

    settings = get_settings()
    before = migrations.current_revision(settings=settings) if _reachable(settings) else None
    migrations.upgrade(settings=settings, revision=args.revision)
    after = migrations.current_revision(settings=settings)
    if before == after:
        print(f"warehouse already at {after}")
    else:
        print(f"warehouse upgraded {before or '(empty)'} -> {after}")
    return 0


def run_current(args: argparse.Namespace) -> int:
    from pata.settings import get_settings
    from pata.warehouse import migrations

    current = migrations.current_revision(settings=get_settings())
    print(f"current {current}; head {migrations.head_revision()}")
    return 0


def run_docs(args: argparse.Namespace) -> int:
    from pata.settings import get_settings
    from pata.warehouse.dictionary import write_dictionary

    text = write_dictionary(out=args.out, settings=get_settings())
    if args.out:
        print(f"data dictionary written to {args.out}")
    else:
        print(text)
    return 0


def _reachable(settings: Any) -> bool:
    from pata.warehouse.engine import check_warehouse

    check_warehouse(settings=settings)
    return True
