"""pata.readers.sheet_extent on ``.ods``: rows and cells counted with their declared repeats,
to the last value; a sheet whose repeats would make calamine build a huge range, or a few
bytes stand for a million records, is refused before calamine opens it."""

from __future__ import annotations

import io
import zipfile

import pytest

from pata.readers import UnreadableFile, read_raw
from pata.readers.sheet_extent import (
    MAX_REPEATED_CONTENT_ROWS,
    SheetExtent,
    ods_sheet_extents,
)

VALUE = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
HEADER = (
    "<table:table-row>"
    + VALUE.format("session_id")
    + VALUE.format("district")
    + ("</table:table-row>")
)
RECORD = "<table:table-row>" + VALUE.format("S-1") + VALUE.format("Kampot") + "</table:table-row>"


def content(rows: str, *, tables: int = 1) -> bytes:
    table = f'<table:table table:name="awareness_sessions">{rows}</table:table>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{table * tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    ).encode()


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/"'
    ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods(rows: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content(rows))
    return buffer.getvalue()


def extents(rows: str, *, tables: int = 1) -> list[SheetExtent]:
    return ods_sheet_extents(io.BytesIO(content(rows, tables=tables)), max_bytes=2**30)


class TestOdsExtent:
    def test_trailing_empty_rows_and_cells_to_the_sheet_edge_cost_nothing(self):
        trailing = (
            '<table:table-row table:number-rows-repeated="1048573">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        styled = RECORD.replace(
            "</table:table-row>",
            '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>',
        )
        assert extents(HEADER + styled + trailing) == [SheetExtent(rows=2, columns=2)]
        raw = read_raw(ods(HEADER + styled + trailing), filename="a.ods")
        assert raw.table.num_rows == 1

    def test_repeated_values_and_empty_gaps_count(self):
        gap = (
            '<table:table-row table:number-rows-repeated="10"><table:table-cell/></table:table-row>'
        )
        far = (
            '<table:table-row><table:table-cell table:number-columns-repeated="5"/>'
            + VALUE.format("x")
            + "</table:table-row>"
        )
        twice = RECORD.replace(
            "<table:table-row>", '<table:table-row table:number-rows-repeated="2">'
        )
        assert extents(HEADER + twice + gap + far) == [
            SheetExtent(rows=14, columns=6, repeated_rows=2)
        ]

    def test_every_table_is_measured(self):
        assert len(extents(HEADER + RECORD, tables=3)) == 3

    def test_a_repeat_written_as_a_character_reference_or_after_a_quoted_gt_counts(self):
        hidden = (
            '<table:table-row><table:table-cell table:style-name="a>b" '
            'office:value-type="string" table:number-columns-repeated="&#49;6384">'
            "<text:p>x</text:p></table:table-cell></table:table-row>"
        )
        assert extents(HEADER + hidden)[0].columns == 16384

    def test_a_tag_cut_between_two_chunks_is_still_read(self):
        rows = HEADER + "".join(RECORD for _ in range(60_000))  # > 1 MiB of XML
        assert extents(rows) == [SheetExtent(rows=60_001, columns=2)]


class TestOdsRefused:
    @pytest.mark.parametrize(
        "rows",
        [
            # one value repeated to the last column
            '<table:table-row><table:table-cell office:value-type="string" '
            'table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
            "</table:table-row>",
            # a million empty rows, then a value far right
            '<table:table-row table:number-rows-repeated="1048570"><table:table-cell/>'
            "</table:table-row><table:table-row>"
            '<table:table-cell table:number-columns-repeated="900"/>'
            + VALUE.format("x")
            + "</table:table-row>",
            # one record declared to repeat a million times
            RECORD.replace(
                "<table:table-row>", '<table:table-row table:number-rows-repeated="1048570">'
            ),
        ],
        ids=["wide", "far-cell", "repeated-record"],
    )
    def test_a_few_bytes_declaring_a_huge_sheet_are_refused_before_calamine(self, rows):
        data = ods(HEADER + rows)
        assert len(data) < 2000
        with pytest.raises(UnreadableFile) as raised:
            read_raw(data, filename="awareness.ods")
        assert raised.value.code == "sheet-too-large"

    def test_records_repeated_up_to_the_limit_are_read(self):
        rows = RECORD.replace(
            "<table:table-row>",
            f'<table:table-row table:number-rows-repeated="{MAX_REPEATED_CONTENT_ROWS}">',
        )
        raw = read_raw(ods(HEADER + rows), filename="awareness.ods")
        assert raw.table.num_rows == MAX_REPEATED_CONTENT_ROWS
