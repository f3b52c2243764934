"""Delimited text: encodings, delimiters, quoting, row numbers, ragged rows, batches."""

from __future__ import annotations

from pathlib import Path

import pytest

from pata.readers import ReadLimits, UnreadableFile, iter_raw_batches, read_raw


def rows_of(raw) -> list[dict]:
    return raw.table.to_pylist()


def codes_of(raw) -> list[str]:
    return [problem.code for problem in raw.problems]


class TestReadDelimitedEncodings:
    def test_reads_plain_utf8_with_row_numbers_from_two(self) -> None:
        raw = read_raw(b"name,age\nSok,12\nDara,9\n", filename="cases.csv")
        assert raw.format == "csv"
        assert raw.encoding == "utf-8"
        assert raw.delimiter == ","
        assert raw.headers == ["name", "age"]
        assert rows_of(raw) == [
            {"name": "Sok", "age": "12", "__row": 2},
            {"name": "Dara", "age": "9", "__row": 3},
        ]
        assert raw.problems == []

    def test_strips_the_utf8_bom_from_the_first_header(self) -> None:
        raw = read_raw("\ufeffname,age\nSok,12\n".encode(), filename="cases.csv")
        assert raw.encoding == "utf-8-sig"
        assert raw.headers == ["name", "age"]
        assert raw.table.column_names[0] == "name"

    def test_reads_excel_unicode_text_as_utf16_with_tabs(self) -> None:
        text = "\ufeffឈ្មោះ\tអាយុ\r\nសុខ\t12\r\nដារា\t\r\n"
        raw = read_raw(text.encode("utf-16-le"), filename="cases.txt")
        assert raw.encoding == "utf-16"
        assert raw.delimiter == "\t"
        assert raw.headers == ["ឈ្មោះ", "អាយុ"]
        assert rows_of(raw) == [
            {"ឈ្មោះ": "សុខ", "អាយុ": "12", "__row": 2},
            {"ឈ្មោះ": "ដារា", "អាយុ": None, "__row": 3},
        ]

    def test_reads_thai_cp874_and_transcodes_it(self) -> None:
        text = "ชื่อ,นามสกุล,จังหวัด\r\nสมชาย,ใจดี,เชียงใหม่\r\nสมหญิง,รักไทย,ตาก\r\n"
        raw = read_raw(text.encode("cp874"), filename="cases.csv")
        assert raw.encoding == "cp874"
        assert raw.headers == ["ชื่อ", "นามสกุล", "จังหวัด"]
        assert rows_of(raw)[1] == {"ชื่อ": "สมหญิง", "นามสกุล": "รักไทย", "จังหวัด": "ตาก", "__row": 3}

    def test_recognises_cp874_that_starts_after_an_ascii_sample(self, tmp_path: Path) -> None:
        data = b"code,name\n" + b"A1,Somchai\n" * 10_000 + "B2,สมชาย\n".encode("cp874")
        raw = read_raw(data, filename="cases.csv")
        assert raw.encoding == "cp874"
        assert rows_of(raw)[-1] == {"code": "B2", "name": "สมชาย", "__row": 10_002}
        path = tmp_path / "cases.csv"
        path.write_bytes(data)
        batches = list(iter_raw_batches(path, filename="cases.csv", batch_rows=4_000))
        assert {batch.encoding for batch in batches} == {"cp874"}
        assert batches[-1].table.to_pylist()[-1]["name"] == "สมชาย"

    def test_refuses_a_file_mixing_utf8_and_a_legacy_code_page(self) -> None:
        data = "name\nសុខ\n".encode() + b"x\n" * 40_000 + "สมชาย\n".encode("cp874")
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.csv")
        assert raised.value.code == "encoding-error"

    def test_reads_bengali_and_thai_headers_in_utf8(self) -> None:
        raw = read_raw("নাম,ชื่อ,ឈ្មោះ\nক,ก,ក\n".encode(), filename="cases.csv")
        assert raw.headers == ["নাম", "ชื่อ", "ឈ្មោះ"]
        assert rows_of(raw) == [{"নাম": "ক", "ชื่อ": "ก", "ឈ្មោះ": "ក", "__row": 2}]


