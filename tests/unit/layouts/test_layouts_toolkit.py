"""The HTCDS toolkit layout: header found wherever it is, columns by name or label (the label
wins), template rows dropped, missing columns derived; a synthetic toolkit workbook of 200
cases checks as accepted for la-sengsavang, and its feedback says how columns were read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pata.cli import main
from pata.contracts import load_contract
from pata.layouts.htcds_toolkit import (
    HeaderNotFound,
    ToolkitContext,
    locate_header,
    shape_rows,
)
from pata.layouts.reading import read_partner_table
from pata.periods import period_from_filename
from pata.readers import ReadLimits, UnreadableFile
from pata.registry import load_registry
from pata.synth import generate
from pata.synth.toolkit import FIRST_RECORD_ROW, LABEL_ROW, NAME_ROW

PARTNER = "la-sengsavang"
END = date(2026, 10, 1)


def context(period: str | None = "2026-10") -> ToolkitContext:
    return ToolkitContext(
        contract=load_contract("cases"),
        country="LA",
        period=period_from_filename(f"x_{period}.xlsx") if period else None,
        aliases={},
    )


SHEET = [
    (1, ["HTCDS 2.0 Case Data Toolkit"]),
    (2, ["Organisation: fill one row per person"]),
    (3, [None, "prs_FirstName", "prs_Gendr", "vic_TraffickingStatus", "hte_Type", None]),
    (4, ["No.", "First Name", "Gender", "Status", "Type", "Country"]),
]


class TestLocateHeader:
    def test_title_rows_then_names_then_labels(self):
        header = locate_header(SHEET, context=context())
        assert (header.name_row, header.label_row, header.last_row) == (3, 4, 4)

    def test_each_column_by_name_or_label_and_the_label_wins(self):
        columns = {c.index: c for c in locate_header(SHEET, context=context()).columns}
        assert columns[0].field is None  # the numbering column
        assert (columns[1].field, columns[1].how) == ("prs_FirstName", "name-and-label")
        assert (columns[2].field, columns[2].how) == ("prs_Gender", "label")  # misspelt name
        # the name says trafficking status, the label says (case) Status: the label wins
        assert (columns[3].field, columns[3].how) == ("cas_Status", "label-over-name")
        assert (columns[4].field, columns[4].how) == ("hte_Type", "name-and-label")  # "Type" x3
        assert (columns[5].field, columns[5].how, columns[5].used_as) == (
            "hte_Country",
            "label",
            "hte_Country",
        )
        assert "the label wins" in columns[3].note()

    def test_labels_alone_are_a_header(self):
        rows = [(1, ["Title"]), (2, ["First Name", "Gender", "Consent", "Status"])]
        header = locate_header(rows, context=context())
        assert (header.name_row, header.label_row) == (None, 2)

    def test_no_header_says_which_rows_were_tried(self):
        rows = [(1, ["Cases"]), (3, ["Name", "Gender", "x"]), (4, ["a", "b", "c"])]
        with pytest.raises(HeaderNotFound) as caught:
            locate_header(rows, context=context())
        assert (caught.value.searched, caught.value.last_row, caught.value.best) == (3, 4, (3, 1))


class TestShapeRows:
    def rows(self, *extra):
        header = locate_header(
            [
                (
                    3,
                    [
                        None,
                        "prs_FirstName",
                        "cas_IncomingReferralDate",
                        "prs_MailingState",
                        "con_Consent",
                        "prs_Email",
                    ],
                ),
                (
                    4,
                    [
                        "No.",
                        "First Name",
                        "Incoming Referral Date",
                        "Mailing State/Province",
                        "Consent",
                        "Email",
                    ],
                ),
            ],
            context=context(),
        )
        return header, list(shape_rows(header, [*SHEET[:0], *extra], context=context()))

    def test_template_rows_are_not_records(self):
        _, shaped = self.rows(
            (5, ["1", "A", "2026-10-03", "Bokeo", "true", None]),
            (6, ["2", None, None, None, "false", None]),  # numbered, unticked box
            (7, ["3"]),
        )
        assert [number for number, _ in shaped] == [5]

    def test_missing_columns_are_derived_and_personal_fields_dropped(self):
        header, shaped = self.rows(
            (5, ["1", "A", "2026-10-03", "Bokeo", "true", "a@b.example"]),
            (6, ["2", "B", None, "Savannakhet", "true", None]),
        )
        names = [c.used_as for c in header.columns]
        assert "prs_Email" not in names
        from pata.layouts.htcds_toolkit import output_columns

        columns = output_columns(header, context=context())
        first, second = (dict(zip(columns, cells, strict=True)) for _, cells in shaped)
        assert first["partner_case_id"] == "2026-10-R5"
        assert first["identification_date"] == "2026-10-03"
        assert second["identification_date"] == "2026-10-01"  # no referral date: the period
        assert first["province"] == "Bokeo" and first["hte_Country"] == "LA"
        assert all("a@b.example" not in (v or "") for v in first.values())


@pytest.fixture(scope="module")
def toolkit_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("toolkit")
    manifest = generate(out=out, partners=[PARTNER], months=1, rows_per_file=200, end=END)
    [record] = manifest.files
    assert record.rows == 200 and record.expected_valid_rows == 200
    return out / record.path


def check(path: Path, tmp_path: Path) -> tuple[int, dict]:
    report = tmp_path / "report.json"
    code = main(
        [
            "check",
            str(path),
            "--partner",
            PARTNER,
            "--dataset",
            "cases",
            "--report",
            str(tmp_path / "report.html"),
            "--json",
            str(report),
        ]
    )
    return code, json.loads(report.read_text(encoding="utf-8"))


class TestToolkitWorkbook:
    def test_the_synthetic_workbook_has_the_toolkit_layout(self, toolkit_file):
        workbook = openpyxl.load_workbook(toolkit_file)
        sheet = workbook.worksheets[0]
        assert sheet.row_dimensions[NAME_ROW].hidden
        assert sheet.cell(LABEL_ROW, 2).value == "First Name"
        assert sheet.cell(FIRST_RECORD_ROW + 200, 1).value == 201  # a numbered template row
        assert sheet.max_row > FIRST_RECORD_ROW + 200
        assert len(workbook.sheetnames) >= 3

    def test_200_cases_filled_by_labels_check_as_accepted(self, toolkit_file, tmp_path):
        code, report = check(toolkit_file, tmp_path)
        assert code == 0 and report["verdict"] == "accepted"
        assert report["counts"]["rows_total"] == 200 and report["counts"]["rows_invalid"] == 0
        read = "\n".join(report["columns_read"])
        assert "header is row 3 (field names) and row 4 (labels)" in read
        assert "labelled 'Type of Exploitation'" in read
        assert "gives identification_date" in read and "gives province" in read
        assert "Email" in read and "not read further" in read
        assert all(group["code"] != "column-mapped" for group in report["groups"])
        html = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert "How your columns were read" in html

    def test_labels_in_any_case_and_a_wrong_field_name_still_load(self, toolkit_file, tmp_path):
        workbook = openpyxl.load_workbook(toolkit_file)
        sheet = workbook.worksheets[0]
        heading = {sheet.cell(LABEL_ROW, c).value: c for c in range(1, sheet.max_column + 1)}
        gender, status = heading["Gender"], heading["Status"]
        sheet.cell(NAME_ROW, gender).value = "prs_Gendre"  # misspelt
        sheet.cell(NAME_ROW, status).value = "vic_TraffickingStatus"  # not its label
        exploitation = heading["Type of Exploitation"]
        for row in range(FIRST_RECORD_ROW, FIRST_RECORD_ROW + 200):
            value = sheet.cell(row, exploitation).value
            if value:
                sheet.cell(row, exploitation).value = f"  {value.upper()} "
        changed = tmp_path / toolkit_file.name
        workbook.save(changed)
        code, report = check(changed, tmp_path)
        assert code == 0 and report["counts"]["rows_valid"] == 200
        read = "\n".join(report["columns_read"])
        assert "field name 'prs_Gendre', was read by its label as prs_Gender" in read
        assert "was read by its label (its field name does not match it" in read

    def test_a_workbook_without_the_header_is_rejected_saying_where_it_looked(
        self, toolkit_file, tmp_path
    ):
        workbook = openpyxl.load_workbook(toolkit_file)
        for sheet in workbook.worksheets:
            sheet.delete_rows(1, LABEL_ROW)
        changed = tmp_path / toolkit_file.name
        workbook.save(changed)
        code, report = check(changed, tmp_path)
        assert code == 1 and report["blocker"] == "no-header"
        message = report["problems"][0]["message"]
        assert "first 30 non-empty rows" in message and "First Name" in message

    def test_personal_toolkit_columns_never_leave_the_layout(self, toolkit_file):
        partner = load_registry().partner(PARTNER)
        raw = read_partner_table(
            toolkit_file,
            filename=toolkit_file.name,
            limits=ReadLimits(),
            partner=partner,
            dataset="cases",
        )
        assert "prs_Email" not in raw.headers and "cas_CaseOwner" not in raw.headers
        cells = {v for column in raw.table.columns for v in column.to_pylist()}
        assert not any(isinstance(v, str) and "@mail.example" in v for v in cells)
        assert not any(isinstance(v, str) and v.startswith("Case worker") for v in cells)

    def test_a_csv_of_a_toolkit_partner_is_read_as_usual(self, tmp_path):
        partner = load_registry().partner(PARTNER)
        path = tmp_path / "la-sengsavang_cases_2026-10.csv"
        path.write_text("partner_case_id\nA1\n", encoding="utf-8")
        raw = read_partner_table(
            path, filename=path.name, limits=ReadLimits(), partner=partner, dataset="cases"
        )
        assert raw.headers == ["partner_case_id"]

    def test_an_empty_toolkit_is_an_empty_file(self, toolkit_file, tmp_path):
        workbook = openpyxl.load_workbook(toolkit_file)
        sheet = workbook.worksheets[0]
        for row in range(FIRST_RECORD_ROW, FIRST_RECORD_ROW + 200):
            for column in range(2, sheet.max_column + 1):
                sheet.cell(row, column).value = None
        changed = tmp_path / toolkit_file.name
        workbook.save(changed)
        partner = load_registry().partner(PARTNER)
        with pytest.raises(UnreadableFile) as caught:
            read_partner_table(
                changed,
                filename=changed.name,
                limits=ReadLimits(),
                partner=partner,
                dataset="cases",
            )
        assert caught.value.code == "empty-file"


def test_a_toolkit_saved_as_xls_loads_too(toolkit_file, tmp_path):
    """An old Excel (.xls, BIFF) copy of the toolkit is read the same way (calamine)."""
    import xlwt

    source = openpyxl.load_workbook(toolkit_file)
    book = xlwt.Workbook()
    for sheet in source.worksheets:
        target = book.add_sheet(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                if hasattr(value, "strftime"):
                    value = value.strftime("%d/%m/%Y")
                target.write(cell.row - 1, cell.column - 1, value)
    path = tmp_path / toolkit_file.name.replace(".xlsx", ".xls")
    book.save(str(path))
    code, report = check(path, tmp_path)
    assert code == 0 and report["counts"]["rows_total"] == 200
    assert report["counts"]["rows_invalid"] == 0
