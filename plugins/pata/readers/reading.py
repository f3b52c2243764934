"""Read one partner file as a stream of :class:`RawTable` batches: pick the reader, enforce
the limits.

:func:`iter_raw_batches` is the one way a file is read (the pipeline, ``pata check``, the
tests): every format is streamed in batches of bounded size, and a small file is one
batch. :func:`read_raw` gathers the batches of a small file into one table, for callers
that want it whole (tests, tools); it reads through the same stream.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pata.readers.delimited import iter_delimited_batches
from pata.readers.formats import detect_format
from pata.readers.json_records import iter_json_batches
from pata.readers.model import (
    DEFAULT_LIMITS,
    ROW_COLUMN,
    WORKBOOK_FORMATS,
    FileFormat,
    FileProblem,
    RawTable,
    ReadLimits,
    blocker,
)
from pata.readers.workbook import iter_workbook_batches

log = logging.getLogger(__name__)

HEAD_BYTES = 8 * 1024
DEFAULT_BATCH_ROWS = 100_000


def iter_raw_batches(
    path: Path,
    *,
    filename: str,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    limits: ReadLimits = DEFAULT_LIMITS,
    dataset: str | None = None,
) -> Iterator[RawTable]:
    """Read a partner file in batches of at most ``batch_rows`` rows, in bounded memory.

    ``filename`` (the partner's name for the file) gives the extension; ``dataset``, when
    given, picks a workbook sheet of that name. CSV is streamed with pyarrow's streaming
    reader (after one chunked pass that settles the encoding), workbooks row by row with
    calamine, NDJSON line by line and JSON arrays element by element (ijson). Every batch
    carries the same format, encoding and delimiter; header problems come with the first
    batch and row problems with the batch they were found in. Raises
    :class:`UnreadableFile` for a file that cannot be read at all; a limit such as
    ``too-many-rows`` may be raised after some batches were yielded: the caller must then
    discard what it received.
    """
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    file_format = checked_format(
        filename=filename, head=head_of(path), size=path.stat().st_size, limits=limits
    )
    log.info("streaming a %s file in batches of %s rows", file_format, batch_rows)
    if file_format == "csv":
        batches = iter_delimited_batches(path, batch_rows=batch_rows, limits=limits)
    elif file_format in WORKBOOK_FORMATS:
        batches = iter_workbook_batches(
            path, batch_rows=batch_rows, limits=limits, dataset=dataset, file_format=file_format
        )
    else:
        batches = iter_json_batches(path, batch_rows=batch_rows, limits=limits)
    for batch in batches:
        batch.problems.extend(cell_problems(batch, limits=limits))
        yield batch


_CONTROL_BYTES = np.array([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
"""C0 control characters (and DEL) but NUL, tab, line feed and carriage return: never typed."""
_CONTROL = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]"

_CELL_MESSAGES = {
    "nul-character": "This cell holds an invisible NUL character, which cannot be stored. "
    "Delete it (retype the cell) and send the file again.",
    "control-character": "This cell holds an invisible control character (often pasted "
    "from another program). Retype the cell and send the file again.",
    "cell-too-long": "This cell is longer than {max_chars:,} characters, the most a "
    "spreadsheet cell can hold. Shorten it (or check for a quote left open in the row above) "
    "and send the file again.",
}


def cell_problems(raw: RawTable, *, limits: ReadLimits) -> list[FileProblem]:
    """The cells no row may be loaded with, as one problem per row and code (vectorised):
    ``nul-character``, ``control-character`` (tab and line breaks excepted) and
    ``cell-too-long`` (more than ``limits.max_cell_chars`` characters).

    Every such row is named, however many there are (the validator caps how many are
    listed): a row left out here would be loaded, and a NUL would then break the load. The
    problem names the row's first column with that code; it never quotes the cell.
    """
    first: dict[str, pa.Array] = {}  # code -> the first offending column of each row (or null)
    rows = raw.table.num_rows
    for index, header in enumerate(raw.headers):
        for code, hits in _cell_hits(raw.table.column(index), max_chars=limits.max_cell_chars):
            named = pc.if_else(hits, pa.scalar(header), pa.nulls(rows, pa.string()))
            first[code] = named if code not in first else pc.coalesce(first[code], named)
    numbers = raw.table.column(raw.table.num_columns - 1)
    found: list[FileProblem] = []
    for code, columns in first.items():
        message = _CELL_MESSAGES[code].format(max_chars=limits.max_cell_chars)
        hit = pc.is_valid(columns)
        rows_hit = pc.filter(numbers, hit).to_pylist()
        for row, column in zip(rows_hit, pc.filter(columns, hit).to_pylist(), strict=True):
            found.append(FileProblem(code=code, message=message, column=column, row=row))
    return found


def _cell_hits(column: pa.ChunkedArray, *, max_chars: int) -> Iterator[tuple[str, pa.Array]]:
    """(code, a row mask) for each kind of bad cell the column holds. The column's bytes are
    looked at first (no per-cell work for a clean column, the usual case)."""
    column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if column.null_count == len(column):
        return
    if pa.types.is_string(column.type):
        offset_type: type[np.integer] = np.int32
    elif pa.types.is_large_string(column.type):
        offset_type = np.int64
    else:
        return
    offsets, data = column.buffers()[1:3]
    if data is None:
        return
    # One pass over the bytes counts every byte value (no array the size of the data).
    counts = np.bincount(np.frombuffer(data, dtype=np.uint8), minlength=256)
    if counts[0]:
        yield "nul-character", pc.fill_null(pc.match_substring(column, "\x00"), False)
    if counts[_CONTROL_BYTES].any():
        yield "control-character", pc.fill_null(pc.match_substring_regex(column, _CONTROL), False)
    ends = np.frombuffer(offsets, dtype=offset_type)[
        column.offset : column.offset + len(column) + 1
    ]
    if (np.diff(ends) > max_chars).any():  # bytes >= characters: only then count characters
        yield "cell-too-long", pc.fill_null(pc.greater(pc.utf8_length(column), max_chars), False)


def read_raw(
    data: bytes | Path,
    *,
    filename: str,
    limits: ReadLimits = DEFAULT_LIMITS,
    dataset: str | None = None,
) -> RawTable:
    """Read a whole (small) partner file as one table, through :func:`iter_raw_batches`.

    Bytes are written to a private temporary file first. Batches whose headers grew (JSON)
    are widened with empty cells.
    """
    if isinstance(data, Path):
        return gather(iter_raw_batches(data, filename=filename, limits=limits, dataset=dataset))
    with tempfile.NamedTemporaryFile(prefix="pata-read-") as spooled:
        spooled.write(data)
        spooled.flush()
        return gather(
            iter_raw_batches(Path(spooled.name), filename=filename, limits=limits, dataset=dataset)
        )


def gather(batches: Iterator[RawTable]) -> RawTable:
    """One table of all the batches of a file (problems in order, headers of the last)."""
    found = list(batches)
    last = found[-1]
    names = [*last.headers, ROW_COLUMN]
    tables = []
    for batch in found:
        table = batch.table
        for index in range(len(batch.headers), len(last.headers)):
            table = table.add_column(index, last.headers[index], pa.nulls(len(table), pa.string()))
        tables.append(table.rename_columns(names))
    return replace(
        last,
        table=pa.concat_tables(tables) if len(tables) > 1 else tables[0],
        problems=[problem for batch in found for problem in batch.problems],
    )


def checked_format(*, filename: str, head: bytes, size: int, limits: ReadLimits) -> FileFormat:
    """The file's format, or :class:`UnreadableFile` for an empty, too big or unknown file."""
    if size == 0:
        raise blocker("empty-file", "The file is empty (0 bytes). Export it again and send it.")
    if size > limits.max_bytes:
        raise blocker(
            "file-too-large",
            f"The file is larger than {limits.max_bytes // 1024**2} MB, the most one file can "
            "be. Split it into several files and send them one by one.",
        )
    file_format = detect_format(filename, head)
    if file_format is not None:
        return file_format
    raise blocker(
        "unsupported-format",
        "The file type is not supported. Send a CSV (.csv), a spreadsheet (.xlsx, .xls, "
        ".ods) or a JSON file (.json).",
    )


def head_of(path: Path) -> bytes:
    """The first bytes of a file (enough to recognise its format)."""
    with path.open("rb") as stream:
        return stream.read(HEAD_BYTES)
