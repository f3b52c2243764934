"""The file verdict: blockers reject, invalid rows are quarantined, valid rows go on."""

from __future__ import annotations

import json

import pytest
from validation_fixtures import (
    TODAY,
    canonical_partner,
    case_row,
    enrolment_row,
    make_raw,
    raw_from_dicts,
    session_row,
)

from pata.contracts import load_contract
from pata.readers.model import FileProblem
from pata.validation import validate


def errors_of(result) -> set[tuple[int | None, str | None, str]]:
    return {(p.row, p.column, p.code) for p in result.problems if p.severity == "error"}


class TestAcceptedFile:
    def test_clean_file_is_accepted_whole(self, partner):
        result = validate(
            raw_from_dicts("cases", [case_row(i) for i in range(5)]),
            partner=partner,
            dataset="cases",
            today=TODAY,
        )
        assert (result.verdict, result.blocker) == ("accepted", None)
        assert (result.rows_total, result.rows_valid, result.rows_invalid) == (5, 5, 0)
        assert result.problems == []
        assert len(result.valid) == 5
        assert result.valid["__row"].tolist() == [2, 3, 4, 5, 6]
        assert result.contract_version == load_contract("cases").version

    def test_invalid_rows_are_quarantined_and_valid_rows_go_on(self, partner):
        rows = [case_row(i) for i in range(6)]
        rows[1]["prs_Gender"] = "Female?"
        rows[3]["identification_date"] = "2026-02-30"
        result = validate(
            raw_from_dicts("cases", rows), partner=partner, dataset="cases", today=TODAY
        )
        assert result.verdict == "accepted"
        assert errors_of(result) == {
            (3, "prs_Gender", "unknown-code"),
            (5, "identification_date", "type-error"),
        }
        assert (result.rows_valid, result.rows_invalid) == (4, 2)
        assert result.valid["__row"].tolist() == [2, 4, 6, 7]
        assert result.valid["prs_Gender"].notna().all()

    def test_whitespace_and_case_noise_is_accepted(self, partner):
        rows = [
            case_row(1, prs_Gender="  feminine", cas_Status="ACTIVE ", con_Consent="Yes\u00a0"),
            case_row(
                2, vic_TypeOfExploitation=" forcedlabour ;  OTHER", prs_FirstName=" ann  marie "
            ),
        ]
        result = validate(
            raw_from_dicts("cases", rows), partner=partner, dataset="cases", today=TODAY
        )
        assert result.problems == []
        assert result.valid["vic_TypeOfExploitation"].tolist()[1] == "ForcedLabour;Other"
        assert result.valid["prs_FirstName"].tolist()[1] == "ann marie"

    def test_problems_come_file_level_first_then_by_row(self, partner):
        rows = [case_row(i) for i in range(4)]
        rows[2]["prs_Gender"] = "?"
        rows[0]["cas_Status"] = "?"
        raw = raw_from_dicts("cases", rows, headers=[*load_contract("cases").names, "Checked"])
        result = validate(raw, partner=partner, dataset="cases", today=TODAY)
        assert [(p.row, p.code) for p in result.problems] == [
            (None, "extra-column"),
            (2, "unknown-code"),
            (4, "unknown-code"),
        ]


class TestBlockers:
    def test_missing_required_column_rejects_the_file(self, partner):
        names = [n for n in load_contract("cases").names if n != "prs_Gender"]
        result = validate(
            raw_from_dicts("cases", [case_row(1)], headers=names),
            partner=partner,
            dataset="cases",
            today=TODAY,
        )
        assert (result.verdict, result.blocker) == ("rejected", "missing-column")
        assert (None, "prs_Gender", "missing-column") in errors_of(result)
        assert result.valid.empty
        assert (result.rows_total, result.rows_valid, result.rows_invalid) == (1, 0, 1)
        missing = [
            e for e in result.gx_results["results"] if e["expectation"] == "expect_column_to_exist"
        ]
        assert [e["column"] for e in missing if not e["success"]] == ["prs_Gender"]

    def test_header_of_another_dataset_is_the_wrong_dataset(self, partner):
        result = validate(
            raw_from_dicts("rehabilitation", [enrolment_row(1)]),
            partner=partner,
            dataset="cases",
            today=TODAY,
        )
        assert (result.verdict, result.blocker) == ("rejected", "wrong-dataset")
        assert "rehabilitation" in result.problems[0].message

    def test_share_of_invalid_rows_above_the_threshold_rejects(self, partner):
        rows = [case_row(i) for i in range(4)]
        for row in rows[:3]:
            row["prs_Gender"] = "?"
        raw = raw_from_dicts("cases", rows)
        lenient = validate(
            raw, partner=partner, dataset="cases", today=TODAY, reject_invalid_share=0.8
        )
        strict = validate(
            raw, partner=partner, dataset="cases", today=TODAY, reject_invalid_share=0.5
        )
        assert lenient.verdict == "accepted" and lenient.rows_invalid == 3
        assert (strict.verdict, strict.blocker) == ("rejected", "too-many-invalid-rows")
        assert strict.problems[0].code == "too-many-invalid-rows"
        assert strict.valid.empty

    def test_no_records_is_an_empty_file(self, partner):
        raw = make_raw(list(load_contract("cases").names), [])
        result = validate(raw, partner=partner, dataset="cases", today=TODAY)
        assert (result.verdict, result.blocker, result.rows_total) == ("rejected", "empty-file", 0)

    def test_implausibly_many_rows_reject_the_file(self, partner, monkeypatch):
        from pata.validation import suites

        monkeypatch.setitem(suites.PLAUSIBLE_ROWS, "cases", 2)
        raw = raw_from_dicts("cases", [case_row(i) for i in range(3)])
        result = validate(raw, partner=partner, dataset="cases", today=TODAY)
        assert (result.verdict, result.blocker) == ("rejected", "implausible-volume")
        assert "at most 2" in result.problems[0].message

    def test_rows_past_an_implausible_volume_are_counted_not_checked(self, partner, monkeypatch):
        from pata.validation import FileValidator, suites

        monkeypatch.setitem(suites.PLAUSIBLE_ROWS, "cases", 2)
        validator = FileValidator(partner=partner, dataset="cases", today=TODAY)
        validator.add(raw_from_dicts("cases", [case_row(i) for i in range(3)]))
        # A second batch full of bad values: counted in the file's size, never validated.
        later = [case_row(10 + i, prs_Gender="?") for i in range(4)]
        assert validator.add(raw_from_dicts("cases", later)).empty
        result = validator.finish()
        assert (result.verdict, result.blocker) == ("rejected", "implausible-volume")
        assert result.rows_total == 7
        assert "The file has 7 records" in result.problems[0].message
        assert not [p for p in result.problems if p.column and "ender" in p.column]

    def test_two_columns_for_one_field_reject_the_file(self):
        partner = canonical_partner()
        names = list(load_contract("cases").names)
        raw = make_raw([*names, "PRS_GENDER"], [[*[case_row(1).get(n) for n in names], "Feminine"]])
        result = validate(raw, partner=partner, dataset="cases", today=TODAY)
        assert (result.verdict, result.blocker) == ("rejected", "duplicate-column")


