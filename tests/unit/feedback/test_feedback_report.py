"""Building feedback reports: grouping, counts, status texts, problems from the reader."""

from __future__ import annotations

import pandas as pd

from pata.feedback import build_report, group_problems
from pata.readers.model import FileProblem
from pata.validation import Problem, ValidationResult


def problem(code: str, row: int | None, column: str | None, severity: str = "error") -> Problem:
    return Problem(
        code=code,
        row=row,
        column=column,
        severity=severity,  # type: ignore[arg-type]
        message=f"Row {row}, column {column}: something is wrong.",
        fix="Do this.",
    )


def result(problems: list[Problem], *, verdict: str = "accepted", blocker: str | None = None):
    invalid = len({p.row for p in problems if p.row and p.severity == "error"})
    return ValidationResult(
        dataset="cases",
        contract_version="1.0.0",
        verdict=verdict,  # type: ignore[arg-type]
        blocker=blocker,
        rows_total=10,
        rows_valid=10 - invalid,
        rows_invalid=invalid,
        valid=pd.DataFrame(),
        problems=problems,
    )


def report_of(validation, status="partially_loaded", **kwargs):
    return build_report(
        result=validation,
        partner="kh-ksp",
        dataset="cases",
        filename="kh-ksp_cases_2026-10.csv",
        ledger_id=7,
        status=status,
        sha256="0" * 64,
        **kwargs,
    )


class TestGroupProblems:
    def test_problems_are_grouped_by_code_then_column_with_sorted_rows(self):
        groups = group_problems(
            [
                problem("unknown-code", 9, "prs_Gender"),
                problem("unknown-code", 3, "prs_Gender"),
                problem("unknown-code", 4, "cas_Status"),
                problem("extra-column", None, "Checked", "warning"),
                problem("missing-column", None, "province"),
            ]
        )
        assert [(g.code, g.count, g.severity, g.blocks_file) for g in groups] == [
            ("missing-column", 1, "error", True),
            ("unknown-code", 3, "error", False),
            ("extra-column", 1, "warning", False),
        ]
        by_column = {c.column: c for c in groups[1].columns}
        assert by_column["prs_Gender"].rows == [3, 9]
        assert by_column["prs_Gender"].count == 2


class TestBuildReport:
    def test_counts_come_from_the_result_and_the_ledger(self):
        report = report_of(
            result([problem("type-error", 3, "prs_Birthdate")]),
            counts={"rows_loaded": 8, "rows_withheld": 1},
        )
        assert report.counts == {
            "rows_total": 10,
            "rows_valid": 9,
            "rows_invalid": 1,
            "rows_loaded": 8,
            "rows_withheld": 1,
        }
        assert (report.errors, report.warnings) == (1, 0)
        assert report.verdict == "accepted" and report.contract_version == "1.0.0"
        assert report.problems[0]["row"] == 3
        assert any("1 row(s)" in step for step in report.next_steps)
        assert any("consent" in step for step in report.next_steps)

    def test_a_clean_loaded_file_needs_no_action(self):
        report = report_of(result([]), status="loaded")
        assert report.headline.startswith("Your file was accepted")
        assert report.next_steps == ["No action needed."]
        assert report.groups == []

    def test_a_rejected_file_says_why_first(self):
        validation = result(
            [
                problem("missing-column", None, "province"),
                problem("type-error", 3, "prs_Birthdate"),
            ],
            verdict="rejected",
            blocker="missing-column",
        )
        report = report_of(validation, status="rejected")
        assert "missing-column" in report.headline
        assert report.groups[0].code == "missing-column"
        assert "header" in report.next_steps[0]

    def test_a_file_rejected_before_validation_is_reported_from_its_problems(self):
        report = build_report(
            result=None,
            partner="kh-ksp",
            dataset="cases",
            filename="cases.xls",
            ledger_id=3,
            status="rejected",
            sha256=None,
            blocker_problems=[
                FileProblem(code="unsupported-format", message="Send CSV, XLSX or JSON."),
                FileProblem(code="blank-column-name", message="A header is empty.", row=1),
            ],
        )
        assert (report.verdict, report.blocker) == ("rejected", "unsupported-format")
        assert [(g.code, g.severity) for g in report.groups] == [
            ("unsupported-format", "error"),
            ("blank-column-name", "warning"),
        ]
        assert report.counts == {}

    def test_a_duplicate_needs_no_action(self):
        notice = problem("duplicate-file", None, None, "warning")
        report = build_report(
            result=None,
            partner="kh-ksp",
            dataset="cases",
            filename="a.csv",
            ledger_id=4,
            status="duplicate",
            sha256="1" * 64,
            blocker_problems=[notice],
        )
        assert report.headline.startswith("This file was already received")
        assert report.next_steps[0].startswith("No action needed")

    def test_the_listed_problems_are_capped(self, monkeypatch):
        from pata.feedback import report as module

        monkeypatch.setattr(module, "MAX_LISTED_PROBLEMS", 5)
        report = report_of(
            result([problem("type-error", r, "prs_Birthdate") for r in range(2, 12)])
        )
        assert (report.problems_listed, report.problems_total) == (5, 10)
        assert report.groups[0].count == 10
