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
        batch.problems.extend(nul_problems(batch, limit=limits.max_row_problems))
        yield batch


def nul_problems(raw: RawTable, *, limit: int) -> list[FileProblem]:
    """A ``nul-character`` problem per row and column holding a NUL character (vectorised).

    No text column of the warehouse can hold one, so the row is quarantined, never loaded.
    """
    found: list[FileProblem] = []
    numbers = raw.table.column(raw.table.num_columns - 1)
    for index, header in enumerate(raw.headers):
        hits = pc.fill_null(pc.match_substring(raw.table.column(index), "\x00"), False)
        if not pc.any(hits).as_py():
            continue
        for row in pc.filter(numbers, hits).to_pylist()[: max(0, limit - len(found))]:
            found.append(
                FileProblem(
                    code="nul-character",
                    message="This cell holds an invisible NUL character, which cannot be "
                    "stored. Delete it (retype the cell) and send the file again.",
                    column=header,
                    row=row,
                )
            )
    return found


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
