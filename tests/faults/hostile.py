"""Hostile and careless partner files for the fuzzing cases: mutations of clean exports of
every format and dataset, hypothesis strategies over them, and the fixed bombs.

Every file is built here from a clean synthetic export (``pata.synth``), so what a case
feeds the pipeline is reproducible from its seed; nothing is downloaded.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

DATASETS = ("awareness_sessions", "cases", "rehabilitation", "network_events")


@dataclass(frozen=True)
class Seed:
    """A clean export: who sends it, which dataset, its format and bytes."""

    partner: str
    dataset: str
    filename: str
    body: bytes

    @property
    def fmt(self) -> str:
        return self.filename.rsplit(".", 1)[-1]


def seed_exports(out: Path, *, rows: int = 8) -> list[Seed]:
    """One small clean export per partner and dataset (every format the registry names),
    and an ``.ods`` copy of each CSV one (no registered partner sends OpenDocument, but any
    partner may)."""
    from pata.synth import generate

    manifest = generate(out=out, months=1, seed=7, defects=0.0, rows_per_file=rows)
    seeds = [
        Seed(f.partner, f.dataset, Path(f.path).name, (out / f.path).read_bytes())
        for f in sorted(manifest.files, key=lambda f: f.path)
    ]
    return seeds + [
        Seed(s.partner, s.dataset, s.filename[:-4] + ".ods", ods_from_csv(s.body))
        for s in seeds
        if s.fmt == "csv"
    ]


# -- OpenDocument spreadsheets -------------------------------------------------------------

ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/"'
    ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_cell(value: str) -> str:
    from xml.sax.saxutils import escape

    if not value:
        return "<table:table-cell/>"
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
        "</table:table-cell>"
    )


def ods_document(table_rows: str, *, trailing: bool = True) -> bytes:
    """An ``.ods`` of one sheet holding these ``<table:table-row>`` elements, with the empty
    rows and cells to the sheet's edge that LibreOffice writes (``trailing``)."""
    if trailing:
        table_rows += (
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"{table_rows}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", content)
    return out.getvalue()


def csv_rows(body: bytes) -> list[list[str]]:
    """The rows of a clean CSV export, whatever encoding and delimiter its partner uses."""
    import csv

    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = body.decode("utf-16")
    else:
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = body.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def ods_from_csv(body: bytes) -> bytes:
    """The same records as an ``.ods`` (text cells)."""
    rows = csv_rows(body)
    return ods_document(
        "".join(
            "<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
    )


ODS_HOSTILE = [
    "nul-in-text",
    "control-in-text",
    "truncated-content",
    "no-content",
    "bad-zip-entry",
    "repeated-columns",
    "repeated-rows",
    "far-cell",
    "repeat-garbage",
    "nested-table",
]


@st.composite
def hostile_ods(draw: st.DrawFn, body: bytes) -> tuple[str, bytes]:
    """An ``.ods`` seed made hostile: its text, its zip, and its declared repeats."""
    kind = draw(st.sampled_from(ODS_HOSTILE))
    cut = draw(st.floats(0.05, 0.95))
    repeat = draw(st.sampled_from([2, 999, 1001, 16_384, 1_048_576, 2**31, 10**15]))

    def edit(name: str, data: bytes) -> bytes | None:
        if name != "content.xml":
            return data
        if kind == "nul-in-text":
            return data.replace(b"<text:p>", b"<text:p>&#0;\x00", 3)
        if kind == "control-in-text":
            return data.replace(b"<text:p>", b"<text:p>\x01\x1b[2J", 3)
        if kind == "truncated-content":
            return data[: int(len(data) * cut)]
        if kind == "no-content":
            return None
        if kind == "repeated-columns":
            return data.replace(
                b'office:value-type="string">',
                b'office:value-type="string" table:number-columns-repeated="%d">' % repeat,
                1 + draw(st.integers(0, 5)),
            )
        if kind == "repeated-rows":
            parts = data.split(b"<table:table-row>")
            at = min(draw(st.integers(1, 4)), len(parts) - 1)
            if at < 1:
                return data
            repeated = b'<table:table-row table:number-rows-repeated="%d">' % repeat
            return (
                b"<table:table-row>".join(parts[:at])
                + repeated
                + b"<table:table-row>".join(parts[at:])
            )
        if kind == "far-cell":
            far = (
                b'<table:table-row table:number-rows-repeated="%d"><table:table-cell/>'
                b"</table:table-row><table:table-row><table:table-cell "
                b'table:number-columns-repeated="%d"/><table:table-cell office:value-type='
                b'"string"><text:p>x</text:p></table:table-cell></table:table-row>'
            ) % (repeat, draw(st.sampled_from([10, 999, 16_000])))
            return data.replace(b"</table:table>", far + b"</table:table>", 1)
        if kind == "repeat-garbage":
            return data.replace(
                b'office:value-type="string">',
                b'office:value-type="string" table:number-columns-repeated="'
                + draw(st.sampled_from([b"-1", b"0", b"1e9", b"&#49;6384", b"x", b""]))
                + b'">',
                2,
            )
        # nested-table: a table inside a cell
        return data.replace(
            b"<text:p>",
            b'<table:table table:name="n"><table:table-row table:number-rows-repeated="%d">'
            b'<table:table-cell office:value-type="string"><text:p>x</text:p>'
            b"</table:table-cell></table:table-row></table:table><text:p>" % repeat,
            1,
        )

    rebuilt = _rewrite(body, edit)
    if kind == "bad-zip-entry":
        at = int(len(rebuilt) * cut)
        rebuilt = rebuilt[:at] + bytes([rebuilt[at] ^ 0xFF]) + rebuilt[at + 1 :]
    return kind, rebuilt


# -- byte-level mutations (any format) ----------------------------------------------------


@st.composite
def mutated_bytes(draw: st.DrawFn, body: bytes) -> tuple[str, bytes]:
    """Truncated, flipped, inserted, deleted or duplicated bytes of a file."""
    data = bytearray(body)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 256))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 512))] * draw(st.integers(2, 20))
    return "mutated-bytes", bytes(data)


