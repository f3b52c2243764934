"""GX suites are derived from the contracts, and the committed JSON equals what they generate."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from pata.contracts import DATASETS, load_contract
from pata.validation.problems import PROBLEM_KINDS
from pata.validation.suites import (
    INTEGER_PATTERN,
    ISO_DATE_PATTERN,
    codes_pattern,
    main,
    render_document,
    stale_suites,
    suite_document,
    suites_dir,
    text_column,
)


class TestCommittedSuites:
    @pytest.mark.parametrize("dataset", DATASETS)
    def test_committed_json_equals_the_suite_the_contract_generates(self, dataset):
        committed = (suites_dir() / f"{dataset}.json").read_text(encoding="utf-8")
        assert committed == render_document(suite_document(load_contract(dataset))), (
            "expectations/ is stale: run python -m pata.validation.suites --write"
        )

    def test_check_command_reports_nothing_stale(self):
        assert stale_suites() == []
        assert main(["--check"]) == 0

    def test_check_command_fails_on_a_stale_directory(self, tmp_path, capsys):
        (tmp_path / "cases.json").write_text("{}", encoding="utf-8")
        assert main(["--check", "--dir", str(tmp_path)]) == 1
        assert "stale: cases" in capsys.readouterr().err

    def test_write_command_writes_every_dataset(self, tmp_path):
        assert main(["--write", "--dir", str(tmp_path)]) == 0
        assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted(DATASETS)
        assert stale_suites(tmp_path) == []


class TestSuiteContent:
    @pytest.mark.parametrize("dataset", DATASETS)
    def test_great_expectations_loads_the_suite(self, dataset):
        import great_expectations as gx

        document = json.loads((suites_dir() / f"{dataset}.json").read_text(encoding="utf-8"))
        suite = gx.ExpectationSuite(
            name=document["name"], expectations=document["expectations"], meta=document["meta"]
        )
        assert len(suite.expectations) == len(document["expectations"])

    @pytest.mark.parametrize("dataset", DATASETS)
    def test_every_contract_constraint_has_an_expectation(self, dataset):
        contract = load_contract(dataset)
        expectations = suite_document(contract)["expectations"]
        counted = {(e["meta"]["code"], e["meta"]["column"]) for e in expectations}
        for column in contract.columns:
            if column.required:
                assert ("missing-column", column.name) in counted
                assert ("missing-value", column.name) in counted
            if column.type in ("date", "integer", "number", "boolean"):
                assert ("type-error", column.name) in counted
            if column.is_coded:
                assert ("unknown-code", column.name) in counted
            if column.minimum is not None or column.maximum is not None:
                assert ("out-of-range", column.name) in counted
            if column.type == "date":
                assert ("future-date", column.name) in counted
            if column.unique:
                assert ("duplicate-record-id", column.name) in counted
        for rule in contract.rules:
            assert rule.code in {code for code, _ in counted}
        assert ("duplicate-row", None) in counted
        assert ("implausible-volume", None) in counted

    @pytest.mark.parametrize("dataset", DATASETS)
    def test_every_expectation_counts_a_documented_problem_code(self, dataset):
        for expectation in suite_document(load_contract(dataset))["expectations"]:
            assert expectation["meta"]["code"] in PROBLEM_KINDS

    def test_code_lists_are_the_contracts(self):
        contract = load_contract("cases")
        gender = next(
            e
            for e in suite_document(contract)["expectations"]
            if e["meta"] == {"code": "unknown-code", "column": "prs_Gender", "level": "row"}
        )
        assert gender["kwargs"]["value_set"] == list(contract.column("prs_Gender").codes)

    def test_typed_columns_are_checked_on_their_text(self):
        contract = load_contract("cases")
        assert text_column(contract.column("prs_Birthdate")) == "prs_Birthdate__text"
        assert text_column(contract.column("prs_Gender")) == "prs_Gender"


class TestPatterns:
    def test_iso_date_pattern_accepts_exactly_the_real_dates(self):
        pattern = re.compile(ISO_DATE_PATTERN)
        day = date(1896, 1, 1)
        while day < date(2105, 1, 1):
            assert pattern.match(day.isoformat()), day
            day += timedelta(days=1)
        for text in (
            "2025-02-29",
            "1900-02-29",
            "2025-04-31",
            "2025-13-01",
            "0000-01-01",
            "2025-1-5",
        ):
            assert not pattern.match(text), text
        assert pattern.match("2000-02-29") and pattern.match("2024-02-29")

    def test_multicode_pattern_accepts_joined_codes_only(self):
        pattern = re.compile(codes_pattern(["A-1", "B"]))
        assert pattern.match("A-1;B") and pattern.match("B")
        assert not pattern.match("A-1;") and not pattern.match("A-1;C") and not pattern.match("AX1")

    def test_integer_pattern(self):
        pattern = re.compile(INTEGER_PATTERN)
        assert all(pattern.match(t) for t in ("12", "-3", "+4", "7.00"))
        assert not any(pattern.match(t) for t in ("1,2", "1.5", "12 pax", ""))
