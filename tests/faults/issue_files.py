"""The hostile files listed at the top of issue 16, rebuilt from clean synthetic exports.

Each was found to wedge the pipeline once (a traceback, a ledger row left ``received``, the
object left in ``incoming/``, minutes of work or gigabytes of memory). They are built on
disk (the big ones are streamed out, never held whole), under the partner and dataset they
were sent as:

========================  ========================================================  =========
name                      what it is                                                size
========================  ========================================================  =========
nul-in-district           awareness CSV, one NUL byte in a district cell            ~1.5 KB
sep-euro                  a CSV whose first line is ``sep=€``                       64 bytes
row-column-csv            awareness CSV with a column named ``__row``               ~1.5 KB
row-column-json           cases JSON with a key named ``__row``                     ~7 KB
xlsx-declared-xfd         XLSX declaring ``A1:XFD1048576``, a cell far down          ~6 KB
xlsx-300mb-inflated       XLSX of ~5 MB holding ~300 MB of sheet XML (real rows)    ~5 MB
json-100mb                cases JSON array of ~100 MB                               100 MB
csv-all-invalid-18mb      cases CSV of ~18.8 MB whose every row is invalid           18.8 MB
========================  ========================================================  =========
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hostile import Seed, huge_dimension_xlsx

ISSUE_FILES = (
    "nul-in-district",
    "sep-euro",
    "row-column-csv",
    "row-column-json",
    "xlsx-declared-xfd",
    "xlsx-300mb-inflated",
    "json-100mb",
    "csv-all-invalid-18mb",
)
"""The names of the files :func:`build_issue_files` writes, in its order."""


@dataclass(frozen=True)
class Expected:
    """How a listed file must end: ``pata check``'s exit code, the ledger status on the
    stack, and the problem code the partner is told (the blocker of a rejected file)."""

    exit_code: int
    status: str
    code: str | None


EXPECTED: dict[str, Expected] = {
    "nul-in-district": Expected(0, "partially_loaded", "nul-character"),
    "sep-euro": Expected(1, "rejected", "unsupported-delimiter"),
    "row-column-csv": Expected(0, "loaded", "reserved-column-name"),
    "row-column-json": Expected(0, "loaded", "reserved-column-name"),
    "xlsx-declared-xfd": Expected(1, "rejected", "sheet-too-large"),
    "xlsx-300mb-inflated": Expected(1, "rejected", "implausible-volume"),
    "json-100mb": Expected(0, "loaded", None),
    "csv-all-invalid-18mb": Expected(1, "rejected", "too-many-invalid-rows"),
}
"""The outcome of each listed file (a file may not merely end: it must end rightly)."""


@dataclass(frozen=True)
class IssueFile:
    """One listed file on disk, and who sends it."""

    name: str
    partner: str
    dataset: str
    path: Path

    @property
    def key(self) -> str:
        return f"{self.partner}/incoming/{self.dataset}/{self.path.name}"


def _seed(seeds: list[Seed], partner: str, dataset: str) -> Seed:
    return next(s for s in seeds if (s.partner, s.dataset) == (partner, dataset) and s.fmt != "ods")


def build_issue_files(seeds: list[Seed], out: Path, *, period: str = "2015-06") -> list[IssueFile]:
    """Write every listed file under ``out``; file names carry ``period`` (a month no other
    test loads), so each lands in the warehouse's history apart."""
    out.mkdir(parents=True, exist_ok=True)
    awareness = _seed(seeds, "ph-bayanihan", "awareness_sessions")  # CSV, comma, UTF-8
    cases_json = _seed(seeds, "ph-bayanihan", "cases")  # JSON
    workbook = _seed(seeds, "bd-mukti", "awareness_sessions")  # XLSX
    header, *records = list(csv.reader(io.StringIO(awareness.body.decode("utf-8-sig"))))
    district = header.index("Munisipyo")  # the partner's header of `district`

    def path(name: str, stem: str, suffix: str) -> Path:
        return out / f"{stem}-{name}_{period}.{suffix}"

    files: list[IssueFile] = []

    def add(name: str, seed: Seed, target: Path) -> None:
        files.append(IssueFile(name, seed.partner, seed.dataset, target))

    # NUL in a district cell
    rows = [list(r) for r in records]
    rows[1][district] = "Quezon\x00City"
    target = path("nul-in-district", "ph-bayanihan_awareness_sessions", "csv")
    target.write_text(_csv([header, *rows]), encoding="utf-8")
    add("nul-in-district", awareness, target)

    # a 64-byte CSV whose first line is sep=€
    body = "sep=€\n" + ",".join(header[:3]) + "\n"
    body += "x" * (64 - len(body.encode()) - 1) + "\n"
    target = path("sep-euro", "ph-bayanihan_awareness_sessions", "csv")
    target.write_bytes(body.encode())
    assert target.stat().st_size == 64
    add("sep-euro", awareness, target)

    # a column named __row, in CSV and in JSON
    target = path("row-column-csv", "ph-bayanihan_awareness_sessions", "csv")
    target.write_text(
        _csv([[*header, "__row"], *[[*r, str(i)] for i, r in enumerate(records)]]),
        encoding="utf-8",
    )
    add("row-column-csv", awareness, target)
    json_records = _json_records(cases_json.body)
    target = path("row-column-json", "ph-bayanihan_cases", "json")
    target.write_text(json.dumps([{**r, "__row": i} for i, r in enumerate(json_records)]))
    add("row-column-json", cases_json, target)

    # the XLSX declaring A1:XFD1048576 with a cell at its far corner
    target = path("xlsx-declared-xfd", "bd-mukti_awareness_sessions", "xlsx")
    target.write_bytes(huge_dimension_xlsx(workbook.body))
    add("xlsx-declared-xfd", workbook, target)

    # a ~5 MB XLSX inflating to ~300 MB of real rows
    target = path("xlsx-300mb-inflated", "bd-mukti_awareness_sessions", "xlsx")
    inflated_xlsx(workbook.body, target, inflated_bytes=300 * 1024**2)
    add("xlsx-300mb-inflated", workbook, target)

    # a 100 MB JSON array of cases records
    target = path("json-100mb", "ph-bayanihan_cases", "json")
    big_json(json_records, target, size=100 * 1024**2)
    add("json-100mb", cases_json, target)

    # an all-invalid 18.8 MB cases CSV (fewer rows than a cases file may hold): every date
    # impossible, every gender unknown
    cases_csv = _seed(seeds, "bd-mukti", "cases")
    cases_header, *cases_records = list(csv.reader(io.StringIO(cases_csv.body.decode("utf-8-sig"))))
    target = path("csv-all-invalid-18mb", "bd-mukti_cases", "csv")
    all_invalid_csv(cases_header, cases_records, target, size=18_800_000)
    add("csv-all-invalid-18mb", cases_csv, target)
    assert tuple(f.name for f in files) == ISSUE_FILES
    return files


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _json_records(body: bytes) -> list[dict]:
    text = body.decode("utf-8")
    try:
        doc = json.loads(text)
    except ValueError:  # JSON Lines
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return doc if isinstance(doc, list) else next(v for v in doc.values() if isinstance(v, list))


