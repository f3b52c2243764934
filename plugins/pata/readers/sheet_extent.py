"""Bound the used range of every worksheet of an ``.xlsx`` before calamine builds it.

calamine turns a sheet into one dense range spanning its first to its last used cell, so a
few bytes naming a cell at ``XFD1048576`` make it allocate ~512 GiB and abort the process.
The declared ``<dimension ref>`` is not used for that (calamine sizes the range from the
cells), so it is not what is checked: the cell and row references (``r="..."``) are,
streamed from each worksheet member in bounded chunks, never held whole.

Not bounded here: cells written without an ``r`` reference take the next position, so a
hostile sheet of such cells is bounded only by the zip ratio and size checks.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
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

    def widen(self, *, row: int, letters: bytes) -> None:
        self.rows = max(self.rows, row)
        if letters:
            self.columns = max(self.columns, column_number(letters))


def check_sheet_extents(archive: zipfile.ZipFile, *, limits: ReadLimits) -> None:
    """Refuse a workbook one of whose worksheets spans more columns or cells than the limits
    allow (:class:`UnreadableFile` ``sheet-too-large``); every worksheet is checked, not
    only the one that will be read."""
    for member in archive.infolist():
        if not _WORKSHEET.fullmatch(member.filename):
            continue
        with archive.open(member) as stream:
            extent = sheet_extent(stream, max_bytes=limits.max_xlsx_uncompressed)
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


def sheet_extent(stream: IO[bytes], *, max_bytes: int) -> SheetExtent:
    """The extent named by the references of one worksheet's XML, read in chunks."""
    extent = SheetExtent()
    carried = b""
    read = 0
    while read < max_bytes:
        chunk = stream.read(min(_CHUNK_BYTES, max_bytes - read))
        if not chunk:
            break
        read += len(chunk)
        text = carried + chunk
        for letters, digits in _REFERENCE.findall(text):
            extent.widen(row=int(digits), letters=letters)
        carried = text[-_OVERLAP_BYTES:]
    return extent


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
