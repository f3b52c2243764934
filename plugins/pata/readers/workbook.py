"""Read Excel workbooks (``.xlsx``) cell values only, after checking the zip is no bomb.

openpyxl opens the workbook read-only with ``data_only=True``: a formula is never
evaluated; its cached value (what Excel last showed) is read, and a formula Excel never
calculated reads as an empty cell. The sheet read is the one named like the dataset when
there is one, otherwise the first visible sheet holding a value (hidden sheets last). Its
first non-empty row is the header; rows keep the numbers Excel shows.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from pata.readers.cells import render_cell
from pata.readers.headers import check_header, clean_header, column_position
from pata.readers.model import FileProblem, RawTable, ReadLimits, UnreadableFile, blocker
from pata.readers.problems import RowProblemLog
from pata.readers.tables import table_from_rows

log = logging.getLogger(__name__)

_SMALL_MEMBER_BYTES = 1024 * 1024
"""Members smaller than this cannot be bombs, whatever their compression ratio."""


@dataclass
class _SheetRow:
    number: int
    cells: list[str | None]


def read_workbook(
    source: bytes | Path, *, limits: ReadLimits, dataset: str | None = None
) -> RawTable:
    """Read the data sheet of a workbook whole."""
    [whole] = iter_workbook_batches(source, batch_rows=None, limits=limits, dataset=dataset)
    return whole


def iter_workbook_batches(
    source: bytes | Path,
    *,
    batch_rows: int | None,
    limits: ReadLimits,
    dataset: str | None = None,
) -> Iterator[RawTable]:
    """Read the data sheet of a workbook in batches of ``batch_rows`` rows (all when None).

    openpyxl's read-only mode parses the sheet as it goes, so memory stays bounded by the
    batch size. Header problems come with the first batch, row problems with the batch
    they were found in; ``too-many-rows`` may be raised after some batches were yielded.
    """
    check_archive(source, limits=limits)
    with _opened_workbook(source) as workbook:
        sheet = _data_sheet(workbook, dataset=dataset)
        rows = _sheet_rows(sheet)
        header_row = next(rows, None)
        if header_row is None:
            raise _no_records()
        headers = _trimmed([clean_header(cell) for cell in header_row.cells])
        header_problems = check_header(
            headers, max_columns=limits.max_columns, header_row=header_row.number
        )
        yield from _batches(
            rows,
            headers=headers,
            header_problems=header_problems,
            batch_rows=batch_rows,
            limits=limits,
        )


def check_archive(source: bytes | Path, *, limits: ReadLimits) -> None:
    """Refuse a zip bomb or an oversized workbook from its directory, before any inflating.

    The sizes checked are the ones the zip declares; Python's zipfile never inflates a
    member past its declared size (it fails the CRC check instead), so they are a bound.
    """
    try:
        with zipfile.ZipFile(_as_file(source)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _not_a_workbook() from None
    if not any(member.filename == "xl/workbook.xml" for member in members):
        raise _not_a_workbook()
    inflated = sum(member.file_size for member in members)
    deflated = sum(member.compress_size for member in members)
    suspicious = any(
        member.file_size > _SMALL_MEMBER_BYTES
        and member.file_size > limits.max_xlsx_ratio * max(member.compress_size, 1)
        for member in members
    )
    if suspicious or (
        inflated > _SMALL_MEMBER_BYTES and inflated > limits.max_xlsx_ratio * max(deflated, 1)
    ):
        raise blocker(
            "zip-bomb",
            "The workbook is compressed far more than a normal Excel file, so it was not "
            "opened. Open it in Excel, save it again as .xlsx, and send it again.",
        )
    if inflated > limits.max_xlsx_uncompressed:
        raise blocker(
            "xlsx-too-large",
            "The workbook is too large to read once unpacked. Split it into several files, "
            "or export it as CSV UTF-8, and send it again.",
        )


def _batches(
    rows: Iterator[_SheetRow],
    *,
    headers: list[str],
    header_problems: list[FileProblem],
    batch_rows: int | None,
    limits: ReadLimits,
) -> Iterator[RawTable]:
    problems = RowProblemLog(limit=limits.max_row_problems)
    found_before = header_problems
    kept: list[_SheetRow] = []
    records = 0
    yielded = False
    for row in rows:
        records += 1
        if records > limits.max_rows:
            raise blocker(
                "too-many-rows",
                f"The sheet has more than {limits.max_rows} rows, the most one file can hold. "
                "Split it into several files and send them one by one.",
            )
        if len(row.cells) > len(headers):
            _note_cells_past_header(row, width=len(headers), problems=problems)
            row.cells = row.cells[: len(headers)]
        kept.append(row)
        if batch_rows is not None and len(kept) >= batch_rows:
            yield _raw_table(kept, headers=headers, problems=[*found_before, *problems.take()])
            found_before, kept, yielded = [], [], True
    if records == 0:
        raise _no_records()
    last_problems = [*found_before, *problems.take(), *problems.take_summary()]
    if kept or last_problems or not yielded:
        yield _raw_table(kept, headers=headers, problems=last_problems)


def _raw_table(
    rows: list[_SheetRow], *, headers: list[str], problems: list[FileProblem]
) -> RawTable:
    return RawTable(
        headers=headers,
        table=table_from_rows(
            headers=headers,
            rows=[row.cells for row in rows],
            row_numbers=[row.number for row in rows],
        ),
        format="xlsx",
        encoding=None,
        delimiter=None,
        problems=problems,
    )


def _note_cells_past_header(row: _SheetRow, *, width: int, problems: RowProblemLog) -> None:
    problems.add(
        FileProblem(
            code="ragged-row",
            message="This row has values after the last named column "
            f"({column_position(width - 1)}); "
            "those values were not read. Give their column a name in the header row, or "
            "delete them.",
            row=row.number,
        )
    )


@contextmanager
def _opened_workbook(source: bytes | Path) -> Iterator[Any]:
    try:
        workbook = openpyxl.load_workbook(
            _as_file(source), read_only=True, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        log.warning("openpyxl could not open the workbook (%s)", type(error).__name__)
        raise _not_a_workbook() from None
    try:
        yield workbook
    except UnreadableFile:
        raise
    except Exception as error:
        log.warning("openpyxl could not read the workbook (%s)", type(error).__name__)
        raise _not_a_workbook() from None
    finally:
        workbook.close()


def _data_sheet(workbook: Any, *, dataset: str | None) -> Any:
    sheets = list(workbook.worksheets)
    if dataset is not None:
        wanted = _sheet_key(dataset)
        for sheet in sheets:
            if _sheet_key(sheet.title) == wanted and _has_values(sheet):
                return sheet
    for sheet in sorted(sheets, key=lambda sheet: sheet.sheet_state != "visible"):
        if _has_values(sheet):
            return sheet
    raise _no_records()


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s\-_]+", "_", name.strip().casefold())


def _has_values(sheet: Any) -> bool:
    return next(_sheet_rows(sheet), None) is not None


def _sheet_rows(sheet: Any) -> Iterator[_SheetRow]:
    """Yield the non-empty rows of a sheet with the numbers Excel shows, trailing blanks cut."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = _trimmed([render_cell(value) for value in values])
        if cells:
            yield _SheetRow(number=number, cells=cells)


def _trimmed(cells: list[Any]) -> list[Any]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _as_file(source: bytes | Path) -> io.BytesIO | Path:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def _not_a_workbook() -> UnreadableFile:
    return blocker(
        "unreadable-file",
        "The file could not be opened as an Excel workbook (.xlsx). It may be damaged, "
        "password-protected, or another kind of file. Save it again from Excel as .xlsx "
        "without a password, and send it again.",
    )


def _no_records() -> UnreadableFile:
    return blocker(
        "empty-file",
        "The workbook has no rows after the header row. Export it again with your records.",
    )
