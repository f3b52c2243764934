"""From raw cells to values: zero cells, linked denominators, the regional roll-up, rates
and suppression together."""

from __future__ import annotations

import pandas as pd
import pytest

from pata.indicators.catalogue import load_catalogue
from pata.indicators.values import (
    RAW_COLUMNS,
    Coverage,
    IndicatorError,
    add_region,
    build_values,
    complete_cells,
)

COUNTRIES = {"kh-ksp": "KH", "th-bsn": "TH"}


def raw(*rows: tuple) -> pd.DataFrame:
    filled = [(*r, None) if len(r) == 6 else r for r in rows]
    return pd.DataFrame(filled, columns=list(RAW_COLUMNS))


def coverage(*datasets: str, quarter: str = "2026Q3") -> Coverage:
    reported = frozenset((p, d, quarter) for p in COUNTRIES for d in datasets)
    return Coverage(reported=reported, countries=COUNTRIES)


def cell(values: pd.DataFrame, code: str, area: str, name: str = "total", category: str = "total"):
    found = values[
        (values["indicator_code"] == code)
        & (values["area_code"] == area)
        & (values["disaggregation"] == name)
        & (values["category"] == category)
    ]
    assert len(found) == 1, (code, area, name, category)
    return found.iloc[0]


def lp1(partner: str, *, recorded: int, withheld: int, sexes: dict[str, int]) -> list[tuple]:
    rows = [
        ("LP-1", "2026Q3", partner, "total", "total", recorded + withheld),
        ("LP-1", "2026Q3", partner, "consent", "recorded", recorded),
        ("LP-1", "2026Q3", partner, "consent", "withheld", withheld),
    ]
    rows += [("LP-1", "2026Q3", partner, "sex", s, n) for s, n in sexes.items()]
    return rows


class TestCompletion:
    def test_fixed_categories_get_zero_cells_for_partners_that_reported(self):
        cells = complete_cells(
            raw(
                ("AW-2", "2026Q3", "kh-ksp", "total", "total", 12),
                ("AW-2", "2026Q3", "kh-ksp", "target_group", "school", 12),
            ),
            catalogue=load_catalogue(),
            coverage=coverage("awareness_sessions"),
        )
        aw2 = cells[cells["indicator_code"] == "AW-2"]
        assert len(aw2[aw2["partner_code"] == "kh-ksp"]) == 6  # total + five target groups
        assert aw2[aw2["partner_code"] == "th-bsn"]["numerator"].eq(0).all()
        assert cells[cells["indicator_code"] == "LP-1"].empty, "no cases reported: no LP-1 cell"

    def test_an_unknown_category_is_an_error(self):
        with pytest.raises(IndicatorError, match="not in the catalogue"):
            complete_cells(
                raw(("AW-2", "2026Q3", "kh-ksp", "target_group", "pirates", 3)),
                catalogue=load_catalogue(),
                coverage=coverage("awareness_sessions"),
            )

    def test_lp2_denominators_are_lp1_cells_with_its_total_on_recorded_persons(self):
        rows = lp1("kh-ksp", recorded=50, withheld=5, sexes={"female": 30, "male": 20})
        rows += [
            ("LP-2", "2026Q3", "kh-ksp", "total", "total", 20),
            ("LP-2", "2026Q3", "kh-ksp", "sex", "female", 12),
            ("LP-2", "2026Q3", "kh-ksp", "sex", "male", 8),
        ]
        cells = complete_cells(raw(*rows), catalogue=load_catalogue(), coverage=coverage("cases"))
        lp2 = cells[(cells["indicator_code"] == "LP-2") & (cells["partner_code"] == "kh-ksp")]
        denominators = dict(zip(lp2["category"], lp2["denominator"], strict=True))
        assert denominators["total"] == 50 and denominators["female"] == 30
        assert denominators["other"] == 0

    def test_the_region_is_the_sum_of_unsuppressed_partner_counts(self):
        cells = complete_cells(
            raw(
                ("AW-1", "2026Q3", "kh-ksp", "total", "total", 3),
                ("AW-1", "2026Q3", "th-bsn", "total", "total", 400),
            ),
            catalogue=load_catalogue(),
            coverage=coverage("awareness_sessions"),
        )
        region = add_region(cells, countries=COUNTRIES)
        total = region[
            (region["area_code"] == "region")
            & (region["indicator_code"] == "AW-1")
            & (region["disaggregation"] == "total")
        ]
        assert total["numerator"].tolist() == [403]
        assert region[region["area_code"] == "kh-ksp"]["country_code"].unique().tolist() == ["KH"]


