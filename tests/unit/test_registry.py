"""The partner registry: the repo's registry is valid, and mistakes fail with clear errors."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pata.contracts import load_contracts
from pata.errors import ConfigError
from pata.registry import load_registry, parse_registry, registry_file

KHMER = re.compile("[\u1780-\u17ff]")
THAI = re.compile("[\u0e00-\u0e7f]")


def minimal_registry() -> dict[str, Any]:
    return {
        "version": 1,
        "partners": [
            {
                "code": "kh-test",
                "name": "Test Partner",
                "country": "KH",
                "languages": ["km"],
                "timezone": "Asia/Phnom_Penh",
                "currency": "KHR",
                "contact": "data@test.example.org",
                "values": {"prs_Gender": {"ស្រី": "Feminine", "ប្រុស": "Masculine"}},
                "datasets": {
                    "network_events": {
                        "frequency": "quarterly",
                        "due_day": 15,
                        "formats": ["csv"],
                        "columns": {
                            "ID": "event_id",
                            "Date": "event_date",
                            "Objective": "objective",
                            "Country": "country",
                            "Title": "title",
                            "Religious": "participants_religious_leaders",
                            "Civic": "participants_civic_leaders",
                            "Government": "participants_government",
                            "NGO": "participants_ngo",
                            "Total": "participants_total",
                        },
                    }
                },
            }
        ],
    }


def parse(document: dict[str, Any]) -> Any:
    return parse_registry(document, contracts=load_contracts(), source="partners.yaml")


class TestRepositoryRegistry:
    def test_at_least_six_partners_in_different_countries(self) -> None:
        partners = load_registry().partners
        assert len(partners) >= 6
        assert {"KH", "TH", "MY", "PH", "NP", "BD"} <= {p.country for p in partners.values()}

    def test_codes_are_slugs_and_contacts_are_role_mailboxes(self) -> None:
        for code, partner in load_registry().partners.items():
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
            assert partner.contact.count("@") == 1
            assert partner.timezone and partner.currency and partner.languages

    def test_a_cambodian_partner_uses_khmer_headers(self) -> None:
        partners = [p for p in load_registry().partners.values() if p.country == "KH"]
        headers = [h for p in partners for d in p.datasets.values() for h in d.column_map]
        assert any(KHMER.search(header) for header in headers)

    def test_a_thai_partner_uses_thai_headers(self) -> None:
        partners = [p for p in load_registry().partners.values() if p.country == "TH"]
        headers = [h for p in partners for d in p.datasets.values() for h in d.column_map]
        assert any(THAI.search(header) for header in headers)

    def test_mappings_reach_contract_columns_and_cover_required_ones(self) -> None:
        contracts = load_contracts()
        for partner in load_registry().partners.values():
            for name, dataset in partner.datasets.items():
                mapped = set(dataset.column_map.values())
                assert mapped <= set(contracts[name].names)
                assert set(contracts[name].required_columns) <= mapped

    def test_value_labels_map_to_contract_codes(self) -> None:
        contracts = load_contracts()
        for partner in load_registry().partners.values():
            for name, dataset in partner.datasets.items():
                for column, labels in dataset.value_map.items():
                    spec = contracts[name].column(column)
                    allowed = spec.codes or ("true", "false")
                    assert set(labels.values()) <= set(allowed), (partner.code, column)

    def test_htcds_partner_gets_the_identity_mapping(self) -> None:
        cases = load_registry().partner("ph-bayanihan").dataset("cases")
        assert all(header == column for header, column in cases.column_map.items())
        assert len(cases.column_map) == len(load_contracts()["cases"].columns)

    def test_headers_follow_the_partner_column_order(self) -> None:
        cases = load_registry().partner("kh-ksp").dataset("cases")
        assert list(cases.headers)[:2] == ["partner_case_id", "identification_date"]
        assert cases.labels("prs_Gender")["Feminine"] == "ស្រី"

    def test_unknown_partner_and_dataset_are_coded_errors(self) -> None:
        registry = load_registry()
        with pytest.raises(ConfigError) as caught:
            registry.partner("xx-nobody")
        assert caught.value.code == "unknown-partner"
        with pytest.raises(ConfigError) as caught:
            registry.partner("ph-bayanihan").dataset("victims")
        assert caught.value.code == "unknown-dataset"

    def test_environment_overrides_the_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "partners.yaml"
        path.write_text(yaml.safe_dump(minimal_registry(), allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("PATA_REGISTRY_FILE", str(path))
        assert registry_file() == path
        assert list(load_registry().partners) == ["kh-test"]


class TestRegistryValidation:
    def test_a_minimal_registry_parses(self) -> None:
        registry = parse(minimal_registry())
        events = registry.partner("kh-test").dataset("network_events")
        assert events.column_map["Total"] == "participants_total"
        assert events.value_map == {}  # partner-wide labels apply only where the column exists

    def test_unknown_canonical_column_names_the_header_and_column(self) -> None:
        document = minimal_registry()
        document["partners"][0]["datasets"]["network_events"]["columns"]["Remarks"] = "remark"
        with pytest.raises(ConfigError) as caught:
            parse(document)
        assert caught.value.code == "unknown-contract-column"
        assert "'Remarks'" in str(caught.value) and "'remark'" in str(caught.value)
        assert "kh-test" in str(caught.value)

    def test_duplicate_partner_code_is_refused(self) -> None:
        document = minimal_registry()
        document["partners"].append(copy.deepcopy(document["partners"][0]))
        with pytest.raises(ConfigError) as caught:
            parse(document)
        assert caught.value.code == "duplicate-partner"
        assert "'kh-test'" in str(caught.value)

    def test_repeated_yaml_key_is_refused_not_silently_overwritten(self, tmp_path: Path) -> None:
        text = yaml.safe_dump(minimal_registry(), allow_unicode=True, sort_keys=False)
        text = re.sub(r"( +)Total: participants_total\n", r"\g<0>\1Total: participants_ngo\n", text)
        assert text.count("Total:") == 2
        path = tmp_path / "partners.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            load_registry(path)
        assert caught.value.code == "duplicate-key"

    def test_unmapped_required_column_is_refused(self) -> None:
        document = minimal_registry()
        del document["partners"][0]["datasets"]["network_events"]["columns"]["Total"]
        with pytest.raises(ConfigError) as caught:
            parse(document)
        assert caught.value.code == "unmapped-required-column"
        assert "participants_total" in str(caught.value)

    def test_label_mapped_to_an_unknown_code_is_refused(self) -> None:
        document = minimal_registry()
        document["partners"][0]["datasets"]["network_events"]["values"] = {
            "objective": {"Meeting": "meeting"}
        }
        with pytest.raises(ConfigError, match="not a code of objective"):
            parse(document)

    @pytest.mark.parametrize(
        ("path", "value", "message"),
        [
            (("code",), "KH Test", "lowercase slug"),
            (("country",), "Cambodia", "ISO 3166"),
            (("timezone",), "Asia/Atlantis", "unknown timezone"),
            (("contact",), "Sok Dara", "role mailbox"),
            (("datasets", "network_events", "frequency"), "weekly", "monthly or quarterly"),
            (("datasets", "network_events", "due_day"), 31, "from 1 to 28"),
            (("datasets", "network_events", "formats"), ["pdf"], "formats"),
            (("datasets", "network_events", "date_format"), "dd/mm/yyyy", "strptime"),
            (("datasets", "network_events", "delimiter"), "|", "delimiter"),
        ],
    )
    def test_bad_settings_are_config_errors(
        self, path: tuple[str, ...], value: Any, message: str
    ) -> None:
        document = minimal_registry()
        target = document["partners"][0]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(ConfigError, match=re.escape(message)):
            parse(document)

    def test_unknown_dataset_is_refused(self) -> None:
        document = minimal_registry()
        document["partners"][0]["datasets"]["victims"] = {}
        with pytest.raises(ConfigError) as caught:
            parse(document)
        assert caught.value.code == "unknown-dataset"


class TestToolkitLayout:
    def toolkit(self, **settings: Any) -> dict[str, Any]:
        document = minimal_registry()
        document["partners"][0]["datasets"]["cases"] = {
            "frequency": "monthly",
            "due_day": 10,
            "formats": ["xlsx"],
            "layout": "htcds-toolkit",
            **settings,
        }
        return document

    def test_a_toolkit_partner_gets_the_standard_labels_under_its_own(self) -> None:
        spec = parse(self.toolkit()).partner("kh-test").dataset("cases")
        assert spec.layout == "htcds-toolkit"
        assert spec.value_map["cas_Status"]["Follow Up"] == "FollowUp"
        assert spec.value_map["cas_ReferredOrganisation"]["Law Enforcement"] == "LawEnforcement"
        assert spec.value_map["prs_Gender"]["ស្រី"] == "Feminine"  # the partner's own label
        assert spec.value_map["prs_Gender"]["Transgender Feminine"] == "TransgenderFeminine"

    def test_the_registered_lao_partner_sends_the_toolkit(self) -> None:
        spec = load_registry().partner("la-sengsavang").dataset("cases")
        assert spec.layout == "htcds-toolkit" and spec.formats == ("xlsx",)

    @pytest.mark.parametrize(
        ("settings", "message"),
        [
            ({"layout": "iom-excel"}, "layout must be one of htcds-toolkit"),
            ({"formats": ["csv"]}, "for cases sent as xlsx"),
        ],
    )
    def test_a_bad_layout_is_refused_at_load(self, settings: dict, message: str) -> None:
        with pytest.raises(ConfigError, match=message):
            parse(self.toolkit(**settings))

    def test_a_layout_is_only_for_cases(self) -> None:
        document = minimal_registry()
        document["partners"][0]["datasets"]["network_events"]["layout"] = "htcds-toolkit"
        with pytest.raises(ConfigError, match="for cases sent as xlsx"):
            parse(document)
