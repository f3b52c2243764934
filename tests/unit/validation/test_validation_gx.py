"""The GX run: counts agree with the vectorised checks, and results never carry a value."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
from validation_fixtures import TODAY, canonical_partner, case_row, raw_from_dicts, session_row

from pata.conform import conform
from pata.contracts import load_contract
from pata.validation.checks import EARLIEST_PLAUSIBLE_DATE, check_rows
from pata.validation.gx_run import RESULT_FORMAT, check_frame, run_suite, scrub_result
from pata.validation.suites import expectation_suite

PARTNER = canonical_partner()
CANARY = "Zqxkcanary"


def prepared(dataset: str, rows, known=None):
    contract = load_contract(dataset)
    conformed = conform(
        raw_from_dicts(dataset, rows), contract=contract, partner_dataset=PARTNER.dataset(dataset)
    )
    checks = check_rows(
        conformed, contract=contract, today=TODAY, known_references={"cases": known}
    )
    frame = check_frame(conformed, contract=contract, derived=checks.derived)
    return contract, conformed, checks, frame


def defective_cases():
    """One defect per row, of every kind a cases file can have."""
    return [
        case_row(1),
        case_row(2, prs_Gender=f"{CANARY}-gender"),
        case_row(3, vic_TypeOfExploitation=f"ForcedLabour;{CANARY}"),
        case_row(4, prs_Birthdate=f"{CANARY}-birth"),
        case_row(5, con_Consent=f"{CANARY}-consent"),
        case_row(6, cas_Status=None),
        case_row(7, prs_Birthdate="2063-01-01"),
        case_row(8, prs_Birthdate="1850-01-01"),
        case_row(9, prs_Birthdate="2026-05-01"),
        case_row(10, cas_OutgoingReferralDate="2026-01-01"),
        case_row(1),
        case_row(12, partner_case_id="C-00010", prs_FirstName=f"{CANARY}-name"),
    ]


class TestCountsAgree:
    def test_gx_counts_equal_the_row_checks_code_by_code(self):
        contract, conformed, checks, frame = prepared("cases", defective_cases())
        run = run_suite(frame, contract=contract, earliest=EARLIEST_PLAUSIBLE_DATE, latest=TODAY)
        ours = Counter((p.code, p.column) for p in [*conformed.problems, *checks.problems])
        # Repeats are the validator's (file-wide, across batches), not the row checks'.
        from pata.validation import validate

        whole = validate(raw_from_dicts("cases", defective_cases()), partner=PARTNER,
                         dataset="cases", today=TODAY)  # fmt: skip
        ours.update((p.code, p.column) for p in whole.problems if p.code.startswith("duplicate-"))
        compared = 0
        for entry in run.summary["results"]:
            if entry["level"] != "row" or entry["skipped"]:
                continue
            key = (entry["code"], entry["column"])
            if entry["code"] == "duplicate-row":
                # GX counts every member of a repeated group; the report, the later rows.
                members = conformed.text.duplicated(keep=False).sum()
                assert entry["unexpected_count"] == members == 2
            elif entry["code"] == "duplicate-record-id":
                ids = conformed.text[contract.record_id]
                assert entry["unexpected_count"] == ids.duplicated(keep=False).sum() == 4
            elif entry["code"] == "date-order":
                # GX compares every pair of dates; the row checks skip a date already wrong
                # on its own (here the birth date in 2063), so it is reported once.
                earlier = entry["column"]
                (later,) = set(entry["columns"]) - {earlier}
                wrong = (frame[later] < frame[earlier]).fillna(False).sum()
                assert entry["unexpected_count"] == wrong
                assert ours.get(key, 0) == wrong - (key == ("date-order", "prs_Birthdate"))
            else:
                assert entry["unexpected_count"] == ours.get(key, 0), key
            compared += 1
        assert compared >= 35
        assert {code for code, _ in ours} >= {
            "unknown-code",
            "type-error",
            "missing-value",
            "future-date",
            "out-of-range",
            "date-order",
            "duplicate-row",
            "duplicate-record-id",
        }

    def test_sum_counts_agree(self):
        rows = [
            session_row(1),
            session_row(2, participants_total="99"),
            session_row(3, participants_other="1"),
        ]
        contract, _, checks, frame = prepared("awareness_sessions", rows)
        run = run_suite(frame, contract=contract, earliest=EARLIEST_PLAUSIBLE_DATE, latest=TODAY)
        entry = run.outcome("sum-mismatch", "participants_total")
        assert entry is not None and entry["unexpected_count"] == 2
        assert sum(p.code == "sum-mismatch" for p in checks.problems) == 2

    def test_expectations_on_a_missing_required_column_are_skipped(self):
        rows = [case_row(1)]
        contract = load_contract("cases")
        names = [n for n in contract.names if n != "cas_Status"]
        conformed = conform(
            raw_from_dicts("cases", rows, headers=names),
            contract=contract,
            partner_dataset=PARTNER.dataset("cases"),
        )
        frame = check_frame(conformed, contract=contract, derived={})
        run = run_suite(frame, contract=contract, earliest=EARLIEST_PLAUSIBLE_DATE, latest=TODAY)
        exist = run.outcome("missing-column", "cas_Status")
        assert exist is not None and exist["success"] is False
        skipped = [e for e in run.summary["results"] if e["skipped"]]
        assert {e["column"] for e in skipped if e["column"]} == {"cas_Status"}


class TestValueFree:
    def test_the_result_format_itself_returns_no_value(self):
        contract, _, _, frame = prepared("cases", defective_cases())
        batch_frame = frame.copy()
        import great_expectations as gx

        context = gx.get_context(mode="ephemeral")
        batch = (
            context.data_sources.add_pandas("t")
            .add_dataframe_asset("f")
            .add_batch_definition_whole_dataframe("w")
            .get_batch(batch_parameters={"dataframe": batch_frame})
        )
        result = batch.validate(
            expectation_suite(contract),
            result_format=RESULT_FORMAT,
            expectation_parameters={"earliest_date": 19000101, "latest_date": 20260630},
        )
        document = json.dumps(result.to_json_dict(), ensure_ascii=False)
        assert not result.success
        assert CANARY.lower() not in document.lower()
        assert "C-00010" not in document and "Person" not in document

    def test_scrubbed_result_keeps_counts_and_drops_everything_else(self):
        document = {
            "success": False,
            "results": [
                {
                    "success": False,
                    "expectation_config": {
                        "type": "expect_column_values_to_be_in_set",
                        "kwargs": {"column": "c"},
                        "meta": {},
                    },
                    "result": {
                        "unexpected_count": 1,
                        "element_count": 3,
                        "partial_unexpected_list": [CANARY],
                        "partial_unexpected_counts": [{"value": CANARY, "count": 1}],
                        "unexpected_list": [CANARY],
                        "unexpected_index_list": [{"c": CANARY}],
                        "observed_value": CANARY,
                        "details": {"value_counts": [{"value": CANARY}]},
                    },
                    "exception_info": {
                        "x": {
                            "raised_exception": True,
                            "exception_message": CANARY,
                            "exception_traceback": CANARY,
                        }
                    },
                    "meta": {"anything": CANARY},
                }
            ],
            "meta": {"batch_spec": {"batch_data": CANARY}, "great_expectations_version": "1.24.1"},
            "statistics": {"evaluated_expectations": 1},
        }
        scrubbed = scrub_result(document)
        assert CANARY not in json.dumps(scrubbed)
        result = scrubbed["results"][0]
        assert result["result"] == {
            "unexpected_count": 1,
            "element_count": 3,
            "partial_unexpected_list": [],
        }
        assert result["exception_info"]["raised_exception"] is True

    def test_summary_of_a_run_is_value_free(self):
        contract, _, _, frame = prepared("cases", defective_cases())
        run = run_suite(frame, contract=contract, earliest=EARLIEST_PLAUSIBLE_DATE, latest=TODAY)
        text = json.dumps([run.summary, run.validation_result], ensure_ascii=False).lower()
        assert CANARY.lower() not in text
        assert run.summary["parameters"] == {
            "earliest_date": "1900-01-01",
            "latest_date": "2026-06-30",
        }


def test_check_frame_holds_dates_as_day_numbers():
    _, _, _, frame = prepared("cases", [case_row(1)])
    assert frame["identification_date"].tolist() == [20260315]
    assert frame["identification_date__text"].tolist() == ["2026-03-15"]
    assert pd.isna(frame["prs_IdentityNumber"]).all()


def test_gx_keeps_no_reference_to_the_files_rows():
    import gc
    import weakref

    def validated() -> weakref.ref:
        contract, _, _, frame = prepared("cases", [case_row(1)])
        run_suite(frame, contract=contract, earliest=EARLIEST_PLAUSIBLE_DATE, latest=TODAY)
        return weakref.ref(frame)

    reference = validated()
    gc.collect()
    assert reference() is None


class TestDtypesForGx:
    """GX gets exact float64 for nullable integers and categories for text (its fast paths):
    the same results."""

    def test_date_numbers_go_to_gx_as_float_and_huge_integers_stay_as_they_are(self):
        from pata.validation.gx_run import _for_gx

        _, _, _, frame = prepared("cases", defective_cases())
        frame["huge"] = pd.Series([2**60] + [None] * (len(frame) - 1), dtype="Int64")
        given = _for_gx(frame)
        assert given["identification_date"].dtype == "float64"
        assert given["identification_date"].isna().tolist() == (
            frame["identification_date"].isna().tolist()
        )
        assert given["huge"].dtype == "Int64"
        assert frame["identification_date"].dtype == "Int64"  # the caller's frame untouched
        assert given["prs_Gender"].dtype == "category"
        as_given = given["prs_Gender"].astype(object)
        as_sent = frame["prs_Gender"].astype(object)
        assert as_given.where(as_given.notna(), None).tolist() == (
            as_sent.where(as_sent.notna(), None).tolist()
        )

    def test_the_results_are_those_of_the_nullable_integer_columns(self, monkeypatch):
        from pata.validation import gx_run

        runs = {}
        for dataset, rows in (
            ("cases", defective_cases()),
            ("awareness_sessions", [session_row(1), session_row(2, participants_total="99")]),
        ):
            contract, _, _, frame = prepared(dataset, rows)
            fast = run_suite(frame, contract=contract, earliest=EARLIEST_PLAUSIBLE_DATE,
                             latest=TODAY)  # fmt: skip
            with monkeypatch.context() as patched:
                patched.setattr(gx_run, "_for_gx", lambda frame: frame)
                slow = run_suite(frame, contract=contract, earliest=EARLIEST_PLAUSIBLE_DATE,
                                 latest=TODAY)  # fmt: skip
            for run in (fast, slow):
                run.summary.pop("seconds")
                run.validation_result["meta"].pop("validation_time")
            assert fast.summary == slow.summary
            assert fast.validation_result == slow.validation_result
            runs[dataset] = fast
        assert any(e["unexpected_count"] for e in runs["cases"].summary["results"]
                   if e["expectation"] == "expect_column_values_to_be_between")  # fmt: skip
