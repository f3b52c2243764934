"""Render a feedback report: JSON for machines, HTML for people (phone-friendly, no scripts).

The HTML is one self-contained page: inline CSS, no script, no font or image from
elsewhere, every text autoescaped. It reads top-down: the verdict and what to do next,
the counts, then the problems grouped by code with their row numbers (long lists fold
away in a ``<details>`` element, which needs no script).
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

    from pata.feedback.report import FeedbackReport

ROWS_SHOWN = 20
"""Row numbers shown before the rest fold away."""


def render_json(report: FeedbackReport) -> bytes:
    """The report as UTF-8 JSON (stable key order, non-ASCII kept as is)."""
    return (json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_html(report: FeedbackReport) -> bytes:
    """The report as one self-contained HTML page (UTF-8)."""
    template = _environment().get_template("report.html")
    return template.render(report=report, rows_shown=ROWS_SHOWN).encode("utf-8")


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("pata.feedback", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["rows"] = _rows_text
    return environment


def _rows_text(rows: list[int]) -> str:
    """Row numbers as text, runs of consecutive rows shortened: ``2-5, 9, 14``."""
    parts: list[str] = []
    start = previous = None
    for row in rows:
        if start is None:
            start = previous = row
        elif previous is not None and row == previous + 1:
            previous = row
        else:
            parts.append(_run(start, previous))
            start = previous = row
    if start is not None:
        parts.append(_run(start, previous))
    return ", ".join(parts)


def _run(start: int, end: int | None) -> str:
    return str(start) if end is None or end == start else f"{start}-{end}"
