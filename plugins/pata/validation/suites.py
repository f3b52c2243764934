"""Great Expectations suites, derived from the dataset contracts (so the two cannot disagree).

``suite_document(contract)`` builds the suite of a dataset as GX 1.x JSON; the same JSON is
committed as ``expectations/<dataset>.json`` for data engineers to read and review, and a
test proves the committed files equal what the contracts generate. Regenerate them with::

    python -m pata.validation.suites --write      # or --check (exit 1 when stale)

The suite runs on the *check frame* of a file (see :mod:`pata.validation.gx_run`): every
contract column found in the file under its canonical name (text for string and coded
columns, typed values for dates, numbers and booleans, dates as ``YYYYMMDD`` integers
so GX compares them vectorised), plus derived columns named
``<column>__<what>``: the cell's canonical text (``__text``), the sum of a total's parts
(``__sum_of_parts``) and whether a reference is known (``__known_in_<dataset>``). Every
expectation's ``meta`` names the problem ``code`` it counts and the ``column`` reported, so
GX's counts and the pipeline's own row-level checks can be compared code by code.
Dates are bounded by run-time parameters (``earliest_date``, ``latest_date``), so the
committed JSON does not change every day.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata.contracts import DATASETS, MULTICODE_SEPARATOR, Column, Contract, load_contract

if TYPE_CHECKING:
    from great_expectations.core.expectation_suite import ExpectationSuite

TEXT_SUFFIX = "__text"
SUM_SUFFIX = "__sum_of_parts"
EARLIEST_DATE = "earliest_date"
LATEST_DATE = "latest_date"
ISO_DATE_FORMAT = "%Y-%m-%d"
ISO_DATE_PATTERN = (
    r"^(?!0000)(?:[0-9]{4}-(?:(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01]))"
    r"|(?:(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30))|(?:02-(?:0[1-9]|1[0-9]|2[0-8])))"
    r"|(?:[0-9]{2}(?:[02468][48]|[13579][26]|[2468]0)|(?:[02468][048]|[13579][26])00)-02-29)$"
)
"""A real calendar date written YYYY-MM-DD (leap years included): what ``%Y-%m-%d`` reads.

A regex rather than GX's strftime expectation, which runs ``strptime`` once per row."""
INTEGER_PATTERN = r"^[+-]?\d+(?:\.0+)?$"
"""A whole number: decimal digits of any script, an optional sign, no separators."""
NUMBER_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
"""A decimal number with a point (not a comma), optionally with an exponent."""
TYPED = frozenset({"date", "integer", "number", "boolean"})
"""Column types checked in two forms: typed values, and the text they were read from."""

PLAUSIBLE_ROWS: dict[str, int] = {
    "cases": 500_000,
    "rehabilitation": 100_000,
    "awareness_sessions": 100_000,
    "network_events": 20_000,
}
"""The most records one file of a dataset can plausibly hold (one partner, one period)."""

REGENERATE = "python -m pata.validation.suites --write"


def suites_dir() -> Path:
    """The directory of the committed suites: the repository's ``expectations/``."""
    return Path(__file__).resolve().parents[3] / "expectations"


def suite_name(dataset: str) -> str:
    """The name of the suite of ``dataset``."""
    return f"pata.{dataset}"


def text_column(column: Column) -> str:
    """The check-frame column holding the canonical text of ``column``'s cells."""
    return column.name + TEXT_SUFFIX if column.type in TYPED else column.name


def reference_column(column: str, dataset: str) -> str:
    """The derived boolean column: is this row's reference known in ``dataset``?"""
    return f"{column}__known_in_{dataset}"


def sum_column(target: str) -> str:
    """The derived column holding the sum of the parts of ``target``."""
    return target + SUM_SUFFIX


def codes_pattern(codes: Sequence[str]) -> str:
    """A regex matching one or more codes joined by the multicode separator."""
    import re

    one = "(?:" + "|".join(re.escape(code) for code in codes) + ")"
    return f"^{one}(?:{re.escape(MULTICODE_SEPARATOR)}{one})*$"


def _expectation(
    kind: str, *, code: str, column: str | None, level: str, kwargs: dict[str, Any]
) -> dict[str, Any]:
    """One expectation; ``meta`` names the problem code it counts and the column reported."""
    return {
        "type": kind,
        "kwargs": kwargs,
        "meta": {"code": code, "column": column, "level": level},
    }


def _row(kind: str, code: str, reported: str, /, **kwargs: Any) -> dict[str, Any]:
    """A row-level expectation reporting ``code`` on column ``reported``."""
    return _expectation(kind, code=code, column=reported, level="row", kwargs=kwargs)