class TestReadDelimitedDialect:
    def test_detects_semicolon_with_commas_inside_values(self) -> None:
        data = b'name;address;age\nSok;"Phnom Penh, Cambodia";12\nDara;Battambang, KH;9\n'
        raw = read_raw(data, filename="cases.csv")
        assert raw.delimiter == ";"
        assert rows_of(raw)[1]["address"] == "Battambang, KH"

    def test_detects_pipe(self) -> None:
        raw = read_raw(b"a|b|c\n1|2|3\n", filename="cases.csv")
        assert raw.delimiter == "|"
        assert raw.headers == ["a", "b", "c"]

    def test_follows_and_hides_excels_separator_line(self) -> None:
        raw = read_raw(b"sep=;\r\nname;age\r\nSok;1,5\r\nbroken\r\nDara;2\r\n", filename="c.csv")
        assert raw.delimiter == ";"
        assert raw.headers == ["name", "age"]
        assert [row["__row"] for row in rows_of(raw)] == [2, 4]
        assert [(p.code, p.row) for p in raw.problems] == [("ragged-row", 3)]

    def test_reads_a_single_column_file(self) -> None:
        raw = read_raw(b"name\nSok\nDara\n", filename="cases.csv")
        assert raw.headers == ["name"]
        assert [row["__row"] for row in rows_of(raw)] == [2, 3]

    def test_counts_records_not_lines_when_quoted_cells_span_lines(self) -> None:
        data = b'id,note\n1,"line one\nline two\nline three"\n2,plain\n3,"a\r\nb"\n4,last\n'
        raw = read_raw(data, filename="cases.csv")
        assert [(row["id"], row["__row"]) for row in rows_of(raw)] == [
            ("1", 2),
            ("2", 3),
            ("3", 4),
            ("4", 5),
        ]
        assert rows_of(raw)[0]["note"] == "line one\nline two\nline three"

    def test_reads_a_header_whose_name_spans_lines(self) -> None:
        raw = read_raw(b'"date of\nbirth",name\n2001-01-01,Sok\n', filename="cases.csv")
        assert raw.headers == ["date of\nbirth", "name"]
        assert rows_of(raw)[0]["__row"] == 2


class TestReadDelimitedCells:
    def test_keeps_every_cell_as_text_and_only_empty_cells_null(self) -> None:
        data = b'code,count,flag,note\n007,1.50,NA,""\n,0012,NULL,#N/A\n'
        raw = read_raw(data, filename="cases.csv")
        assert rows_of(raw) == [
            {"code": "007", "count": "1.50", "flag": "NA", "note": None, "__row": 2},
            {"code": None, "count": "0012", "flag": "NULL", "note": "#N/A", "__row": 3},
        ]
        assert all(str(type_) == "string" for type_ in raw.table.schema.types[:-1])

    def test_leaves_out_blank_lines_and_empty_rows_but_keeps_numbering(self) -> None:
        raw = read_raw(b"a,b\n1,2\n\n,\n3,4\n", filename="cases.csv")
        assert [row["__row"] for row in rows_of(raw)] == [2, 5]
        assert raw.problems == []


