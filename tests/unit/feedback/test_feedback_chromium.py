"""A Khmer (and a Thai) feedback report in a real headless Chromium with Debian's fonts.

The screenshot is judged by its text regions, not its pixels: every element written in the
partner's language must have ink where the browser laid it out (text drawn, not blank or
clipped), the blank gutter beside the page must stay blank, and the glyphs must come from a
font of that script (Chromium's own account of the platform fonts it used), so that boxes
of missing glyphs ("tofu") fail the test. ``make sysdeps`` installs chromium and the fonts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))

from chromium_page import chromium_binary, open_page

from pata.feedback import build_report, render_html
from pata.validation import Problem, ValidationResult

_BOXES = """JSON.stringify({
  local: [...document.querySelectorAll('main [lang]:not([lang=en])')].map(e => {
    const r = e.getBoundingClientRect();
    return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height,
            chars: e.textContent.trim().length};
  }),
  main: (() => { const r = document.querySelector('main').getBoundingClientRect();
                 return {x: r.left, w: r.width}; })(),
  lang: document.documentElement.lang,
})"""

SCRIPT_FONTS = {"km": ("Khmer",), "th": ("Thai", "Loma", "Garuda", "Tlwg", "Norasi")}


def _report(partner: str, header: str):
    problems = [
        Problem(
            code="missing-value",
            row=row,
            column="prs_Gender",
            severity="error",
            message=f"Row {row}, column {header} (prs_Gender): this column is required and "
            "the cell is empty.",
            fix="Fill the cell.",
        )
        for row in (3, 4, 9)
    ]
    result = ValidationResult(
        dataset="cases",
        contract_version="1.0.0",
        verdict="accepted",
        blocker=None,
        rows_total=40,
        rows_valid=37,
        rows_invalid=3,
        valid=None,
        problems=problems,
    )
    return build_report(
        result=result,
        partner=partner,
        dataset="cases",
        filename=f"{partner}_cases_2026-10.csv",
        ledger_id=7,
        status="partially_loaded",
        sha256="cd" * 32,
    )


def _ink(image: np.ndarray, box: dict) -> int:
    top, left = max(int(box["y"]), 0), max(int(box["x"]), 0)
    crop = image[top : int(box["y"] + box["h"]) + 1, left : int(box["x"] + box["w"]) + 1]
    return int((crop < 160).sum())


@pytest.mark.parametrize(
    ("partner", "language", "header"), [("kh-ksp", "km", "ភេទ"), ("th-bsn", "th", "เพศ")]
)
def test_report_in_the_partners_script_renders_with_its_fonts(tmp_path, partner, language, header):
    assert chromium_binary() is not None, "chromium is missing: run `make sysdeps`"
    report = _report(partner, header)
    assert report.languages == [language, "en"]
    page = tmp_path / f"{partner}.html"
    page.write_bytes(render_html(report))

    seen = open_page(page, out=tmp_path / "shots", width=900, probe=_BOXES, fonts_of="h1")

    assert seen.errors == [] and seen.external_requests == []
    assert seen.probe["lang"] == language
    boxes = [box for box in seen.probe["local"] if box["chars"] and box["w"] and box["h"]]
    assert len(boxes) >= 15  # headline, steps, headings, counts, titles, footer ...
    image = np.asarray(Image.open(seen.screenshot).convert("L"))
    blank = [box for box in boxes if _ink(image, box) < 4 * min(box["chars"], 10)]
    assert blank == [], f"{len(blank)} of {len(boxes)} {language} text regions drew no ink"
    gutter = image[:, : max(int(seen.probe["main"]["x"]) - 2, 1)]
    assert (gutter < 160).sum() == 0, "ink outside the page's text column"
    used = {font["familyName"]: font["glyphCount"] for font in seen.fonts}
    script_glyphs = sum(
        count
        for family, count in used.items()
        if any(name in family for name in SCRIPT_FONTS[language])
    )
    assert script_glyphs >= 0.8 * sum(used.values()), f"h1 drawn with {used}"