def _column_expectations(column: Column) -> list[dict[str, Any]]:
    name = column.name
    text = text_column(column)
    found: list[dict[str, Any]] = []
    if column.required:
        found.append(
            _expectation(
                "expect_column_to_exist",
                code="missing-column",
                column=name,
                level="file",
                kwargs={"column": name},
            )
        )
        found.append(
            _row("expect_column_values_to_not_be_null", "missing-value", name, column=text)
        )
    if column.type == "date":
        found += [
            _row(
                "expect_column_values_to_match_regex",
                "type-error",
                name,
                column=text,
                regex=ISO_DATE_PATTERN,
            ),
            _row(
                "expect_column_values_to_be_between",
                "out-of-range",
                name,
                column=name,
                min_value={"$PARAMETER": EARLIEST_DATE},
            ),
            _row(
                "expect_column_values_to_be_between",
                "future-date",
                name,
                column=name,
                max_value={"$PARAMETER": LATEST_DATE},
            ),
        ]
    elif column.type in ("integer", "number"):
        pattern = INTEGER_PATTERN if column.type == "integer" else NUMBER_PATTERN
        found.append(
            _row(
                "expect_column_values_to_match_regex",
                "type-error",
                name,
                column=text,
                regex=pattern,
            )
        )
    elif column.type == "boolean":
        found.append(
            _row(
                "expect_column_values_to_be_in_set",
                "type-error",
                name,
                column=text,
                value_set=["true", "false"],
            )
        )
    elif column.type == "code":
        found.append(
            _row(
                "expect_column_values_to_be_in_set",
                "unknown-code",
                name,
                column=name,
                value_set=list(column.codes),
            )
        )
    elif column.type == "multicode":
        found.append(
            _row(
                "expect_column_values_to_match_regex",
                "unknown-code",
                name,
                column=name,
                regex=codes_pattern(column.codes),
            )
        )
    bounds = {
        key: int(value) if column.type == "integer" else value
        for key, value in (("min_value", column.minimum), ("max_value", column.maximum))
        if value is not None
    }
    if bounds:
        found.append(
            _row("expect_column_values_to_be_between", "out-of-range", name, column=name, **bounds)
        )
    if column.unique:
        # GX counts every row sharing an id; the report names only the later rows.
        found.append(
            _row("expect_column_values_to_be_unique", "duplicate-record-id", name, column=text)
        )
    return found


def _rule_expectations(contract: Contract) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for rule in contract.rules:
        if rule.kind == "date_order":
            earlier, later = rule.columns
            found.append(
                _row(
                    "expect_column_pair_values_a_to_be_greater_than_b",
                    rule.code,
                    earlier,
                    column_A=later,
                    column_B=earlier,
                    or_equal=True,
                    ignore_row_if="either_value_is_missing",
                )
            )
        elif rule.kind == "sum_equals":
            assert rule.target is not None
            found.append(
                _row(
                    "expect_column_pair_values_to_be_equal",
                    rule.code,
                    rule.target,
                    column_A=rule.target,
                    column_B=sum_column(rule.target),
                    ignore_row_if="either_value_is_missing",
                )
            )
        elif rule.kind == "references":
            assert rule.column is not None and rule.dataset is not None
            found.append(
                _row(
                    "expect_column_values_to_be_in_set",
                    rule.code,
                    rule.column,
                    column=reference_column(rule.column, rule.dataset),
                    value_set=[True],
                )
            )
    return found


def suite_document(contract: Contract) -> dict[str, Any]:
    """The GX 1.x suite of a dataset as JSON-ready data, derived from its contract."""
    expectations = [
        _expectation(
            "expect_table_row_count_to_be_between",
            code="implausible-volume",
            column=None,
            level="file",
            kwargs={"min_value": 1, "max_value": PLAUSIBLE_ROWS[contract.dataset]},
        )
    ]
    for column in contract.columns:
        expectations.extend(_column_expectations(column))
    expectations.append(
        _expectation(
            "expect_compound_columns_to_be_unique",
            code="duplicate-row",
            column=None,
            level="row",
            kwargs={
                "column_list": [text_column(column) for column in contract.columns],
                "ignore_row_if": "never",
            },
        )
    )
    expectations.extend(_rule_expectations(contract))
    return {
        "name": suite_name(contract.dataset),
        "meta": {
            "contract": contract.dataset,
            "contract_version": contract.version,
            "generated_by": REGENERATE,
            "dates": "typed dates are compared as YYYYMMDD integers (vectorised in GX)",
            "parameters": {
                EARLIEST_DATE: "19000101, the earliest plausible date",
                LATEST_DATE: "today in the partner's timezone, as YYYYMMDD",
            },
        },
        "expectations": expectations,
    }


def render_document(document: dict[str, Any]) -> str:
    """The committed text of a suite: stable key order, two-space indent, final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def expectation_suite(contract: Contract) -> ExpectationSuite:
    """The GX ``ExpectationSuite`` object of a dataset (imports great_expectations)."""
    import great_expectations as gx

    document = suite_document(contract)
    return gx.ExpectationSuite(
        name=document["name"], expectations=document["expectations"], meta=document["meta"]
    )


def write_suites(directory: Path | None = None) -> list[Path]:
    """Write every dataset's suite into ``directory`` (default ``expectations/``)."""
    folder = directory or suites_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in DATASETS:
        path = folder / f"{dataset}.json"
        path.write_text(render_document(suite_document(load_contract(dataset))), encoding="utf-8")
        written.append(path)
    return written


def stale_suites(directory: Path | None = None) -> list[str]:
    """The datasets whose committed suite differs from what the contract generates."""
    folder = directory or suites_dir()
    stale = []
    for dataset in DATASETS:
        path = folder / f"{dataset}.json"
        expected = render_document(suite_document(load_contract(dataset)))
        if not path.is_file() or path.read_text(encoding="utf-8") != expected:
            stale.append(dataset)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pata.validation.suites --write|--check``."""
    parser = argparse.ArgumentParser(prog="python -m pata.validation.suites", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="regenerate expectations/*.json")
    action.add_argument("--check", action="store_true", help="exit 1 when a suite is stale")
    parser.add_argument("--dir", type=Path, default=None, help="directory (default expectations/)")
    args = parser.parse_args(argv)
    if args.write:
        for path in write_suites(args.dir):
            print(f"wrote {path}")
        return 0
    stale = stale_suites(args.dir)
    for dataset in stale:
        print(f"stale: {dataset} (run {REGENERATE})", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
