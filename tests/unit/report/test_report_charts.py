"""Inline SVG charts: escaped labels, gaps for suppressed values, no script."""

from __future__ import annotations

from pata.report.charts import Bar, Series, bar_chart, trend_chart


class TestBarChart:
    def test_labels_are_escaped(self):
        svg = str(bar_chart([Bar("<script>x</script>", 3.0)], title="a & b"))
        assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg

    def test_a_missing_value_is_labelled_not_drawn(self):
        svg = str(bar_chart([Bar("Female", None), Bar("Male", 40.0)], title="t"))
        assert svg.count("<rect") == 1 and "suppressed" in svg

    def test_percentages(self):
        assert "58.3%" in str(bar_chart([Bar("x", 58.3)], title="t", unit="percent"))


class TestTrendChart:
    def test_a_gap_breaks_the_line(self):
        svg = str(
            trend_chart(
                ["Q1", "Q2", "Q3", "Q4"], [Series("Region", (5.0, 9.0, None, 12.0))], title="t"
            )
        )
        assert svg.count("<polyline") == 1 and svg.count("<circle") == 3

    def test_no_data_at_all(self):
        svg = str(trend_chart(["Q1"], [Series("Region", (None,))], title="t"))
        assert svg.startswith("<svg") and "<polyline" not in svg

    def test_no_script_and_no_url(self):
        svg = str(trend_chart(["Q1", "Q2"], [Series("R", (1.0, 2.0))], title="t"))
        assert "<script" not in svg and "http" not in svg
