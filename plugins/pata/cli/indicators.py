"""``pata indicators``: print the programme indicators of a quarter (and refresh them)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

COLUMNS = (
    "indicator",
    "area",
    "disaggregation",
    "category",
    "value",
    "numerator",
    "denominator",
    "unit",
    "status",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "indicators",
        help="print a quarter's indicators from marts.indicator_values (small cells suppressed)",
    )
    parser.add_argument("--period", required=True, help="quarter, e.g. 2026Q3")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument(
        "--audience",
        choices=("published", "internal"),
        default="published",
        help="published: cells 1-10 suppressed (default); internal: the marts' own threshold",
    )
    parser.add_argument(
        "--breakdowns", action="store_true", help="also print every disaggregation, not only totals"
    )
    parser.add_argument("--indicator", action="append", help="only this indicator (repeatable)")
    parser.add_argument("--partner", action="append", help="only this partner (repeatable)")
    parser.add_argument(
        "--refresh", action="store_true", help="recompute the mart first (what the DAG does)"
    )
    parser.set_defaults(func=run_indicators)


def run_indicators(args: argparse.Namespace) -> int:
    from pata.indicators.refresh import read_indicator_values, refresh_indicators

    if args.refresh:
        result = refresh_indicators()
        print(
            f"refreshed {result.rows} rows over {len(result.periods)} quarters "
            f"(catalogue {result.catalogue_version})",
            file=sys.stderr,
        )
    values = read_indicator_values(period=args.period, audience=args.audience)
    rows = [_row(record) for record in values.to_dict("records") if _wanted(record, args)]
    if rows:
        rows = _with_silent_partners(rows, args)
    if not rows:
        print(
            f"no indicator values for {args.period} (run the indicators DAG or --refresh)",
            file=sys.stderr,
        )
        return 1
    if args.format == "json":
        json.dump(rows, sys.stdout, indent=1, ensure_ascii=False)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    else:
        print(format_table(rows))
    return 0


def format_table(rows: list[dict[str, Any]]) -> str:
    """Rows as an aligned text table (numbers right-aligned)."""
    texts = [[_text(row[c]) for c in COLUMNS] for row in rows]
    widths = [max(len(c), *(len(t[i]) for t in texts)) for i, c in enumerate(COLUMNS)]
    right = {"value", "numerator", "denominator"}

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if name in right else cell.ljust(width)
            for name, cell, width in zip(COLUMNS, cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(list(COLUMNS)), line(["-" * w for w in widths]), *map(line, texts)])


def _with_silent_partners(
    rows: list[dict[str, Any]], args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Every registered partner under every indicator: one that sent nothing accepted for the
    quarter gets a 'not reported' line instead of no line at all."""
    from pata.indicators.catalogue import load_catalogue
    from pata.registry import load_registry

    registry = load_registry()
    present = {(row["indicator"], row["area"]) for row in rows}
    completed: list[dict[str, Any]] = []
    for indicator in load_catalogue().indicators:
        if args.indicator and indicator.code not in args.indicator:
            continue
        completed.extend(row for row in rows if row["indicator"] == indicator.code)
        for code in sorted(registry.partners):
            sends = set(registry.partners[code].datasets) & set(indicator.datasets)
            if (
                (indicator.code, code) in present
                or not sends
                or (args.partner and code not in args.partner)
            ):
                continue
            completed.append(
                {
                    "indicator": indicator.code,
                    "area": code,
                    "disaggregation": "total",
                    "category": "total",
                    "value": None,
                    "numerator": None,
                    "denominator": None,
                    "unit": indicator.unit,
                    "status": "not reported",
                }
            )
    return completed


def _wanted(record: dict[str, Any], args: argparse.Namespace) -> bool:
    if not args.breakdowns and record["disaggregation"] != "total":
        return False
    if args.indicator and record["indicator_code"] not in args.indicator:
        return False
    return not (args.partner and record["area_code"] not in args.partner)


def _row(record: dict[str, Any]) -> dict[str, Any]:
    suppressed = bool(record["suppressed"])
    return {
        "indicator": record["indicator_code"],
        "area": record["area_code"],
        "disaggregation": record["disaggregation"],
        "category": record["category"],
        "value": None if suppressed else _number(record["value"]),
        "numerator": None if suppressed else _number(record["numerator"]),
        "denominator": None if suppressed else _number(record["denominator"]),
        "unit": record["unit"],
        "status": f"suppressed ({record['suppression_reason']})" if suppressed else "",
    }


def _number(value: Any) -> int | float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number:  # NaN
        return None
    return int(number) if number.is_integer() else number


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
