"""Encoding recognition: BOMs, strict UTF-8, legacy code pages, invalid-byte scanning."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pata.readers import UnreadableFile
from pata.readers.encoding import (
    decode_document,
    detect_encoding,
    detect_legacy_encoding,
    find_invalid_utf8,
    settle_file_encoding,
)


class TestDetectEncoding:
    @pytest.mark.parametrize(
        ("bom", "name"),
        [
            (codecs.BOM_UTF8, "utf-8-sig"),
            (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"),
            (codecs.BOM_UTF32_LE, "utf-32"),
            (codecs.BOM_UTF32_BE, "utf-32"),
        ],
    )
    def test_trusts_the_bom_first(self, bom: bytes, name: str) -> None:
        assert detect_encoding(bom + b"a\x00", complete=False).name == name

    def test_tells_utf32_le_from_utf16_le_whose_bom_it_starts_with(self) -> None:
        data = "a,b\n".encode("utf-32")
        assert detect_encoding(data, complete=True).name == "utf-32"

    def test_recognises_utf16_without_bom_by_its_nul_bytes(self) -> None:
        data = "name\tage\r\nSok\t12\r\n".encode("utf-16-le")
        assert detect_encoding(data, complete=True).codec == "utf-16-le"

    def test_accepts_a_utf8_character_cut_by_the_end_of_a_sample(self) -> None:
        sample = "ชื่อ".encode()[:-1]
        assert detect_encoding(sample, complete=False).name == "utf-8"

    def test_falls_back_to_a_legacy_code_page(self) -> None:
        sample = "ชื่อ,อายุ\nสมชาย,12\n".encode("cp874")
        assert detect_encoding(sample, complete=True).name == "cp874"


class TestDetectLegacyEncoding:
    @pytest.mark.parametrize(
        ("text", "codec"),
        [
            ("name,age\nสมชาย,12\n", "cp874"),
            ("ชื่อ,นามสกุล\nสมชาย,ใจดี\n", "cp874"),
            ("name\nJosé Ñúñez\n", "cp1252"),
            ("Pangalan,Barangay\nMa. Niña Peñaflor,Parañaque\n", "cp1252"),
            ("nama\n" + "Siti binti Ahmad\n" * 200 + "Muñoz\n", "cp1252"),
        ],
    )
    def test_prefers_the_code_page_whose_words_do_not_mix_scripts(
        self, text: str, codec: str
    ) -> None:
        assert detect_legacy_encoding(text.encode(codec)).name == codec

    def test_reports_tis620_as_its_windows_superset(self) -> None:
        assert detect_legacy_encoding("สมชาย ใจดี\n".encode("tis-620")).name == "cp874"


class TestFindInvalidUtf8:
    def test_finds_nothing_in_valid_utf8_cut_anywhere(self) -> None:
        data = "សុខ ສົມ สมชาย".encode()
        assert find_invalid_utf8([data[:1], data[1:5], data[5:]]) is None

    def test_places_the_first_invalid_byte_across_chunk_boundaries(self) -> None:
        found = find_invalid_utf8([b"abc", b"\xe0", b"\xb8\x81x\xa1"])
        assert found is not None
        assert (found.offset, found.ascii_before) == (7, False)

    def test_says_whether_everything_before_was_ascii(self) -> None:
        found = find_invalid_utf8([b"abc", b"def\xa1x"])
        assert found is not None
        assert (found.offset, found.ascii_before) == (6, True)

    def test_finds_a_character_cut_at_the_end_of_the_file(self) -> None:
        found = find_invalid_utf8([b"abc\xe0"])
        assert found is not None
        assert (found.offset, found.ascii_before) == (3, True)


class TestDecodeDocument:
    def test_removes_the_bom(self) -> None:
        text, encoding = decode_document(codecs.BOM_UTF8 + b"[1]")
        assert (text, encoding.name) == ("[1]", "utf-8-sig")


class TestSettleFileEncoding:
    def test_refuses_a_legacy_file_with_bytes_its_code_page_lacks(self, tmp_path: Path) -> None:
        path = tmp_path / "cases.csv"
        path.write_bytes("name\nสมชาย\n".encode("cp874") + b"\xfc\xfd\xfe\n")
        encoding = detect_legacy_encoding(path.read_bytes()[:11])
        assert encoding.name == "cp874"
        with pytest.raises(UnreadableFile) as raised:
            settle_file_encoding(path, encoding=encoding)
        assert raised.value.code == "encoding-error"
