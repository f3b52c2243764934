"""Problems found in a partner file: positioned, coded, explained, and never quoting a cell.

Every problem has a stable kebab-case ``code`` (documented for partners in
``docs/feedback.md``), the row number a partner sees in a spreadsheet (header = row 1;
``None`` for the whole file), the column (the contract's canonical name, or the partner's
header for a column the contract does not know), a severity, a plain-language message and
a fix. Messages are built from positions, column names and codes only.

Over 400 lines on purpose: most of it is the catalogue of problem kinds (title, fix and
their translations), which is data a partner reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

DOCS_HINT = "see docs/feedback.md"
_LISTED_CODES = 12
"""Code lists longer than this are not spelled out in a fix; the docs list them."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a file, positioned and coded; holds no value read from the file."""

    code: str
    row: int | None
    column: str | None
    severity: Severity
    message: str
    fix: str


@dataclass(frozen=True)
class ProblemKind:
    """What a problem code means, for the report's headings and the partner documentation."""

    code: str
    title: str
    severity: Severity
    fix: str
    blocks_file: bool = False


PROBLEM_KINDS: dict[str, ProblemKind] = {
    kind.code: kind
    for kind in (
        ProblemKind(
            "internal-error",
            "The file could not be processed because of an error on our side",
            "error",
            "No action needed: the regional data team is told and processes the file again "
            "once the error is fixed.",
            blocks_file=True,
        ),
        ProblemKind(
            "retries-exhausted",
            "The file could not be processed: our systems failed several times while handling it",
            "error",
            "No action needed: the regional data team is told and processes the file again "
            "once the error is fixed.",
            blocks_file=True,
        ),
        # File-level blockers: the whole file is rejected.
        ProblemKind(
            "missing-column",
            "A required column is missing",
            "error",
            "Add the column with the header shown, fill it for every row, and send the file again.",
            blocks_file=True,
        ),
        ProblemKind(
            "duplicate-column",
            "Two columns hold the same field",
            "error",
            "Keep one column per field: delete or rename the extra column, and send the file "
            "again.",
            blocks_file=True,
        ),
        ProblemKind(
            "wrong-dataset",
            "The file looks like another dataset",
            "error",
            "Upload the file into the folder of the dataset it holds, or export the right dataset.",
            blocks_file=True,
        ),
        ProblemKind(
            "empty-file",
            "The file has no records",
            "error",
            "Export the file again with your records, and send it.",
            blocks_file=True,
        ),
        ProblemKind(
            "too-many-invalid-rows",
            "Too many rows have problems",
            "error",
            "Fix the problems listed in this report and send the whole file again.",
            blocks_file=True,
        ),
        ProblemKind(
            "implausible-volume",
            "The file has far more rows than a file of this dataset can hold",
            "error",
            "Check that the export is for one reporting period only; split it by month.",
            blocks_file=True,
        ),
        # Files stopped before their rows can be read (pata.readers, attribution).
        ProblemKind(
            "unknown-partner",
            "The file is not in a registered partner folder",
            "error",
            "Upload into your own partner folder, or ask the regional data team to register you.",
            blocks_file=True,
        ),
        *(
            ProblemKind(
                code,
                "The dataset folder is not one your organisation sends",
                "error",
                "Check the folder, or ask the regional data team.",
                blocks_file=True,
            )
            for code in ("unknown-dataset", "dataset-not-registered")
        ),
        ProblemKind(
            "key-outside-layout",
            "The file is not in a dataset folder of your incoming folder",
            "error",
            "Upload it into your incoming folder, in the folder of its dataset.",
            blocks_file=True,
        ),
        ProblemKind(
            "unsupported-format",
            "The file is not a CSV, spreadsheet or JSON file",
            "error",
            "Save it as .xlsx, or as CSV UTF-8.",
            blocks_file=True,
        ),
        *(
            ProblemKind(
                code,
                "The file is larger than one file may be",
                "error",
                "Split it into several files (by month) and send them one by one.",
                blocks_file=True,
            )
            for code in (
                "file-too-large",
                "too-many-rows",
                "too-many-columns",
                "xlsx-too-large",
                "sheet-too-large",
                "zip-bomb",
            )
        ),
        ProblemKind(
            "row-too-long",
            "A row is longer than one row may be",
            "error",
            "Check the row named for a very long cell or a quote left open, and send the file "
            "again.",
            blocks_file=True,
        ),
        ProblemKind(
            "encoding-error",
            "The text encoding could not be recognised",
            "error",
            'Save as "CSV UTF-8" from Excel (or UTF-8 from your system).',
            blocks_file=True,
        ),
        *(
            ProblemKind(
                code,
                "The file could not be read",
                "error",
                "Export it again from your system, without a password.",
                blocks_file=True,
            )
            for code in ("unreadable-file", "unbalanced-quotes")
        ),
        ProblemKind(
            "no-header",
            "The row of column names is missing",
            "error",
            "Put the column names in the first row.",
            blocks_file=True,
        ),
        # File-level notices: the file goes on.
        ProblemKind(
            "duplicate-file",
            "The same file was already received",
            "warning",
            "No action needed. To correct data, send a new file for the same period.",
        ),
        ProblemKind(
            "extra-column",
            "A column is not part of the dataset",
            "warning",
            "No action needed: the column was ignored. Remove it from future exports, or ask "
            "the regional data team to map it if it holds dataset information.",
        ),
        ProblemKind(
            "reference-check-skipped",
            "Case numbers could not be checked",
            "warning",
            "No action needed now; the check runs when the pipeline receives the file.",
        ),
        # Row-level problems: the row is quarantined (not loaded); other rows go on.
        ProblemKind(
            "missing-value",
            "A required value is empty",
            "error",
            "Fill in the value; this column may not be empty.",
        ),
        ProblemKind(
            "type-error",
            "A value has the wrong type",
            "error",
            "Write the value in the form the column expects.",
        ),
        ProblemKind(
            "unknown-code",
            "A value is not one of the allowed codes",
            "error",
            "Use one of the codes (or your registered labels) listed for the column.",
        ),
        ProblemKind(
            "out-of-range",
            "A value is outside the plausible range",
            "error",
            "Correct the value; it must lie within the range given for the column.",
        ),
        ProblemKind(
            "future-date",
            "A date is in the future",
            "error",
            "Correct the date; dates cannot be later than the day the file is checked.",
        ),
        ProblemKind(
            "date-order",
            "Two dates are in the wrong order",
            "error",
            "Correct one of the two dates so that they are in the right order.",
        ),
        ProblemKind(
            "sum-mismatch",
            "The total is not the sum of its parts",
            "error",
            "Correct the total or the counts so that the total equals their sum (an empty "
            "count is 0).",
        ),
        ProblemKind(
            "duplicate-row",
            "A row repeats an earlier row exactly",
            "error",
            "Delete the repeated row; the earlier row is kept.",
        ),
        ProblemKind(
            "duplicate-record-id",
            "A record id is used by an earlier row with different content",
            "error",
            "Give each record its own id, or merge the two rows into one.",
        ),
        ProblemKind(
            "unknown-case-reference",
            "The case number is not one of your cases",
            "error",
            "Use the case number of a case you have sent in a cases file, or send that case first.",
        ),
        # Problems found while reading the file (pata.readers).
        ProblemKind(
            "ragged-row",
            "A row does not have as many cells as the header",
            "error",
            "Check the row for a missing or extra delimiter or a line break outside quotes.",
        ),
        ProblemKind(
            "nul-character",
            "A cell holds an invisible NUL character",
            "error",
            "Delete the character (retype the cell) and send the file again.",
        ),
        ProblemKind(
            "control-character",
            "A cell holds an invisible control character",
            "error",
            "Retype the cell (the character was often pasted from another program) and send "
            "the file again.",
        ),
        ProblemKind(
            "cell-too-long",
            "A cell is longer than a spreadsheet cell can be",
            "error",
            "Shorten the cell, or close the quote left open before it, and send the file again.",
        ),
        ProblemKind(
            "invalid-record",
            "A record could not be read",
            "error",
            "Check the record's quotes, commas and braces.",
        ),
        ProblemKind(
            "not-a-record",
            "An entry is not a record",
            "error",
            'Each record must look like {"column": "value", ...}.',
        ),
        ProblemKind(
            "nested-value",
            "Some cells hold lists or objects",
            "warning",
            "Put one plain value (text, number or date) per cell.",
        ),
        ProblemKind(
            "blank-column-name",
            "A column has no name",
            "warning",
            "Give the column a name, or delete it if it is not used.",
        ),
        ProblemKind(
            "unsupported-delimiter",
            "The sep= line names a delimiter that cannot be used",
            "error",
            "Export the file again as CSV UTF-8.",
            blocks_file=True,
        ),
        ProblemKind(
            "reserved-column-name",
            "A column name is reserved",
            "warning",
            "Rename the column.",
        ),
    )
}

