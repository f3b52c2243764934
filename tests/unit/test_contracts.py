"""Dataset contracts: they load, they are consistent, and ``cases`` speaks HTCDS 2.0."""

from __future__ import annotations

import copy
import csv
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from pata.contracts import (
    DATASETS,
    contracts_dir,
    load_contract,
    load_contracts,
    parse_contract,
)
from pata.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
HTCDS_CANDIDATES = (
    REPO.parent / "shared" / "reference" / "htcds-2.0-fields.tsv",
    Path("/work/shared/reference/htcds-2.0-fields.tsv"),
)
# HTCDS picklists that name a standard instead of listing values.
ISO_COUNTRY_FIELDS = ("prs_Citizenship", "hte_Country")
# Columns whose codes are borrowed from another HTCDS picklist (documented in docs/contracts.md).
BORROWED_PICKLISTS = {"cas_ReferredOrganisation": "org_Type"}


def htcds_fields() -> dict[str, dict[str, str]]:
    """The HTCDS 2.0 reference sheet, by field name."""
    for candidate in HTCDS_CANDIDATES:
        if candidate.is_file():
            with candidate.open(encoding="utf-8") as handle:
                return {row["field"]: row for row in csv.DictReader(handle, delimiter="\t")}
    pytest.skip("HTCDS reference sheet not available")


def picklist(field: dict[str, str]) -> list[str]:
    return [value.strip() for value in field["picklist_values"].split("|") if value.strip()]


def minimal_contract() -> dict[str, Any]:
    return {
        "dataset": "network_events",
        "version": "1.0.0",
        "grain": "one row per event",
        "description": "test",
        "record_id": "event_id",
        "period_column": "event_date",
        "columns": [
            {
                "name": "event_id",
                "type": "string",
                "required": True,
                "unique": True,
                "description": "id",
                "pii": "none",
                "deid": "keep",
            },
            {
                "name": "event_date",
                "type": "date",
                "required": True,
                "description": "day",
                "pii": "none",
                "deid": "generalize:month",
            },
            {
                "name": "kind",
                "type": "code",
                "required": False,
                "codes": ["a", "b"],
                "description": "kind",
                "pii": "none",
                "deid": "keep",
            },
        ],
    }


