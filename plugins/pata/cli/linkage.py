"""``pata linkage link``: the linkage step; ``pata linkage evaluate``: its quality and speed
on synthetic truth."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    linkage = subparsers.add_parser(
        "linkage", help="privacy-preserving record linkage across partners"
    )
    actions = linkage.add_subparsers(dest="linkage_command", metavar="ACTION", required=True)
    evaluate = actions.add_parser(
        "evaluate",
        help="link a synthetic population; print precision, recall, F1 and the time taken",
    )
    evaluate.add_argument(
        "--persons", type=int, default=100_000, help="persons to generate (default 100000)"
    )
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--threshold", type=float, default=None, help="Dice match threshold")
    evaluate.add_argument(
        "--no-birth-threshold",
        type=float,
        default=None,
        help="overlap threshold for a record without a birth date",
    )
    evaluate.set_defaults(func=run_evaluate)
    link = actions.add_parser(
        "link",
        help="match the records stored since the last run and recompute the person clusters",
    )
    link.set_defaults(func=run_link)


def run_link(args: argparse.Namespace) -> int:
    from pata.linkage.store import link_warehouse
    from pata.warehouse.engine import get_engine

    result = link_warehouse(get_engine(role="pipeline"))
    print(
        f"{result.pending} pending records linked, {result.compared} compared, "
        f"{result.matches} matches, {result.clusters_changed} cluster rows changed"
    )
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from pata.linkage.evaluate import evaluate
    from pata.linkage.matching import MATCH_THRESHOLD, NO_BIRTH_THRESHOLD

    if args.persons < 2:
        print("--persons must be at least 2")
        return 2
    result = evaluate(
        persons=args.persons,
        seed=args.seed,
        threshold=MATCH_THRESHOLD if args.threshold is None else args.threshold,
        no_birth_threshold=(
            NO_BIRTH_THRESHOLD if args.no_birth_threshold is None else args.no_birth_threshold
        ),
    )
    print("\n".join(result.lines()))
    return 0
