"""Bound the used range of every sheet of an ``.xlsx`` or ``.ods`` before calamine builds it.

calamine turns a sheet into one dense range spanning its first to its last used cell, so a
few bytes naming a cell at ``XFD1048576`` make it allocate ~512 GiB and abort the process.
The declared ``<dimension ref>`` is not used for that (calamine sizes the range from the
cells), so it is not what is checked: the cell and row references (``r="..."``) are,
streamed from each worksheet member in bounded chunks, never held whole.

Not bounded here: cells written without an ``r`` reference take the next position, so a
hostile sheet of such cells is bounded only by the zip ratio and size checks.

An ``.ods`` sheet has no references: its rows and cells come one after the other, and a row
or cell may declare that it repeats (``table:number-rows-repeated``,
``table:number-columns-repeated``), which calamine expands. So ``content.xml`` is streamed
the same way and its table, row and cell tags are counted with their repeats, to the last
row and column holding a value (the empty rows and cells an application writes after the
data, repeated to the sheet's edge, cost nothing and are not counted). The same limits
apply; in addition a row holding values may not repeat more than
:data:`MAX_REPEATED_CONTENT_ROWS` times, so a few bytes cannot stand for a million records.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from pata.readers.model import ReadLimits, blocker

_CHUNK_BYTES = 1024 * 1024
_OVERLAP_BYTES = 64 * 1024
"""Bytes kept from one chunk to the next, so a reference cut in two is still seen."""

_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,8})([0-9]{1,12})["']""")
"""An ``r`` attribute: ``A1``-style on a cell, a bare number on a row."""


@dataclass
class SheetExtent:
    """The last row and column (1-based) any reference of a sheet names."""

    rows: int = 0
    columns: int = 0
    repeated_rows: int = 1
    """The most times one row holding values repeats (``.ods`` only)."""

    def widen(self, *, row: int, letters: bytes) -> None:
        self.rows = max(self.rows, row)
        if letters:
            self.columns = max(self.columns, column_number(letters))


def check_sheet_extents(
    archive: zipfile.ZipFile, *, limits: ReadLimits, file_format: str = "xlsx"
) -> None:
    """Refuse a workbook one of whose sheets spans more columns or cells than the limits
    allow (:class:`UnreadableFile` ``sheet-too-large``); every sheet is checked, not only
    the one that will be read."""
    if file_format == "ods":
        with archive.open("content.xml") as stream:
            for extent in ods_sheet_extents(stream, max_bytes=limits.max_xlsx_uncompressed):
                _check_extent(extent, limits=limits)
        return
    for member in archive.infolist():
        if not _WORKSHEET.fullmatch(member.filename):
            continue
        with archive.open(member) as stream:
            _check_extent(
                sheet_extent(stream, max_bytes=limits.max_xlsx_uncompressed), limits=limits
            )


def _check_extent(extent: SheetExtent, *, limits: ReadLimits) -> None:
    # rows alone are left to the streamed ``too-many-rows`` count (of non-empty rows);
    # a tall range costs memory only through the cell budget
    if (
        extent.columns > limits.max_sheet_columns
        or extent.rows * extent.columns > limits.max_sheet_cells
    ):
        raise blocker(
            "sheet-too-large",
            f"A sheet of the workbook uses {extent.rows} rows and {extent.columns} "
            f"columns (up to cell {column_letters(extent.columns)}{extent.rows}); at "
            f"most {limits.max_sheet_columns} columns and {limits.max_sheet_cells} cells "
            "(rows times columns) can be read. Delete the cells far "
            "below or right of your records (or split the file), save it, and send it "
            "again; a very large table is best sent as CSV UTF-8.",
        )
    if extent.repeated_rows > MAX_REPEATED_CONTENT_ROWS:
        raise blocker(
            "sheet-too-large",
            f"A row of a sheet of the workbook is marked to repeat {extent.repeated_rows} "
            f"times; at most {MAX_REPEATED_CONTENT_ROWS} identical rows in a row can be read. "
            "Save the file again from your spreadsheet application with one row per record, "
            "or send it as CSV UTF-8.",
        )


def sheet_extent(stream: IO[bytes], *, max_bytes: int) -> SheetExtent:
    """The extent named by the references of one worksheet's XML, read in chunks."""
    extent = SheetExtent()
    carried = b""
    for chunk in _bounded_chunks(stream, max_bytes=max_bytes):
        text = carried + chunk
        for letters, digits in _REFERENCE.findall(text):
            extent.widen(row=int(digits), letters=letters)
        carried = text[-_OVERLAP_BYTES:]
    return extent


def _bounded_chunks(stream: IO[bytes], *, max_bytes: int) -> Iterator[bytes]:
    """The stream in chunks of at most ``_CHUNK_BYTES``, ``max_bytes`` in all."""
    read = 0
    while read < max_bytes:
        chunk = stream.read(min(_CHUNK_BYTES, max_bytes - read))
        if not chunk:
            return
        read += len(chunk)
        yield chunk