class TestLoadContracts:
    def test_every_dataset_has_a_versioned_contract(self) -> None:
        contracts = load_contracts()
        assert tuple(contracts) == DATASETS
        for contract in contracts.values():
            assert re.fullmatch(r"\d+\.\d+\.\d+", contract.version)
            assert contract.grain and contract.description

    def test_record_id_and_period_column_are_required_columns(self) -> None:
        for contract in load_contracts().values():
            assert contract.record_id in contract.required_columns
            assert contract.column(contract.period_column).type == "date"

    def test_every_column_has_pii_class_and_deid_action(self) -> None:
        for contract in load_contracts().values():
            for column in contract.columns:
                assert column.pii in ("direct", "quasi", "none")
                assert column.deid_action in ("drop", "pseudonymize", "keep", "generalize")
                assert column.description

    def test_direct_identifiers_never_stay_as_they_are(self) -> None:
        for contract in load_contracts().values():
            for column in contract.columns:
                if column.pii == "direct":
                    assert column.deid_action in ("drop", "pseudonymize"), column.name

    def test_person_contracts_name_person_key_and_consent(self) -> None:
        for name in ("cases", "rehabilitation"):
            contract = load_contract(name)
            assert contract.person_key == ("prs_FirstName", "prs_SecondName", "prs_Birthdate")
            assert contract.consent_column == "con_Consent"

    def test_rehabilitation_refers_to_cases_by_case_number(self) -> None:
        rules = [r for r in load_contract("rehabilitation").rules if r.kind == "references"]
        assert [(r.code, r.column, r.dataset, r.target) for r in rules] == [
            ("unknown-case-reference", "partner_case_id", "cases", "partner_case_id")
        ]

    def test_deid_rule_is_split_from_the_action(self) -> None:
        birthdate = load_contract("cases").column("prs_Birthdate")
        assert (birthdate.deid_action, birthdate.deid_rule) == ("generalize", "age_band")
        assert load_contract("cases").column("prs_FirstName").deid_rule is None

    def test_unknown_dataset_is_a_config_error(self) -> None:
        with pytest.raises(ConfigError) as caught:
            load_contract("victims")
        assert caught.value.code == "unknown-dataset"

    def test_unknown_column_is_a_config_error(self) -> None:
        with pytest.raises(ConfigError) as caught:
            load_contract("cases").column("prs_Nickname")
        assert caught.value.code == "unknown-contract-column"

    def test_environment_overrides_the_directory(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        shutil.copytree(contracts_dir(), tmp_path / "contracts")
        monkeypatch.setenv("PATA_CONTRACTS_DIR", str(tmp_path / "contracts"))
        assert contracts_dir() == tmp_path / "contracts"
        assert load_contract("cases").dataset == "cases"


class TestCasesFollowHtcds:
    def test_columns_are_htcds_fields_or_documented_additions(self) -> None:
        fields = htcds_fields()
        contract = load_contract("cases")
        assert contract.standard == "HTCDS 2.0"
        for name in contract.names:
            assert name in fields or name in contract.additions, name
        for name in contract.additions:
            assert name not in fields

    def test_additions_are_documented_for_partners(self) -> None:
        text = (REPO / "docs" / "contracts.md").read_text(encoding="utf-8")
        for name in load_contract("cases").additions:
            assert f"`{name}`" in text, name

    def test_every_contract_column_is_documented(self) -> None:
        text = (REPO / "docs" / "contracts.md").read_text(encoding="utf-8")
        for contract in load_contracts().values():
            for name in contract.names:
                assert f"| `{name}` |" in text, (contract.dataset, name)

    def test_picklist_codes_are_htcds_value_names(self) -> None:
        fields = htcds_fields()
        for column in load_contract("cases").columns:
            if not column.is_coded or column.name in load_contract("cases").additions:
                continue
            if column.name in ISO_COUNTRY_FIELDS:
                assert all(re.fullmatch(r"[A-Z]{2}", code) for code in column.codes)
                continue
            source = fields[BORROWED_PICKLISTS.get(column.name, column.name)]
            assert set(column.codes) <= set(picklist(source)), column.name

    def test_htcds_multiselects_are_multicode(self) -> None:
        fields = htcds_fields()
        for column in load_contract("cases").columns:
            field = fields.get(column.name)
            if field and field["type"].startswith("Multiselect"):
                assert column.type == "multicode", column.name

    def test_country_lists_are_iso_3166_alpha_2(self) -> None:
        codes = load_contract("cases").column("hte_Country").codes
        assert len(codes) == 249
        assert {"KH", "TH", "MY", "PH", "NP", "BD", "NO", "NA"} <= set(codes)


class TestParseContract:
    def test_a_minimal_contract_parses(self) -> None:
        contract = parse_contract(minimal_contract())
        assert contract.names == ("event_id", "event_date", "kind")
        assert contract.required_columns == ("event_id", "event_date")

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda d: d["columns"][2].update(type="color"), "type must be one of"),
            (lambda d: d["columns"][2].pop("codes"), "needs a code list"),
            (lambda d: d["columns"][0].update(pii="direct"), "cannot be kept"),
            (lambda d: d["columns"][1].update(deid="generalize:decade"), "generalize rule"),
            (lambda d: d.update(record_id="missing_id"), "record_id names unknown column"),
            (lambda d: d.update(version="one"), "version"),
            (lambda d: d.update(colour="blue"), "unknown key(s) colour"),
            (lambda d: d["columns"].append(copy.deepcopy(d["columns"][2])), "duplicate column"),
            (
                lambda d: d.update(
                    rules=[
                        {
                            "code": "date-order",
                            "kind": "date_order",
                            "columns": ["event_date", "kind"],
                        }
                    ]
                ),
                "compares date columns only",
            ),
        ],
    )
    def test_inconsistent_contracts_are_config_errors(self, change: Any, message: str) -> None:
        document = minimal_contract()
        change(document)
        with pytest.raises(ConfigError, match=re.escape(message)):
            parse_contract(document, source="test.yaml")

    def test_yaml_files_parse_to_the_same_contract(self) -> None:
        path = contracts_dir() / "cases.yaml"
        parsed = parse_contract(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert parsed == load_contract("cases")
