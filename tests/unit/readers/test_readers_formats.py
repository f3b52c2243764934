"""Format recognition by extension and magic bytes."""

from __future__ import annotations

import pytest

from pata.readers import detect_format


class TestDetectFormat:
    @pytest.mark.parametrize(
        ("filename", "head", "expected"),
        [
            ("cases.csv", b"a,b\n", "csv"),
            ("CASES.CSV", b"a,b\n", "csv"),
            ("cases.tsv", b"a\tb\n", "csv"),
            ("cases.txt", b"\xff\xfea\x00", "csv"),
            ("cases.xlsx", b"PK\x03\x04rest", "xlsx"),
            ("cases.csv", b"PK\x03\x04rest", "xlsx"),
            ("cases.ods", b"PK\x03\x04rest", "ods"),
            ("cases.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
            ("cases.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
            ("cases.json", b"[{}]", "json"),
            ("cases.ndjson", b"{}", "json"),
            ("cases.jsonl", b"{}", "json"),
            ("export", b'  \n[{"a": 1}]', "json"),
            ("export", "\ufeff{}".encode(), "json"),
            ("export", "[]".encode("utf-16"), "json"),
        ],
    )
    def test_recognises_supported_files(self, filename: str, head: bytes, expected: str) -> None:
        assert detect_format(filename, head) == expected

    @pytest.mark.parametrize(
        ("filename", "head"),
        [
            ("cases.pdf", b"%PDF-1.7"),
            ("export", b"name,age\n"),
        ],
    )
    def test_refuses_other_files(self, filename: str, head: bytes) -> None:
        assert detect_format(filename, head) is None