# -- text-level mutations of delimited files -------------------------------------------------

CSV_HOSTILE = [
    "nul-in-cell",
    "control-chars",
    "sep-line",
    "reserved-column",
    "duplicate-header",
    "long-cell",
    "ragged-rows",
    "empty-header",
    "utf16",
    "latin1-bytes",
    "quote-storm",
    "only-header",
    "many-columns",
]


@st.composite
def hostile_csv(draw: st.DrawFn, body: bytes) -> tuple[str, bytes]:
    """A clean CSV made hostile the way partners' tools or people do it."""
    text = body.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    header, rows = (lines[0], lines[1:]) if lines else ("", [])
    kind = draw(st.sampled_from(CSV_HOSTILE))
    if kind == "nul-in-cell" and rows:
        i = draw(st.integers(0, len(rows) - 1))
        rows[i] = rows[i].replace(",", ",\x00", 1)
    elif kind == "control-chars" and rows:
        i = draw(st.integers(0, len(rows) - 1))
        rows[i] = rows[i].replace(
            ",", "," + draw(st.sampled_from(["\x01", "\x1b[2J", "\x7f", "\u2028"])), 2
        )
    elif kind == "sep-line":
        header = (
            draw(st.sampled_from(["sep=€", "sep=;", "sep=", "sep=\t", "sep=,,"])) + "\n" + header
        )
    elif kind == "reserved-column":
        name = draw(st.sampled_from(["__row", "__index_level_0__", "ledger_id", "_", ""]))
        header = header.split(",", 1)[0] + "," + name + "," + header.split(",", 1)[-1]
    elif kind == "duplicate-header":
        first = header.split(",")[0]
        header = header + "," + first
    elif kind == "long-cell" and rows:
        i = draw(st.integers(0, len(rows) - 1))
        rows[i] = rows[i].replace(",", "," + "x" * draw(st.integers(10_000, 200_000)), 1)
    elif kind == "ragged-rows" and rows:
        i = draw(st.integers(0, len(rows) - 1))
        rows[i] = (
            rows[i] + "," * draw(st.integers(1, 50))
            if draw(st.booleans())
            else rows[i][: len(rows[i]) // 2]
        )
    elif kind == "empty-header":
        header = ",".join("" for _ in header.split(","))
    elif kind == "utf16":
        return kind, ("\n".join([header, *rows]) + "\n").encode("utf-16")
    elif kind == "latin1-bytes":
        return kind, ("\n".join([header, *rows]) + "\n").encode("utf-8") + b"\xe9\xff\xfe,\x80\n"
    elif kind == "quote-storm" and rows:
        i = draw(st.integers(0, len(rows) - 1))
        rows[i] = '"' + rows[i] + '""",' * draw(st.integers(1, 30))
    elif kind == "only-header":
        rows = []
    elif kind == "many-columns":
        header = header + "," + ",".join(f"extra{i}" for i in range(draw(st.integers(100, 3000))))
    return kind, ("\n".join([header, *rows]) + "\n").encode("utf-8")


# -- JSON -------------------------------------------------------------------------------

JSON_HOSTILE = [
    "not-a-list",
    "scalars",
    "nested",
    "deep",
    "huge-number",
    "reserved-key",
    "nul-in-value",
    "mixed-records",
    "truncated",
]


@st.composite
def hostile_json(draw: st.DrawFn, body: bytes) -> tuple[str, bytes]:
    import json

    kind = draw(st.sampled_from(JSON_HOSTILE))
    try:
        doc = json.loads(body)
    except ValueError:
        return kind, body
    if kind == "not-a-list":
        return kind, json.dumps({"data": "x"}).encode()
    if kind == "scalars":
        return kind, json.dumps(
            draw(st.lists(st.one_of(st.integers(), st.text(), st.none()), max_size=20))
        ).encode()
    if kind == "nested":
        return kind, json.dumps([[doc]]).encode()
    if kind == "deep":
        depth = draw(st.integers(100, 50_000))
        return kind, b"[" * depth + b"]" * depth
    if kind == "huge-number":
        return kind, re.sub(rb":\s*(\d+)", b": 1e999999", body, count=3)
    if kind == "truncated":
        return kind, body[: draw(st.integers(0, max(0, len(body) - 1)))]
    records = _records(doc)
    if not records:
        return kind, body
    first = records[0]
    if kind == "reserved-key":
        first["__row"] = 1
    elif kind == "nul-in-value":
        for key, value in list(first.items()):
            if isinstance(value, str):
                first[key] = value + "\x00"
                break
    elif kind == "mixed-records":
        records.append(draw(st.one_of(st.integers(), st.text(), st.lists(st.integers()))))
        records.append({"unexpected": {"nested": [1, 2, {"x": None}]}})
    return kind, json.dumps(doc).encode()


def _records(doc: object) -> list:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        for value in doc.values():
            if isinstance(value, list):
                return value
    return []


# -- XLSX (rebuilt zip) -----------------------------------------------------------------------

XLSX_HOSTILE = [
    "nul-in-shared-string",
    "control-in-inline",
    "truncated-sheet-xml",
    "no-shared-strings",
    "no-sheet",
    "bad-zip-entry",
    "formula-cells",
    "wide-row",
]


def _rewrite(body: bytes, edit) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = edit(item.filename, src.read(item.filename))
            if data is not None:
                dst.writestr(item.filename, data)
    return out.getvalue()


def _first_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


@st.composite
def hostile_xlsx(draw: st.DrawFn, body: bytes) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(XLSX_HOSTILE))
    cut = draw(st.floats(0.05, 0.95))

    def edit(name: str, data: bytes) -> bytes | None:
        if kind == "nul-in-shared-string" and name == "xl/sharedStrings.xml":
            return data.replace(b"<t>", b"<t>&#0;\x00", 3)
        if kind == "control-in-inline" and _first_sheet(name):
            return data.replace(b"<t>", b"<t>\x01\x02", 3)
        if kind == "truncated-sheet-xml" and _first_sheet(name):
            return data[: int(len(data) * cut)]
        if kind == "no-shared-strings" and name == "xl/sharedStrings.xml":
            return None
        if kind == "no-sheet" and _first_sheet(name):
            return None
        if kind == "formula-cells" and _first_sheet(name):
            return data.replace(b"<v>", b"<f>1/0</f><v>", 5)
        if kind == "wide-row" and _first_sheet(name):
            cells = b"".join(
                b'<c r="%s1" t="inlineStr"><is><t>x</t></is></c>' % _col(i).encode()
                for i in range(2, 3000)
            )
            return data.replace(b"</row>", cells + b"</row>", 1)
        return data

    rebuilt = _rewrite(body, edit)
    if kind == "bad-zip-entry":
        at = int(len(rebuilt) * cut)
        rebuilt = rebuilt[:at] + bytes([rebuilt[at] ^ 0xFF]) + rebuilt[at + 1 :]
    return kind, rebuilt


