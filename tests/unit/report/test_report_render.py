"""The quarterly report's HTML: self-contained, complete, and showing only suppressed values."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from crafted_values import crafted_values

from pata.indicators.catalogue import load_catalogue
from pata.registry import load_registry
from pata.report import build_report
from pata.report.content import SUPPRESSED_MARK, build_content
from pata.report.render import render_html

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[tuple[str, str]] = []
        self._in_td: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "td":
            self._in_td = dict(attrs).get("class") or ""

    def handle_data(self, data: str) -> None:
        if self._in_td is not None and data.strip():
            self.cells.append((self._in_td, data.strip()))
            self._in_td = None


@pytest.fixture(scope="module")
def values():
    return crafted_values()


@pytest.fixture(scope="module")
def html(values) -> str:
    content = build_content(
        values,
        period="2026Q3",
        catalogue=load_catalogue(),
        registry=load_registry(),
        generated_at=NOW,
    )
    return render_html(content)


class TestSelfContained:
    def test_no_script_and_no_external_resource(self, html):
        parser = _Collector()
        parser.feed(html)
        tags = [tag for tag, _ in parser.tags]
        assert "script" not in tags and "iframe" not in tags and "img" not in tags
        for tag, attrs in parser.tags:
            for name in ("src", "href"):
                value = attrs.get(name)
                if value is not None:
                    assert value.startswith(("#", "data:")), (tag, name, value)
        assert not re.search(r"https?://", html), "no URL at all: nothing to fetch"
        assert "@import" not in html and "url(" not in html and "@font-face" not in html

    def test_a_content_security_policy_forbids_any_load(self, html):
        assert "default-src 'none'" in html

    def test_charts_are_inline_svg(self, html):
        assert html.count("<svg") >= 8

    def test_prints_on_landscape_pages(self, html):
        assert "@page" in html and "@media print" in html


class TestContent:
    def test_every_indicator_is_defined_and_tabulated(self, html):
        for indicator in load_catalogue().indicators:
            assert f'id="def-{indicator.code.lower()}"' in html
            assert f"{indicator.code} {indicator.name}" in html

    def test_every_partner_has_a_column(self, html):
        for partner in load_registry().partners.values():
            assert partner.name in html

    def test_sections(self, html):
        for anchor in ("headline", "trends", "countries", "breakdowns", "quality", "notes"):
            assert f'id="{anchor}"' in html

    def test_suppressed_cells_show_the_mark_and_no_number(self, values, html):
        parser = _Collector()
        parser.feed(html)
        suppressed = [text for kind, text in parser.cells if kind == "suppressed"]
        assert suppressed and set(suppressed) == {SUPPRESSED_MARK}
        assert values[values["period_label"] == "2026Q3"]["suppressed"].any()

    def test_no_published_count_of_people_from_1_to_10(self, values):
        catalogue = load_catalogue()
        protected = {i.code for i in catalogue.indicators if i.small_cells and not i.is_rate}
        shown = values[values["indicator_code"].isin(protected) & ~values["suppressed"]]
        assert not shown["numerator"].between(1, 10).any()

    def test_values_are_escaped(self, values):
        hostile = values.copy()
        hostile.loc[hostile.index[0], "category"] = "<script>alert(1)</script>"
        content = build_content(
            hostile,
            period=str(hostile.loc[hostile.index[0], "period_label"]),
            catalogue=load_catalogue(),
            registry=load_registry(),
            generated_at=NOW,
        )
        assert "<script>" not in render_html(content)

    def test_an_empty_quarter_still_renders(self, values):
        content = build_content(
            values.iloc[0:0],
            period="2030Q1",
            catalogue=load_catalogue(),
            registry=load_registry(),
            generated_at=NOW,
        )
        page = render_html(content)
        assert "holds no indicator value for 2030Q1" in page


class TestBuildReport:
    def test_writes_html_csv_xlsx_and_dhis2(self, values, tmp_path):
        files = build_report(period="2026Q3", out=tmp_path, values=values, now=NOW)
        assert files.html.read_text(encoding="utf-8").startswith(
            "<!doctype html>"
        ) or "<!doctype html>" in files.html.read_text(encoding="utf-8")
        assert files.csv.stat().st_size > 0 and files.xlsx.stat().st_size > 0
        assert files.dhis2.name == "pata_dataValueSets_2026Q3.json"
        assert files.values == int((values["period_label"] == "2026Q3").sum())

    def test_refuses_internal_values(self, values, tmp_path):
        internal = values.assign(audience="internal")
        with pytest.raises(ValueError, match="published"):
            build_report(period="2026Q3", out=tmp_path, values=internal, now=NOW)

    def test_refuses_a_month(self, values, tmp_path):
        from pata.periods import PeriodError

        with pytest.raises(PeriodError):
            build_report(period="2026-07", out=tmp_path, values=values, now=NOW)
