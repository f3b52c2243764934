"""Excel workbooks: values only, rendering, sheet choice, row numbers, zip-bomb guard."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from pata.readers import ReadLimits, UnreadableFile, iter_raw_batches, read_raw


def workbook_bytes(*sheets: tuple[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten(data: bytes, *, member: str, change: Callable[[bytes], bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == member else content)
    return buffer.getvalue()


def with_claimed_size(data: bytes, *, member: str, size: int) -> bytes:
    """Patch the central directory so a member claims another uncompressed size."""
    patched = bytearray(data)
    position = patched.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", patched, position + 28)[0]
        name = bytes(patched[position + 46 : position + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", patched, position + 24, size)
        position = patched.find(b"PK\x01\x02", position + 4)
    return bytes(patched)


class TestReadWorkbookValues:
    def test_renders_values_as_text_and_never_evaluates_formulas(self) -> None:
        data = workbook_bytes(
            (
                "Sheet1",
                [
                    ["ឈ្មោះ", "ថ្ងៃកំណើត", "count", "ratio", "consent", "formula", "seen"],
                    [
                        "សុខ",
                        dt.date(2010, 3, 5),
                        3.0,
                        2.5,
                        True,
                        "=1+1",
                        dt.datetime(2024, 1, 2, 13, 30),
                    ],
                    ["007", dt.datetime(2011, 1, 1), 12, 0.1, False, None, None],
                ],
            )
        )
        raw = read_raw(data, filename="cases.xlsx")
        assert raw.format == "xlsx"
        assert (raw.encoding, raw.delimiter) == (None, None)
        assert raw.headers == ["ឈ្មោះ", "ថ្ងៃកំណើត", "count", "ratio", "consent", "formula", "seen"]
        first, second = raw.table.to_pylist()
        assert first == {
            "ឈ្មោះ": "សុខ",
            "ថ្ងៃកំណើត": "2010-03-05",
            "count": "3",
            "ratio": "2.5",
            "consent": "true",
            "formula": None,  # a formula never calculated by Excel has no cached value
            "seen": "2024-01-02T13:30:00",
            "__row": 2,
        }
        assert second["ឈ្មោះ"] == "007"
        assert second["ថ្ងៃកំណើត"] == "2011-01-01"
        assert second["ratio"] == "0.1"

    def test_reads_the_cached_value_of_a_formula(self) -> None:
        data = workbook_bytes(("Sheet1", [["a", "b"], [2, "=A2*2"]]))
        data = rewritten(
            data,
            member="xl/worksheets/sheet1.xml",
            change=lambda xml: xml.replace(b"<f>A2*2</f><v></v>", b"<f>A2*2</f><v>4</v>"),
        )
        raw = read_raw(data, filename="cases.xlsx")
        assert raw.table.to_pylist() == [{"a": "2", "b": "4", "__row": 2}]

    def test_keeps_excel_row_numbers_across_empty_rows(self) -> None:
        data = workbook_bytes(
            ("Sheet1", [[], [], ["name", "age"], ["Sok", 1], [], [None], ["Dara", 2]])
        )
        raw = read_raw(data, filename="cases.xlsx")
        assert raw.headers == ["name", "age"]
        assert [row["__row"] for row in raw.table.to_pylist()] == [4, 7]

    def test_reports_values_past_the_last_named_column(self) -> None:
        data = workbook_bytes(("Sheet1", [["name", "age"], ["Sok", 1, None, "stray"]]))
        raw = read_raw(data, filename="cases.xlsx")
        assert [(p.code, p.row) for p in raw.problems] == [("ragged-row", 2)]
        assert raw.table.to_pylist() == [{"name": "Sok", "age": "1", "__row": 2}]

    def test_reports_blank_and_duplicate_header_cells_at_the_header_row(self) -> None:
        data = workbook_bytes(("Sheet1", [[], ["name", None, "name"], ["Sok", 1, "Dara"]]))
        raw = read_raw(data, filename="cases.xlsx")
        assert sorted((p.code, p.row) for p in raw.problems) == [
            ("blank-column-name", 2),
            ("duplicate-column", 2),
        ]


class TestReadWorkbookSheetChoice:
    def test_skips_empty_and_hidden_sheets(self) -> None:
        data = workbook_bytes(
            ("Empty", []),
            ("Lists", [["code"], ["F"]]),
            ("Data", [["name"], ["Sok"]]),
            hidden=("Lists",),
        )
        assert read_raw(data, filename="cases.xlsx").headers == ["name"]

    def test_prefers_the_sheet_named_like_the_dataset(self) -> None:
        data = workbook_bytes(("Notes", [["note"], ["x"]]), ("Awareness Sessions", [["id"], ["1"]]))
        raw = read_raw(data, filename="export.xlsx", dataset="awareness_sessions")
        assert raw.headers == ["id"]


class TestWorkbookArchiveGuard:
    def test_refuses_a_member_inflating_far_beyond_its_compressed_size(self) -> None:
        data = workbook_bytes(("Sheet1", [["a"], ["1"]]))
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/padding.bin", b"\0" * (4 * 1024 * 1024))
        with pytest.raises(UnreadableFile) as raised:
            read_raw(buffer.getvalue(), filename="cases.xlsx")
        assert raised.value.code == "zip-bomb"

    def test_refuses_a_member_claiming_a_huge_uncompressed_size(self) -> None:
        data = with_claimed_size(
            workbook_bytes(("Sheet1", [["a"], ["1"]])),
            member="xl/worksheets/sheet1.xml",
            size=0xFFFF_FF00,
        )
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xlsx")
        assert raised.value.code == "zip-bomb"

    def test_refuses_a_workbook_too_large_once_unpacked(self) -> None:
        data = workbook_bytes(("Sheet1", [["a"], ["1"]]))
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xlsx", limits=ReadLimits(max_xlsx_uncompressed=4096))
        assert raised.value.code == "xlsx-too-large"

    @pytest.mark.parametrize(
        "data",
        [b"PK\x03\x04 this is no zip", b"PK\x03\x04" + b"\0" * 100],
    )
    def test_refuses_a_damaged_zip(self, data: bytes) -> None:
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xlsx")
        assert raised.value.code == "unreadable-file"

    def test_refuses_a_zip_that_is_not_a_workbook(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("cases.csv", "a,b\n1,2\n")
        with pytest.raises(UnreadableFile) as raised:
            read_raw(buffer.getvalue(), filename="cases.xlsx")
        assert raised.value.code == "unreadable-file"

    def test_refuses_a_workbook_with_a_damaged_sheet(self) -> None:
        data = rewritten(
            workbook_bytes(("Sheet1", [["a"], ["1"]])),
            member="xl/worksheets/sheet1.xml",
            change=lambda xml: re.sub(rb"</sheetData>.*", b"", xml, flags=re.DOTALL),
        )
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xlsx")
        assert raised.value.code == "unreadable-file"


class TestWorkbookLimits:
    def test_stops_at_too_many_rows(self) -> None:
        data = workbook_bytes(("Sheet1", [["a"]] + [[i] for i in range(20)]))
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xlsx", limits=ReadLimits(max_rows=10))
        assert raised.value.code == "too-many-rows"

    def test_refuses_too_many_columns(self) -> None:
        data = workbook_bytes(("Sheet1", [[f"c{i}" for i in range(12)], [1]]))
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xlsx", limits=ReadLimits(max_columns=10))
        assert raised.value.code == "too-many-columns"

    def test_refuses_a_cell_far_away_before_calamine_builds_the_range(self) -> None:
        # one cell at XFD1048576: calamine would allocate ~512 GiB for the range and abort
        far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        data = rewritten(
            workbook_bytes(("Sheet1", [["a"], [1]])),
            member="xl/worksheets/sheet1.xml",
            change=lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>"),
        )
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xlsx")
        assert raised.value.code == "sheet-too-large"
        assert "16384 columns" in str(raised.value)

    def test_refuses_a_range_over_the_cell_budget(self) -> None:
        data = workbook_bytes(("Sheet1", [["a", "b", "c"], [1, 2, 3], [4, 5, 6]]))
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xlsx", limits=ReadLimits(max_sheet_cells=8))
        assert raised.value.code == "sheet-too-large"

    def test_reads_a_sheet_whose_declared_dimension_alone_is_huge(self) -> None:
        # the declared <dimension> is not what calamine sizes the range from
        data = rewritten(
            workbook_bytes(("Sheet1", [["a"], [1]])),
            member="xl/worksheets/sheet1.xml",
            change=lambda xml: re.sub(
                rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml
            ),
        )
        assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
        assert read_raw(data, filename="cases.xlsx").table.num_rows == 1

    def test_refuses_a_workbook_with_a_header_and_no_records(self) -> None:
        with pytest.raises(UnreadableFile) as raised:
            read_raw(workbook_bytes(("Sheet1", [["a", "b"]])), filename="cases.xlsx")
        assert raised.value.code == "empty-file"

    def test_refuses_a_workbook_without_values(self) -> None:
        with pytest.raises(UnreadableFile) as raised:
            read_raw(workbook_bytes(("Sheet1", [])), filename="cases.xlsx")
        assert raised.value.code == "empty-file"


class TestIterWorkbookBatches:
    def test_streams_rows_in_batches_with_excel_row_numbers(self, tmp_path: Path) -> None:
        path = tmp_path / "cases.xlsx"
        path.write_bytes(
            workbook_bytes(("Sheet1", [["id", "id"]] + [[i, i] for i in range(2, 12)]))
        )
        batches = list(iter_raw_batches(path, filename="cases.xlsx", batch_rows=4))
        assert [batch.table.num_rows for batch in batches] == [4, 4, 2]
        numbers = [row["__row"] for batch in batches for row in batch.table.to_pylist()]
        assert numbers == list(range(2, 12))
        assert [len(batch.problems) for batch in batches] == [1, 0, 0]


def xls_bytes(rows: list[list[object]]) -> bytes:
    """An old Excel 97-2003 workbook (BIFF8), written by xlwt."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("cases")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_bytes(rows: list[list[str]], *, first_row: int = 1) -> bytes:
    """A minimal OpenDocument spreadsheet: text cells, ``first_row - 1`` empty rows first."""
    from xml.sax.saxutils import escape

    table_rows = "<table:table-row><table:table-cell/></table:table-row>" * (first_row - 1)
    for row in rows:
        cells = "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p>'
            "</table:table-cell>"
            for v in row
        )
        table_rows += f"<table:table-row>{cells}</table:table-row>"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="cases">'
        f"{table_rows}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