def _col(index: int) -> str:
    """Spreadsheet column letters of a 1-based index (1 -> A, 27 -> AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- the bombs (fixed files, built once) --------------------------------------------------------


def ods_wide_bomb() -> bytes:
    """An ``.ods`` of a few hundred bytes whose one value repeats to column 16,384, in a
    million rows (calamine would build a range of 17 billion cells)."""
    row = (
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>"
    )
    return ods_document("<table:table-row>" + ods_cell("session_id") + "</table:table-row>" + row)


def ods_repeated_record_bomb(body: bytes) -> bytes:
    """An ``.ods`` whose one record (of a clean export) is declared to repeat a million
    times: a million records from a few hundred bytes."""
    header, record = csv_rows(body)[:2]
    return ods_document(
        "<table:table-row>"
        + "".join(ods_cell(v) for v in header)
        + '</table:table-row><table:table-row table:number-rows-repeated="1048575">'
        + "".join(ods_cell(v) for v in record)
        + "</table:table-row>",
        trailing=False,
    )


def huge_dimension_xlsx(body: bytes) -> bytes:
    """A small XLSX declaring ``A1:XFD1048576`` with one record far down the sheet."""

    def edit(name: str, data: bytes) -> bytes:
        if not _first_sheet(name):
            return data
        data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
        if b"<dimension" not in data:
            data = data.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
        far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return data.replace(b"</sheetData>", far + b"</sheetData>", 1)

    return _rewrite(body, edit)


def zip_bomb_xlsx(body: bytes, *, inflated_mib: int = 300) -> bytes:
    """An XLSX whose sheet inflates to ``inflated_mib`` MiB of empty rows (a few hundred KB)."""
    row = b'<row><c t="inlineStr"><is><t></t></is></c></row>'
    count = inflated_mib * 1024 * 1024 // len(row)

    def edit(name: str, data: bytes) -> bytes:
        if not _first_sheet(name):
            return data
        head, _, tail = data.partition(b"</sheetData>")
        return head + row * count + b"</sheetData>" + tail

    return _rewrite(body, edit)


def xml_bomb_xlsx(body: bytes) -> bytes:
    """An XLSX whose shared strings hold a billion-laughs entity expansion."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]>"
    )

    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/sharedStrings.xml":
            data = re.sub(rb"^<\?xml[^>]*\?>", b"", data)
            return laughs + data.replace(b"<t>", b"<t>&lol9;", 1)
        return data

    return _rewrite(body, edit)


