"""Clean the header row of a partner file and report what is wrong with it.

Header texts are column names, not records, so problems may name them (in ``column``);
messages themselves only carry positions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from openpyxl.utils import get_column_letter

from pata.readers.model import ROW_COLUMN, FileProblem, blocker

_EDGE_CHARACTERS = "\ufeff\u200b \t\r\n\u00a0"
"""Stripped from both ends: BOM, zero-width space, whitespace and no-break space."""


def clean_header(text: str | None) -> str:
    """Strip a header text of a BOM and of surrounding whitespace; empty when missing."""
    if text is None:
        return ""
    return text.strip().strip(_EDGE_CHARACTERS)


def column_position(index: int) -> str:
    """Describe a 0-based column position as a partner sees it in a spreadsheet."""
    return f"column {get_column_letter(index + 1)} (number {index + 1})"


def check_header(
    headers: Sequence[str], *, max_columns: int, header_row: int = 1
) -> list[FileProblem]:
    """Raise when the header row cannot be used, and list the problems it has otherwise."""
    check_width(len(headers), max_columns=max_columns)
    if not any(headers):
        raise blocker(
            "no-header",
            "The first row of the file must hold the column names, and it is empty. "
            "Put the column names in the first row and send the file again.",
        )
    return [
        *_blank_names(headers, header_row=header_row),
        *_duplicates(headers, header_row=header_row),
        *_reserved(headers, header_row=header_row),
    ]


def check_width(count: int, *, max_columns: int) -> None:
    """Raise ``too-many-columns`` when a file has more columns than can be read."""
    if count > max_columns:
        raise blocker(
            "too-many-columns",
            f"The file has {count} columns; at most {max_columns} can be read. "
            "Remove the columns that are not part of the dataset and send the file again.",
        )


def _blank_names(headers: Sequence[str], *, header_row: int) -> list[FileProblem]:
    return [
        FileProblem(
            code="blank-column-name",
            message=f"The header of {column_position(index)} is empty. Give the column a "
            "name, or delete the column if it is not used.",
            row=header_row,
        )
        for index, name in enumerate(headers)
        if not name
    ]


def _duplicates(headers: Sequence[str], *, header_row: int) -> list[FileProblem]:
    positions: dict[str, list[int]] = defaultdict(list)
    for index, name in enumerate(headers):
        if name:
            positions[name].append(index)
    return [
        FileProblem(
            code="duplicate-column",
            message="The same column name is used "
            f"{len(indexes)} times ({', '.join(column_position(i) for i in indexes)}). "
            "Give each column a different name.",
            column=name,
            row=header_row,
        )
        for name, indexes in positions.items()
        if len(indexes) > 1
    ]


def _reserved(headers: Sequence[str], *, header_row: int) -> list[FileProblem]:
    return [
        FileProblem(
            code="reserved-column-name",
            message=f"The column name of {column_position(index)} is reserved for the "
            "pipeline's row numbers. Rename the column.",
            column=name,
            row=header_row,
        )
        for index, name in enumerate(headers)
        if name == ROW_COLUMN
    ]
