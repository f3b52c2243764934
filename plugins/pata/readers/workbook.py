"""Read spreadsheets (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) cell values only, in batches.

python-calamine (Rust's calamine) parses the workbook; cells reach Python one row at a
time (:meth:`CalamineSheet.iter_rows`), so the Python side holds one batch of rows at
most. A formula is never evaluated: its cached value (what the spreadsheet application
last showed) is read, and a formula never calculated reads as an empty cell. The sheet
read is the one named like the dataset when there is one, otherwise the first visible
sheet holding a value (hidden sheets last). Its first non-empty row is the header; rows
keep the numbers the spreadsheet application shows.

A zipped workbook (``.xlsx``, ``.ods``) is checked against zip bombs from its directory
before anything is inflated, and the used range of each sheet (``.xlsx`` references,
``.ods`` rows and cells with their repeats) is bounded (:mod:`pata.readers.sheet_extent`)
before calamine builds it.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

from pata.readers.cells import render_cell
from pata.readers.headers import check_header, clean_header, column_position
from pata.readers.model import FileFormat, FileProblem, RawTable, ReadLimits, blocker
from pata.readers.problems import RowProblemLog
from pata.readers.sheet_extent import check_sheet_extents
from pata.readers.tables import table_from_rows

log = logging.getLogger(__name__)

_SMALL_MEMBER_BYTES = 1024 * 1024
"""Members smaller than this cannot be bombs, whatever their compression ratio."""

_MARKER_MEMBER = {"xlsx": "xl/workbook.xml", "ods": "content.xml"}
"""The member a zipped workbook of each format cannot lack."""


@dataclass
class SheetRow:
    """One non-empty row of a sheet: its number as the application shows it, its cells."""

    number: int
    cells: list[str | None]


def iter_workbook_batches(
    source: bytes | Path,
    *,
    batch_rows: int | None,
    limits: ReadLimits,
    dataset: str | None = None,
    file_format: FileFormat = "xlsx",
) -> Iterator[RawTable]:
    """Read the data sheet of a workbook in batches of ``batch_rows`` rows (all when None).

    Header problems come with the first batch, row problems with the batch they were found
    in; ``too-many-rows`` may be raised after some batches were yielded.
    """
    if file_format in _MARKER_MEMBER:
        check_archive(source, limits=limits, file_format=file_format)
    elif _size_of(source) > limits.max_xls_bytes:
        raise blocker(
            "sheet-too-large",
            f"An old Excel workbook (.xls) larger than {limits.max_xls_bytes // 1024**2} MB "
            "cannot be read. Save it as .xlsx (Excel Workbook) or as CSV UTF-8, and send it "
            "again.",
        )
    try:
        workbook = (
            python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
            if isinstance(source, bytes)
            else python_calamine.CalamineWorkbook.from_path(str(source))
        )
    except Exception as error:  # calamine raises several types for a damaged workbook
        log.warning("calamine could not open the workbook (%s)", type(error).__name__)
        raise _not_a_workbook(file_format) from None
    try:
        rows = _data_rows(workbook, dataset=dataset, file_format=file_format)
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
            file_format=file_format,
        )
    finally:
        workbook.close()


def _size_of(source: bytes | Path) -> int:
    return len(source) if isinstance(source, bytes) else source.stat().st_size


def check_archive(source: bytes | Path, *, limits: ReadLimits, file_format: str = "xlsx") -> None:
    """Refuse a zip bomb or an oversized workbook from its directory, before any inflating.

    The sizes checked are the ones the zip declares; a zip reader never inflates a member
    past its declared size (it fails the CRC check instead), so they are a bound.
    """
    try:
        with zipfile.ZipFile(_as_file(source)) as archive:
            _check_members(archive, limits=limits, file_format=file_format)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        # a damaged member (bad CRC, truncated, unknown compression) while scanning sheets
        raise _not_a_workbook(file_format) from None


def _check_members(archive: zipfile.ZipFile, *, limits: ReadLimits, file_format: str) -> None:
    members = archive.infolist()
    if not any(member.filename == _MARKER_MEMBER[file_format] for member in members):
        raise _not_a_workbook(file_format)
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
            "The workbook is compressed far more than a normal spreadsheet, so it was not "
            "opened. Open it, save it again, and send it again.",
        )
    if inflated > limits.max_xlsx_uncompressed:
        raise blocker(
            "xlsx-too-large",
            "The workbook is too large to read once unpacked. Split it into several files, "
            "or export it as CSV UTF-8, and send it again.",
        )
    if file_format in ("xlsx", "ods"):
        check_sheet_extents(archive, limits=limits, file_format=file_format)


def _batches(
    rows: Iterator[SheetRow],
    *,
    headers: list[str],
    header_problems: list[FileProblem],
    batch_rows: int | None,
    limits: ReadLimits,
    file_format: FileFormat,
) -> Iterator[RawTable]:
    problems = RowProblemLog(limit=limits.max_row_problems)
    found_before = header_problems
    kept: list[SheetRow] = []
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
            yield _raw_table(
                kept,
                headers=headers,
                problems=[*found_before, *problems.take()],
                file_format=file_format,
            )
            found_before, kept, yielded = [], [], True
    if records == 0:
        raise _no_records()
    last_problems = [*found_before, *problems.take(), *problems.take_summary()]
    if kept or last_problems or not yielded:
        yield _raw_table(kept, headers=headers, problems=last_problems, file_format=file_format)


def _raw_table(
    rows: list[SheetRow],
    *,
    headers: list[str],
    problems: list[FileProblem],
    file_format: FileFormat,
) -> RawTable:
    return RawTable(
        headers=headers,
        table=table_from_rows(
            headers=headers,
            rows=[row.cells for row in rows],
            row_numbers=[row.number for row in rows],
        ),
        format=file_format,
        encoding=None,
        delimiter=None,
        problems=problems,
    )


def _note_cells_past_header(row: SheetRow, *, width: int, problems: RowProblemLog) -> None:
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


def _data_rows(
    workbook: Any, *, dataset: str | None, file_format: FileFormat
) -> Iterator[SheetRow]:
    """The non-empty rows of the data sheet (see the module docstring for which sheet)."""
    try:
        sheets = list(workbook.sheets_metadata)
    except Exception as error:
        log.warning("calamine could not list the sheets (%s)", type(error).__name__)
        raise _not_a_workbook(file_format) from None
    order = sorted(range(len(sheets)), key=lambda i: _visible(sheets[i]) is False)
    if dataset is not None:
        wanted = _sheet_key(dataset)
        named = [i for i in range(len(sheets)) if _sheet_key(sheets[i].name) == wanted]
        order = named + [i for i in order if i not in named]
    for index in order:
        rows = _sheet_rows(workbook, index=index, file_format=file_format)
        first = next(rows, None)
        if first is not None:
            yield first
            yield from rows
            return


def _visible(metadata: Any) -> bool:
    return bool(metadata.visible == python_calamine.SheetVisibleEnum.Visible)


def _sheet_rows(workbook: Any, *, index: int, file_format: FileFormat) -> Iterator[SheetRow]:
    """Yield the non-empty rows of one sheet with the numbers the application shows."""
    try:
        sheet = workbook.get_sheet_by_index(index)
        start = sheet.start
        if start is None:
            return
        # calamine yields rows from the sheet's first row, but columns from the first used
        # one: the cells left of it are put back, so columns keep their positions.
        lead = [None] * start[1]
        for offset, values in enumerate(sheet.iter_rows()):
            cells = _trimmed([*lead, *(render_cell(value) for value in values)])
            if cells:
                yield SheetRow(number=offset + 1, cells=cells)
    except python_calamine.CalamineError as error:
        log.warning("calamine could not read the sheet (%s)", type(error).__name__)
        raise _not_a_workbook(file_format) from None


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s\-_]+", "_", name.strip().casefold())


def _trimmed(cells: list[Any]) -> list[Any]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _as_file(source: bytes | Path) -> io.BytesIO | Path:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def _not_a_workbook(file_format: str) -> Any:
    kind = {"xls": ".xls", "ods": ".ods"}.get(file_format, ".xlsx")
    return blocker(
        "unreadable-file",
        f"The file could not be opened as a spreadsheet ({kind}). It may be damaged, "
        "password-protected, or another kind of file. Save it again without a password, "
        "and send it again.",
    )


def _no_records() -> Any:
    return blocker(
        "empty-file",
        "The workbook has no rows after the header row. Export it again with your records.",
    )
