"""The leak audit: plant canary identifiers, run them through the pipeline, then search
everything the pipeline writes for them — in their raw and normalised forms.

Searched: a ``pg_dump`` of every warehouse schema (and of Airflow's metadata database,
which holds XCom, when it is the embedded one), the local stack's logs and Airflow task
logs, Data Docs, the feedback reports in the dropzone and everything in the reports
bucket. Not searched, by design: the restricted raw archive, which holds the raw files.

A hit names where (source and object) and which kind of canary, never the value itself.
"""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import unicodedata
import urllib.parse
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Canary:
    kind: str
    value: str
    written: str | None = None  # the form the partner file carried (e.g. a date format)

    def forms(self) -> set[str]:
        """The raw value and every normalised form a leak could take."""
        base = {self.value}
        if self.written:
            base.add(self.written)
        forms: set[str] = set()
        for text in base:
            for variant in (
                text,
                unicodedata.normalize("NFC", text),
                unicodedata.normalize("NFKC", text),
                unicodedata.normalize("NFD", text),
                text.casefold(),
                text.upper(),
                " ".join(text.split()),
            ):
                forms.add(variant)
                forms.add(json.dumps(variant)[1:-1])  # \\uXXXX escapes
                forms.add(urllib.parse.quote(variant))
                forms.add(urllib.parse.quote_plus(variant))
            digits = "".join(ch for ch in text if ch.isdigit())
            if self.kind in {"phone", "identity-number"} and len(digits) >= 6:
                forms.add(digits)
            if self.kind == "birth-date":
                try:
                    day = date.fromisoformat(self.value)
                except ValueError:
                    continue
                forms |= {
                    day.isoformat(),
                    day.strftime("%Y%m%d"),
                    day.strftime("%d/%m/%Y"),
                    day.strftime("%m/%d/%Y"),
                    day.strftime("%d.%m.%Y"),
                }
        return {f for f in forms if len(f) >= 6}


@dataclass(frozen=True)
class Hit:
    source: str  # e.g. "warehouse pg_dump", "reports bucket", "task logs"
    location: str  # object key, file path, or schema
    kind: str  # canary kind (never the value)


@dataclass
class AuditReport:
    canaries: int
    sources: dict[str, int] = field(default_factory=dict)  # source -> items searched
    hits: list[Hit] = field(default_factory=list)
    suppression_rate: float | None = None
    microdata_lines: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)  # outcome status -> files

    def summary_lines(self) -> list[str]:
        """Plain text for people: what was searched, what was found (never a value)."""
        lines = [
            f"canaries planted: {self.canaries}",
            "files processed: " + ", ".join(f"{n} {s}" for s, n in sorted(self.files.items())),
            "searched: " + ", ".join(f"{src} ({n})" for src, n in sorted(self.sources.items())),
        ]
        lines += self.microdata_lines
        if self.clean:
            lines.append("leak audit: CLEAN — no canary found in any output")
        else:
            lines.append(f"leak audit: {len(self.hits)} HIT(S)")
            lines += [f"  {h.kind} in {h.source}: {h.location}" for h in self.hits]
        return lines

    @property
    def clean(self) -> bool:
        return not self.hits


def canaries_from_manifest(doc: dict[str, Any] | Sequence[dict[str, Any]]) -> list[Canary]:
    items = doc.get("canaries", []) if isinstance(doc, dict) else doc
    return [Canary(kind=c["kind"], value=c["value"], written=c.get("written")) for c in items]


_HEX_RUN = re.compile(rb"[0-9a-fA-F]{32,}")


class CanaryMatcher:
    def __init__(self, canaries: Sequence[Canary]) -> None:
        self._needles: list[tuple[bytes, str]] = []
        for canary in canaries:
            for form in canary.forms():
                self._needles.append((form.encode("utf-8"), canary.kind))
                self._needles.append((form.encode("utf-16-le"), canary.kind))

    def kinds_in(self, blob: bytes) -> set[str]:
        haystacks = [blob, blob.lower()]
        # A form of digits only (a birth date as 20110409) turns up by chance inside hex:
        # hashes, pseudonyms, Bloom filters (bytea). Those are searched with long hex runs
        # blanked out; a run of 32+ hex characters carries no readable date.
        blanked = [_HEX_RUN.sub(b"#", hay) for hay in haystacks]
        found = set()
        for needle, kind in self._needles:
            where = blanked if needle.isdigit() else haystacks
            if any(needle in hay for hay in where):
                found.add(kind)
        return found


