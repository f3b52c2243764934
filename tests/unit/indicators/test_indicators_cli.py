"""``pata indicators`` output formats, on crafted values (no warehouse)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from pata.cli import main
from pata.registry import load_registry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from crafted_values import crafted_values


@pytest.fixture
def mart(monkeypatch):
    values = crafted_values()

    def read(*, period, audience="published", settings=None, periods=None):
        assert audience in ("published", "internal")
        frame = values[values["period_label"] == period]
        frame = frame[~((frame["area_code"] == "th-bsn") & (frame["indicator_code"] == "NW-1"))]
        return frame.reset_index(drop=True)

    monkeypatch.setattr("pata.indicators.refresh.read_indicator_values", read)
    return values


class TestPataIndicators:
    def test_csv_has_every_indicator_for_every_partner(self, mart, capsys):
        assert main(["indicators", "--period", "2026Q3", "--format", "csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        areas = {*load_registry().partners, "region"}
        for code in set(mart["indicator_code"]):
            assert {r["area"] for r in rows if r["indicator"] == code} == areas
        silent = [r for r in rows if r["indicator"] == "NW-1" and r["area"] == "th-bsn"]
        assert silent[0]["status"] == "not reported" and silent[0]["value"] == ""
        hidden = [r for r in rows if r["status"].startswith("suppressed")]
        assert hidden and all(r["value"] == r["numerator"] == "" for r in hidden)

    def test_json_with_breakdowns_for_one_indicator(self, mart, capsys):
        assert (
            main(
                [
                    "indicators",
                    "--period",
                    "2026Q3",
                    "--format",
                    "json",
                    "--breakdowns",
                    "--indicator",
                    "AW-1",
                    "--partner",
                    "kh-ksp",
                ]
            )
            == 0
        )
        rows = json.loads(capsys.readouterr().out)
        assert {r["indicator"] for r in rows} == {"AW-1"} and {r["area"] for r in rows} == {
            "kh-ksp"
        }
        assert {r["disaggregation"] for r in rows} == {"total", "sex", "age_group"}

    def test_table(self, mart, capsys):
        assert main(["indicators", "--period", "2026Q3"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split()[:3] == ["indicator", "area", "disaggregation"]
        assert set(lines[1]) <= {"-", " "}

    def test_an_empty_quarter_says_so(self, mart, capsys):
        assert main(["indicators", "--period", "2031Q1"]) == 1
        assert "no indicator values" in capsys.readouterr().err

    def test_a_month_is_refused(self, capsys):
        assert main(["indicators", "--period", "2026-07"]) == 1
        assert "quarter" in capsys.readouterr().err
