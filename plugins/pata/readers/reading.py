"""Read one partner file into a :class:`RawTable`: pick the reader, enforce the limits.

These are the two entry points every caller uses (DAG task, CLI, tests): :func:`read_raw`
for a whole file in memory, :func:`iter_raw_batches` for bounded memory on big files.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from pata.readers.delimited import iter_delimited_batches, read_delimited
from pata.readers.formats import detect_format, is_compound_file
from pata.readers.json_records import iter_json_batches, read_json
from pata.readers.model import DEFAULT_LIMITS, FileFormat, RawTable, ReadLimits, blocker
from pata.readers.workbook import iter_workbook_batches, read_workbook

log = logging.getLogger(__name__)

_HEAD_BYTES = 8 * 1024


def read_raw(
    data: bytes | Path,
    *,
    filename: str,
    limits: ReadLimits = DEFAULT_LIMITS,
    dataset: str | None = None,
) -> RawTable:
    """Read a whole partner file (bytes, or a path read into memory) as a table of strings.

    ``filename`` (the partner's name for the file) gives the extension. ``dataset``, when
    given, picks a workbook sheet of that name. Raises :class:`UnreadableFile` for a file
    that cannot be read at all; everything else is a problem in the result.
    """
    size = len(data) if isinstance(data, bytes) else data.stat().st_size
    head = data[:_HEAD_BYTES] if isinstance(data, bytes) else _head_of(data)
    file_format = _checked_format(filename=filename, head=head, size=size, limits=limits)
    log.info("reading a %s file of %s bytes", file_format, size)
    if file_format == "xlsx":
        return read_workbook(data, limits=limits, dataset=dataset)
    content = data if isinstance(data, bytes) else data.read_bytes()
    if file_format == "csv":
        return read_delimited(content, limits=limits)
    return read_json(content, limits=limits)


def iter_raw_batches(
    path: Path,
    *,
    filename: str,
    batch_rows: int = 100_000,
    limits: ReadLimits = DEFAULT_LIMITS,
    dataset: str | None = None,
) -> Iterator[RawTable]:
    """Read a partner file in batches of at most ``batch_rows`` rows, in bounded memory.

    CSV is streamed with ``pyarrow.csv.open_csv`` (after one chunked pass that settles the
    encoding), XLSX with openpyxl's read-only mode, NDJSON line by line; a JSON array is
    read whole, then cut into batches. Every batch carries the same format, encoding and
    delimiter; header problems come with the first batch and row problems with the batch
    they were found in. A limit such as ``too-many-rows`` may be raised after some batches
    were yielded: the caller must then discard what it received.
    """
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    file_format = _checked_format(
        filename=filename, head=_head_of(path), size=path.stat().st_size, limits=limits
    )
    log.info("streaming a %s file in batches of %s rows", file_format, batch_rows)
    if file_format == "csv":
        yield from iter_delimited_batches(path, batch_rows=batch_rows, limits=limits)
    elif file_format == "xlsx":
        yield from iter_workbook_batches(
            path, batch_rows=batch_rows, limits=limits, dataset=dataset
        )
    else:
        yield from iter_json_batches(path, batch_rows=batch_rows, limits=limits)


def _checked_format(*, filename: str, head: bytes, size: int, limits: ReadLimits) -> FileFormat:
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
    if is_compound_file(head):
        raise blocker(
            "unsupported-format",
            "The file is an old Excel workbook (.xls) or a password-protected workbook. Save "
            "it from Excel as .xlsx without a password, or as CSV UTF-8, and send it again.",
        )
    raise blocker(
        "unsupported-format",
        "The file type is not supported. Send a CSV (.csv), an Excel workbook (.xlsx) or a "
        "JSON file (.json).",
    )


def _head_of(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(_HEAD_BYTES)
