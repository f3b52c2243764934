"""The verdict on one partner file: its :class:`ValidationResult` and the rules that decide it.

The file is rejected whole, or its valid rows go on (:class:`pata.validation.validator.
FileValidator` applies these rules to a file's batches).

File-level blockers reject the file: the header matches another dataset better
(``wrong-dataset``), a required column is missing (``missing-column``), two columns hold
one field (``duplicate-column``), there are no records (``empty-file``) or implausibly many
(``implausible-volume``), or the share of invalid rows is above the threshold
(``too-many-invalid-rows``). Otherwise rows with an error are quarantined (counted,
positioned, never loaded) and the valid rows go on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from pata.contracts import Contract, load_contracts
from pata.readers.model import FileProblem
from pata.validation.problems import (
    EMPTY_FILE_MESSAGE,
    PROBLEM_KINDS,
    Problem,
    file_problem,
    kind_of,
    sort_problems,
)
from pata.validation.suites import PLAUSIBLE_ROWS

if TYPE_CHECKING:
    from pata.conform import Conformed
    from pata.registry import Partner

log = logging.getLogger(__name__)

Verdict = Literal["accepted", "rejected"]
SUMMARY_ROWS = 50
"""How many row numbers :meth:`ValidationResult.summary_by_code` keeps per code and column."""
BLOCKER_ORDER = (
    "wrong-dataset",
    "missing-column",
    "duplicate-column",
    "empty-file",
    "implausible-volume",
    "too-many-invalid-rows",
)


@dataclass
class ValidationResult:
    """What validation found in one file and what becomes of it; holds no value but ``valid``.

    ``valid`` (the typed valid rows, for de-identification and loading) is the only part
    with partner values: it never goes into a log, XCom or report.
    """

    dataset: str
    contract_version: str
    verdict: Verdict
    blocker: str | None
    rows_total: int
    rows_valid: int
    rows_invalid: int
    valid: pd.DataFrame
    problems: list[Problem]
    gx_results: dict[str, Any] = field(default_factory=dict)
    unlisted: dict[tuple[str, str], int] = field(default_factory=dict)
    """(code, column) -> problems counted but not listed (a file validated in batches keeps
    at most so many per code; one summary problem per (code, column) stands for the rest)."""

    def summary_by_code(self) -> list[tuple[str, str, str, int, list[int]]]:
        """(code, column, severity, count, first 50 rows) per code and column, file-level first."""
        groups: dict[tuple[str, str], list[Problem]] = {}
        for problem in self.problems:
            groups.setdefault((problem.code, problem.column or ""), []).append(problem)
        summary = []
        for (code, column), found in groups.items():
            severity = "error" if any(p.severity == "error" for p in found) else "warning"
            rows = sorted({p.row for p in found if p.row is not None and p.row > 1})
            count = len(found)
            if (code, column) in self.unlisted:  # the summary problem stands for the rest
                count += self.unlisted[(code, column)] - 1
            summary.append((code, column, severity, count, rows[:SUMMARY_ROWS]))
        return summary

    def counts(self) -> dict[str, int]:
        """Rows read, valid and quarantined, and errors and warnings (for logs and XCom)."""
        return {
            "rows_total": self.rows_total,
            "rows_valid": self.rows_valid,
            "rows_invalid": self.rows_invalid,
            "errors": sum(1 for p in self.problems if p.severity == "error")
            + sum(self.unlisted.values())
            - len(self.unlisted),
            "warnings": sum(1 for p in self.problems if p.severity == "warning"),
        }


def rejected_result(
    contract: Contract,
    *,
    problems: Sequence[Problem],
    blocker: str,
    rows_total: int,
    gx_results: dict[str, Any],
) -> ValidationResult:
    """A rejected file: no row is valid, because no row of it is loaded."""
    return ValidationResult(
        dataset=contract.dataset,
        contract_version=contract.version,
        verdict="rejected",
        blocker=blocker,
        rows_total=rows_total,
        rows_valid=0,
        rows_invalid=rows_total,
        valid=pd.DataFrame(),
        problems=sort_problems(problems),
        gx_results=gx_results,
    )


def file_blockers(file_problems: Sequence[Problem], *, gx: dict[str, Any]) -> list[str]:
    """File-level blockers: errors of a blocking kind, and the columns GX found missing."""
    found = {
        p.code
        for p in file_problems
        if p.severity == "error" and (kind := kind_of(p.code)) is not None and kind.blocks_file
    }
    missing = [
        entry
        for entry in gx["results"]
        if entry["expectation"] == "expect_column_to_exist" and not entry["success"]
    ]
    if missing:
        found.add("missing-column")
    return sorted(found, key=BLOCKER_ORDER.index)


def volume_problems(summary: dict[str, Any], *, dataset: str) -> list[Problem]:
    """The file-level problem GX's row-count expectation found, if any."""
    for entry in summary["results"]:
        if entry["expectation"] != "expect_table_row_count_to_be_between" or entry["success"]:
            continue
        count = entry.get("observed_value") or 0
        if count == 0:
            return [file_problem("empty-file", EMPTY_FILE_MESSAGE)]
        return [
            Problem(
                code="implausible-volume",
                row=None,
                column=None,
                severity="error",
                message=f"The file has {count} records; one {dataset} file holds at most "
                f"{PLAUSIBLE_ROWS[dataset]}.",
                fix=PROBLEM_KINDS["implausible-volume"].fix,
            )
        ]
    return []


