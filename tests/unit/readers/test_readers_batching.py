"""Rows per batch, chosen from a bounded head of the file."""

from __future__ import annotations

from pathlib import Path

from pata.readers.batching import batch_rows_for


def test_batch_rows_from_a_bounded_sample(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    row = b"x" * 99 + b"\n"  # 100 bytes a row
    path.write_bytes(b"head\n" + row * 50_000)
    # The whole file is smaller than the default sample: exact, as before.
    assert batch_rows_for(path, filename="a.csv", chunk_bytes=100_000) == 1000
    # 4 KiB of it give about the same estimate (the head's last row is cut).
    assert (
        990
        <= batch_rows_for(path, filename="a.csv", chunk_bytes=100_000, sample_bytes=4096)
        <= 1020
    )
    assert batch_rows_for(path, filename="a.csv", chunk_bytes=10**12) == 100_000  # MAX_BATCH_ROWS
    assert batch_rows_for(path, filename="a.csv", chunk_bytes=10) == 1
    # A JSON array on one line: its records, not its one line, give the bytes per row.
    records = tmp_path / "one-line.json"
    records.write_bytes(b"[" + b",".join([b'{"a": "' + b"x" * 90 + b'"}'] * 50_000) + b"]")
    assert 900 <= batch_rows_for(records, filename="a.json", chunk_bytes=100_000) <= 1100
    # A spreadsheet's bytes say nothing of its rows: a fixed batch size.
    assert batch_rows_for(path, filename="a.xlsx", chunk_bytes=10) == 50_000
