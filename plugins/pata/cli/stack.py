"""``pata up``, ``pata down``, ``pata status``: the local stack."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import Any


def register(subparsers: Any) -> None:
    up = subparsers.add_parser("up", help="start the local stack (Ctrl-C stops it)")
    up.add_argument("--detach", action="store_true", help="start and return; stop with pata down")
    up.add_argument("--no-airflow", action="store_true", help="only PostgreSQL, S3/SQS, migrations")
    up.set_defaults(func=run_up)
    down = subparsers.add_parser("down", help="stop every process the local stack started")
    down.set_defaults(func=run_down)
    status = subparsers.add_parser("status", help="report each component of the stack")
    status.add_argument("--pipeline", action="store_true", help="per-partner pipeline health")
    status.set_defaults(func=run_status)


def run_up(args: argparse.Namespace) -> int:
    from pata import stack
    from pata.settings import get_settings

    settings = get_settings()
    started = time.monotonic()
    print("pata: starting the local stack (first run installs state under .pata/) ...", flush=True)
    try:
        statuses = stack.up(settings, airflow=not args.no_airflow)
    except BaseException:
        print("pata: start failed; stopping what was started", file=sys.stderr)
        stack.down(settings)
        raise
    _print_status(statuses)
    seeded = _seed_demo(settings)
    print(banner(settings, elapsed=time.monotonic() - started, seeded=seeded), flush=True)
    if args.detach:
        return 0
    return _watch(settings, airflow=not args.no_airflow)


def _watch(settings: Any, *, airflow: bool) -> int:
    """Until Ctrl-C or ``pata down`` elsewhere: restart a crashed component, or name it."""
    from pata import stack
    from pata.stack import supervisor

    stopping = {"flag": False}

    def _stop(signum: int, frame: object) -> None:
        stopping["flag"] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    watch = supervisor.Supervisor(supervisor.components(settings, airflow=airflow))
    stopped_elsewhere = False
    try:
        while not stopping["flag"]:
            time.sleep(1)
            if supervisor.stop_requested(settings):
                stopped_elsewhere = True
                break
            for event in watch.check():
                print(f"pata: {event}", flush=True)
    finally:
        if stopped_elsewhere:
            print("\npata: `pata down` ran in another shell; waiting for it ...", flush=True)
            supervisor.wait_for_children(timeout=90)
            print("pata: stopped", flush=True)
        else:
            print("\npata: stopping ...", flush=True)
            stopped = stack.down(settings)
            print("pata: stopped " + (", ".join(stopped) or "nothing"), flush=True)
    return 0 if not watch.given_up else 1


def run_down(args: argparse.Namespace) -> int:
    from pata import stack
    from pata.settings import get_settings

    stopped = stack.down(get_settings())
    print("pata: stopped " + (", ".join(stopped) or "nothing (no running component)"))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from pata import stack
    from pata.settings import get_settings

    settings = get_settings()
    if args.pipeline:
        from pata.health import print_pipeline_health

        return print_pipeline_health(settings)
    statuses = stack.status(settings)
    _print_status(statuses)
    return 0 if all(s.ok or s.state == "off" for s in statuses) else 1


def _print_status(statuses: list[Any]) -> None:
    width = max(len(s.name) for s in statuses)
    for s in statuses:
        print(f"  {s.name:<{width}}  {s.state:<9} {s.detail}")


def _seed_demo(settings: Any) -> str | None:
    if not settings.demo_enabled:
        return None
    from pata.demo import seed_demo
    from pata.stack.sftp import seed_demo_source

    dropped = seed_demo(settings)
    pulled = seed_demo_source(settings)
    return "; ".join(part for part in (dropped, pulled) if part) or None


def banner(settings: Any, *, elapsed: float, seeded: str | None) -> str:
    from pata.stack import postgres
    from pata.stack.airflow import ADMIN_USER, admin_password

    lines = [
        "",
        f"PATA pipeline is up ({elapsed:.0f}s).",
        f"  Airflow UI   http://127.0.0.1:{settings.airflow_port}   "
        f"login {ADMIN_USER} / {admin_password(settings)}",
        "  Warehouse    every login has its own password in "
        f"{settings.secrets_dir}/pg-<login>.password (scram-sha-256):",
        f"    owner      {postgres.psql_command(settings)}",
        f"    analyst    {postgres.psql_command(settings, user='pata_analyst')}",
        f"    auditor    {postgres.psql_command(settings, user='pata_auditor')}",
        "    partner    .venv/bin/pata access create-partner-reader --partner kh-ksp",
        f"  Key          pseudonyms under key {_key_fingerprint(settings)}",
        f"  Dropzone     {settings.s3_endpoint()}  s3://{settings.dropzone_bucket}/"
        "<partner>/incoming/<dataset>/<file>",
        "  Upload       .venv/bin/pata drop FILE --partner kh-ksp --dataset cases",
    ]
    if seeded:
        lines.append(f"  Demo         {seeded}")
    lines.append("  Stop         Ctrl-C here, or `make down` from another shell")
    return "\n".join(lines)


def _key_fingerprint(settings: Any) -> str:
    from pata.keys import load_pseudonym_key

    key = load_pseudonym_key(settings=settings)
    return f"{key.fingerprint} ({key.source})"