def zip_bomb_raw(*, inflated_mib: int = 512) -> bytes:
    """A zip (named .xlsx) with one member of zeros: not a workbook at all."""
    out = io.BytesIO()
    block = b"\x00" * (1024 * 1024)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
        dst.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(inflated_mib):
            member.write(block)
    return out.getvalue()


def hostile_files(seeds: list[Seed]) -> st.SearchStrategy[tuple[Seed, str, bytes]]:
    """(the clean export it came from, the kind of hostility, the bytes)."""

    def per_seed(seed: Seed) -> st.SearchStrategy[tuple[Seed, str, bytes]]:
        hostile = {
            "csv": hostile_csv,
            "json": hostile_json,
            "xlsx": hostile_xlsx,
            "ods": hostile_ods,
        }[seed.fmt]
        kind = st.sampled_from(["hostile", "hostile", "mutated-bytes", "random-bytes"])

        def build(choice: str) -> st.SearchStrategy[tuple[str, bytes]]:
            if choice == "hostile":
                return hostile(seed.body)
            if choice == "mutated-bytes":
                return mutated_bytes(seed.body)
            return st.binary(max_size=4096).map(lambda b: ("random-bytes", b))

        return st.tuples(st.just(seed), kind.flatmap(build)).map(lambda t: (t[0], *t[1]))

    return st.sampled_from(seeds).flatmap(per_seed)
