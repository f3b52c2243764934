"""Cells no row may be loaded with (NUL, control characters, over-long) and over-long rows:
each a coded, positioned problem that never quotes the cell."""

from __future__ import annotations

import json

import pytest

from pata.readers import ReadLimits, UnreadableFile, read_raw

CANARY = "CANARY-Sok-Dara"


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in [["id", "district", "note"], *rows]).encode()


def _coded(table_problems, code):
    return [(p.row, p.column) for p in table_problems if p.code == code]


def test_every_row_with_a_nul_is_named_however_many_there_are():
    """The reader's problems are what quarantines a row: a NUL row left unnamed past a
    listing cap was loaded, and the NUL then broke the load (2,400 rows, 1,100 NULs: 100
    reached the COPY). The validator caps the listing, not the reader."""
    rows = [[str(i), f"{CANARY}\x00" if i % 2 else "Takeo", "x"] for i in range(30)]
    raw = read_raw(_csv(rows), filename="a.csv", limits=ReadLimits(max_row_problems=5))
    named = _coded(raw.problems, "nul-character")
    assert named == [(i + 2, "district") for i in range(30) if i % 2]
    assert all(CANARY not in p.message for p in raw.problems)


def test_control_characters_are_named_but_tabs_and_line_breaks_are_text():
    rows = [
        ["1", f"{CANARY}\x0b", "x"],  # vertical tab, pasted from a word processor
        ["2", "Takeo", "\x1b[31m"],  # an escape sequence
        ["3", '"line one\nline two"', '"a\tb\r\nc"'],
        ["4", "Kampot\x7f", "x"],
    ]
    raw = read_raw(_csv(rows), filename="a.csv")
    assert _coded(raw.problems, "control-character") == [
        (2, "district"),
        (3, "note"),
        (5, "district"),
    ]
    assert _coded(raw.problems, "nul-character") == []


def test_a_row_with_two_kinds_names_each_and_the_first_column_of_each():
    rows = [["1", "a\x00", "b\x00\x01"]]
    raw = read_raw(_csv(rows), filename="a.csv")
    assert _coded(raw.problems, "nul-character") == [(2, "district")]
    assert _coded(raw.problems, "control-character") == [(2, "note")]


def test_a_cell_longer_than_the_limit_is_named_in_characters_not_bytes():
    limits = ReadLimits(max_cell_chars=10)
    rows = [["1", "ស" * 10, "x"], ["2", CANARY * 2, "x"]]  # 10 characters of 3 bytes each: fits
    raw = read_raw(_csv(rows), filename="a.csv", limits=limits)
    assert _coded(raw.problems, "cell-too-long") == [(3, "district")]
    [problem] = [p for p in raw.problems if p.code == "cell-too-long"]
    assert "10 characters" in problem.message and CANARY not in problem.message


def test_json_cells_are_checked_the_same_way():
    records = [{"id": "1", "district": f"{CANARY}\x00"}, {"id": "2", "district": "x" * 40}]
    raw = read_raw(
        json.dumps(records).encode(), filename="a.json", limits=ReadLimits(max_cell_chars=30)
    )
    assert _coded(raw.problems, "nul-character") == [(2, "district")]
    assert _coded(raw.problems, "cell-too-long") == [(3, "district")]


def test_a_record_longer_than_a_block_blocks_the_file_and_is_named():
    """pyarrow cannot parse one cell longer than its 1 MB block: the file cannot be read on,
    but the partner is told which row (found again record by record)."""
    data = _csv([["1", "Takeo", "x"], ["2", "Kampot", "x"], ["4", "y" * 3 * 1024**2, "x"]])
    with pytest.raises(UnreadableFile) as raised:
        read_raw(data + b"\n5,Kep,x\n", filename="a.csv")
    problem = raised.value.problems[0]
    assert (raised.value.code, problem.row) == ("row-too-long", 4)
    assert "Row 4" in problem.message


def test_long_cells_pyarrow_can_read_are_named_row_by_row():
    data = _csv([["1", "Takeo", "x"], ["2", "y" * 600_000, "z" * 600_000], ["3", "Kep", "x"]])
    raw = read_raw(data, filename="a.csv")
    assert _coded(raw.problems, "cell-too-long") == [(3, "district")]
    assert raw.table.num_rows == 3
