"""Delimiter recognition among comma, semicolon, tab and pipe."""

from __future__ import annotations

import pytest

from pata.readers.delimited import RecordNumbering, detect_delimiter


class TestDetectDelimiter:
    @pytest.mark.parametrize(
        ("text", "delimiter"),
        [
            ("a,b,c\n1,2,3\n", ","),
            ("a;b;c\n1;2,5;3\n", ";"),
            ("a\tb\tc\n1\t2\t3\n", "\t"),
            ("a|b|c\n1|2|3\n", "|"),
            ('"a;x",b,c\n"1;2",2,3\n', ","),
            ("name\nSok\n", ","),
        ],
    )
    def test_recognises_the_delimiter(self, text: str, delimiter: str) -> None:
        assert detect_delimiter(text, complete=True) == delimiter

    def test_falls_back_to_counting_in_the_header_line(self) -> None:
        # One line only: the sniffer has nothing to compare, the header line decides.
        assert detect_delimiter("name;age;village", complete=True) == ";"

    def test_ignores_the_cut_last_line_of_a_sample(self) -> None:
        text = "a;b;c\n1;2;3\n4;5;6,7,8,9,10,11,12"
        assert detect_delimiter(text, complete=False) == ";"


class TestRecordNumbering:
    def test_jumps_over_skipped_records_across_batches(self) -> None:
        numbering = RecordNumbering()
        for number in (3, 6, 7):
            numbering.skip(number)
        assert numbering.take(3).tolist() == [1, 2, 4]
        assert numbering.take(2).tolist() == [5, 8]
        assert numbering.take(1).tolist() == [9]
