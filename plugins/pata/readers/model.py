"""What a reader returns: a table of strings with row positions, and file-level problems.

Nothing here ever holds a value read from a partner file outside ``RawTable.table``:
problems and exceptions carry positions, column names and codes only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa

from pata.errors import PataError

FileFormat = Literal["csv", "xlsx", "xls", "ods", "json"]

WORKBOOK_FORMATS: tuple[FileFormat, ...] = ("xlsx", "xls", "ods")

ROW_COLUMN = "__row"
"""Name of the int64 column holding the row number a partner sees in a spreadsheet."""


@dataclass(frozen=True)
class FileProblem:
    """A file-level problem found while reading; never contains a cell value.

    ``code`` is stable kebab-case: ``duplicate-column``, ``blank-column-name``,
    ``reserved-column-name`` (header row); ``ragged-row`` (CSV and workbooks);
    ``unbalanced-quotes`` (CSV); ``nested-value``, ``not-a-record``, ``invalid-record``
    (JSON); or one of the blocker codes of :class:`UnreadableFile`. ``row`` is None for a
    problem without one position, such as the count of rows past ``max_row_problems``.
    ``message`` is plain language for the partner: what is wrong and what to fix.
    """

    code: str
    message: str
    column: str | None = None
    row: int | None = None


@dataclass
class RawTable:
    """The decoded content of one partner file (or one batch of it), every cell a string.

    ``table`` holds one string column per entry of ``headers`` (same order, so column ``i``
    is ``headers[i]`` even when two headers share a name) and a last int64 column
    ``__row``: the row number a partner sees in a spreadsheet (header = row 1, first record
    = row 2; for JSON, record ``n`` counted from 1 = row ``n + 1``). Empty cells are null.
    Rows whose every cell is empty are left out; their numbers are simply skipped.
    """

    headers: list[str]
    table: pa.Table
    format: FileFormat
    encoding: str | None
    delimiter: str | None
    problems: list[FileProblem] = field(default_factory=list)


@dataclass(frozen=True)
class ReadLimits:
    """Caps that protect the pipeline from files too big or too strange to read safely.

    ``max_row_problems`` caps how many row-positioned problems of one code are listed one
    by one; the rest are counted in a single summary problem. ``max_sheet_columns`` and
    ``max_sheet_cells`` bound an ``.xlsx`` or ``.ods`` sheet's used range (first to last
    used cell), which calamine holds whole, with every text cell its own string. Measured
    (docs/faults.md): a 24-column ``cases`` workbook of 9.6 million cells peaks at 1.19 GiB
    through the pipeline and 1.25 GiB in ``pata check``, one of 19.9 million cells at
    1.81 GiB; 10 million cells keeps a file within the 1.5 GiB it may take. An old ``.xls``
    names no range before calamine reads it, so its size is capped instead
    (``max_xls_bytes``: about 4 million cells); a bigger table is sent as CSV.
    """

    max_bytes: int = 512 * 1024**2
    max_rows: int = 5_000_000
    max_columns: int = 500
    max_xlsx_uncompressed: int = 2 * 1024**3
    max_xlsx_ratio: float = 200.0
    max_row_problems: int = 1_000
    max_sheet_columns: int = 1_000
    max_sheet_cells: int = 10_000_000
    max_xls_bytes: int = 64 * 1024**2
    max_cell_chars: int = 32_767
    """Excel's own limit for one cell: a longer cell was not typed, and is not loaded."""


DEFAULT_LIMITS = ReadLimits()


class UnreadableFile(PataError):
    """The file cannot be read at all; ``code`` says why, ``problems`` hold the details.

    Codes: ``empty-file``, ``unsupported-format``, ``file-too-large``, ``too-many-rows``,
    ``too-many-columns``, ``zip-bomb``, ``xlsx-too-large``, ``sheet-too-large``,
    ``unreadable-file``, ``encoding-error``, ``no-header``. The message is the
    partner-facing text of the blocking problem, which is always ``problems[0]``.
    """

    code = "unreadable-file"

    def __init__(self, problem: FileProblem, *, found_before: Sequence[FileProblem] = ()) -> None:
        super().__init__(problem.message, code=problem.code)
        self.problems: list[FileProblem] = [problem, *found_before]


def blocker(code: str, message: str) -> UnreadableFile:
    """Build the exception for a file-level blocker with a partner-facing message."""
    return UnreadableFile(FileProblem(code=code, message=message))
