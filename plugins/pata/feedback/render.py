"""Render a feedback report: JSON for machines, HTML for people (phone-friendly, no scripts).

The HTML is one self-contained page: inline CSS, no script, no font or image from
elsewhere, every text autoescaped. It is written in the report's first language (its
``lang`` attribute says which) with the English text beside each translated one, and a
font stack that covers Khmer, Thai and Lao with the fonts Debian and phones have. It
reads top-down: the verdict and what to do next, the counts, then the problems grouped by
code with their row numbers (long lists fold away in a ``<details>`` element, which needs
no script).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from pata.feedback.report import FeedbackReport

ROWS_SHOWN = 20
"""Row numbers shown before the rest fold away."""


def render_json(report: FeedbackReport) -> bytes:
    """The report as UTF-8 JSON (stable key order, non-ASCII kept as is)."""
    return (json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_html(report: FeedbackReport) -> bytes:
    """The report as one self-contained HTML page (UTF-8), in the report's languages."""
    from pata.feedback.i18n import ENGLISH, translator

    language = report.languages[0] if report.languages else ENGLISH
    local = report.translations.get(language, {})
    template = _environment().get_template("report.html")
    return template.render(
        report=report,
        rows_shown=ROWS_SHOWN,
        lang=language,
        local=local,
        tr=_bilingual(language, translator(language)),
    ).encode("utf-8")


def _bilingual(language: str, gettext: Callable[[str], str]) -> Callable[[str], Markup]:
    """``tr(text)``: the text in ``language`` with the English beside it (English alone when
    there is no translation)."""
    from markupsafe import Markup, escape

    def tr(message: str) -> Markup:
        translated = gettext(message)
        if translated == message:
            return escape(message)
        shape = Markup('<span lang="{0}">{1}</span> <span class="en" lang="en">{2}</span>')
        return shape.format(language, translated, message)

    return tr


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