def _expand(blob: bytes) -> Iterator[tuple[str, bytes]]:
    """The blob, and the members of a zip (XLSX) since those are compressed."""
    yield "", blob
    if blob[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(blob)) as archive:
                for info in archive.infolist():
                    if info.file_size < 200 * 1024**2:
                        yield f"!{info.filename}", archive.read(info)
        except zipfile.BadZipFile:
            return


def audit(
    canaries: Sequence[Canary], *, settings: Settings | None = None, include_airflow: bool = True
) -> AuditReport:
    """Search every output of the pipeline for the canaries."""
    settings = settings or get_settings()
    matcher = CanaryMatcher(canaries)
    report = AuditReport(canaries=len(canaries))

    def check(source: str, location: str, blob: bytes) -> None:
        report.sources[source] = report.sources.get(source, 0) + 1
        for suffix, part in _expand(blob):
            for kind in sorted(matcher.kinds_in(part)):
                report.hits.append(Hit(source, location + suffix, kind))

    check("warehouse pg_dump", "warehouse", _pg_dump(settings, "warehouse"))
    for location, blob in _role_reads(settings):
        check("warehouse as each role", location, blob)
    if include_airflow and settings.embedded:
        check("airflow metadata pg_dump (XCom, runs)", "airflow", _pg_dump(settings, "airflow"))
    for source, root in (
        ("stack logs", settings.log_dir),
        ("task logs", settings.airflow_home / "logs"),
        ("data docs", settings.home / "datadocs"),
    ):
        for path in _files(root):
            check(source, str(path.relative_to(settings.home)), path.read_bytes())
    for source, bucket, prefix_filter in (
        ("feedback reports", settings.dropzone_bucket, "/feedback/"),
        ("reports bucket", settings.reports_bucket, ""),
    ):
        for key, blob in _objects(settings, bucket, prefix_filter):
            check(source, f"s3://{bucket}/{key}", blob)
    return report


def _role_reads(settings: Settings) -> Iterator[tuple[str, bytes]]:
    """What each role of the access matrix, and each partner login, can read (pata.access)."""
    from pata.access import load_matrix
    from pata.partner_readers import readable_contents
    from pata.warehouse.engine import get_engine

    with get_engine(role="owner", settings=settings).connect() as conn:
        yield from readable_contents(conn, load_matrix().schemas)
        conn.rollback()


