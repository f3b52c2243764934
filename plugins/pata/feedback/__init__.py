"""Feedback a partner can act on: one report per file, as JSON and as a phone-friendly page.

``build_report`` makes the value-free report of a file (from its validation result, or from
the problems that stopped it before validation), ``render_json`` / ``render_html`` render
it, and ``publish_report`` writes both to ``<partner>/feedback/`` in the dropzone.
"""

from __future__ import annotations

from pata.feedback.publish import publish_report, report_keys
from pata.feedback.render import render_html, render_json
from pata.feedback.report import (
    ColumnProblems,
    FeedbackReport,
    ProblemGroup,
    build_report,
    group_problems,
)

__all__ = [
    "ColumnProblems",
    "FeedbackReport",
    "ProblemGroup",
    "build_report",
    "group_problems",
    "publish_report",
    "render_html",
    "render_json",
    "report_keys",
]
