"""``pata drop`` (upload like a partner) and ``pata process`` (run one file now)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    drop = subparsers.add_parser(
        "drop",
        help="upload a file (or a synth output tree) into the dropzone, as a partner would",
    )
    drop.add_argument(
        "path", type=Path, help="a file, or a folder laid out <partner>/incoming/<dataset>/"
    )
    drop.add_argument("--partner", help="partner code (for a single file)")
    drop.add_argument("--dataset", help="dataset (for a single file)")
    drop.set_defaults(func=run_drop)
    process = subparsers.add_parser(
        "process", help="process one file now through the whole pipeline (same code as the DAG)"
    )
    process.add_argument("path", type=Path)
    process.add_argument("--partner", required=True)
    process.add_argument("--dataset", required=True)
    process.add_argument("--json", action="store_true", help="print the outcome as JSON")
    process.set_defaults(func=run_process)
    replay = subparsers.add_parser(
        "replay", help="process a received file again from its raw copy (after a fix or re-key)"
    )
    replay.add_argument(
        "--ledger-id",
        type=int,
        required=True,
        action="append",
        help="ledger id of the file (repeatable)",
    )
    replay.set_defaults(func=run_replay)


def run_drop(args: argparse.Namespace) -> int:
    from pata.dropzone import KeyRejected
    from pata.errors import PataError
    from pata.uploads import drop_file, drop_tree

    if args.path.is_dir():
        from pata.progress import progress

        with progress(f"uploading {args.path}", unit="files") as shown:
            keys = drop_tree(args.path, on_file=shown.advance)
        print(f"uploaded {len(keys)} files")
        return 0
    if not (args.partner and args.dataset):
        raise PataError("a single file needs --partner and --dataset", code="usage")
    try:
        key = drop_file(args.path, partner=args.partner, dataset=args.dataset)
    except KeyRejected as exc:
        raise PataError(str(exc), code=exc.code) from exc
    print(f"uploaded s3://{key}")
    return 0


def run_process(args: argparse.Namespace) -> int:
    from pata.adapters import live_ports
    from pata.pipeline import process_local_file
    from pata.progress import progress
    from pata.settings import get_settings

    settings = get_settings()
    with progress(f"processing {args.path.name}") as shown:
        outcome = process_local_file(
            args.path,
            partner=args.partner,
            dataset=args.dataset,
            settings=settings,
            ports=live_ports(settings, on_rows=shown.advance),
        )
    if args.json:
        print(json.dumps(outcome.as_dict(), indent=2, default=str))
    else:
        print(
            f"{outcome.status}: ledger id {outcome.ledger_id}, {outcome.rows_total} rows, "
            f"{outcome.rows_valid} valid, {outcome.rows_invalid} quarantined, "
            f"{outcome.rows_loaded} loaded, {outcome.rows_withheld} withheld (no consent)"
            + (f", error {outcome.error_code}" if outcome.error_code else "")
            + (f"\nfeedback: {outcome.report_key}" if outcome.report_key else "")
        )
    return 0 if outcome.status in {"loaded", "partially_loaded", "duplicate"} else 1


def run_replay(args: argparse.Namespace) -> int:
    from pata.adapters import live_ports
    from pata.progress import progress
    from pata.replay import replay_file
    from pata.settings import get_settings

    settings = get_settings()
    worst = 0
    for ledger_id in args.ledger_id:
        with progress(f"replaying file {ledger_id}") as shown:
            outcome = replay_file(
                ledger_id, settings=settings, ports=live_ports(settings, on_rows=shown.advance)
            )
        print(
            f"file {ledger_id} replayed as {outcome.ledger_id}: {outcome.status}, "
            f"{outcome.rows_loaded} rows loaded"
            + (f", error {outcome.error_code}" if outcome.error_code else "")
        )
        if outcome.status not in {"loaded", "partially_loaded"}:
            worst = 1
    return worst