def _files(root: Path) -> Iterable[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _objects(settings: Settings, bucket: str, contains: str) -> Iterator[tuple[str, bytes]]:
    from pata.storage import s3_client

    s3 = s3_client(settings)
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            if contains and contains not in obj["Key"]:
                continue
            yield obj["Key"], s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()


def _pg_dump(settings: Settings, database: str) -> bytes:
    from sqlalchemy.engine import make_url

    from pata.stack.postgres import bin_dir

    url = make_url(settings.database_url(database, role="owner"))
    env = {"PGPASSWORD": url.password or ""}
    result = subprocess.run(
        [
            str(bin_dir() / "pg_dump"),
            "--host",
            url.host or "127.0.0.1",
            "--port",
            str(url.port or 5432),
            "--username",
            url.username or "postgres",
            "--no-owner",
            "--dbname",
            url.database or database,
        ],
        capture_output=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        from pata.errors import PataError

        raise PataError(
            f"pg_dump of {database} failed: {result.stderr.decode(errors='replace')[-500:]}",
            code="audit-dump-failed",
        )
    return result.stdout


# The audit run: plant, process, search ----------------------------------------------------


def extra_canary_files(root: Path, *, seed: int) -> list[tuple[Path, str, str, list[Canary]]]:
    """Canary-bearing files the generator does not make: a quarantined row and a rejected file.

    Written for ``ph-bayanihan``, whose case system exports HTCDS names as they are (CSV
    with canonical headers), so the rows are the contract's own columns.
    """
    import csv

    from pata.contracts import load_contract

    contract = load_contract("cases")
    tag = f"{seed:04d}"
    canaries = [
        Canary("first-name", f"Qzaudit{tag}Anon"),
        Canary("second-name", f"Xvlaudit{tag}Fam"),
        Canary("phone", f"+63 917 55{tag}11"),
        Canary("identity-number", f"77{tag}4455667"),
    ]
    valid = {
        "identification_date": "2026-01-15",
        "province": "PH-00",
        "prs_Birthdate": "1990-02-03",
        "prs_Gender": "Feminine",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TypeOfExploitation": "ForcedLabour",
        "hte_Country": "MY",
        "cas_Status": "Active",
        "con_Consent": "true",
    }
    others = [
        {**valid, "partner_case_id": f"AUDIT-{tag}-{n}", "prs_FirstName": f"Person{n}"}
        for n in (2, 3, 4)
    ]
    canary_row = {
        **valid,
        "partner_case_id": f"AUDIT-{tag}-1",
        "prs_FirstName": canaries[0].value,
        "prs_SecondName": canaries[1].value,
        "prs_MobilePhone": canaries[2].value,
        "prs_IdentityNumber": canaries[3].value,
        "prs_Gender": "NotAGender",  # invalid: this row alone is quarantined
    }
    names = list(contract.names)
    folder = root / "ph-bayanihan" / "incoming" / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    quarantined = folder / "audit-quarantined_2026-01.csv"
    rejected = folder / "audit-rejected_2026-01.csv"
    with quarantined.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        for row in [canary_row, *others]:
            writer.writerow({n: row.get(n, "") for n in names})
    without_required = [n for n in names if n != "prs_Gender"]  # a blocker: file rejected
    with rejected.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=without_required)
        writer.writeheader()
        for row in [{**canary_row, "partner_case_id": f"AUDIT-{tag}-9"}, *others]:
            writer.writerow({n: row.get(n, "") for n in without_required})
    return [
        (quarantined, "ph-bayanihan", "cases", canaries),
        (rejected, "ph-bayanihan", "cases", canaries),
    ]


def run_audit(
    *,
    settings: Settings | None = None,
    months: int = 12,
    seed: int = 1,
    defects: float = 0.05,
    work: Path | None = None,
    include_airflow: bool = True,
) -> AuditReport:
    """Generate canary exports, process them through the pipeline, refresh marts, search."""
    import tempfile

    from pata.assets import in_processing_order
    from pata.pipeline import process_local_file
    from pata.synth import generate
    from pata.warehouse.engine import get_engine
    from pata.warehouse.marts import refresh_case_microdata

    settings = settings or get_settings()
    with tempfile.TemporaryDirectory(prefix="pata-audit-", dir=work) as tmp:
        root = Path(tmp)
        manifest = generate(out=root, months=months, seed=seed, defects=defects, canaries=True)
        canaries = canaries_from_manifest(manifest.to_dict())
        files = {f.path: (root / f.path, f.partner, f.dataset) for f in manifest.files}
        for path, partner, dataset, extra in extra_canary_files(root, seed=seed):
            files[path.relative_to(root).as_posix()] = (path, partner, dataset)
            canaries.extend(extra)
        statuses: dict[str, int] = {}
        for key in in_processing_order(list(files)):
            path, partner, dataset = files[key]
            outcome = process_local_file(path, partner=partner, dataset=dataset, settings=settings)
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        log.info("audit: processed %s files: %s", len(files), statuses)
    with get_engine(role="pipeline", settings=settings).begin() as conn:
        microdata = refresh_case_microdata(conn)
    _refresh_indicators_if_present(settings)
    report = audit(canaries, settings=settings, include_airflow=include_airflow)
    report.suppression_rate = microdata.overall_rate
    report.microdata_lines = microdata.summary_lines()
    report.files = statuses
    return report


def _refresh_indicators_if_present(settings: Settings) -> None:
    """Refresh indicators and publish the quarterly report, so their outputs are searched."""
    from pata.indicators import refresh_indicators

    refresh_indicators(settings=settings)
