"""The report opened in headless Chromium: renders, no console error, no network request."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from chromium_page import chromium_binary, open_page
from crafted_values import crafted_values

from pata.report import build_report

pytestmark = pytest.mark.skipif(
    chromium_binary() is None, reason="Debian chromium is not installed"
)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    files = build_report(
        period="2026Q3", out=out, values=crafted_values(), now=datetime(2026, 11, 29, tzinfo=UTC)
    )
    return open_page(files.html, out=out / "browser")


class TestReportInChromium:
    def test_the_page_loads_with_its_title(self, page):
        assert page.title == "PATA programme indicators, 2026Q3"
        assert page.svg_count >= 8

    def test_no_console_error_and_no_exception(self, page):
        assert page.errors == []
        assert [level for level, _ in page.console if level == "warning"] == []

    def test_no_network_request_beyond_the_file_itself(self, page):
        assert page.requests == [page.url]
        assert page.external_requests == [] and page.failed == []

    def test_a_screenshot_is_taken(self, page):
        assert page.screenshot is not None
        data = page.screenshot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
        assert page.body_height > 2000

    def test_it_prints_to_pdf(self, page):
        assert page.pdf is not None
        data = page.pdf.read_bytes()
        assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 3
