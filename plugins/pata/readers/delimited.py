"""Read delimited text files (CSV, TSV, "Unicode text") with pyarrow, every column a string.

The encoding and delimiter are recognised on a sample; pyarrow's streaming reader then
parses the file block by block (transcoding to UTF-8 on the fly when needed) with no
per-cell Python. The header is read
by pyarrow as the first record, so quoting rules are the same for names and values.
Records are numbered as a spreadsheet numbers rows (header = row 1): a quoted cell that
spans several lines is one record, and a ragged record that pyarrow skips keeps its
number and is reported as a ``ragged-row`` problem.

Over 400 lines on purpose: the streaming parse, the ragged-record renumbering and the
long-record check share the record numbering, and are wrong if read apart.
"""

from __future__ import annotations

import bisect
import csv
import io
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from pata.readers.encoding import (
    SAMPLE_BYTES,
    TextEncoding,
    decode_sample,
    detect_encoding,
    encoding_error,
    file_chunks,
    settle_file_encoding,
)
from pata.readers.headers import check_header, check_width, clean_header
from pata.readers.model import (
    ROW_COLUMN,
    FileProblem,
    RawTable,
    ReadLimits,
    UnreadableFile,
    blocker,
)
from pata.readers.problems import RowProblemLog
from pata.readers.tables import drop_blank_rows, empty_table

log = logging.getLogger(__name__)

CANDIDATE_DELIMITERS = ",;\t|"
_SNIFF_LINES = 50
_CHUNK_BYTES = 1024 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_EXCEL_SEPARATOR_LINE = re.compile(r'"?sep=(.)"?[ \t]*(?:\r\n|\r|\n)', re.IGNORECASE)


@dataclass(frozen=True)
class CsvDialect:
    """How a delimited file is written: its text encoding and its delimiter.

    ``preamble_lines`` is 1 when the file starts with Excel's ``sep=;`` line, which names
    the delimiter and which Excel hides, so row numbers start after it.
    """

    encoding: TextEncoding
    delimiter: str
    preamble_lines: int = 0


@dataclass(frozen=True)
class _SkippedRecord:
    number: int | None
    expected_cells: int
    actual_cells: int


class _NotUtf8(Exception):
    """pyarrow met bytes that are not UTF-8 although the sample was."""


def iter_delimited_batches(
    path: Path, *, batch_rows: int, limits: ReadLimits
) -> Iterator[RawTable]:
    """Stream a delimited file in batches of at most ``batch_rows`` records, bounded memory.

    Before the first batch the whole file is decoded once, chunk by chunk, to settle its
    encoding, so no encoding error can surface after batches were handed out. Header
    problems come with the first batch, row problems with the batch being assembled when
    they were found, and the summary of unlisted problems with the last batch.
    ``too-many-rows`` is raised as soon as the count passes the limit, possibly after
    some batches were yielded: the caller must then discard the file.
    """
    with path.open("rb") as stream:
        sample = stream.read(SAMPLE_BYTES)
        complete = not stream.read(1)
    dialect = sniff_dialect(sample, complete=complete, limits=limits)
    dialect = replace(dialect, encoding=settle_file_encoding(path, encoding=dialect.encoding))
    batches = _stream_records(path, dialect=dialect, batch_rows=batch_rows, limits=limits)
    if _odd_quote_count(file_chunks(path), encoding=dialect.encoding):
        first = next(batches, None)
        if first is not None:
            first.problems.insert(0, _unbalanced_quotes())
            yield first
    yield from batches