class TestValues:
    @pytest.fixture
    def values(self):
        rows = lp1("kh-ksp", recorded=112, withheld=8, sexes={"female": 80, "male": 29, "other": 3})
        rows += lp1("th-bsn", recorded=60, withheld=0, sexes={"female": 40, "male": 20})
        rows += [
            ("LP-2", "2026Q3", "kh-ksp", "total", "total", 70),
            ("LP-2", "2026Q3", "kh-ksp", "sex", "female", 50),
            ("LP-2", "2026Q3", "kh-ksp", "sex", "male", 18),
            ("LP-2", "2026Q3", "kh-ksp", "sex", "other", 2),
            ("LP-2", "2026Q3", "th-bsn", "total", "total", 33),
            ("LP-2", "2026Q3", "th-bsn", "sex", "female", 20),
            ("LP-2", "2026Q3", "th-bsn", "sex", "male", 13),
            ("RH-2", "2026Q3", "th-bsn", "total", "total", 90, 120),
            ("RH-2", "2026Q3", "th-bsn", "sex", "female", 60, 80),
            ("RH-2", "2026Q3", "th-bsn", "sex", "male", 30, 40),
            ("DQ-2", "2026Q3", "th-bsn", "total", "total", 2, 3),
            ("DQ-2", "2026Q3", "th-bsn", "dataset", "cases", 2, 3),
        ]
        return build_values(
            raw(*rows),
            catalogue=load_catalogue(),
            coverage=coverage("cases", "rehabilitation"),
            threshold=10,
        )

    def test_small_counts_are_suppressed_with_a_complement(self, values):
        assert (
            cell(values, "LP-1", "kh-ksp", "consent", "withheld")["suppression_reason"]
            == "small-cell"
        )
        assert (
            cell(values, "LP-1", "kh-ksp", "consent", "recorded")["suppression_reason"]
            == "complementary"
        )
        assert cell(values, "LP-1", "kh-ksp", "sex", "other")["suppression_reason"] == "small-cell"
        assert cell(values, "LP-1", "kh-ksp")["value"] == 120

    def test_suppressed_rows_show_no_number(self, values):
        hidden = values[values["suppressed"]]
        assert not hidden.empty
        assert hidden[["value", "numerator", "denominator"]].isna().all().all()

    def test_a_rate_is_suppressed_when_its_denominator_is(self, values):
        # LP-2's total denominator is LP-1 kh-ksp consent/recorded, suppressed above.
        assert cell(values, "LP-2", "kh-ksp")["suppression_reason"] == "rate-denominator"

    def test_a_rate_is_suppressed_when_its_numerator_is_small(self, values):
        assert cell(values, "LP-2", "kh-ksp", "sex", "other")["suppressed"]

    def test_a_published_rate(self, values):
        rate = cell(values, "RH-2", "th-bsn")
        assert (rate["numerator"], rate["denominator"], rate["value"]) == (90, 120, 75.0)
        assert not rate["suppressed"]

    def test_rates_without_denominator_have_no_value(self, values):
        rate = cell(values, "RH-2", "kh-ksp")
        assert pd.isna(rate["value"]) and rate["denominator"] == 0 and not rate["suppressed"]

    def test_data_quality_is_never_suppressed(self, values):
        dq = cell(values, "DQ-2", "th-bsn")
        assert not dq["suppressed"] and dq["value"] == pytest.approx(66.7)

    def test_region_rows_have_no_partner_or_country(self, values):
        region = values[values["area_code"] == "region"]
        assert region["area_level"].eq("region").all() and region["country_code"].isna().all()

    def test_the_internal_threshold_suppresses_less(self):
        rows = [
            ("AW-1", "2026Q3", "kh-ksp", "total", "total", 7),
            ("AW-1", "2026Q3", "th-bsn", "total", "total", 90),
        ]
        internal = build_values(
            raw(*rows),
            catalogue=load_catalogue(),
            coverage=coverage("awareness_sessions"),
            threshold=5,
        )
        published = build_values(
            raw(*rows),
            catalogue=load_catalogue(),
            coverage=coverage("awareness_sessions"),
            threshold=10,
        )
        assert not cell(internal, "AW-1", "kh-ksp")["suppressed"]
        assert cell(published, "AW-1", "kh-ksp")["suppressed"]

    def test_a_numerator_above_its_denominator_is_an_error(self):
        rows = [("RH-2", "2026Q3", "th-bsn", "total", "total", 9, 4)]
        with pytest.raises(IndicatorError, match="exceeds"):
            build_values(
                raw(*rows),
                catalogue=load_catalogue(),
                coverage=coverage("rehabilitation"),
                threshold=10,
            )