ROW_CODES: frozenset[str] = frozenset(
    {
        "missing-value",
        "type-error",
        "unknown-code",
        "out-of-range",
        "future-date",
        "date-order",
        "sum-mismatch",
        "duplicate-row",
        "duplicate-record-id",
        "unknown-case-reference",
    }
)


def file_problem(
    code: str, message: str, *, severity: Severity = "error", fix: str | None = None
) -> Problem:
    """A problem of the whole file (no row, no column); its fix is the code's unless given."""
    return Problem(
        code=code,
        row=None,
        column=None,
        severity=severity,
        message=message,
        fix=PROBLEM_KINDS[code].fix if fix is None else fix,
    )


EMPTY_FILE_MESSAGE = "The file has no records after the header row."


def kind_of(code: str) -> ProblemKind | None:
    """The description of a problem code, or None for a code this module does not know."""
    return PROBLEM_KINDS.get(code)


def title_of(code: str) -> str:
    """A short heading for a problem code (the code itself when unknown)."""
    kind = PROBLEM_KINDS.get(code)
    return kind.title if kind else code


def where(*, row: int | None, column: str | None, header: str | None = None) -> str:
    """Describe a position for a message: ``Row 14, column ភេទ (prs_Gender)``."""
    parts = []
    if row is not None:
        parts.append(f"Row {row}")
    if column is not None:
        shown = column if not header or header == column else f"{header} ({column})"
        parts.append(f"column {shown}")
    return ", ".join(parts) if parts else "The file"


def codes_hint(codes: Sequence[str], *, labels: Iterable[str] = ()) -> str:
    """The fix text listing the allowed codes of a column (shortened for long lists)."""
    own = sorted(set(labels))
    if len(codes) > _LISTED_CODES:
        text = f"Use one of the {len(codes)} codes listed for this column ({DOCS_HINT})."
    else:
        text = f"Use one of: {', '.join(codes)} ({DOCS_HINT})."
    if own and len(own) <= _LISTED_CODES:
        text += f" Your registered labels are accepted too: {', '.join(own)}."
    elif own:
        text += " Your registered labels are accepted too."
    return text


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File-level problems first (errors before warnings), then by row, column and code."""

    def key(problem: Problem) -> tuple[int, int, int, str, str]:
        file_level = problem.row is None or problem.row <= 1
        return (
            0 if file_level else 1,
            0 if file_level and problem.severity == "error" else 1,
            problem.row or 0,
            problem.column or "",
            problem.code,
        )

    return sorted(problems, key=key)