def too_many_invalid(invalid: int, total: int, *, threshold: float) -> Problem:
    return Problem(
        code="too-many-invalid-rows",
        row=None,
        column=None,
        severity="error",
        message=f"{invalid} of {total} rows ({invalid / total:.0%}) have problems, more than "
        f"the {threshold:.0%} a file may have; no row of the file was loaded.",
        fix=PROBLEM_KINDS["too-many-invalid-rows"].fix,
    )


def wrong_dataset(*, dataset: str, other: str) -> Problem:
    return Problem(
        code="wrong-dataset",
        row=None,
        column=None,
        severity="error",
        message=f"The columns of this file are those of the {other} dataset, not of "
        f"{dataset}, the folder it was sent to.",
        fix=f"If the file holds {other}, upload it into the {other} folder; otherwise export "
        f"the {dataset} dataset and send it again.",
    )


def better_dataset(
    headers: Sequence[str], *, partner: Partner, dataset: str, conformed: Conformed
) -> str | None:
    """Another dataset whose columns the header matches better, when this one lacks some."""
    from pata.conform import map_headers

    contracts = load_contracts()
    own = contracts[dataset]
    if all(name in conformed.text.columns for name in own.required_columns):
        return None
    own_score = len(conformed.text.columns) / len(own.columns)
    best, best_score = None, own_score
    for name, contract in contracts.items():
        if name == dataset:
            continue
        column_map = partner.datasets[name].column_map if name in partner.datasets else {}
        mapping = map_headers(headers, contract=contract, column_map=column_map)
        if not all(required in mapping.columns for required in contract.required_columns):
            continue
        score = mapping.matched / len(contract.columns)
        if score > best_score:
            best, best_score = name, score
    return best


def from_reader_problems(found: Sequence[FileProblem], conformed: Conformed) -> list[Problem]:
    """The reader's problems as validation problems; header texts only when trustworthy."""
    canonical = {header: name for name, header in conformed.headers.items()}
    problems = []
    for problem in found:
        kind = kind_of(problem.code)
        if problem.code == "duplicate-column" and problem.column in canonical:
            continue  # conform reports it under the canonical column
        row = problem.row
        row_level = row is not None and row > 1
        severity = kind.severity if kind is not None and row_level else "warning"
        column = problem.column
        if column is not None:
            column = canonical.get(column, column if conformed.header_row_recognised else None)
        problems.append(
            Problem(
                code=problem.code,
                row=row if row_level else None,
                column=column,
                severity=severity,
                message=f"Row {row}: {problem.message}" if row_level else problem.message,
                fix=kind.fix if kind is not None else problem.message,
            )
        )
    return problems
