"""How many rows one batch of a file holds, so that a batch is about ``chunk_bytes`` of it.

A file is read as a stream of bounded batches (:func:`pata.layouts.reading.iter_partner_batches`);
the batch size is chosen here, before reading, from the file's first bytes.
"""

from __future__ import annotations

from pathlib import Path

from pata.readers.formats import format_of

MAX_BATCH_ROWS = 100_000
"""The most rows one batch holds, however big ``chunk_bytes`` is."""
SAMPLE_BYTES = 4 * 1024**2
"""The head of a text file whose lines give the bytes per row."""
WORKBOOK_BATCH_ROWS = 50_000
"""Rows per batch of a spreadsheet (its bytes say nothing of its rows)."""


def batch_rows_for(
    path: Path, *, filename: str, chunk_bytes: int, sample_bytes: int = SAMPLE_BYTES
) -> int:
    """Rows per batch so that one batch holds about ``chunk_bytes`` of the file.

    For a text file the bytes per row are estimated from its first ``sample_bytes`` (never
    by reading it whole: its lines, or a JSON file's objects); a file smaller than
    ``chunk_bytes`` is one batch.
    """
    file_format = format_of(filename)
    if file_format in ("xlsx", "xls", "ods"):
        return WORKBOOK_BATCH_ROWS
    with path.open("rb") as stream:
        sample = stream.read(sample_bytes)
    rows = sample.count(b"\n")
    if file_format == "json":
        # A JSON array may be one line (or a record many lines): count its objects' opening
        # braces instead (a nested object makes more rows per batch, never fewer).
        rows = max(rows, sample.count(b"{"))
    per_row = max(1, len(sample) // max(1, rows))
    return max(1, min(MAX_BATCH_ROWS, chunk_bytes // per_row))
