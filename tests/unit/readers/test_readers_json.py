"""JSON arrays and NDJSON: union of keys, rendering, nested values, row numbers, batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pata.readers import ReadLimits, UnreadableFile, iter_raw_batches, read_raw


class TestReadJsonArray:
    def test_reads_objects_with_the_union_of_keys_in_first_seen_order(self) -> None:
        data = b'[{"b": 1, "a": 1.0}, {"c": true, "a": 1.50, "b": null}, {"a": "", "d": false}]'
        raw = read_raw(data, filename="cases.json")
        assert raw.format == "json"
        assert raw.headers == ["b", "a", "c", "d"]
        assert raw.table.to_pylist() == [
            {"b": "1", "a": "1", "c": None, "d": None, "__row": 2},
            {"b": None, "a": "1.50", "c": "true", "d": None, "__row": 3},
            {"b": None, "a": None, "c": None, "d": "false", "__row": 4},
        ]

    def test_keeps_big_numbers_and_text_exactly(self) -> None:
        data = b'[{"id": 12345678901234567890, "phone": "0812345678", "x": 1e-7, "y": NaN}]'
        row = read_raw(data, filename="cases.json").table.to_pylist()[0]
        assert row == {
            "id": "12345678901234567890",
            "phone": "0812345678",
            "x": "0.0000001",
            "y": "NaN",
            "__row": 2,
        }

    def test_reports_nested_values_once_per_column_and_leaves_them_empty(self) -> None:
        data = b'[{"a": 1, "tags": ["x"]}, {"a": 2, "tags": {"k": 1}}, {"a": 3, "more": [1]}]'
        raw = read_raw(data, filename="cases.json")
        nested = [(p.column, p.row) for p in raw.problems if p.code == "nested-value"]
        assert nested == [("tags", 2), ("more", 4)]
        assert raw.table.column("tags").to_pylist() == [None, None, None]

    def test_reports_entries_that_are_not_objects(self) -> None:
        raw = read_raw(b'[{"a": 1}, [1, 2], "x", {"a": 2}]', filename="cases.json")
        assert [(p.code, p.row) for p in raw.problems] == [("not-a-record", 3), ("not-a-record", 4)]
        assert [row["__row"] for row in raw.table.to_pylist()] == [2, 5]

    def test_reads_utf16_json_with_a_bom(self) -> None:
        data = json.dumps([{"ឈ្មោះ": "សុខ"}], ensure_ascii=False).encode("utf-16")
        raw = read_raw(data, filename="cases.json")
        assert raw.encoding == "utf-16"
        assert raw.table.to_pylist() == [{"ឈ្មោះ": "សុខ", "__row": 2}]

    def test_reads_a_single_object_written_over_several_lines(self) -> None:
        raw = read_raw(b'{\n  "a": 1,\n  "b": "x"\n}\n', filename="case.json")
        assert raw.table.to_pylist() == [{"a": "1", "b": "x", "__row": 2}]


class TestReadNdjson:
    def test_numbers_records_not_lines(self) -> None:
        data = b'{"a": 1}\n\n{"a": 2, "b": "x"}\r\n   \n{"b": "y"}\n'
        raw = read_raw(data, filename="cases.ndjson")
        assert raw.headers == ["a", "b"]
        assert [row["__row"] for row in raw.table.to_pylist()] == [2, 3, 4]

    def test_reports_a_line_that_is_not_json_and_reads_the_others(self) -> None:
        data = b'{"a": 1}\n{"a": 2,\n{"a": 3}\n'
        raw = read_raw(data, filename="cases.jsonl")
        assert [(p.code, p.row) for p in raw.problems] == [("invalid-record", 3)]
        assert [row["a"] for row in raw.table.to_pylist()] == ["1", "3"]

    def test_keeps_a_line_separator_inside_a_string(self) -> None:
        raw = read_raw('{"a": "x\u2028y"}\n{"a": "z"}\n'.encode(), filename="cases.ndjson")
        assert raw.table.column("a").to_pylist() == ["x\u2028y", "z"]


class TestReadJsonBlockers:
    @pytest.mark.parametrize(
        ("data", "code"),
        [
            (b"[]", "empty-file"),
            (b"  \n", "empty-file"),
            (b"[{}, {}]", "empty-file"),
            (b'"just text"', "unreadable-file"),
            (b"[1, 2, 3]", "unreadable-file"),
            (b'{"a": 1', "unreadable-file"),
            (b"[" * 100_000 + b"]" * 100_000, "unreadable-file"),
        ],
    )
    def test_refuses_what_holds_no_records(self, data: bytes, code: str) -> None:
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.json")
        assert raised.value.code == code

    def test_refuses_too_many_keys(self) -> None:
        data = json.dumps([{f"k{i}": i for i in range(11)}]).encode()
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.json", limits=ReadLimits(max_columns=10))
        assert raised.value.code == "too-many-columns"

    def test_refuses_too_many_records(self) -> None:
        data = b"\n".join(b'{"a": %d}' % i for i in range(11))
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.ndjson", limits=ReadLimits(max_rows=10))
        assert raised.value.code == "too-many-rows"


class TestIterJsonBatches:
    def test_streams_ndjson_with_headers_growing_at_the_end(self, tmp_path: Path) -> None:
        path = tmp_path / "cases.ndjson"
        lines = [json.dumps({"a": i}) for i in range(5)] + [json.dumps({"b": "x", "a": 9})]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        batches = list(iter_raw_batches(path, filename="cases.ndjson", batch_rows=4))
        assert [batch.headers for batch in batches] == [["a"], ["a", "b"]]
        assert [row["__row"] for b in batches for row in b.table.to_pylist()] == [2, 3, 4, 5, 6, 7]

    def test_cuts_a_json_array_into_batches(self, tmp_path: Path) -> None:
        path = tmp_path / "cases.json"
        path.write_text(json.dumps([{"a": i, "n": [i]} for i in range(5)]), encoding="utf-8")
        batches = list(iter_raw_batches(path, filename="cases.json", batch_rows=2))
        assert [batch.table.num_rows for batch in batches] == [2, 2, 1]
        assert [len(batch.problems) for batch in batches] == [1, 0, 0]
