"""Row-level checks across cells and rows, vectorised with pandas: exact, value-free positions.

Cell checks (type, code list, required, numeric range) happen while conforming; here come
the checks that need more than one cell: dates outside the plausible window (before 1900
or after today) and the contract's cross-field rules (date order, sums, references).
Repeated rows and record ids are the validator's (:class:`pata.validation.FileValidator`),
found once across every batch of the file. A rule is only evaluated on cells that are valid on their
own, so one wrong cell is reported once, under its own code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from pata.cells import clean_text
from pata.conform import Conformed
from pata.contracts import Contract, Rule
from pata.readers.model import ROW_COLUMN
from pata.validation.problems import PROBLEM_KINDS, Problem, where
from pata.validation.suites import reference_column, sum_column

log = logging.getLogger(__name__)

EARLIEST_PLAUSIBLE_DATE = date(1900, 1, 1)


@dataclass
class RowChecks:
    """The problems found across cells and rows, and the derived columns GX checks."""

    problems: list[Problem] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    derived: dict[str, pd.Series] = field(default_factory=dict)


def check_rows(
    conformed: Conformed,
    *,
    contract: Contract,
    today: date,
    known_references: Mapping[str, Callable[[], set[str]] | None],
) -> RowChecks:
    """Run the checks that span cells or rows; ``known_references`` maps dataset -> ids."""
    checks = RowChecks()
    frame = conformed.frame
    rows = frame[ROW_COLUMN].to_numpy()
    invalid = conformed.cell_errors.copy()
    _check_date_window(
        conformed, contract=contract, today=today, rows=rows, invalid=invalid, out=checks
    )
    for rule in contract.rules:
        if rule.kind == "date_order":
            _check_date_order(conformed, rule, rows=rows, invalid=invalid, out=checks)
        elif rule.kind == "sum_equals":
            _check_sum(conformed, rule, rows=rows, invalid=invalid, out=checks)
        elif rule.kind == "references":
            _check_reference(
                conformed, rule, rows=rows, invalid=invalid, known=known_references, out=checks
            )
    log.info("row checks of %s: %s problems", contract.dataset, len(checks.problems))
    return checks


def _shown(conformed: Conformed, column: str) -> str:
    return conformed.headers.get(column, column)


def _emit(
    out: RowChecks,
    mask: np.ndarray,
    rows: np.ndarray,
    *,
    code: str,
    column: str | None,
    header: str | None,
    what: Callable[[int], str] | str,
    fix: str,
) -> None:
    for position in np.flatnonzero(mask).tolist():
        row = int(rows[position])
        text = what(position) if callable(what) else what
        out.problems.append(
            Problem(
                code=code,
                row=row,
                column=column,
                severity="error",
                message=f"{where(row=row, column=column, header=header)}: {text}",
                fix=fix,
            )
        )


def _check_date_window(
    conformed: Conformed,
    *,
    contract: Contract,
    today: date,
    rows: np.ndarray,
    invalid: pd.DataFrame,
    out: RowChecks,
) -> None:
    latest = np.datetime64(today, "s")
    earliest = np.datetime64(EARLIEST_PLAUSIBLE_DATE, "s")
    for column in contract.columns:
        if column.type != "date" or column.name not in conformed.text.columns:
            continue
        values = conformed.frame[column.name]
        future = (values > latest).fillna(False).to_numpy(dtype=bool)
        early = (values < earliest).fillna(False).to_numpy(dtype=bool)
        invalid[column.name] |= future | early
        header = _shown(conformed, column.name)
        _emit(
            out,
            future,
            rows,
            code="future-date",
            column=column.name,
            header=header,
            what=f"the date is later than the day the file was checked ({today.isoformat()}).",
            fix="Correct the date (often a typing slip in the year); dates cannot be in the "
            "future.",
        )
        _emit(
            out,
            early,
            rows,
            code="out-of-range",
            column=column.name,
            header=header,
            what=f"the date is before {EARLIEST_PLAUSIBLE_DATE.isoformat()}.",
            fix="Correct the date; check the year has four digits.",
        )


def _valid(conformed: Conformed, invalid: pd.DataFrame, column: str) -> pd.Series:
    return conformed.frame[column].notna() & ~invalid[column]


def _check_date_order(
    conformed: Conformed, rule: Rule, *, rows: np.ndarray, invalid: pd.DataFrame, out: RowChecks
) -> None:
    earlier, later = rule.columns
    if earlier not in conformed.text.columns or later not in conformed.text.columns:
        return
    frame = conformed.frame
    both = _valid(conformed, invalid, earlier) & _valid(conformed, invalid, later)
    wrong = (both & (frame[later] < frame[earlier])).fillna(False).to_numpy(dtype=bool)
    first, second = _shown(conformed, earlier), _shown(conformed, later)
    _emit(
        out,
        wrong,
        rows,
        code=rule.code,
        column=earlier,
        header=first,
        what=f"this date is after the date in column {second} ({later}), but {rule.description}.",
        fix=f"Correct the date in {first} or in {second} so that {rule.description}.",
    )


def _check_sum(
    conformed: Conformed, rule: Rule, *, rows: np.ndarray, invalid: pd.DataFrame, out: RowChecks
) -> None:
    assert rule.target is not None
    frame = conformed.frame
    if rule.target not in conformed.text.columns:
        return
    usable = _valid(conformed, invalid, rule.target)
    for part in rule.parts:
        usable &= ~invalid[part]
    total = frame[list(rule.parts)].astype("Float64").fillna(0).sum(axis=1)
    derived = total.astype("Int64") if frame[rule.target].dtype == "Int64" else total
    out.derived[sum_column(rule.target)] = derived.where(usable, pd.NA)
    wrong = (usable & (frame[rule.target].astype("Float64") != total)).fillna(False)
    parts = ", ".join(_shown(conformed, part) for part in rule.parts)
    header = _shown(conformed, rule.target)
    _emit(
        out,
        wrong.to_numpy(dtype=bool),
        rows,
        code=rule.code,
        column=rule.target,
        header=header,
        what=f"the total is not the sum of the columns {parts}.",
        fix=f"Correct {header} or the counts so that {rule.description}.",
    )


def _check_reference(
    conformed: Conformed,
    rule: Rule,
    *,
    rows: np.ndarray,
    invalid: pd.DataFrame,
    known: Mapping[str, Callable[[], set[str]] | None],
    out: RowChecks,
) -> None:
    assert rule.column is not None and rule.dataset is not None
    if rule.column not in conformed.text.columns:
        return
    supplier = known.get(rule.dataset)
    header = _shown(conformed, rule.column)
    if supplier is None:
        out.file_problems.append(
            Problem(
                code="reference-check-skipped",
                row=None,
                column=rule.column,
                severity="warning",
                message=f"{where(row=None, column=rule.column, header=header)}: the numbers "
                f"could not be checked against your {rule.dataset} here; "
                f"the check runs when the file is received ({rule.description}).",
                fix=PROBLEM_KINDS["reference-check-skipped"].fix,
            )
        )
        return
    references = set(
        value
        for value in clean_text(pa.array(sorted(supplier()), type=pa.string())).to_pylist()
        if value
    )
    values = conformed.text[rule.column]
    usable = _valid(conformed, invalid, rule.column)
    found = values.isin(references)
    out.derived[reference_column(rule.column, rule.dataset)] = found.astype("boolean").where(
        usable, pd.NA
    )
    wrong = (usable & ~found).fillna(False).to_numpy(dtype=bool)
    _emit(
        out,
        wrong,
        rows,
        code=rule.code,
        column=rule.column,
        header=header,
        what=f"no {rule.dataset} record of yours has this number ({rule.description}).",
        fix=PROBLEM_KINDS.get(rule.code, PROBLEM_KINDS["unknown-case-reference"]).fix,
    )
