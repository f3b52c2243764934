"""Writers of partner files in the shapes partners really send, streaming row by row.

Cells are ``None`` (empty), text, integers, booleans or dates. Dates are written in the
partner's date format (CSV, JSON) or as real date cells (XLSX, as Excel saves them).
Every writer is deterministic: the same rows give the same bytes (XLSX timestamps are fixed).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pata.contracts import Column

Cell = str | int | float | bool | date | None

ISO_DATE = "%Y-%m-%d"
# Fixed timestamp written into XLSX files so that the same rows give the same bytes.
_XLSX_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def cell_text(cell: Cell, date_format: str) -> str:
    """The text of a cell in a text file (CSV)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, date):
        return cell.strftime(date_format)
    return str(cell)


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    encoding: str,
    delimiter: str,
    date_format: str | None,
) -> int:
    """Write a delimited text file; ``utf-16`` means Excel's "Unicode text" (LE with BOM)."""
    fmt = date_format or ISO_DATE
    codec = "utf-16-le" if encoding == "utf-16" else encoding
    count = 0
    with path.open("w", encoding=codec, newline="") as handle:
        if encoding == "utf-16":
            handle.write(
                "\ufeff"
            )  # explicit BOM: "utf-16" alone would follow the machine's byte order
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(headers)
        dates: dict[date, str] = {}  # formatting a date is slow; a file repeats its dates

        def text(cell: Cell) -> str:
            if isinstance(cell, date):
                found = dates.get(cell)
                if found is None:
                    found = dates[cell] = cell.strftime(fmt)
                    if len(dates) > 100_000:
                        dates.clear()
                return found
            return cell_text(cell, fmt)

        for row in rows:
            writer.writerow(
                [cell if type(cell) is str else "" if cell is None else text(cell) for cell in row]
            )
            count += 1
    return count


def write_json(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    layout: str,
    date_format: str | None,
) -> int:
    """Write records as a JSON array or as newline-delimited JSON, keyed by the headers."""
    fmt = date_format or ISO_DATE
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        if layout == "array":
            handle.write("[")
        for row in rows:
            record = {
                header: cell.strftime(fmt) if isinstance(cell, date) else cell
                for header, cell in zip(headers, row, strict=True)
            }
            text = json.dumps(record, ensure_ascii=False)
            if layout == "array":
                handle.write(("\n  " if count == 0 else ",\n  ") + text)
            else:
                handle.write(text + "\n")
            count += 1
        if layout == "array":
            handle.write("\n]\n" if count else "]\n")
    return count


def write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    date_format: str | None,
    sheet_title: str = "Sheet1",
) -> int:
    """Write one worksheet with openpyxl in write-only mode, then fix its timestamps."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    fixed = datetime(*_XLSX_EPOCH)
    workbook.properties.creator = "pata synth"
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    sheet = workbook.create_sheet(title=sheet_title)
    number_format = excel_date_format(date_format or ISO_DATE)
    sheet.append(list(headers))
    count = 0
    for row in rows:
        values: list[object] = []
        for cell in row:
            if isinstance(cell, date):
                dated = WriteOnlyCell(sheet, value=cell)
                dated.number_format = number_format
                values.append(dated)
            else:
                values.append(cell)
        sheet.append(values)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(deterministic_zip(buffer.getvalue()))
    return count


def excel_date_format(date_format: str) -> str:
    """The Excel number format equivalent of a strptime date format."""
    return (
        date_format.replace("%d", "dd")
        .replace("%m", "mm")
        .replace("%Y", "yyyy")
        .replace("%y", "yy")
    )


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps and document times."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIME.sub(rb"\g<1>1980-01-01T00:00:00Z\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_XLSX_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def renderer(column: Column, labels: Mapping[str, str]) -> Callable[[Any], Cell]:
    """How a canonical value becomes the partner's cell for ``column``."""
    if column.type == "code":
        return lambda value: None if value is None else labels.get(value, value)
    if column.type == "multicode":
        return lambda value: (
            None if not value else ";".join(labels.get(code, code) for code in value)
        )
    if column.type == "boolean" and labels:
        return lambda value: None if value is None else labels["true" if value else "false"]
    return lambda value: value
