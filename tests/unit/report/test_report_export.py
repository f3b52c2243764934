"""CSV and XLSX of the report: the same numbers, and no formula a spreadsheet would run."""

from __future__ import annotations

import csv

import pytest
from crafted_values import crafted_values
from openpyxl import load_workbook

from pata.indicators.catalogue import load_catalogue
from pata.registry import load_registry
from pata.report.export import EXPORT_COLUMNS, escape_formula, export_rows, write_csv, write_xlsx

HOSTILE = ('=HYPERLINK("http://x","y")', "+1+2", "-3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx")


class TestEscapeFormula:
    @pytest.mark.parametrize("text", HOSTILE)
    def test_text_a_spreadsheet_would_run_gets_an_apostrophe(self, text):
        assert escape_formula(text) == "'" + text

    @pytest.mark.parametrize("value", ["Female", "9-17", "48+", "", 12, 58.3, None])
    def test_other_values_are_unchanged(self, value):
        assert escape_formula(value) == value


@pytest.fixture(scope="module")
def rows():
    values = crafted_values()
    values = values[values["period_label"] == "2026Q3"].copy()
    rows = export_rows(values, catalogue=load_catalogue(), registry=load_registry())
    rows[0] = {**rows[0], "category_label": HOSTILE[0], "area_name": HOSTILE[2]}
    return rows


class TestCsv:
    def test_every_value_and_escaped_text(self, rows, tmp_path):
        path = write_csv(rows, tmp_path / "r.csv")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            read = list(csv.DictReader(handle))
        assert list(read[0]) == list(EXPORT_COLUMNS)
        assert len(read) == len(rows)
        assert read[0]["category_label"] == "'" + HOSTILE[0]
        assert read[0]["area_name"] == "'" + HOSTILE[2]
        for text in (r[c] for r in read for c in EXPORT_COLUMNS):
            assert not text.startswith(("=", "+", "-", "@", "\t", "\r"))

    def test_suppressed_rows_are_empty_with_their_reason(self, rows, tmp_path):
        path = write_csv(rows, tmp_path / "r.csv")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            hidden = [r for r in csv.DictReader(handle) if r["suppressed"] == "yes"]
        assert hidden
        assert all(r["value"] == r["numerator"] == r["denominator"] == "" for r in hidden)
        assert all(r["suppression_reason"] for r in hidden)


class TestXlsx:
    def test_no_cell_is_a_formula_and_numbers_stay_numbers(self, rows, tmp_path):
        path = write_xlsx(rows, tmp_path / "r.xlsx", catalogue=load_catalogue(), title="t")
        book = load_workbook(path)
        assert book.sheetnames == ["Indicators", "Definitions", "Notes"]
        sheet = book["Indicators"]
        header = [c.value for c in sheet[1]]
        assert header == list(EXPORT_COLUMNS)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@"))
        first = {h: c.value for h, c in zip(header, sheet[2], strict=True)}
        assert first["category_label"] == "'" + HOSTILE[0]
        numbers = [r[header.index("value")].value for r in sheet.iter_rows(min_row=2)]
        assert any(isinstance(v, (int, float)) for v in numbers)
        assert sheet.max_row == len(rows) + 1

    def test_the_definitions_sheet_lists_every_indicator(self, rows, tmp_path):
        path = write_xlsx(rows, tmp_path / "r.xlsx", catalogue=load_catalogue(), title="t")
        codes = [r[0].value for r in load_workbook(path)["Definitions"].iter_rows(min_row=2)]
        assert codes == list(load_catalogue().codes)