def inflated_xlsx(seed: bytes, target: Path, *, inflated_bytes: int) -> None:
    """The seed workbook with its data sheet grown to ``inflated_bytes`` of sheet XML: the
    seed's header, then its first record again and again with new ids (inline strings,
    cells without references: it compresses about 70:1, under the zip-bomb ratio)."""
    import re

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(seed), read_only=True)
    header_cells, first = list(book.worksheets[0].iter_rows(max_row=2, values_only=True))
    book.close()
    header = ["" if v is None else str(v) for v in header_cells]
    record = ["" if v is None else str(v) for v in first]
    record[1] = "2015-06-23"
    with zipfile.ZipFile(io.BytesIO(seed)) as source:
        names = source.namelist()
        sheet = next(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        head, _, _ = source.read(sheet).partition(b"<sheetData>")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for name in names:
                if name != sheet:
                    out.writestr(name, source.read(name))
            with out.open(sheet, "w", force_zip64=True) as member:
                member.write(re.sub(rb"<dimension[^>]*/>", b"", head) + b"<sheetData>")
                member.write(_row(1, header))
                written, number = 0, 1
                while written < inflated_bytes:
                    number += 1
                    record[0] = f"MUKTI-S-2015-06-{number:07d}"
                    row = _row(number, record)
                    member.write(row)
                    written += len(row)
                member.write(b"</sheetData></worksheet>")


def _row(number: int, values: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    cells = "".join(
        f'<c t="inlineStr"><is><t>{escape(v)}</t></is></c>' if v else "<c/>" for v in values
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def big_json(records: list[dict], target: Path, *, size: int) -> None:
    """A JSON array of ``size`` bytes: the records again and again with new case ids."""
    with target.open("w", encoding="utf-8") as out:
        out.write("[")
        written, number = 1, 0
        while written < size:
            record = dict(records[number % len(records)])
            record["partner_case_id"] = f"BAYANIHAN-C-2015-06-{number:07d}"
            text = ("," if number else "") + json.dumps(record, ensure_ascii=False)
            out.write(text)
            written += len(text.encode())
            number += 1
        out.write("]")


def all_invalid_csv(header: list[str], records: list[list[str]], target: Path, *, size: int):
    """A cases CSV of ``size`` bytes whose every row has impossible dates and an unknown
    gender (new case ids, so no row repeats another)."""
    dates = [i for i, name in enumerate(header) if "Date" in name]
    gender = header.index("Gender")
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        number = 0
        while out.tell() < size:
            row = list(records[number % len(records)])
            row[0] = f"MUKTI-C-2015-06-{number:07d}"
            for i in dates:
                row[i] = "2015-13-45"
            row[gender] = "??"
            writer.writerow(row)
            number += 1