class TestOldExcelAndOpenDocument:
    def test_reads_an_xls_workbook_with_typed_cells(self) -> None:
        data = xls_bytes(
            [["case_id", "born", "count", "ratio"], ["A-1", dt.date(2010, 3, 5), 3, 2.5]]
        )
        raw = read_raw(data, filename="cases.xls")
        assert raw.format == "xls"
        assert raw.headers == ["case_id", "born", "count", "ratio"]
        assert raw.table.to_pylist() == [
            {"case_id": "A-1", "born": "2010-03-05", "count": "3", "ratio": "2.5", "__row": 2}
        ]

    def test_streams_an_xls_workbook_in_batches(self, tmp_path: Path) -> None:
        path = tmp_path / "cases.xls"
        path.write_bytes(xls_bytes([["id"]] + [[f"r{i}"] for i in range(2, 12)]))
        batches = list(iter_raw_batches(path, filename="cases.xls", batch_rows=4))
        assert [batch.table.num_rows for batch in batches] == [4, 4, 2]
        numbers = [row["__row"] for batch in batches for row in batch.table.to_pylist()]
        assert numbers == list(range(2, 12))

    def test_reads_an_ods_spreadsheet_keeping_its_row_numbers(self) -> None:
        data = ods_bytes([["case_id", "name"], ["A-1", "សុខ"], ["A-2", "Dara"]], first_row=3)
        raw = read_raw(data, filename="cases.ods")
        assert raw.format == "ods"
        assert raw.headers == ["case_id", "name"]
        assert raw.table.to_pylist() == [
            {"case_id": "A-1", "name": "សុខ", "__row": 4},
            {"case_id": "A-2", "name": "Dara", "__row": 5},
        ]

    def test_an_xls_over_its_size_cap_is_refused_before_calamine_reads_it(self) -> None:
        """calamine builds an .xls sheet whole and its range is known only then: its size
        is the bound (a valid workbook, refused by size alone)."""
        data = xls_bytes([["case_id"], *[[f"A-{i}"] for i in range(200)]])
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xls", limits=ReadLimits(max_xls_bytes=len(data) - 1))
        assert raised.value.code == "sheet-too-large"
        assert "CSV" in str(raised.value)
        assert read_raw(data, filename="cases.xls", limits=ReadLimits(max_xls_bytes=len(data)))

    def test_refuses_a_damaged_xls_workbook(self) -> None:
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="cases.xls")
        assert raised.value.code == "unreadable-file"

    def test_refuses_a_zip_that_is_not_an_ods_spreadsheet(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("cases.csv", "a,b\n1,2\n")
        with pytest.raises(UnreadableFile) as raised:
            read_raw(buffer.getvalue(), filename="cases.ods")
        assert raised.value.code == "unreadable-file"
