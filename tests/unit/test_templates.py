"""``pata template``: the partner's headers, drop-down lists of its labels, its date format,
instructions in its language, nothing identifying; a filled template passes ``pata check``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent / "synth"))

from synth_conformance import read_table

from pata.cli import main
from pata.registry import load_registry
from pata.synth import generate
from pata.synth.toolkit import FIRST_RECORD_ROW, NAME_ROW
from pata.templates import TEMPLATE_ROWS, write_template

END = date(2026, 10, 1)


def template_of(tmp_path: Path, partner: str, dataset: str) -> Path:
    path = tmp_path / f"{partner}_{dataset}_template.xlsx"
    assert main(["template", "--partner", partner, "--dataset", dataset, "--out", str(path)]) == 0
    return path


def check(path: Path, partner: str, dataset: str) -> tuple[int, dict]:
    report = path.with_suffix(".json")
    code = main(
        [
            "check",
            str(path),
            "--partner",
            partner,
            "--dataset",
            dataset,
            "--report",
            str(path.with_suffix(".html")),
            "--json",
            str(report),
        ]
    )
    return code, json.loads(report.read_text(encoding="utf-8"))


class TestTemplateContent:
    def test_khmer_headers_lists_of_labels_date_format_and_instructions(self, tmp_path):
        workbook = openpyxl.load_workbook(template_of(tmp_path, "kh-ksp", "cases"))
        spec = load_registry().partner("kh-ksp").dataset("cases")
        sheet = workbook["cases"]
        assert [cell.value for cell in sheet[1]] == list(spec.column_map)
        assert all(cell.value is None for row in sheet.iter_rows(min_row=2) for cell in row)
        lists = workbook["Lists"]
        assert lists.sheet_state == "hidden"
        gender = list(spec.column_map.values()).index("prs_Gender") + 1
        listed = [lists.cell(row, gender).value for row in range(1, 7)]
        assert {"ស្រី", "ប្រុស", "មិនបញ្ជាក់"} <= set(listed)
        formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
        letter = openpyxl.utils.get_column_letter(gender)
        assert f"=Lists!${letter}$1:${letter}$6" in formulas
        birth = list(spec.column_map.values()).index("prs_Birthdate") + 1
        assert sheet.cell(2, birth).number_format == "dd/mm/yyyy"
        assert sheet.cell(TEMPLATE_ROWS + 1, birth).number_format == "dd/mm/yyyy"
        instructions = [
            v for row in workbook["Instructions"].iter_rows(values_only=True) for v in row if v
        ]
        assert "របៀបបំពេញគំរូនេះ / How to fill this template" in instructions
        assert "kh-ksp_cases_YYYY-MM.xlsx" in instructions and "25/12/2031" in instructions
        assert workbook.properties.creator == "PATA pipeline"
        assert workbook.properties.lastModifiedBy is None

    def test_templates_are_reproducible(self):
        partner = load_registry().partner("th-bsn")
        assert write_template(partner, "awareness_sessions") == write_template(
            partner, "awareness_sessions"
        )

    def test_toolkit_partner_gets_the_toolkit_header(self, tmp_path):
        sheet = openpyxl.load_workbook(template_of(tmp_path, "la-sengsavang", "cases"))["cases"]
        assert sheet.row_dimensions[1].hidden
        assert sheet.cell(1, 4).value == "prs_FirstName" and sheet.cell(2, 4).value == "First Name"


ROUND_TRIPS = [
    ("kh-ksp", "cases"),
    ("th-bsn", "cases"),
    ("np-sahayog", "awareness_sessions"),
    ("bd-mukti", "rehabilitation"),
]


@pytest.mark.parametrize(("partner", "dataset"), ROUND_TRIPS)
def test_a_filled_template_passes_check(tmp_path, partner, dataset):
    manifest = generate(
        out=tmp_path / "synth",
        partners=[partner],
        datasets=[dataset],
        months=3,
        end=date(2026, 9, 1),
    )
    record = manifest.files[-1]
    headers, rows = read_table(tmp_path / "synth" / record.path)
    path = template_of(tmp_path, partner, dataset)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[dataset]
    position = {cell.value: cell.column for cell in sheet[1]}
    assert set(position) == set(headers)
    for offset, cells in enumerate(rows, start=2):
        for header, value in zip(headers, cells, strict=True):
            if value is not None:
                sheet.cell(offset, position[header]).value = value
    filled = tmp_path / f"{partner}_{dataset}_{record.period}.xlsx"
    workbook.save(filled)
    code, report = check(filled, partner, dataset)
    assert code == 0, report["groups"]
    assert report["counts"]["rows_total"] == len(rows) == record.rows
    assert report["counts"]["rows_invalid"] == 0


def test_a_filled_toolkit_template_passes_check(tmp_path):
    manifest = generate(out=tmp_path / "synth", partners=["la-sengsavang"], months=1, end=END)
    record = manifest.files[0]
    source = openpyxl.load_workbook(tmp_path / "synth" / record.path).worksheets[0]
    renamed = {"cas_IncomingReferralDate": "identification_date", "prs_MailingState": "province"}
    fields = {
        renamed.get(str(cell.value), cell.value): cell.column
        for cell in source[NAME_ROW]
        if cell.value
    }
    path = template_of(tmp_path, "la-sengsavang", "cases")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["cases"]
    for cell in sheet[1]:
        if cell.value not in fields:
            continue
        for offset in range(record.rows):
            value = source.cell(FIRST_RECORD_ROW + offset, fields[cell.value]).value
            sheet.cell(3 + offset, cell.column).value = value
    filled = tmp_path / f"la-sengsavang_cases_{record.period}.xlsx"
    workbook.save(filled)
    code, report = check(filled, "la-sengsavang", "cases")
    assert code == 0, report["groups"]
    assert report["counts"]["rows_total"] == record.rows
    assert "header is row 1 (field names) and row 2 (labels)" in report["columns_read"][0]