class TestReadDelimitedProblems:
    def test_reports_ragged_rows_with_their_numbers_and_keeps_later_numbers_right(self) -> None:
        data = b'a,b,c\n1,2,3\n4,5\n"x\ny",7,8\n6,7,8,9\n10,11,12\n'
        raw = read_raw(data, filename="cases.csv")
        ragged = [problem for problem in raw.problems if problem.code == "ragged-row"]
        assert [problem.row for problem in ragged] == [3, 5]
        assert [row["__row"] for row in rows_of(raw)] == [2, 4, 6]
        assert rows_of(raw)[1]["a"] == "x\ny"

    def test_every_record_is_either_a_row_or_a_reported_problem_in_a_big_file(self) -> None:
        # Several pyarrow blocks and a threaded first read: the serial re-read must place
        # the skipped records exactly.
        lines = [b"id,name,village"]
        ragged_at = {5, 40_000, 80_001}
        for number in range(2, 120_002):
            if number in ragged_at:
                lines.append(b"broken,row")
            else:
                lines.append(b"%d,name %d,village" % (number, number))
        raw = read_raw(b"\n".join(lines) + b"\n", filename="cases.csv")
        rows = raw.table.select(["id", "__row"]).to_pylist()
        assert all(int(row["id"]) == row["__row"] for row in rows)
        assert sorted(p.row for p in raw.problems if p.code == "ragged-row") == sorted(ragged_at)
        assert len(rows) + len(ragged_at) == 120_000

    def test_reports_duplicate_and_blank_column_names(self) -> None:
        raw = read_raw(b"name,age,name,\nSok,12,Dara,\n", filename="cases.csv")
        assert raw.headers == ["name", "age", "name", ""]
        assert sorted(codes_of(raw)) == ["blank-column-name", "duplicate-column"]
        duplicate = next(p for p in raw.problems if p.code == "duplicate-column")
        assert duplicate.column == "name"
        assert duplicate.row == 1
        assert raw.table.num_columns == 5  # both "name" columns kept, plus __row
        assert raw.table.column(2).to_pylist() == ["Dara"]

    def test_warns_of_a_quote_never_closed(self) -> None:
        raw = read_raw(b'a,b\n1,"unclosed\n3,4\n5,6\n', filename="cases.csv")
        assert codes_of(raw) == ["unbalanced-quotes"]
        assert raw.table.num_rows == 1

    def test_lists_a_limited_number_of_ragged_rows_and_counts_the_rest(self) -> None:
        data = b"a,b\n" + b"1\n" * 30 + b"1,2\n"
        raw = read_raw(data, filename="cases.csv", limits=ReadLimits(max_row_problems=10))
        ragged = [problem for problem in raw.problems if problem.code == "ragged-row"]
        assert len(ragged) == 11
        assert ragged[-1].row is None
        assert "20 more rows" in ragged[-1].message


class TestIterDelimitedBatches:
    def test_streams_the_same_rows_as_a_whole_read(self, tmp_path: Path) -> None:
        lines = [b"id,note"] + [b'%d,"multi\nline %d"' % (i, i) for i in range(2, 25_002)]
        lines[100] = b"ragged"
        data = b"\n".join(lines) + b"\n"
        path = tmp_path / "cases.csv"
        path.write_bytes(data)
        whole = read_raw(data, filename="cases.csv")
        batches = list(iter_raw_batches(path, filename="cases.csv", batch_rows=7_000))
        assert [batch.table.num_rows for batch in batches] == [7_000, 7_000, 7_000, 3_999]
        streamed = [row for batch in batches for row in batch.table.to_pylist()]
        assert streamed == whole.table.to_pylist()
        assert [p.row for b in batches for p in b.problems] == [101]
        assert all(batch.headers == ["id", "note"] for batch in batches)

    def test_header_problems_come_with_the_first_batch_only(self, tmp_path: Path) -> None:
        path = tmp_path / "cases.csv"
        path.write_bytes(b"a,a\n" + b"1,2\n" * 5)
        batches = list(iter_raw_batches(path, filename="cases.csv", batch_rows=2))
        assert [len(batch.problems) for batch in batches] == [1, 0, 0]

    def test_stops_with_too_many_rows(self, tmp_path: Path) -> None:
        path = tmp_path / "cases.csv"
        path.write_bytes(b"a\n" + b"1\n" * 50)
        with pytest.raises(UnreadableFile) as raised:
            list(iter_raw_batches(path, filename="cases.csv", limits=ReadLimits(max_rows=10)))
        assert raised.value.code == "too-many-rows"
