"""``pata template --partner P --dataset D``: write the partner's empty XLSX template.

The template has the partner's own headers (or the HTCDS toolkit's layout for a toolkit
partner), drop-down lists of its labels, its date format and an instructions sheet in its
language; ``make up`` publishes every partner's templates to ``<partner>/templates/``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``template`` sub-command."""
    parser = subparsers.add_parser(
        "template",
        help="write a partner's empty XLSX template for a dataset",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--partner", required=True, help="partner code, e.g. kh-ksp")
    parser.add_argument(
        "--dataset",
        required=True,
        help="awareness_sessions, cases, rehabilitation or network_events",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="file or folder to write (default: <partner>_<dataset>_template.xlsx here)",
    )
    parser.set_defaults(func=handle_template)


def handle_template(args: argparse.Namespace) -> int:
    """Write the template and print where it went."""
    from pata.registry import load_registry
    from pata.templates import template_filename, write_template

    partner = load_registry().partner(args.partner)
    partner.dataset(args.dataset)
    name = template_filename(partner, args.dataset)
    out: Path = args.out or Path.cwd() / name
    if out.is_dir():
        out = out / name
    out.write_bytes(write_template(partner, args.dataset))
    print(f"template: {out}")
    return 0
