"""Rendering feedback reports: JSON for machines, a self-contained page for people."""

from __future__ import annotations

import json
import re

import pandas as pd

from pata.feedback import build_report, render_html, render_json
from pata.feedback.render import ROWS_SHOWN
from pata.validation import Problem, ValidationResult


def report_with(problems: list[Problem], *, status: str = "partially_loaded"):
    validation = ValidationResult(
        dataset="cases",
        contract_version="1.0.0",
        verdict="accepted",
        blocker=None,
        rows_total=100,
        rows_valid=60,
        rows_invalid=40,
        valid=pd.DataFrame(),
        problems=problems,
    )
    return build_report(
        result=validation,
        partner="kh-ksp",
        dataset="cases",
        filename="kh-ksp_cases_2026-10.csv",
        ledger_id=12,
        status=status,
        sha256="ab" * 32,
    )


def type_errors(rows) -> list[Problem]:
    return [
        Problem(
            code="type-error",
            row=row,
            column="prs_Birthdate",
            severity="error",
            message=f"Row {row}, column ថ្ងៃខែឆ្នាំកំណើត (prs_Birthdate): the value is not a date.",
            fix="Write the date like 25/12/2031.",
        )
        for row in rows
    ]


class TestRenderJson:
    def test_json_holds_the_same_data_as_the_report(self):
        report = report_with(type_errors(range(2, 5)))
        document = json.loads(render_json(report))
        assert document == json.loads(json.dumps(report.to_dict()))
        assert document["schema"] == "pata.feedback/1"
        assert document["groups"][0]["columns"][0]["rows"] == [2, 3, 4]
        assert "ថ្ងៃខែឆ្នាំកំណើត" in render_json(report).decode("utf-8")


class TestRenderHtml:
    def test_page_is_self_contained(self):
        page = render_html(report_with(type_errors(range(2, 50)))).decode("utf-8")
        lowered = page.lower()
        assert "<script" not in lowered
        assert "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
        assert not re.search(r"(?:src|href)\s*=", lowered)
        assert "http://" not in lowered and "https://" not in lowered
        assert '<meta name="viewport"' in page

    def test_summary_comes_before_the_problems(self):
        page = render_html(report_with(type_errors([2]))).decode("utf-8")
        headline = page.index("some rows have problems")
        assert (
            headline
            < page.index("What to do next")
            < page.index("Counts")
            < page.index('id="problems"')
        )

    def test_long_row_lists_fold_away_and_runs_are_shortened(self):
        rows = [*range(2, 30), 40, 42]
        page = render_html(report_with(type_errors(rows))).decode("utf-8")
        assert "<details>" in page and f"All rows</span> ({len(rows)})" in page
        assert "2-21" in page  # the first ROWS_SHOWN rows, as one run
        assert "2-29, 40, 42" in page
        assert ROWS_SHOWN == 20

    def test_text_is_escaped(self):
        hostile = Problem(
            code="extra-column",
            row=None,
            column="<script>alert(1)</script>",
            severity="warning",
            message="The column <b>x</b> is not part of the dataset.",
            fix="Remove it.",
        )
        page = render_html(report_with([hostile])).decode("utf-8")
        assert "<script>alert" not in page and "&lt;script&gt;" in page
        assert "<b>x</b>" not in page

    def test_no_problem_page(self):
        page = render_html(report_with([], status="loaded")).decode("utf-8")
        assert "No problems were found." in page
