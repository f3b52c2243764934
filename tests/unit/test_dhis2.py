"""The DHIS2 feed: mapping checks and a dataValueSets payload of published values only."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
import yaml

from pata.dhis2 import (
    DEFAULT_COC,
    build_data_value_set,
    dhis2_period,
    import_url,
    load_mapping,
    mapping_file,
    parse_mapping,
)
from pata.errors import ConfigError
from pata.periods import parse_period

sys.path.insert(0, str(Path(__file__).parent / "report"))
from crafted_values import crafted_values


@pytest.fixture(scope="module")
def values():
    return crafted_values()


@pytest.fixture
def document() -> dict:
    return yaml.safe_load(mapping_file().read_text(encoding="utf-8"))


class TestMapping:
    def test_the_repository_mapping_loads_and_covers_every_indicator(self):
        from pata.indicators.catalogue import load_catalogue
        from pata.registry import load_registry

        mapping = load_mapping()
        assert set(mapping.data_elements) == set(load_catalogue().codes)
        assert set(load_registry().partners) | {"region"} == set(mapping.org_units)

    def test_a_bad_uid_is_refused(self, document):
        document["org_units"]["kh-ksp"] = "not-a-uid"
        with pytest.raises(ConfigError, match="DHIS2 UID"):
            parse_mapping(document)

    def test_the_region_must_be_mapped(self, document):
        del document["org_units"]["region"]
        with pytest.raises(ConfigError, match="region"):
            parse_mapping(document)

    def test_a_rate_maps_value_numerator_and_denominator(self, document):
        mapping = parse_mapping(document)
        assert set(mapping.data_elements["LP-2"]["total"]) == {"value", "numerator", "denominator"}
        broken = copy.deepcopy(document)
        broken["data_elements"]["LP-2"]["total"] = {"ratio": "PATAlp2val1"}
        with pytest.raises(ConfigError, match="value/numerator/denominator"):
            parse_mapping(broken)


class TestPayload:
    def test_iso_periods(self):
        assert dhis2_period(parse_period("2026Q3")) == "2026Q3"
        assert dhis2_period(parse_period("2026-07")) == "202607"

    def test_the_payload_shape(self, values):
        result = build_data_value_set(values, period="2026Q3", mapping=load_mapping())
        payload = result.payload
        assert payload["period"] == "2026Q3" and payload["dataSet"] == "PATAqtrly01"
        assert result.count == len(payload["dataValues"]) > 0
        for value in payload["dataValues"]:
            assert set(value) == {
                "dataElement",
                "period",
                "orgUnit",
                "categoryOptionCombo",
                "attributeOptionCombo",
                "value",
            }
            assert value["period"] == "2026Q3" and isinstance(value["value"], str)
            float(value["value"])

    def test_suppressed_cells_are_not_sent(self, values):
        mapping = load_mapping()
        result = build_data_value_set(values, period="2026Q3", mapping=mapping)
        quarter = values[values["period_label"] == "2026Q3"]
        assert result.skipped["suppressed"] == int(quarter["suppressed"].sum()) > 0
        people = {"AW-1", "LP-1", "LP-3", "LP-4", "RH-1", "NW-2"}
        counts = {
            mapping.data_elements[c][d]["value"] for c in people for d in mapping.data_elements[c]
        }
        for value in result.payload["dataValues"]:
            if value["dataElement"] in counts:
                assert not 1 <= int(value["value"]) <= 10

    def test_totals_use_the_default_category_option_combo(self, values):
        mapping = load_mapping()
        result = build_data_value_set(values, period="2026Q3", mapping=mapping)
        total = mapping.data_elements["AW-2"]["total"]["value"]
        assert {
            v["categoryOptionCombo"]
            for v in result.payload["dataValues"]
            if v["dataElement"] == total
        } == {DEFAULT_COC}

    def test_unmapped_categories_are_counted_not_sent(self, values):
        result = build_data_value_set(values, period="2026Q3", mapping=load_mapping())
        assert result.skipped["unmapped-data-element"] > 0  # LP-1 by country is not mapped

    def test_internal_values_are_refused(self, values):
        with pytest.raises(ConfigError, match="published"):
            build_data_value_set(
                values.assign(audience="internal"), period="2026Q3", mapping=load_mapping()
            )

    def test_write_and_import_url(self, values, tmp_path):
        import json

        path = build_data_value_set(values, period="2026Q3", mapping=load_mapping()).write(
            tmp_path / "p.json"
        )
        assert json.loads(path.read_text(encoding="utf-8"))["period"] == "2026Q3"
        assert import_url("https://dhis2.example.org/") == (
            "https://dhis2.example.org/api/dataValueSets?dryRun=true&importStrategy=CREATE_AND_UPDATE"
        )
