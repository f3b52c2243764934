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
    """One small clean export per partner and dataset (every format the registry names)."""
    from pata.synth import generate

    manifest = generate(out=out, months=1, seed=7, defects=0.0, rows_per_file=rows)
    return [
        Seed(f.partner, f.dataset, Path(f.path).name, (out / f.path).read_bytes())
        for f in sorted(manifest.files, key=lambda f: f.path)
    ]


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
        hostile = {"csv": hostile_csv, "json": hostile_json, "xlsx": hostile_xlsx}[seed.fmt]
        kind = st.sampled_from(["hostile", "hostile", "mutated-bytes", "random-bytes"])

        def build(choice: str) -> st.SearchStrategy[tuple[str, bytes]]:
            if choice == "hostile":
                return hostile(seed.body)
            if choice == "mutated-bytes":
                return mutated_bytes(seed.body)
            return st.binary(max_size=4096).map(lambda b: ("random-bytes", b))

        return st.tuples(st.just(seed), kind.flatmap(build)).map(lambda t: (t[0], *t[1]))

    return st.sampled_from(seeds).flatmap(per_seed)
