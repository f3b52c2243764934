"""A year of synthetic exports through the pipeline, then the indicators, against the truth.

Every file of a 12-month synthetic run (six partners, a few defects) goes through
``pata.pipeline`` (the path of ``pata process``), with upload times around each file's due
date so that DQ-1 sees files on time and late. The indicators are refreshed, then every
cell of every indicator is compared with the value recomputed from the generated files and
their manifest (``indicator_truth``), the mart with the suppression rules, and the report
is opened in headless Chromium. The run uses 2022-2023, periods no other test loads.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest
from indicator_truth import compute_truth, load_records

from pata import clock
from pata.indicators.catalogue import TOTAL, load_catalogue
from pata.periods import parse_period
from pata.registry import load_registry
from pata.settings import Settings

pytestmark = pytest.mark.integration

QUARTERS = ["2022Q4", "2023Q1", "2023Q2", "2023Q3"]
REPORT_QUARTER = "2023Q3"
THRESHOLD = 10


@pytest.fixture(scope="module")
def year(processed_year):
    """The shared processed year (tests/integration/conftest.py), refreshed; the truth."""
    from pata.indicators.refresh import refresh_indicators

    local_stack = processed_year["settings"]
    root, manifest = processed_year["root"], processed_year["manifest"]
    registry, uploads = processed_year["registry"], processed_year["uploads"]
    outcomes = processed_year["outcomes"]
    now = clock.now()
    result = refresh_indicators(settings=local_stack, now=now)
    records = load_records(root, manifest, registry)
    truth = compute_truth(
        records, manifest=manifest, quarters=QUARTERS, registry=registry, uploads=uploads, now=now
    )
    return {
        "root": root,
        "manifest": manifest,
        "outcomes": outcomes,
        "result": result,
        "truth": truth,
        "now": now,
        "settings": local_stack,
    }


@pytest.fixture(scope="module")
def computed(year):
    """The unsuppressed cells the refresh computed (partners and region), by key."""
    from pata.indicators.compute import compute_cells
    from pata.indicators.values import add_region, complete_cells
    from pata.warehouse.engine import get_engine

    catalogue, registry = load_catalogue(), load_registry()
    with get_engine(role="pipeline", settings=year["settings"]).connect() as conn:
        found = compute_cells(conn, catalogue=catalogue, registry=registry, now=year["now"])
    cells = add_region(
        complete_cells(found.cells, catalogue=catalogue, coverage=found.coverage),
        countries=found.coverage.countries,
    )
    return {
        (
            r["indicator_code"],
            r["period_label"],
            r["area_code"],
            r["disaggregation"],
            r["category"],
        ): (
            int(r["numerator"]),
            None
            if r["denominator"] is None or r["denominator"] != r["denominator"]
            else int(r["denominator"]),
        )
        for r in cells.to_dict("records")
        if r["period_label"] in QUARTERS
    }


def expected_cells(truth) -> dict:
    """The truth with the regional roll-up (sums of the partners)."""
    cells = {}
    for (code, quarter, partner, name, category), (n, d) in truth.cells.items():
        cells[(code, quarter, partner, name, category)] = (n, d)
        n0, d0 = cells.get((code, quarter, "region", name, category), (0, None))
        cells[(code, quarter, "region", name, category)] = (
            n0 + n,
            None if d is None and d0 is None else (d0 or 0) + (d or 0),
        )
    return cells


class TestTheYearWentThrough:
    def test_files_were_accepted_as_the_manifest_says(self, year):
        for record in year["manifest"].files:
            outcome = year["outcomes"][record.path]
            rejected = any(d.code == "missing-column" for d in record.defects)
            assert (outcome.status == "rejected") == rejected, record.path
            if not rejected:
                assert outcome.rows_valid == record.expected_valid_rows, record.path

    def test_the_refresh_covered_the_year(self, year):
        assert set(QUARTERS) <= set(year["result"].periods)
        assert year["result"].rows > 0


class TestEveryIndicatorEqualsTheManifest:
    @pytest.mark.parametrize("code", [i.code for i in load_catalogue().indicators])
    def test_indicator(self, code, year, computed):
        expected = {k: v for k, v in expected_cells(year["truth"]).items() if k[0] == code}
        actual = {k: v for k, v in computed.items() if k[0] == code}
        assert expected, f"{code}: the synthetic year gives it no value at all"
        if code in LINKED:
            linked_totals_agree(code, expected, actual)
            return
        wrong = []
        for key in sorted(set(expected) | set(actual)):
            want = expected.get(key, (0, 0 if code in RATES else None))
            got = actual.get(key, (0, 0 if code in RATES else None))
            if want[0] != got[0] or (code in RATES and (want[1] or 0) != (got[1] or 0)):
                wrong.append((key, want, got))
        assert not wrong, f"{len(wrong)} cells differ, first: {wrong[:5]}"

    def test_every_partner_has_every_indicator_of_the_quarters_it_reported(self, year, computed):
        reported = reported_quarters(year["manifest"])
        for indicator in load_catalogue().indicators:
            for quarter in QUARTERS:
                areas = {p for p, d, q in reported if q == quarter and d in indicator.datasets}
                assert areas, (indicator.code, quarter)
                for area in [*areas, "region"]:
                    assert (indicator.code, quarter, area, TOTAL, TOTAL) in computed, (
                        indicator.code,
                        quarter,
                        area,
                    )


def reported_quarters(manifest) -> set[tuple[str, str, str]]:
    """(partner, dataset, quarter) of the accepted files (no missing column)."""
    from pata.periods import quarter_of

    found = set()
    for record in manifest.files:
        if not any(d.code == "missing-column" for d in record.defects):
            found.add(
                (
                    record.partner,
                    record.dataset,
                    quarter_of(parse_period(record.period).start).label,
                )
            )
    return found


RATES = {i.code for i in load_catalogue().indicators if i.is_rate}
LINKED = {"LP-5"}
"""Indicators resting on the probabilistic record linkage: compared with the planted truth
within a tolerance (a missed or a wrong link moves a count), not cell by cell."""


def linked_totals_agree(code: str, expected: dict, actual: dict) -> None:
    """Regional totals per quarter within max(3, 30 %) of the truth."""
    for quarter in QUARTERS:
        want = expected.get((code, quarter, "region", TOTAL, TOTAL), (0, None))[0]
        got = actual.get((code, quarter, "region", TOTAL, TOTAL), (0, None))[0]
        assert abs(got - want) <= max(3, 0.3 * want), (code, quarter, want, got)


def mart(settings: Settings, audience: str):
    from pata.indicators.refresh import read_indicator_values

    frames = [
        read_indicator_values(period=q, audience=audience, settings=settings) for q in QUARTERS
    ]
    return [row for frame in frames for row in frame.to_dict("records")]


class TestTheMart:
    @pytest.mark.parametrize(("audience", "threshold"), [("published", THRESHOLD), ("internal", 5)])
    def test_unsuppressed_values_are_the_truth(self, year, audience, threshold):
        expected = expected_cells(year["truth"])
        catalogue = load_catalogue()
        rows = mart(year["settings"], audience)
        assert rows
        for row in rows:
            key = (
                row["indicator_code"],
                row["period_label"],
                row["area_code"],
                row["disaggregation"],
                row["category"],
            )
            indicator = catalogue.indicator(row["indicator_code"])
            n, d = expected.get(key, (0, 0 if indicator.is_rate else None))
            assert row["threshold"] == threshold
            if row["suppressed"]:
                assert row["value"] is None or row["value"] != row["value"]
                assert indicator.small_cells
                if row["suppression_reason"] == "small-cell" and key[0] not in LINKED:
                    assert 1 <= n <= threshold, key
                continue
            if key[0] in LINKED:  # probabilistic: the published count itself is checked
                n = int(row["numerator"])
            assert int(row["numerator"]) == n, key
            if indicator.is_rate:
                assert int(row["denominator"]) == (d or 0), key
                if d:
                    assert float(row["value"]) == pytest.approx(round(100 * n / d, 1)), key
            else:
                assert float(row["value"]) == n, key
            if indicator.small_cells and not indicator.is_rate:
                assert not 1 <= n <= threshold, f"published small cell {key}"
            if indicator.small_cells and indicator.is_rate:
                assert not 1 <= n <= threshold and not 1 <= (d or 0) - n <= threshold, key

    def test_no_suppressed_cell_can_be_recomputed_by_subtraction(self, year):
        """In every additive group (categories and their total, partners and the region), a
        suppressed cell never stands alone."""
        catalogue = load_catalogue()
        rows = [
            r
            for r in mart(year["settings"], "published")
            if catalogue.indicator(r["indicator_code"]).small_cells
            and not catalogue.indicator(r["indicator_code"]).is_rate
        ]
        hidden = {
            (
                r["indicator_code"],
                r["period_label"],
                r["area_code"],
                r["disaggregation"],
                r["category"],
            )
            for r in rows
            if r["suppressed"]
        }
        present = {
            (
                r["indicator_code"],
                r["period_label"],
                r["area_code"],
                r["disaggregation"],
                r["category"],
            )
            for r in rows
        }
        groups = []
        for code, quarter, area, name, category in present:
            if area != "region":
                continue
            partners = [
                k for k in present if k[:2] == (code, quarter) and k[3:] == (name, category)
            ]
            groups.append(partners)
        for code, quarter, area, name, _ in {(*k[:4], "") for k in present}:
            if name == TOTAL:
                continue
            spec = catalogue.indicator(code).disaggregation(name)
            if not spec.additive:
                continue
            members = [k for k in present if k[:4] == (code, quarter, area, name)]
            groups.append([*members, (code, quarter, area, *spec.parts_of)])
        assert groups
        lonely = [g for g in groups if sum(m in hidden for m in g) == 1]
        assert not lonely, lonely[:3]

    def test_refreshing_again_changes_nothing(self, year):
        from pata.indicators.refresh import refresh_indicators

        before = mart(year["settings"], "published")
        refresh_indicators(settings=year["settings"], now=year["now"])
        after = mart(year["settings"], "published")
        strip = lambda rows: sorted(  # noqa: E731
            json.dumps({k: str(v) for k, v in r.items() if k != "refreshed_at"}, sort_keys=True)
            for r in rows
        )
        assert strip(before) == strip(after)

    def test_the_analyst_role_reads_the_mart_and_not_core(self, year):
        from sqlalchemy import text
        from sqlalchemy.exc import ProgrammingError

        from pata.warehouse.engine import get_engine

        with get_engine(role="analyst", settings=year["settings"]).connect() as conn:
            assert (
                conn.execute(text("select count(*) from marts.indicator_values")).scalar_one() > 0
            )
            with pytest.raises(ProgrammingError):
                conn.execute(text("select count(*) from core.fact_case"))


class TestTheCommandLine:
    def test_pata_indicators_prints_every_indicator_for_every_partner(self, year, capsys):
        from pata.cli import main

        assert main(["indicators", "--period", REPORT_QUARTER, "--format", "csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        expected = expected_cells(year["truth"])
        areas = {*year["manifest"].generated_for["partners"], "region"}  # the partners of the year
        reported = reported_quarters(year["manifest"])
        for indicator in load_catalogue().indicators:
            code = indicator.code
            # Other tests load other partners into the same warehouse: the year's only.
            printed = {r["area"]: r for r in rows if r["indicator"] == code and r["area"] in areas}
            assert set(printed) == areas, code
            for area, row in printed.items():
                n, d = expected.get((code, REPORT_QUARTER, area, TOTAL, TOTAL), (0, None))
                sent = {(area, ds, REPORT_QUARTER) for ds in indicator.datasets} & reported
                if area != "region" and not sent:
                    assert row["status"] == "not reported", (code, area)
                    continue
                if row["status"]:
                    assert row["value"] == "" and row["status"].startswith("suppressed")
                    continue
                if code in LINKED:  # compared within a tolerance in test_indicator
                    continue
                assert int(row["numerator"]) == n, (code, area)
                if code in RATES and d:
                    assert float(row["value"]) == pytest.approx(round(100 * n / d, 1))

    def test_pata_indicators_table_and_json(self, year, capsys):
        from pata.cli import main

        assert (
            main(
                [
                    "indicators",
                    "--period",
                    REPORT_QUARTER,
                    "--breakdowns",
                    "--indicator",
                    "LP-1",
                    "--format",
                    "json",
                ]
            )
            == 0
        )
        rows = json.loads(capsys.readouterr().out)
        assert {r["disaggregation"] for r in rows} >= {
            "total",
            "sex",
            "age_band",
            "exploitation_type",
        }
        assert main(["indicators", "--period", REPORT_QUARTER]) == 0
        table = capsys.readouterr().out
        assert table.splitlines()[0].split()[:4] == [
            "indicator",
            "area",
            "disaggregation",
            "category",
        ]


class TestTheReport:
    def test_report_renders_in_chromium(self, year, tmp_path):
        from pata.report import build_report

        files = build_report(period=REPORT_QUARTER, out=tmp_path, settings=year["settings"])
        html = files.html.read_text(encoding="utf-8")
        for code in year["manifest"].generated_for["partners"]:
            assert load_registry().partner(code).name in html
        browser = _chromium_page()
        if browser.chromium_binary() is None:
            pytest.skip("Debian chromium is not installed")
        page = browser.open_page(files.html, out=tmp_path / "browser")
        assert page.errors == [] and page.external_requests == [] and page.failed == []
        assert page.screenshot is not None and page.screenshot.stat().st_size > 50_000
        assert page.svg_count >= 8

    def test_publish_uploads_the_report_and_the_dhis2_payload(self, year):
        from pata.report import publish_report
        from pata.storage import s3_client

        published = publish_report(period=REPORT_QUARTER, settings=year["settings"])
        s3 = s3_client(year["settings"])
        keys = {
            o["Key"] for o in s3.list_objects_v2(Bucket=published.bucket, Prefix="")["Contents"]
        }
        assert set(published.keys) <= keys
        assert f"quarterly/{REPORT_QUARTER}/pata_indicators_{REPORT_QUARTER}.html" in keys
        payload = json.loads(
            s3.get_object(
                Bucket=published.bucket,
                Key=f"dhis2/{REPORT_QUARTER}/pata_dataValueSets_{REPORT_QUARTER}.json",
            )["Body"].read()
        )
        assert payload["period"] == REPORT_QUARTER and payload["dataValues"]

    def test_dhis2_values_are_published_truth(self, year):
        from pata.dhis2 import build_data_value_set, load_mapping
        from pata.indicators.refresh import read_indicator_values

        mapping = load_mapping()
        values = read_indicator_values(
            period=REPORT_QUARTER, audience="published", settings=year["settings"]
        )
        payload = build_data_value_set(values, period=REPORT_QUARTER, mapping=mapping).payload
        expected = expected_cells(year["truth"])
        element = mapping.data_elements["LP-1"]["total"]["value"]
        units = {v: k for k, v in mapping.org_units.items()}
        sent = [v for v in payload["dataValues"] if v["dataElement"] == element]
        assert sent
        for value in sent:
            n, _ = expected[("LP-1", REPORT_QUARTER, units[value["orgUnit"]], TOTAL, TOTAL)]
            assert int(value["value"]) == n and not 1 <= n <= THRESHOLD


def _chromium_page():
    """tests/unit/report/chromium_page.py (test helpers are not a package)."""
    path = Path(__file__).resolve().parents[2] / "unit" / "report" / "chromium_page.py"
    spec = importlib.util.spec_from_file_location("chromium_page", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("chromium_page", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return sys.modules["chromium_page"]
