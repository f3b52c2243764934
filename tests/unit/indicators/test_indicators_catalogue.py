"""The indicator catalogue: the issue's indicators are there, and mistakes fail at load."""

from __future__ import annotations

import copy

import pytest
import yaml

from pata.errors import ConfigError
from pata.indicators.catalogue import TOTAL, catalogue_file, load_catalogue, parse_catalogue

REQUIRED = (
    "AW-1",
    "AW-2",
    "AW-3",
    "LP-1",
    "LP-2",
    "LP-3",
    "LP-4",
    "LP-5",
    "RH-1",
    "RH-2",
    "RH-3",
    "NW-1",
    "NW-2",
    "DQ-1",
    "DQ-2",
)


@pytest.fixture
def document() -> dict:
    return yaml.safe_load(catalogue_file().read_text(encoding="utf-8"))


def _indicator(document: dict, code: str) -> dict:
    return next(i for i in document["indicators"] if i["code"] == code)


class TestTheCatalogue:
    def test_has_a_version_and_every_indicator_of_the_issue(self):
        catalogue = load_catalogue()
        assert catalogue.version
        assert catalogue.codes == REQUIRED

    def test_every_indicator_is_fully_described(self):
        for indicator in load_catalogue().indicators:
            assert indicator.name and indicator.definition and indicator.numerator
            assert indicator.period_rule and indicator.source and indicator.datasets
            if indicator.is_rate:
                assert indicator.denominator and indicator.unit == "percent"
            assert indicator.query_path() is None or indicator.query_path().is_file()

    def test_the_published_threshold_is_the_cms_rule(self):
        assert load_catalogue().published_threshold == 10

    def test_counts_of_people_are_suppressed_and_activities_are_not(self):
        catalogue = load_catalogue()
        suppressed = {i.code for i in catalogue.indicators if i.small_cells}
        assert {
            "AW-1",
            "LP-1",
            "LP-2",
            "LP-3",
            "LP-4",
            "LP-5",
            "RH-1",
            "RH-2",
            "RH-3",
            "NW-2",
        } <= suppressed
        assert not {"AW-2", "AW-3", "NW-1", "DQ-1", "DQ-2"} & suppressed

    def test_required_disaggregations(self):
        catalogue = load_catalogue()
        names = lambda code: {d.name for d in catalogue.indicator(code).disaggregations}  # noqa: E731
        assert {"sex", "age_group"} <= names("AW-1")
        assert {"sex", "age_band", "exploitation_type", "country_of_exploitation"} <= names("LP-1")

    def test_lp2_takes_its_denominator_from_lp1_recorded(self):
        link = load_catalogue().indicator("LP-2").denominator_from
        assert link is not None and (link.indicator, link.total) == (
            "LP-1",
            ("consent", "recorded"),
        )

    def test_total_is_a_pseudo_disaggregation(self):
        total = load_catalogue().indicator("AW-2").disaggregation(TOTAL)
        assert total.categories == (TOTAL,)


class TestMistakesFailAtLoad:
    def test_unknown_key(self, document):
        _indicator(document, "AW-1")["colour"] = "blue"
        with pytest.raises(ConfigError, match="unknown key"):
            parse_catalogue(document)

    def test_duplicate_codes(self, document):
        document["indicators"].append(copy.deepcopy(_indicator(document, "AW-1")))
        with pytest.raises(ConfigError, match="unique"):
            parse_catalogue(document)

    def test_a_rate_without_denominator(self, document):
        del _indicator(document, "RH-2")["denominator"]
        with pytest.raises(ConfigError, match="denominator"):
            parse_catalogue(document)

    def test_a_count_in_percent(self, document):
        _indicator(document, "AW-2")["unit"] = "percent"
        with pytest.raises(ConfigError, match="percent"):
            parse_catalogue(document)

    def test_a_missing_query_file(self, document):
        _indicator(document, "AW-2")["query"] = "nowhere.sql"
        with pytest.raises(ConfigError, match=r"nowhere\.sql"):
            parse_catalogue(document)

    def test_parts_of_an_unknown_cell(self, document):
        _indicator(document, "LP-1")["disaggregations"]["sex"]["parts_of"] = "consent/maybe"
        with pytest.raises(ConfigError, match="consent/maybe"):
            parse_catalogue(document)

    def test_a_linked_denominator_with_other_categories(self, document):
        _indicator(document, "LP-2")["disaggregations"]["sex"]["categories"] = ["female", "male"]
        with pytest.raises(ConfigError, match="categories of LP-1"):
            parse_catalogue(document)

    def test_an_undeclared_disaggregation(self, document):
        _indicator(document, "AW-2")["disaggregations"]["colour"] = {"categories": ["red"]}
        with pytest.raises(ConfigError, match="not defined"):
            parse_catalogue(document)

    def test_an_unknown_dataset(self, document):
        _indicator(document, "AW-2")["datasets"] = ["recipes"]
        with pytest.raises(ConfigError, match="datasets"):
            parse_catalogue(document)


class TestTheDocumentation:
    def test_docs_describe_every_indicator_of_this_catalogue_version(self):
        from pata.settings import REPO_ROOT

        text = (REPO_ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
        catalogue = load_catalogue()
        assert f"version {catalogue.version}" in text
        for indicator in catalogue.indicators:
            assert f"**{indicator.code} " in text, indicator.code
