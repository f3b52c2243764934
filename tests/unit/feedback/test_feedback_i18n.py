"""Feedback in the partner's languages: complete catalogues, reports in Khmer and Thai with
English alongside, English alone for a partner whose languages have no catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from pata.feedback import build_report, render_html, render_json
from pata.feedback.i18n import available_languages, catalogue_path, report_languages, translator
from pata.validation.problems import PROBLEM_KINDS

FEEDBACK = Path(__file__).parents[3] / "plugins" / "pata" / "feedback"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def message_ids() -> list[str]:
    """Every text translated: marked in report.py and templates.py, tr() in the HTML, titles."""
    ids: list[str] = []
    for module in (FEEDBACK / "report.py", FEEDBACK.parent / "templates.py"):
        with module.open("rb") as handle:
            ids += [m for _, m, _, _ in extract("python", handle, keywords={"N_": None, "_": None})]
    with (FEEDBACK / "templates" / "report.html").open("rb") as handle:
        ids += [m for _, _, m, _ in babel_extract(handle, ["tr"], [], {})]
    ids += [kind.title for kind in PROBLEM_KINDS.values()]
    ids += [kind.fix for kind in PROBLEM_KINDS.values()]
    return list(dict.fromkeys(ids))


class TestCatalogues:
    def test_khmer_and_thai_have_catalogues(self):
        assert {"km", "th"} <= set(available_languages())

    @pytest.mark.parametrize("language", ["km", "th"])
    def test_every_message_is_translated_with_its_placeholders(self, language):
        with catalogue_path(language).open("rb") as handle:
            catalog = read_po(handle, locale=language)
        assert not catalog.fuzzy, "a fuzzy header is dropped when compiled (charset lost)"
        missing = []
        for message_id in message_ids():
            entry = catalog.get(message_id)
            if entry is None or not entry.string or entry.fuzzy:
                missing.append(message_id)
                continue
            assert PLACEHOLDER.findall(entry.string) == PLACEHOLDER.findall(message_id)
        assert missing == []

    def test_compiled_catalogue_translates(self):
        assert translator("km")("Counts") == "ចំនួន"
        assert translator("th")("Counts") == "จำนวน"
        assert translator("lo")("Counts") == "Counts"  # no Lao catalogue: English

    def test_languages_of_a_report(self):
        assert report_languages(["km", "en"]) == ["km", "en"]
        assert report_languages(["th"]) == ["th", "en"]
        assert report_languages(["lo", "en"]) == ["en"]


def _rejected(partner: str):
    from pata.readers.model import FileProblem

    return build_report(
        result=None,
        partner=partner,
        dataset="cases",
        filename=f"{partner}_cases_2026-10.xlsx",
        ledger_id=None,
        status="rejected",
        sha256=None,
        blocker_problems=[FileProblem(code="missing-column", message="Column X is missing.")],
    )


class TestReportLanguages:
    def test_khmer_partner_gets_khmer_with_english(self):
        report = _rejected("kh-ksp")
        assert report.languages == ["km", "en"]
        khmer = report.translations["km"]
        assert khmer["headline"].startswith("ឯកសាររបស់អ្នកមិនត្រូវបានបញ្ចូលទេ។ មូលហេតុ៖ ")
        assert "(missing-column)" in khmer["headline"]
        assert report.headline.startswith("Your file was not loaded.")
        assert khmer["titles"]["missing-column"] == "ខ្វះជួរឈរដែលតម្រូវ"
        fix = (
            "Add the column with the header shown, fill it for every row, and send the file again."
        )
        assert khmer["fixes"][fix].startswith("បន្ថែមជួរឈរ")
        assert khmer["next_steps"][0] == khmer["fixes"][fix]
        document = json.loads(render_json(report))
        assert document["languages"] == ["km", "en"]
        assert document["translations"]["km"]["next_steps"][-1].startswith("គ្មានជួរណាមួយ")

    def test_html_declares_the_language_and_keeps_english_beside(self):
        page = render_html(_rejected("th-bsn")).decode("utf-8")
        assert '<html lang="th">' in page
        assert (
            '<span lang="th">สิ่งที่ต้องทำต่อไป</span> <span class="en" lang="en">What to do next</span>'
            in page
        )
        assert '"Noto Sans Thai"' in page and '"Noto Sans Khmer"' in page and '"Khmer OS"' in page
        assert '<p class="en" lang="en">Your file was not loaded.' in page

    def test_partner_without_a_catalogue_reads_english_only(self):
        report = _rejected("la-sengsavang")
        assert report.languages == ["en"] and report.translations == {}
        page = render_html(report).decode("utf-8")
        assert '<html lang="en">' in page and 'class="en"' not in page.split("<body>")[1]

    def test_languages_can_be_chosen(self):
        report = build_report(
            result=None,
            partner="kh-ksp",
            dataset="cases",
            filename="f.csv",
            ledger_id=None,
            status="duplicate",
            sha256=None,
            languages=["th", "km"],
        )
        assert report.languages == ["th", "km", "en"]
        assert report.translations["km"]["next_steps"] == [
            translator("km")(
                "No action needed. To correct data, send a new file for the same period."
            )
        ]
