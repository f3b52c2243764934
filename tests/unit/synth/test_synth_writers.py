"""Writers of partner files: encodings, delimiters, Excel cells, JSON layouts, stable bytes."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from pata.synth.writers import Cell, excel_date_format, write_csv, write_json, write_xlsx

HEADERS = ["លេខករណី", "ថ្ងៃ", "ចំនួន"]
ROWS: list[list[Cell]] = [["KSP-1", date(2026, 7, 3), 4], [" ស្រី ", None, True]]


class TestWriteCsv:
    def test_unicode_text_is_utf16_le_with_bom_and_tabs(self, tmp_path: Path) -> None:
        path = tmp_path / "x.csv"
        write_csv(path, HEADERS, ROWS, encoding="utf-16", delimiter="\t", date_format="%d/%m/%Y")
        data = path.read_bytes()
        assert data.startswith(b"\xff\xfe")
        text = data[2:].decode("utf-16-le")
        assert text.splitlines()[1] == "KSP-1\t03/07/2026\t4"
        assert text.splitlines()[2] == " ស្រី \t\ttrue"

    def test_utf8_sig_starts_with_a_bom_and_plain_utf8_does_not(self, tmp_path: Path) -> None:
        write_csv(
            tmp_path / "a.csv", HEADERS, ROWS, encoding="utf-8-sig", delimiter=",", date_format=None
        )
        write_csv(
            tmp_path / "b.csv", HEADERS, ROWS, encoding="utf-8", delimiter=";", date_format=None
        )
        assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        plain = (tmp_path / "b.csv").read_bytes().decode("utf-8")
        assert plain.splitlines()[1] == "KSP-1;2026-07-03;4"

    def test_returns_the_number_of_records(self, tmp_path: Path) -> None:
        count = write_csv(
            tmp_path / "c.csv",
            HEADERS,
            iter(ROWS),
            encoding="utf-8",
            delimiter=",",
            date_format=None,
        )
        assert count == 2


class TestWriteJson:
    def test_array_layout_keys_records_by_header(self, tmp_path: Path) -> None:
        path = tmp_path / "x.json"
        write_json(path, HEADERS, ROWS, layout="array", date_format="%m/%d/%Y")
        records = json.loads(path.read_text(encoding="utf-8"))
        assert records[0] == {"លេខករណី": "KSP-1", "ថ្ងៃ": "07/03/2026", "ចំនួន": 4}
        assert records[1]["ថ្ងៃ"] is None and records[1]["ចំនួន"] is True

    def test_lines_layout_writes_one_record_per_line(self, tmp_path: Path) -> None:
        path = tmp_path / "x.json"
        write_json(path, HEADERS, ROWS, layout="lines", date_format=None)
        lines = path.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["ថ្ងៃ"] for line in lines] == ["2026-07-03", None]

    def test_an_empty_array_is_valid_json(self, tmp_path: Path) -> None:
        path = tmp_path / "x.json"
        write_json(path, HEADERS, [], layout="array", date_format=None)
        assert json.loads(path.read_text(encoding="utf-8")) == []


class TestWriteXlsx:
    def test_dates_are_date_cells_in_the_partner_format(self, tmp_path: Path) -> None:
        path = tmp_path / "x.xlsx"
        write_xlsx(path, HEADERS, ROWS, date_format="%d/%m/%Y", sheet_title="cases")
        sheet = load_workbook(path)["cases"]
        assert [c.value for c in sheet[1]] == HEADERS
        assert sheet["B2"].value == datetime(2026, 7, 3)
        assert sheet["B2"].number_format == "dd/mm/yyyy"
        assert sheet["A3"].value == " ស្រី "  # outer spaces survive, as in real exports

    def test_same_rows_give_the_same_bytes(self, tmp_path: Path) -> None:
        write_xlsx(tmp_path / "a.xlsx", HEADERS, ROWS, date_format=None)
        write_xlsx(tmp_path / "b.xlsx", HEADERS, ROWS, date_format=None)
        assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()

    def test_excel_format_follows_strptime_format(self) -> None:
        assert excel_date_format("%Y-%m-%d") == "yyyy-mm-dd"
        assert excel_date_format("%m/%d/%Y") == "mm/dd/yyyy"
