"""Read JSON partner files: an array of objects, or one object per line (NDJSON).

Each object is a record; record ``n`` (counted from 1) is row ``n + 1``, as if the keys
were a header row. Headers are the union of the keys in first-seen order. Values are
rendered as text (numbers keep their digits, ``1.0`` becomes ``1``, booleans become
``true``/``false``); lists and objects cannot be cells, so they are left empty and
reported once per column as ``nested-value``. Parsing never evaluates anything: numbers
are read as decimals, ``NaN``/``Infinity`` stay text.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import ijson

from pata.readers.cells import render_cell
from pata.readers.encoding import (
    SAMPLE_BYTES,
    TextEncoding,
    detect_encoding,
    settle_file_encoding,
)
from pata.readers.headers import check_header, check_width, clean_header
from pata.readers.model import FileProblem, RawTable, ReadLimits, UnreadableFile, blocker
from pata.readers.problems import RowProblemLog
from pata.readers.tables import split_batches, table_from_rows

log = logging.getLogger(__name__)

UNPARSABLE = object()
"""Stands for a record whose text is not valid JSON (the parser's message is dropped)."""

_JSON_ERRORS = (ValueError, RecursionError, TypeError)
"""What json.loads raises on a bad document (JSONDecodeError is a ValueError; so is an
integer with more digits than Python converts)."""


WHOLE_DOCUMENT_BYTES = 64 * 1024**2
"""A JSON array that is not strict JSON (``NaN``, ``Infinity``, which some exporters write)
cannot be streamed; up to this size it is parsed whole instead, larger it is unreadable."""


MAX_DEPTH = 64
"""Deeper nesting is not streamed (building it would exhaust the stack); such a document is
parsed whole, where it fails as unreadable."""


def iter_json_batches(path: Path, *, batch_rows: int, limits: ReadLimits) -> Iterator[RawTable]:
    """Read a JSON file in batches of at most ``batch_rows`` records, in bounded memory.

    NDJSON is streamed line by line; a JSON array is streamed element by element with
    ijson (after a first pass that checks the document parses, so no parse error surfaces
    after batches were handed out). Each batch's headers are the keys seen so far, so a
    later batch may have more columns (appended at the end, never reordered).
    """
    with path.open("rb") as stream:
        sample = stream.read(SAMPLE_BYTES)
        complete = not stream.read(1)
    encoding = detect_encoding(sample, complete=complete)
    encoding = settle_file_encoding(path, encoding=encoding)
    first = _first_character(sample.decode(encoding.codec, errors="ignore"))
    records = RecordCollector(limits=limits, encoding=encoding)
    if first == "[":
        values = _array_values(path, encoding=encoding)
    elif first == "{":
        values = _object_values(path, encoding=encoding)
    elif not first:
        raise _no_records()
    else:
        raise _not_json()
    for number, value in values:
        records.add(number=number, value=value)
        if records.pending_rows >= batch_rows:
            yield from records.flush()
    yield from records.finish(batch_rows=batch_rows)


def _array_values(path: Path, *, encoding: TextEncoding) -> Iterator[tuple[int, object]]:
    """(row number, value) of each element of a JSON array, streamed."""
    if not _parses_strictly(path, encoding=encoding):
        if path.stat().st_size > WHOLE_DOCUMENT_BYTES:
            raise _not_json()
        document = _parsed(path.read_bytes().decode(encoding.codec).lstrip("\ufeff"))
        if not isinstance(document, list):
            raise _not_json()
        yield from enumerate(document, start=2)
        return
    with _utf8_stream(path, encoding=encoding) as stream:
        yield from enumerate(ijson.items(stream, "item", use_float=False), start=2)


def _parses_strictly(path: Path, *, encoding: TextEncoding) -> bool:
    """Whether the file is one strict JSON array (ijson's C parser, no value is built)."""
    try:
        with _utf8_stream(path, encoding=encoding) as stream:
            events = ijson.basic_parse(stream, use_float=False)
            first = next(events, None)
            if first is None or first[0] != "start_array":
                return False
            depth = 1
            for event, _value in events:
                if event in ("start_array", "start_map"):
                    depth += 1
                    if depth > MAX_DEPTH:
                        return False
                elif event in ("end_array", "end_map"):
                    depth -= 1
    except (ijson.JSONError, ValueError, UnicodeDecodeError):  # never its text: may quote data
        return False
    return True


class Utf8Reader(io.RawIOBase):
    """A text file read back as UTF-8 bytes (ijson parses bytes; a UTF-16 file is text)."""

    def __init__(self, text: io.TextIOBase) -> None:
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self._pending) < len(buffer):
            chunk = self._text.read(max(1, len(buffer) // 4))
            if not chunk:
                break
            self._pending += chunk.encode("utf-8")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def close(self) -> None:
        self._text.close()
        super().close()


def _utf8_stream(path: Path, *, encoding: TextEncoding) -> io.IOBase:
    """The file as ijson reads it: UTF-8 bytes (transcoded on the fly when it is not UTF-8),
    without a byte order mark."""
    if encoding.is_utf8:
        stream = path.open("rb")
        if stream.read(3) != b"\xef\xbb\xbf":
            stream.seek(0)
        return stream
    text = path.open(encoding=encoding.codec, errors="strict", newline="")
    if text.read(1) != "\ufeff":
        text.seek(0)
    return io.BufferedReader(Utf8Reader(text))


def _object_values(path: Path, *, encoding: TextEncoding) -> Iterator[tuple[int, object]]:
    """(row number, value) of each line of NDJSON, or of one object over several lines."""
    with path.open(encoding=encoding.codec, errors="strict", newline="") as lines:
        values = _lines_values(_split_lines(lines))
        first_record = next(values, None)
        if first_record is None:
            return
        if first_record[1] is not UNPARSABLE:
            yield first_record
            yield from values
            return
    # Not NDJSON after all: maybe one object written over several lines.
    if path.stat().st_size > WHOLE_DOCUMENT_BYTES:
        raise _not_json()
    document = _parsed(path.read_bytes().decode(encoding.codec).lstrip("\ufeff"))
    if document is UNPARSABLE:
        raise _not_json()
    yield 2, document


def _split_lines(stream: Iterable[str]) -> Iterator[str]:
    """Lines split at ``\\n`` only (U+2028 may sit inside a string); a BOM dropped."""
    first = True
    for line in stream:
        if first:
            line, first = line.lstrip("\ufeff"), False
        yield line


class RecordCollector:
    """Turn JSON values into rows of text, tracking headers, problems and limits."""

    def __init__(self, *, limits: ReadLimits, encoding: TextEncoding) -> None:
        self._limits = limits
        self._encoding = encoding
        self._keys: dict[str, int] = {}
        self._rows: list[list[str | None]] = []
        self._numbers: list[int] = []
        self._problems = RowProblemLog(limit=limits.max_row_problems)
        self._reported: set[FileProblem] = set()
        self._nested_columns: set[str] = set()
        self._records = 0
        self._rows_kept = 0
        self._flushed = False

    @property
    def pending_rows(self) -> int:
        """How many rows wait for the next flush."""
        return len(self._rows)

    def add(self, *, number: int, value: object) -> None:
        """Add the record found at row ``number`` (:data:`UNPARSABLE` if it did not parse)."""
        self._records += 1
        if self._records > self._limits.max_rows:
            raise blocker(
                "too-many-rows",
                f"The file has more than {self._limits.max_rows} records, the most one file "
                "can hold. Split it into several files and send them one by one.",
            )
        if value is UNPARSABLE:
            self._problems.add(_invalid_record(number))
        elif not isinstance(value, dict):
            self._problems.add(_not_a_record(number))
        else:
            self._add_object(number=number, record=value)

    def flush(self) -> list[RawTable]:
        """Return the pending rows as one table (or nothing if there is nothing to say)."""
        problems = [*self._new_header_problems(), *self._problems.take()]
        if not self._rows and not problems:
            return []
        table = self._table(problems=problems)
        self._rows, self._numbers, self._flushed = [], [], True
        return [table]

    def finish(self, *, batch_rows: int | None) -> list[RawTable]:
        """Check the file had records and return the last table(s)."""
        if self._records == 0 or (self._rows_kept == 0 and not self._problems.found_any):
            raise _no_records()
        if not self._keys:
            raise UnreadableFile(
                FileProblem(
                    code="unreadable-file",
                    message="The JSON file must hold a list of objects, one per record, "
                    'like [{"column": "value"}, ...], or one object per line.',
                ),
                found_before=[*self._problems.take(), *self._problems.take_summary()],
            )
        problems = [
            *self._new_header_problems(),
            *self._problems.take(),
            *self._problems.take_summary(),
        ]
        if not self._rows and not problems and self._flushed:
            return []
        last = self._table(problems=problems)
        return list(split_batches(last, batch_rows=batch_rows)) if batch_rows else [last]

    def _add_object(self, *, number: int, record: dict[str, object]) -> None:
        cells: list[str | None] = []
        for key, value in record.items():
            index = self._keys.setdefault(key, len(self._keys))
            check_width(len(self._keys), max_columns=self._limits.max_columns)
            if index >= len(cells):
                cells.extend([None] * (index + 1 - len(cells)))
            if isinstance(value, dict | list):
                self._note_nested(key, number=number)
            else:
                cells[index] = render_cell(value)
        if any(cell is not None for cell in cells):
            self._rows.append(cells)
            self._numbers.append(number)
            self._rows_kept += 1

    def _note_nested(self, key: str, *, number: int) -> None:
        if key in self._nested_columns:
            return
        self._nested_columns.add(key)
        self._problems.add(
            FileProblem(
                code="nested-value",
                message="Some values in this column are lists or objects (the first in this "
                "row); only plain values such as text, numbers or dates can be read, so those "
                "cells were left empty. Put one plain value per cell.",
                column=clean_header(key),
                row=number,
            )
        )

    def _headers(self) -> list[str]:
        return [clean_header(key) for key in self._keys]

    def _new_header_problems(self) -> list[FileProblem]:
        if not self._keys:
            return []
        fresh = [
            problem
            for problem in check_header(self._headers(), max_columns=self._limits.max_columns)
            if problem not in self._reported
        ]
        self._reported.update(fresh)
        return fresh

    def _table(self, *, problems: list[FileProblem]) -> RawTable:
        headers = self._headers()
        return RawTable(
            headers=headers,
            table=table_from_rows(headers=headers, rows=self._rows, row_numbers=self._numbers),
            format="json",
            encoding=self._encoding.name,
            delimiter=None,
            problems=problems,
        )


def _lines_values(lines: Iterable[str]) -> Iterator[tuple[int, object]]:
    number = 1
    for line in lines:
        if not line.strip():
            continue
        number += 1
        yield number, _parsed(line)


def _parsed(text: str) -> object:
    """Parse one JSON text; :data:`UNPARSABLE` when it is not valid JSON."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=str)
    except _JSON_ERRORS:
        return UNPARSABLE


def _first_character(text: str) -> str:
    return text.lstrip("\ufeff \t\r\n")[:1]


def _invalid_record(number: int) -> FileProblem:
    return FileProblem(
        code="invalid-record",
        message="This line is not a valid JSON object, so it was not read. Check its quotes, "
        "commas and braces, and send the file again.",
        row=number,
    )


def _not_a_record(number: int) -> FileProblem:
    return FileProblem(
        code="not-a-record",
        message="This entry is not an object with named fields, so it was not read. Each "
        'record must look like {"column": "value", ...}.',
        row=number,
    )


def _not_json() -> UnreadableFile:
    return blocker(
        "unreadable-file",
        "The file could not be read as JSON. It must hold a list of objects, one per record, "
        "or one object per line (NDJSON). Export it again and send it.",
    )


def _no_records() -> UnreadableFile:
    return blocker(
        "empty-file",
        "The file has no records. Export it again with your records.",
    )