def column_number(letters: bytes) -> int:
    """``A`` -> 1, ``Z`` -> 26, ``AA`` -> 27, ``XFD`` -> 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - ord("A") + 1)
    return number


def column_letters(number: int) -> str:
    """1 -> ``A``, 27 -> ``AA`` (empty for 0)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


MAX_REPEATED_CONTENT_ROWS = 1_000
"""The most times one ``.ods`` row holding values may be declared to repeat."""

_ODS_TAG = re.compile(
    rb"""<(/?)(table:(?:table-row|table-cell|covered-table-cell|table)|text:[\w.-]+)"""
    rb"""(?=[\s/>])((?:[^<>"']|"[^"<]*"|'[^'<]*')*)>"""
)
"""A table, row or cell tag (open, close or empty), or any ``text:`` tag (cell content);
quoted attribute values may hold ``>`` (never ``<``, so no scan runs past the next tag)."""
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["']([^"']*)["']""")
_COLUMNS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["']([^"']*)["']""")
_VALUE_TYPE = re.compile(rb"""value-type\s*=""")
_MAX_TAG_BYTES = 1024 * 1024
"""A tag longer than this (an attribute of a megabyte) is not a spreadsheet's."""


@dataclass
class _OdsTable:
    """Counting state of one table (sheet) while its rows stream past."""

    extent: SheetExtent = field(default_factory=SheetExtent)
    row: int = 0
    row_repeat: int = 1
    column: int = 0
    row_last_column: int = 0
    cell_start: int = 0
    cell_repeat: int = 1
    cell_has_value: bool = False
    in_cell: bool = False

    def end_cell(self) -> None:
        self.column = self.cell_start + self.cell_repeat
        if self.cell_has_value:
            self.row_last_column = self.column
        self.in_cell = False

    def end_row(self) -> None:
        if self.row_last_column:
            self.extent.rows = self.row + self.row_repeat
            self.extent.columns = max(self.extent.columns, self.row_last_column)
            self.extent.repeated_rows = max(self.extent.repeated_rows, self.row_repeat)
        self.row += self.row_repeat


def ods_sheet_extents(stream: IO[bytes], *, max_bytes: int) -> list[SheetExtent]:
    """The extent of every table of an ``.ods`` ``content.xml``, read in chunks (repeats
    counted, trailing empty rows and cells not)."""
    done: list[SheetExtent] = []
    tables: list[_OdsTable] = []
    carried = b""
    for chunk in _bounded_chunks(stream, max_bytes=max_bytes):
        text = carried + chunk
        end = 0
        for match in _ODS_TAG.finditer(text):
            _ods_tag(match, tables=tables, done=done)
            end = match.end()
        last_open = text.rfind(b"<")
        carried = text[last_open:] if last_open >= end else b""
        if len(carried) > _MAX_TAG_BYTES:
            raise blocker(
                "unreadable-file",
                "The file could not be opened as a spreadsheet (.ods): it holds a tag far "
                "longer than a spreadsheet's. Save it again and send it again.",
            )
    return done + [table.extent for table in tables]


def _ods_tag(match: re.Match[bytes], *, tables: list[_OdsTable], done: list[SheetExtent]) -> None:
    closing, name, attributes = match.group(1), match.group(2), match.group(3)
    empty = attributes.endswith(b"/")
    if name == b"table:table":
        if not closing:
            tables.append(_OdsTable())
        elif tables:
            done.append(tables.pop().extent)
        return
    if not tables:
        return
    table = tables[-1]
    if name == b"table:table-row":
        if closing:
            if table.in_cell:
                table.end_cell()
            table.end_row()
        else:
            table.row_repeat = _repeat(_ROWS_REPEATED, attributes)
            table.column = table.row_last_column = 0
            if empty:
                table.end_row()
    elif name.startswith(b"text:"):
        if table.in_cell and not closing:
            table.cell_has_value = True
    elif closing:  # a cell's end
        if table.in_cell:
            table.end_cell()
    else:  # a cell's start
        if table.in_cell:
            table.end_cell()
        table.cell_start = table.column
        table.cell_repeat = _repeat(_COLUMNS_REPEATED, attributes)
        table.cell_has_value = _VALUE_TYPE.search(attributes) is not None
        table.in_cell = True
        if empty:
            table.end_cell()


def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    """A repeat count as the application reads it (character references decoded), >= 1."""
    found = pattern.search(attributes)
    if found is None:
        return 1
    value = html.unescape(found.group(1).decode("ascii", "replace")).strip()
    return int(value) if value.isdigit() and len(value) <= 12 and int(value) > 0 else 1
