"""``pata access``: the warehouse's access matrix and the partner readers' logins."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    access = subparsers.add_parser(
        "access", help="access matrix (config/access.yaml) and partner reader logins"
    )
    sub = access.add_subparsers(dest="access_command", metavar="ACCESS_COMMAND")
    create = sub.add_parser(
        "create-partner-reader",
        help="a login that reads one partner's rows; its password goes to a 0600 secret file",
    )
    create.add_argument("--partner", required=True, help="partner code (config/partners.yaml)")
    create.add_argument("--login", help="login name (default pata_reader_<partner>)")
    create.set_defaults(func=run_create)
    revoke = sub.add_parser("revoke-partner-reader", help="drop a partner reader's login")
    revoke.add_argument("--login", required=True)
    revoke.set_defaults(func=run_revoke)
    listing = sub.add_parser("list", help="partner reader logins and their partner")
    listing.set_defaults(func=run_list)
    apply = sub.add_parser("apply", help="re-apply the matrix now (pata db upgrade does it too)")
    apply.set_defaults(func=run_apply)
    docs = sub.add_parser("docs", help="the matrix table of docs/privacy.md and docs/warehouse.md")
    mode = docs.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 when the docs are stale")
    mode.add_argument("--write", action="store_true", help="rewrite the docs' table")
    docs.set_defaults(func=run_docs)


def run_create(args: argparse.Namespace) -> int:
    from pata.partner_readers import create_partner_reader
    from pata.settings import get_settings
    from pata.warehouse.engine import get_engine

    settings = get_settings()
    with get_engine(role="owner", settings=settings).begin() as conn:
        made = create_partner_reader(
            conn, partner_code=args.partner, login=args.login, settings=settings
        )
    print(f"partner reader {made.login} reads the rows of partner {made.partner_code}")
    print(f"its password is in {made.secret_path} (mode 0600): hand it over, then delete it")
    if settings.embedded:
        from pata.stack.postgres import psql_command

        print(f"log in: {psql_command(settings, user=made.login)}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from pata.partner_readers import revoke_partner_reader
    from pata.settings import get_settings
    from pata.warehouse.engine import get_engine

    settings = get_settings()
    with get_engine(role="owner", settings=settings).begin() as conn:
        dropped = revoke_partner_reader(conn, login=args.login, settings=settings)
    print(f"partner reader {args.login} " + ("revoked" if dropped else "did not exist"))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from pata.partner_readers import partner_logins
    from pata.settings import get_settings
    from pata.warehouse.engine import get_engine

    with get_engine(role="owner", settings=get_settings()).connect() as conn:
        rows = partner_logins(conn)
    for login, partner in rows:
        print(f"{login}\t{partner}")
    if not rows:
        print("no partner reader")
    return 0


def run_apply(args: argparse.Namespace) -> int:
    from pata.access import apply_access
    from pata.settings import get_settings
    from pata.warehouse.engine import get_engine

    with get_engine(role="owner", settings=get_settings()).begin() as conn:
        counts = apply_access(conn)
    for role, count in counts.items():
        print(f"{role}: {count} relations")
    return 0


def run_docs(args: argparse.Namespace) -> int:
    from pata.access import docs_table, stale_docs

    if args.check or args.write:
        stale = stale_docs(write=args.write)
        for path in stale:
            print(f"{path}: {'rewritten' if args.write else 'stale (pata access docs --write)'}")
        return 1 if stale and args.check else 0
    print(docs_table())
    return 0