def sniff_dialect(sample: bytes, *, complete: bool, limits: ReadLimits) -> CsvDialect:
    """Recognise encoding and delimiter from the first bytes; check the header row's shape."""
    encoding = detect_encoding(sample, complete=complete)
    text = decode_sample(sample, encoding=encoding, complete=complete).lstrip("\ufeff")
    if not text.strip():
        raise blocker(
            "empty-file",
            "The file has no text. Export it again with the column names in the first row "
            "and your records below.",
        )
    declared = _EXCEL_SEPARATOR_LINE.match(text)
    if declared is not None:
        text = text[declared.end() :]
        delimiter = declared.group(1)
        if not delimiter.isascii() or delimiter in '"\r\n' or delimiter.isalnum():
            raise UnreadableFile(
                FileProblem(
                    code="unsupported-delimiter",
                    message="The first line (sep=...) names a delimiter that cannot be used: "
                    "it must be one plain character such as a comma, a semicolon, a tab or a "
                    "vertical bar. Export the file again as CSV UTF-8 and send it.",
                    row=1,
                )
            )
    else:
        delimiter = detect_delimiter(text, complete=complete)
    header_cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    check_header([clean_header(cell) for cell in header_cells], max_columns=limits.max_columns)
    return CsvDialect(
        encoding=encoding, delimiter=delimiter, preamble_lines=1 if declared is not None else 0
    )


