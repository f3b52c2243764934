"""Render the quarterly report's HTML: one self-contained file (inline CSS and SVG only)."""

from __future__ import annotations

import functools
from pathlib import Path

from pata.report.content import NOT_REPORTED_MARK, SUPPRESSED_MARK, ReportContent

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "quarterly_report.html"


@functools.cache
def _environment() -> object:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def render_html(content: ReportContent) -> str:
    """The report as one HTML document (no script, no external resource)."""
    from jinja2 import Environment

    environment = _environment()
    assert isinstance(environment, Environment)
    template = environment.get_template(TEMPLATE)
    return template.render(
        c=content, suppressed_mark=SUPPRESSED_MARK, missing_mark=NOT_REPORTED_MARK
    )
