"""Entry points: blockers with stable codes, limits, and no cell value in any message."""

from __future__ import annotations

import io
import json
import logging
import traceback
from pathlib import Path

import openpyxl
import pytest

from pata.readers import (
    DEFAULT_LIMITS,
    FileProblem,
    RawTable,
    ReadLimits,
    UnreadableFile,
    iter_raw_batches,
    read_raw,
)

CANARY = "CANARY-Sok-Dara-៧៧"
"""A value that stands for a victim's name: it may be in tables, never in messages."""


def blocker_code(data: bytes, *, filename: str, limits: ReadLimits = DEFAULT_LIMITS) -> str:
    with pytest.raises(UnreadableFile) as raised:
        read_raw(data, filename=filename, limits=limits)
    assert raised.value.problems[0].code == raised.value.code
    assert str(raised.value) == raised.value.problems[0].message
    return raised.value.code


class TestReadRawBlockers:
    @pytest.mark.parametrize(
        ("data", "filename", "code"),
        [
            (b"", "cases.csv", "empty-file"),
            (b"name,age\r\n", "cases.csv", "empty-file"),
            (b"name,age\n,\n\n", "cases.csv", "empty-file"),
            (b"%PDF-1.7", "cases.pdf", "unsupported-format"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "cases.xls", "unreadable-file"),
            (b"PK\x03\x04 broken", "cases.xlsx", "unreadable-file"),
            (b"\n\nname,age\n1,2\n", "cases.csv", "no-header"),
            (b",,\n1,2,3\n", "cases.csv", "no-header"),
            (
                # cp874 in the sample, then a byte cp874 does not define
                b"a,b\n" + "สมชาย,1\n".encode("cp874") * 10_000 + b"\xdb,2\n",
                "cases.csv",
                "encoding-error",
            ),
            (
                "ឈ្មោះ,b\n".encode() + b"x,1\n" * 20_000 + "สมชาย,1\n".encode("cp874"),
                "cases.csv",
                "encoding-error",
            ),
        ],
    )
    def test_raises_a_coded_blocker(self, data: bytes, filename: str, code: str) -> None:
        assert blocker_code(data, filename=filename) == code

    def test_refuses_a_file_larger_than_the_limit(self) -> None:
        limits = ReadLimits(max_bytes=10)
        assert blocker_code(b"a,b\n1,2\n3,4\n", filename="c.csv", limits=limits) == "file-too-large"

    def test_refuses_too_many_rows(self) -> None:
        data = b"a\n" + b"1\n" * 11
        assert (
            blocker_code(data, filename="c.csv", limits=ReadLimits(max_rows=10)) == "too-many-rows"
        )

    def test_refuses_too_many_columns(self) -> None:
        data = b",".join(b"c%d" % i for i in range(11)) + b"\n" + b"1," * 10 + b"1\n"
        limits = ReadLimits(max_columns=10)
        assert blocker_code(data, filename="c.csv", limits=limits) == "too-many-columns"

    def test_reads_from_a_path_like_from_bytes(self, tmp_path: Path) -> None:
        path = tmp_path / "upload.bin"
        path.write_bytes(b"a,b\n1,2\n")
        assert read_raw(path, filename="cases.csv").table.to_pylist() == [
            {"a": "1", "b": "2", "__row": 2}
        ]

    def test_refuses_a_zero_batch_size(self, tmp_path: Path) -> None:
        path = tmp_path / "cases.csv"
        path.write_bytes(b"a\n1\n")
        with pytest.raises(ValueError):
            list(iter_raw_batches(path, filename="cases.csv", batch_rows=0))


def canary_files() -> list[tuple[str, bytes]]:
    """Files with the canary in cells, in rows that produce problems and in rows that break."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "name", None])
    sheet.append([CANARY, CANARY, None, CANARY])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return [
        ("ragged.csv", f"name,age,name\n{CANARY},1,x\n{CANARY},2\n{CANARY},3,4,5\n".encode()),
        ("unclosed.csv", f'name,age\n"{CANARY},1\n{CANARY},2\n'.encode()),
        ("thai.csv", f"name,age\n{CANARY}x,1\n".encode() + "ก".encode("cp874") + b"\x81,2\n"),
        ("sheet.xlsx", buffer.getvalue()),
        ("nested.json", json.dumps([{"name": CANARY, "tags": [CANARY]}, CANARY]).encode()),
        ("lines.ndjson", f'{{"name": "{CANARY}"}}\n{{"name": "{CANARY}\n'.encode()),
        ("broken.json", f'[{{"name": "{CANARY}"'.encode()),
        ("scalar.json", json.dumps(CANARY).encode()),
    ]


class TestNoCellValueLeaks:
    @pytest.mark.parametrize(("filename", "data"), canary_files())
    def test_no_message_exception_or_log_line_carries_a_cell_value(
        self, filename: str, data: bytes, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        path = tmp_path / filename
        path.write_bytes(data)
        texts: list[str] = []
        for read in (
            lambda: [read_raw(data, filename=filename)],
            lambda: list(iter_raw_batches(path, filename=filename, batch_rows=1)),
        ):
            try:
                results: list[RawTable] = read()
            except UnreadableFile as error:
                texts.append("".join(traceback.format_exception(error)))
                texts.extend(_problem_texts(error.problems))
            else:
                for result in results:
                    texts.extend(_problem_texts(result.problems))
        texts.extend(record.getMessage() for record in caplog.records)
        assert texts, "each canary file should produce problems or a blocker"
        assert not [text for text in texts if CANARY in text or "CANARY" in text]


def _problem_texts(problems: list[FileProblem]) -> list[str]:
    return [f"{problem.message} {problem.row}" for problem in problems]