def detect_delimiter(text: str, *, complete: bool) -> str:
    """Choose the delimiter among ``, ; tab |``: csv.Sniffer, checked against the header line.

    The sniffer's choice is kept only if it appears in the header line; otherwise the
    candidate found most often in the header line (outside quotes) wins, and a file with a
    single column gets a comma.
    """
    lines = _LINE_BREAK.split(text)
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample is usually cut
    header_line = lines[0]
    try:
        sniffed: str | None = (
            csv.Sniffer()
            .sniff("\n".join(lines[:_SNIFF_LINES]), delimiters=CANDIDATE_DELIMITERS)
            .delimiter
        )
    except csv.Error:
        sniffed = None
    if sniffed is not None and sniffed in header_line:
        return sniffed
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {candidate: unquoted.count(candidate) for candidate in CANDIDATE_DELIMITERS}
    best = max(CANDIDATE_DELIMITERS, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


class RecordNumbering:
    """Give kept records their spreadsheet row numbers, jumping over skipped records.

    Numbers start at 1 (the header record). pyarrow reports the numbers of the records it
    skips; every other record is handed out in file order by :meth:`take`.
    """

    def __init__(self) -> None:
        self._next = 1
        self._skipped: list[int] = []

    def skip(self, number: int) -> None:
        """Record that the record with this number was skipped."""
        bisect.insort(self._skipped, number)

    def take(self, count: int) -> np.ndarray:
        """Return the numbers of the next ``count`` kept records."""
        start = self._next
        end = start + count
        while True:
            skipped_inside = bisect.bisect_left(self._skipped, end) - bisect.bisect_left(
                self._skipped, start
            )
            if end - start - skipped_inside == count:
                break
            end = start + count + skipped_inside
        numbers = np.arange(start, end, dtype=np.int64)
        first, last = (
            bisect.bisect_left(self._skipped, start),
            bisect.bisect_left(self._skipped, end),
        )
        if last > first:
            numbers = numbers[np.isin(numbers, self._skipped[first:last], invert=True)]
        del self._skipped[:last]
        self._next = end
        return numbers


def _stream_records(
    path: Path, *, dialect: CsvDialect, batch_rows: int, limits: ReadLimits
) -> Iterator[RawTable]:
    skipped: list[_SkippedRecord] = []
    numbering = RecordNumbering()
    problems = RowProblemLog(limit=limits.max_row_problems)
    headers: list[str] | None = None
    header_problems: list[FileProblem] = []
    pending: list[pa.Table] = []
    records_seen = kept_rows = skipped_total = 0
    yielded = False

    def batch(tables: list[pa.Table], *, final: bool) -> RawTable:
        nonlocal header_problems
        found = [*header_problems, *problems.take(), *(problems.take_summary() if final else [])]
        header_problems = []
        assert headers is not None
        return RawTable(
            headers=headers,
            table=pa.concat_tables(tables) if tables else empty_table(headers=headers),
            format="csv",
            encoding=dialect.encoding.name,
            delimiter=dialect.delimiter,
            problems=found,
        )

    def note_skipped() -> None:
        nonlocal records_seen, skipped_total
        for record in skipped:
            _note_skipped(record, numbering=numbering, problems=problems)
        records_seen += len(skipped)
        skipped_total += len(skipped)
        skipped.clear()

    options = _arrow_options(dialect=dialect, limits=limits, use_threads=False, skipped=skipped)
    with pa.OSFile(str(path)) as source:
        try:
            for record_batch in pacsv.open_csv(source, **options):
                chunk = pa.Table.from_batches([record_batch])
                _check_width(chunk, limits=limits)
                note_skipped()
                numbers = numbering.take(chunk.num_rows)
                if headers is None:
                    if not chunk.num_rows:
                        continue
                    headers = _headers_of(chunk)
                    header_problems = check_header(headers, max_columns=limits.max_columns)
                    chunk, numbers = chunk.slice(1), numbers[1:]
                records_seen += chunk.num_rows
                _check_row_count(records_seen, limits=limits)
                named = drop_blank_rows(_named(chunk, headers=headers, numbers=numbers))
                kept_rows += named.num_rows
                pending.append(named)
                while sum(table.num_rows for table in pending) >= batch_rows:
                    whole = pa.concat_tables(pending)
                    yield batch([whole.slice(0, batch_rows)], final=False)
                    yielded = True
                    pending = [whole.slice(batch_rows)]
        except (pa.ArrowInvalid, UnicodeDecodeError) as error:
            if "straddl" in str(error):  # a record longer than a block: name it
                raise _row_too_long(path, dialect=dialect) from None
            raise _translated(error) from None
    note_skipped()
    _check_row_count(records_seen, limits=limits)
    if headers is None or (kept_rows == 0 and skipped_total == 0):
        raise _no_records()
    last = batch(pending, final=True)
    if last.table.num_rows or last.problems or not yielded:
        yield last


def _arrow_options(
    *,
    dialect: CsvDialect,
    limits: ReadLimits,
    use_threads: bool,
    skipped: list[_SkippedRecord],
) -> dict[str, object]:
    def on_invalid_row(row: pacsv.InvalidRow) -> str:
        # row.text holds the record itself: it must never be kept, logged or raised.
        skipped.append(
            _SkippedRecord(
                number=None if row.number is None else row.number - dialect.preamble_lines,
                expected_cells=row.expected_columns,
                actual_cells=row.actual_columns,
            )
        )
        return "skip"

    handler: Callable[[pacsv.InvalidRow], str] = on_invalid_row
    return {
        "read_options": pacsv.ReadOptions(
            use_threads=use_threads,
            block_size=_CHUNK_BYTES,
            skip_rows=dialect.preamble_lines,
            autogenerate_column_names=True,
            encoding="utf8" if dialect.encoding.is_utf8 else dialect.encoding.codec,
        ),
        "parse_options": pacsv.ParseOptions(
            delimiter=dialect.delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=handler,
        ),
        "convert_options": pacsv.ConvertOptions(
            # The header is read as record 1 under generated names f0, f1, ...; naming more
            # columns than allowed makes every readable column a string, never a number.
            column_types={f"f{index}": pa.string() for index in range(limits.max_columns + 1)},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            check_utf8=True,
        ),
    }


def _translated(error: Exception) -> Exception:
    """Turn a pyarrow or codec error into ours without carrying its text (it may quote data)."""
    if isinstance(error, UnicodeDecodeError):
        return encoding_error()
    if "UTF8" in str(error):
        return _NotUtf8()
    log.warning("pyarrow could not parse the file (%s)", type(error).__name__)
    return blocker(
        "unreadable-file",
        "The file could not be read as a delimited text file (CSV). Check that it was "
        "exported as CSV, with quotes closed in every cell, and send it again.",
    )


@contextmanager
def _restored_field_size_limit(limit: int) -> Iterator[None]:
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def _row_too_long(path: Path, *, dialect: CsvDialect) -> UnreadableFile:
    """The ``row-too-long`` blocker, naming the first record longer than pyarrow's block
    (found again by Python's csv module, record by record: bounded memory, only on this
    path)."""
    previous_limit = csv.field_size_limit(_CHUNK_BYTES)
    row = None
    with (
        path.open(encoding=dialect.encoding.codec, errors="replace", newline="") as text,
        _restored_field_size_limit(previous_limit),
    ):
        for _ in range(dialect.preamble_lines):
            text.readline()
        records = csv.reader(text, delimiter=dialect.delimiter)
        number = 0
        try:
            for number, record in enumerate(records, start=1):
                if sum(len(cell) + 1 for cell in record) > _CHUNK_BYTES:
                    row = number
                    break
        except csv.Error:  # one cell alone is longer than the limit
            row = number + 1
    where = f"Row {row}" if row is not None else "A row"
    return UnreadableFile(
        FileProblem(
            code="row-too-long",
            message=f"{where} is longer than {_CHUNK_BYTES // 1024**2} MB, the most one row "
            "can be: a cell holds a very long text, or a quote opened before it is never "
            "closed. Correct the row and send the file again.",
            row=row,
        )
    )


def _check_width(table: pa.Table, *, limits: ReadLimits) -> None:
    check_width(table.num_columns, max_columns=limits.max_columns)


def _headers_of(table: pa.Table) -> list[str]:
    first = table.slice(0, 1).to_pylist()
    return [clean_header(value) for value in first[0].values()] if first else []


def _named(table: pa.Table, *, headers: list[str], numbers: np.ndarray) -> pa.Table:
    named = table.rename_columns(headers)
    # from_buffers wraps the numbers without a copy (pa.array would first import pandas).
    row_numbers = pa.Array.from_buffers(
        pa.int64(), len(numbers), [None, pa.py_buffer(np.ascontiguousarray(numbers, np.int64))]
    )
    return named.append_column(ROW_COLUMN, row_numbers)


def _note_skipped(
    record: _SkippedRecord, *, numbering: RecordNumbering, problems: RowProblemLog
) -> None:
    if record.number is not None:
        numbering.skip(record.number)
    problems.add(
        FileProblem(
            code="ragged-row",
            message=f"This row has {record.actual_cells} cells but the header row has "
            f"{record.expected_cells}, so it was not read. Check for a missing or extra "
            "delimiter, or a line break outside quotes, and send the file again.",
            row=record.number,
        )
    )


def _check_row_count(records: int, *, limits: ReadLimits) -> None:
    if records > limits.max_rows:
        raise blocker(
            "too-many-rows",
            f"The file has more than {limits.max_rows} rows, the most one file can hold. "
            "Split it into several files and send them one by one.",
        )


def _no_records() -> UnreadableFile:
    return blocker(
        "empty-file",
        "The file has no rows after the header row. Export it again with your records.",
    )


def _odd_quote_count(chunks: Iterable[bytes], *, encoding: TextEncoding) -> bool:
    """Tell whether the file holds an odd number of double quotes (ASCII-based text only).

    Quoting always pairs quotes, so an odd count means a quote was opened and never
    closed: pyarrow then reads every line after it into one cell, without an error.
    """
    if encoding.codec.startswith(("utf-16", "utf-32")):
        return False
    return sum(chunk.count(b'"') for chunk in chunks) % 2 == 1


def _unbalanced_quotes() -> FileProblem:
    return FileProblem(
        code="unbalanced-quotes",
        message='The file has a double quote (") that is never closed, so some rows may '
        "have been read as a single cell. Check the cells that contain quotes, and send the "
        "file again.",
    )
