"""No value from a partner file reaches GX results, logs, reports, Data Docs or the CLI output.

A ``cases`` file of a Cambodian partner (Khmer headers and labels, day-first dates) carries
canary values — names in Khmer, Thai, Bengali, Devanagari and Latin script, phone and
identity numbers, case numbers, free text — in rows that also have defects, several of them
in the very cells holding a canary (an unknown code, an unreadable date, a repeated case
number). Every place validation writes to is then searched for every form of every canary.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import random
from dataclasses import asdict
from pathlib import Path

import pytest

from pata.audit import Canary
from pata.cli import main as cli_main
from pata.datadocs import build_data_docs
from pata.feedback import build_report, render_html, render_json
from pata.readers import read_raw
from pata.registry import load_registry
from pata.settings import reset_settings
from pata.synth.canaries import canary_digits, canary_name
from pata.validation import validate

RNG = random.Random(20261129)
NAMES = {script: canary_name(RNG, script) for script in ("Khmr", "Thai", "Beng", "Deva", "Latn")}
PHONE = f"+855 {canary_digits(RNG, 2)} {canary_digits(RNG, 4)} {canary_digits(RNG, 4)}"
IDENTITY = f"N{canary_digits(RNG, 9)}"
CASE_IDS = [f"KSP-ZQ-{canary_digits(RNG, 7)}" for _ in range(3)]
COMMENT = f"Zqcomment {canary_name(RNG, 'Latn')} {canary_name(RNG, 'Khmr')}"
BAD_DATE = f"Zqdate{canary_digits(RNG, 6)}"
BAD_CODE = canary_name(RNG, "Thai")
BAD_CONSENT = canary_name(RNG, "Latn")
CANARIES = [
    *(Canary(kind="name", value=value) for value in NAMES.values()),
    Canary(kind="phone", value=PHONE),
    Canary(kind="identity-number", value=IDENTITY),
    *(Canary(kind="case-id", value=value) for value in CASE_IDS),
    Canary(kind="comment", value=COMMENT),
    Canary(kind="bad-date", value=BAD_DATE),
    Canary(kind="bad-code", value=BAD_CODE),
    Canary(kind="bad-consent", value=BAD_CONSENT),
]


def _row(spec, **cells: str) -> list[str]:
    base = {
        "partner_case_id": "KSP-2026-0001",
        "identification_date": "05/03/2026",
        "province": "ភ្នំពេញ",
        "prs_FirstName": "Dara",
        "prs_SecondName": "",
        "prs_Birthdate": "01/01/2000",
        "prs_Gender": "ស្រី",
        "prs_Citizenship": "KH",
        "prs_IdentityNumber": "",
        "prs_MobilePhone": "",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TypeOfExploitation": "ForcedLabour",
        "hte_Country": "TH",
        "cas_Status": "Active",
        "cco_CaseComment": "",
        "con_Consent": "បាទ/ចាស",
    }
    base.update(cells)
    return [base.get(canonical, "") for canonical in spec.column_map.values()]


@pytest.fixture(scope="module")
def canary_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = load_registry().partner("kh-ksp").dataset("cases")
    rows = [
        _row(spec, partner_case_id=f"KSP-2026-{i:04d}", prs_FirstName=f"Clean{i}") for i in range(8)
    ]
    rows += [
        # a loaded row full of identifiers
        _row(
            spec,
            partner_case_id=CASE_IDS[0],
            prs_FirstName=NAMES["Khmr"],
            prs_SecondName=NAMES["Latn"],
            prs_IdentityNumber=IDENTITY,
            prs_MobilePhone=PHONE,
            cco_CaseComment=COMMENT,
        ),
        # defects in the cells holding canaries
        _row(spec, partner_case_id=CASE_IDS[1], prs_FirstName=NAMES["Thai"], prs_Gender=BAD_CODE),
        _row(
            spec, partner_case_id=CASE_IDS[2], prs_FirstName=NAMES["Beng"], prs_Birthdate=BAD_DATE
        ),
        _row(
            spec, partner_case_id=CASE_IDS[0], prs_FirstName=NAMES["Deva"], con_Consent=BAD_CONSENT
        ),
        _row(
            spec,
            partner_case_id=f"KSP-2026-{99:04d}",
            prs_FirstName=NAMES["Latn"],
            vic_TypeOfExploitation=f"ForcedLabour;{NAMES['Khmr']}",
            prs_Birthdate="01/01/2062",
        ),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(spec.column_map))
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("canary") / "kh-ksp_cases_2026-03.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def leaks(text: str | bytes) -> list[str]:
    """The kinds of canary found in ``text`` (never the values)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return sorted({c.kind for c in CANARIES for form in c.forms() if form in text})


