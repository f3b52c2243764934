"""Read JSON partner files: an array of objects, or one object per line (NDJSON).

Each object is a record; record ``n`` (counted from 1) is row ``n + 1``, as if the keys
were a header row. Headers are the union of the keys in first-seen order. Values are
rendered as text (numbers keep their digits, ``1.0`` becomes ``1``, booleans become
``true``/``false``); lists and objects cannot be cells, so they are left empty and
reported once per column as ``nested-value``. Parsing never evaluates anything: numbers
are read as decimals, ``NaN``/``Infinity`` stay text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from pata.readers.cells import render_cell
from pata.readers.encoding import (
    SAMPLE_BYTES,
    TextEncoding,
    decode_document,
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


def read_json(data: bytes, *, limits: ReadLimits) -> RawTable:
    """Read a whole JSON document held in memory."""
    text, encoding = decode_document(data)
    records = RecordCollector(limits=limits, encoding=encoding)
    for number, value in _values(text):
        records.add(number=number, value=value)
    return records.finish(batch_rows=None)[0]


def iter_json_batches(path: Path, *, batch_rows: int, limits: ReadLimits) -> Iterator[RawTable]:
    """Read a JSON file in batches of at most ``batch_rows`` records.

    NDJSON is streamed line by line in bounded memory; each batch's headers are the keys
    seen so far, so a later batch may have more columns (appended at the end, never
    reordered). A JSON array is read whole before batching: arrays cannot be streamed
    with the standard library, so memory grows with the file (``max_bytes`` bounds it).
    """
    with path.open("rb") as stream:
        sample = stream.read(SAMPLE_BYTES)
        complete = not stream.read(1)
    encoding = detect_encoding(sample, complete=complete)
    if _first_character(sample.decode(encoding.codec, errors="ignore")) != "{":
        yield from split_batches(read_json(path.read_bytes(), limits=limits), batch_rows=batch_rows)
        return
    encoding = settle_file_encoding(path, encoding=encoding)
    records = RecordCollector(limits=limits, encoding=encoding)
    with path.open(encoding=encoding.codec, errors="strict", newline="") as lines:
        for number, value in _lines_values(lines):
            records.add(number=number, value=value)
            if records.pending_rows >= batch_rows:
                yield from records.flush()
    yield from records.finish(batch_rows=batch_rows)


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


def _values(text: str) -> Iterator[tuple[int, object]]:
    """Yield (row number, value) for each record of an array or of NDJSON text."""
    first = _first_character(text)
    if not first:
        return
    if first == "[":
        document = _parsed(text)
        if not isinstance(document, list):
            raise _not_json()
        yield from enumerate(document, start=2)
    elif first == "{":
        lines = text.split("\n")  # not splitlines(): U+2028 may sit inside a string
        values = _lines_values(lines)
        try:
            first_record = next(values)
        except StopIteration:
            return
        if first_record[1] is UNPARSABLE:
            # Not NDJSON after all: maybe one object written over several lines.
            document = _parsed(text)
            if document is UNPARSABLE:
                raise _not_json()
            yield 2, document
            return
        yield first_record
        yield from values
    else:
        raise _not_json()


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