class TestReaderProblems:
    def test_rows_the_reader_skipped_count_as_invalid(self, partner):
        skipped = FileProblem(code="ragged-row", message="This row has 3 cells.", row=5)
        raw = raw_from_dicts("cases", [case_row(i) for i in range(3)])
        raw.problems.append(skipped)
        result = validate(raw, partner=partner, dataset="cases", today=TODAY)
        assert (result.rows_total, result.rows_invalid, result.rows_valid) == (4, 1, 3)
        assert (5, None, "ragged-row") in errors_of(result)


class TestSummary:
    def test_summary_by_code_groups_counts_and_first_rows(self, partner):
        rows = [case_row(i, prs_Gender="?") for i in range(60)]
        rows += [case_row(100 + i) for i in range(60)]
        result = validate(
            raw_from_dicts("cases", rows), partner=partner, dataset="cases", today=TODAY
        )
        summary = {
            (code, column): (severity, count, first)
            for code, column, severity, count, first in result.summary_by_code()
        }
        severity, count, first = summary[("unknown-code", "prs_Gender")]
        assert (severity, count, len(first)) == ("error", 60, 50)
        assert first[:3] == [2, 3, 4]

    def test_counts_and_gx_results_are_json_ready(self, partner):
        result = validate(
            raw_from_dicts("cases", [case_row(1)]), partner=partner, dataset="cases", today=TODAY
        )
        json.dumps(result.gx_results)
        assert result.counts() == {
            "rows_total": 1,
            "rows_valid": 1,
            "rows_invalid": 0,
            "errors": 0,
            "warnings": 0,
        }
        assert result.gx_results["parameters"] == {
            "earliest_date": "1900-01-01",
            "latest_date": "2026-06-30",
        }


class TestReferences:
    def test_reference_check_is_skipped_with_a_warning_without_known_ids(self, partner):
        result = validate(
            raw_from_dicts("rehabilitation", [enrolment_row(1)]),
            partner=partner,
            dataset="rehabilitation",
            today=TODAY,
        )
        assert result.verdict == "accepted"
        assert [(p.code, p.severity) for p in result.problems] == [
            ("reference-check-skipped", "warning")
        ]

    def test_unknown_case_reference_is_quarantined(self, partner):
        rows = [enrolment_row(1), enrolment_row(2), enrolment_row(3, partner_case_id=None)]
        rows += [enrolment_row(1, enrolment_id=f"E-9{i}") for i in range(3)]
        result = validate(
            raw_from_dicts("rehabilitation", rows),
            partner=partner,
            dataset="rehabilitation",
            known_case_ids=lambda: {" C-00001 "},
            today=TODAY,
        )
        assert errors_of(result) == {
            (3, "partner_case_id", "unknown-case-reference"),
            (4, "partner_case_id", "missing-value"),
        }


class TestTimezone:
    def test_today_defaults_to_the_partners_day(self, partner):
        result = validate(raw_from_dicts("cases", [case_row(1)]), partner=partner, dataset="cases")
        assert result.gx_results["parameters"]["latest_date"] >= "2026-01-01"


@pytest.mark.parametrize(
    ("dataset", "row"),
    [("awareness_sessions", session_row(1)), ("rehabilitation", enrolment_row(1))],
)
def test_clean_rows_of_other_datasets_pass(partner, dataset, row):
    result = validate(
        raw_from_dicts(dataset, [row]),
        partner=partner,
        dataset=dataset,
        known_case_ids=lambda: {"C-00001"},
        today=TODAY,
    )
    assert result.problems == [] and result.verdict == "accepted"