class TestCanaries:
    def test_the_file_really_has_defects_in_the_canary_rows(self, canary_file):
        partner = load_registry().partner("kh-ksp")
        raw = read_raw(canary_file, filename=canary_file.name)
        result = validate(raw, partner=partner, dataset="cases")
        found = {(p.row, p.code) for p in result.problems}
        assert {
            (11, "unknown-code"),
            (12, "type-error"),
            (13, "type-error"),
            (13, "duplicate-record-id"),
            (14, "unknown-code"),
            (14, "future-date"),
        } <= found
        assert result.verdict == "accepted" and result.rows_valid == 9

    def test_no_canary_in_results_reports_data_docs_or_logs(self, canary_file, tmp_path, caplog):
        caplog.set_level(logging.DEBUG)
        partner = load_registry().partner("kh-ksp")
        raw = read_raw(canary_file, filename=canary_file.name)
        result = validate(raw, partner=partner, dataset="cases")
        assert leaks(json.dumps(result.gx_results, ensure_ascii=False)) == []
        assert leaks(json.dumps(result.summary_by_code(), ensure_ascii=False)) == []
        assert leaks(json.dumps(result.counts())) == []
        assert leaks(json.dumps([asdict(p) for p in result.problems], ensure_ascii=False)) == []
        report = build_report(
            result=result,
            partner="kh-ksp",
            dataset="cases",
            filename=canary_file.name,
            ledger_id=1,
            status="partially_loaded",
            sha256=None,
            counts={"rows_loaded": 9},
        )
        assert leaks(render_json(report)) == []
        assert leaks(render_html(report)) == []
        pages = build_data_docs(
            {f"kh-ksp/{canary_file.name}": result.gx_results}, directory=tmp_path
        )
        assert len(pages) == 2
        for page in tmp_path.rglob("*"):
            if page.is_file():
                assert leaks(page.read_bytes()) == [], page.name
        assert leaks(caplog.text) == []
        # the canaries are really in the file and would be found
        assert leaks(canary_file.read_bytes()) == sorted({c.kind for c in CANARIES})

    def test_no_canary_in_the_partner_pre_check(
        self, canary_file, tmp_path, monkeypatch, capsys, caplog
    ):
        caplog.set_level(logging.DEBUG)
        monkeypatch.setenv("PATA_HOME", str(tmp_path / "home"))
        reset_settings()
        try:
            code = cli_main(
                [
                    "check",
                    str(canary_file),
                    "--partner",
                    "kh-ksp",
                    "--dataset",
                    "cases",
                    "--report",
                    str(tmp_path / "report.html"),
                    "--json",
                    str(tmp_path / "report.json"),
                    "--data-docs",
                ]
            )
        finally:
            reset_settings()
        assert code == 0
        output = capsys.readouterr()
        assert "unknown-code" in output.out
        assert leaks(output.out) == [] and leaks(output.err) == []
        assert leaks(caplog.text) == []
        written = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert any(p.suffix == ".html" and "datadocs" in p.parts for p in written)
        for path in written:
            assert leaks(path.read_bytes()) == [], path.name
