"""De-identification: what is dropped, pseudonymised, generalised, withheld; nothing leaks."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
import pytest

from pata.contracts import DATASETS, Contract, load_contract
from pata.deid import (
    AGE_BANDS,
    DeidentificationError,
    age_band,
    ages_at,
    deidentify,
    month_column_name,
    normalise_person_text,
    normalise_record_id,
    output_columns,
    pseudonymize,
    pseudonymize_person,
)
from pata.errors import ConfigError
from pata.keys import PseudonymKey

PARTNER = "kh-ksp"
_DTYPES = {
    "string": "string",
    "code": "string",
    "multicode": "string",
    "date": "datetime64[s]",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


@pytest.fixture(scope="module")
def key() -> PseudonymKey:
    return PseudonymKey(secrets.token_bytes(32), source="test")


@pytest.fixture(scope="module")
def other_key() -> PseudonymKey:
    return PseudonymKey(secrets.token_bytes(32), source="test")


def contract_of(dataset: str) -> Contract:
    return load_contract(dataset)


def plausible_row(contract: Contract, number: int) -> dict[str, Any]:
    """A row with every column filled with an unremarkable valid value."""
    row: dict[str, Any] = {}
    for column in contract.columns:
        if column.type in ("code", "multicode"):
            row[column.name] = column.codes[number % len(column.codes)]
        elif column.type == "date":
            row[column.name] = "2024-03-15"
        elif column.type == "integer":
            row[column.name] = 3
        elif column.type == "number":
            row[column.name] = 1.5
        elif column.type == "boolean":
            row[column.name] = True
        else:
            row[column.name] = f"text {number}"
    row[contract.record_id] = f"R-{number:04d}"
    if contract.has_column("prs_Birthdate"):
        row["prs_Birthdate"] = "1990-06-01"
    return row


def typed_frame(contract: Contract, rows: list[Mapping[str, Any]]) -> pd.DataFrame:
    """The typed table conform/validation hands over: canonical names, dtypes, ``__row``."""
    data: dict[str, pd.Series] = {}
    for column in contract.columns:
        values = [row.get(column.name) for row in rows]
        if column.type == "date":
            data[column.name] = pd.Series(pd.to_datetime(values)).astype("datetime64[s]")
        else:
            data[column.name] = pd.Series(values, dtype=_DTYPES[column.type])
    data["__row"] = pd.Series(range(2, len(rows) + 2), dtype="int64")
    return pd.DataFrame(data)


def frame_of(dataset: str, count: int = 5, **overrides: Any) -> pd.DataFrame:
    contract = contract_of(dataset)
    rows = [{**plausible_row(contract, number), **overrides} for number in range(count)]
    return typed_frame(contract, rows)


class TestAgeBand:
    @pytest.mark.parametrize(
        ("age", "band"),
        [
            (0, "0-8"),
            (8, "0-8"),
            (9, "9-17"),
            (17, "9-17"),
            (18, "18-20"),
            (20, "18-20"),
            (21, "21-23"),
            (23, "21-23"),
            (24, "24-26"),
            (26, "24-26"),
            (27, "27-29"),
            (29, "27-29"),
            (30, "30-38"),
            (38, "30-38"),
            (39, "39-47"),
            (47, "39-47"),
            (48, "48+"),
            (97, "48+"),
        ],
    )
    def test_every_ctdc_boundary(self, age: int, band: str):
        assert age_band(age) == band

    def test_none_is_unknown(self):
        assert age_band(None) == "unknown"

    def test_a_negative_age_is_refused(self):
        with pytest.raises(ValueError):
            age_band(-1)

    def test_the_bands_are_the_ctdc_ones(self):
        assert AGE_BANDS == ("0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38",
                             "39-47", "48+")  # fmt: skip


class TestAgesAt:
    def test_the_age_changes_on_the_birthday_not_before(self):
        births = pd.Series(pd.to_datetime(["2006-05-10"] * 3)).astype("datetime64[s]")
        at = pd.Series(pd.to_datetime(["2024-05-09", "2024-05-10", "2024-05-11"]))
        assert ages_at(births, at).tolist() == [17, 18, 18]

    def test_a_leap_day_birthday_counts_from_the_first_of_march(self):
        births = pd.Series(pd.to_datetime(["2008-02-29", "2008-02-29"]))
        at = pd.Series(pd.to_datetime(["2026-02-28", "2026-03-01"]))
        assert ages_at(births, at).tolist() == [17, 18]

    def test_unknown_or_impossible_ages_are_missing(self):
        births = pd.Series(pd.to_datetime([None, "2030-01-01"]))
        at = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-01"]))
        assert ages_at(births, at).isna().all()


class TestPseudonymize:
    def test_the_same_id_gives_the_same_64_hex_pseudonym(self, key: PseudonymKey):
        one = pseudonymize("KH-001", key=key, partner_code=PARTNER, namespace="cases")
        assert one == pseudonymize("KH-001", key=key, partner_code=PARTNER, namespace="cases")
        assert len(one) == 64 and int(one, 16) >= 0

    def test_ids_are_compared_stripped_casefolded_with_collapsed_whitespace(
        self, key: PseudonymKey
    ):
        assert normalise_record_id("  KH  001\t") == "kh 001"
        forms = {"KH 001", " kh 001 ", "Kh   001"}
        pseudonyms = {
            pseudonymize(form, key=key, partner_code=PARTNER, namespace="cases") for form in forms
        }
        assert len(pseudonyms) == 1

    def test_the_key_the_partner_and_the_namespace_each_change_the_pseudonym(
        self, key: PseudonymKey, other_key: PseudonymKey
    ):
        base = pseudonymize("KH-001", key=key, partner_code=PARTNER, namespace="cases")
        assert base != pseudonymize(
            "KH-001", key=other_key, partner_code=PARTNER, namespace="cases"
        )
        assert base != pseudonymize("KH-001", key=key, partner_code="th-x", namespace="cases")
        assert base != pseudonymize(
            "KH-001", key=key, partner_code=PARTNER, namespace="rehabilitation"
        )

    def test_the_pseudonym_is_the_documented_hmac(self, key: PseudonymKey):
        expected = key.digest(f"{PARTNER}\x1fcases\x1fkh-001".encode())
        assert pseudonymize(" KH-001", key=key, partner_code=PARTNER, namespace="cases") == (
            expected
        )

    def test_without_the_key_the_pseudonym_cannot_be_recomputed(self, key: PseudonymKey):
        pseudonym = pseudonymize("KH-001", key=key, partner_code=PARTNER, namespace="cases")
        message = f"{PARTNER}\x1fcases\x1fkh-001".encode()
        assert pseudonym != hashlib.sha256(message).hexdigest()
        assert pseudonym != hashlib.sha256(b"kh-001").hexdigest()

    def test_an_empty_id_is_refused(self, key: PseudonymKey):
        with pytest.raises(DeidentificationError):
            pseudonymize("   ", key=key, partner_code=PARTNER, namespace="cases")


class TestPersonKey:
    def test_names_are_folded_and_latin_accents_dropped(self):
        assert normalise_person_text("  NGUYỄN   Thị\u00a0Ánh ") == "nguyen thi anh"
        assert normalise_person_text("Ｍａｒｉａ") == "maria"  # full-width (NFKC)

    def test_vowel_signs_of_other_scripts_are_kept(self):
        assert normalise_person_text("សុខា") == "សុខា"
        assert normalise_person_text("สมชาย") != normalise_person_text("สมชาบ")
        assert normalise_person_text("রহিম") == "রহিম"

    def test_the_same_person_in_two_frames_gets_the_same_person_key(self, key: PseudonymKey):
        contract = contract_of("cases")
        first = plausible_row(contract, 1) | {
            "partner_case_id": "A-1",
            "prs_FirstName": "Nguyễn Thị",
            "prs_SecondName": "Ánh",
            "prs_Birthdate": "2007-02-03",
        }
        second = plausible_row(contract, 2) | {
            "partner_case_id": "B-77",
            "identification_date": "2025-01-20",
            "prs_FirstName": "  nguyen   thi ",
            "prs_SecondName": "ANH",
            "prs_Birthdate": "2007-02-03",
        }
        one = deidentify(typed_frame(contract, [first]), contract=contract,
                         partner_code=PARTNER, key=key)  # fmt: skip
        two = deidentify(typed_frame(contract, [second]), contract=contract,
                         partner_code=PARTNER, key=key)  # fmt: skip
        assert one.frame.loc[0, "person_key"] == two.frame.loc[0, "person_key"]
        assert one.frame.loc[0, "record_key"] != two.frame.loc[0, "record_key"]

    def test_a_case_and_an_enrolment_of_one_person_share_the_person_key(self, key: PseudonymKey):
        cases, rehabilitation = contract_of("cases"), contract_of("rehabilitation")
        person = {"prs_FirstName": "សុខា", "prs_SecondName": "ចាន់", "prs_Birthdate": "2001-09-09"}
        case = deidentify(
            typed_frame(cases, [plausible_row(cases, 0) | person]),
            contract=cases, partner_code=PARTNER, key=key,
        )  # fmt: skip
        enrolment = deidentify(
            typed_frame(rehabilitation, [plausible_row(rehabilitation, 0) | person]),
            contract=rehabilitation, partner_code=PARTNER, key=key,
        )  # fmt: skip
        assert case.frame.loc[0, "person_key"] == enrolment.frame.loc[0, "person_key"]

    def test_another_birth_date_another_partner_or_another_key_is_another_person(
        self, key: PseudonymKey, other_key: PseudonymKey
    ):
        parts = ["Somchai", "Dee", date(1999, 1, 2)]
        base = pseudonymize_person(parts, key=key, partner_code=PARTNER)
        assert base is not None
        assert base != pseudonymize_person(["Somchai", "Dee", date(1999, 1, 3)], key=key,
                                           partner_code=PARTNER)  # fmt: skip
        assert base != pseudonymize_person(parts, key=key, partner_code="th-x")
        assert base != pseudonymize_person(parts, key=other_key, partner_code=PARTNER)

    def test_a_missing_part_still_keys_and_all_missing_gives_none(self, key: PseudonymKey):
        assert pseudonymize_person(["Rina", None, None], key=key, partner_code=PARTNER)
        assert pseudonymize_person([None, "", pd.NaT], key=key, partner_code=PARTNER) is None


class TestOutputColumns:
    @pytest.mark.parametrize("dataset", DATASETS)
    def test_the_frame_has_exactly_the_output_columns_with_their_dtypes(
        self, dataset: str, key: PseudonymKey
    ):
        contract = contract_of(dataset)
        table = deidentify(frame_of(dataset), contract=contract, partner_code=PARTNER, key=key)
        columns = output_columns(contract)
        assert list(table.frame.columns) == [column.name for column in columns]
        for column in columns:
            assert str(table.frame[column.name].dtype) == column.pandas_dtype, column.name
            assert column.name == column.name.lower()
            assert column.sql_type in {"text", "integer", "numeric", "boolean", "date", "text[]"}
            assert column.description

    @pytest.mark.parametrize("dataset", DATASETS)
    def test_no_direct_identifier_and_no_raw_pseudonymised_id_is_output(self, dataset: str):
        contract = contract_of(dataset)
        names = {column.name for column in output_columns(contract)}
        for column in contract.columns:
            if column.pii == "direct" or column.deid_action in ("drop", "pseudonymize"):
                assert column.name.lower() not in names, column.name
        assert "__row" not in names
        if contract.consent_column:
            assert contract.consent_column.lower() not in names

    def test_the_cases_columns_follow_the_naming_rules(self):
        names = [column.name for column in output_columns(contract_of("cases"))]
        assert names[:3] == ["record_key", "period_month", "person_key"]
        for expected in ("identification_month", "cas_outgoingreferraldate_month", "age_band",
                         "is_minor", "province", "vic_typeofexploitation",
                         "prs_citizenship", "hte_country"):  # fmt: skip
            assert expected in names
        assert not [name for name in names if "__" in name]  # no column per code
        assert "identification_date" not in names

    def test_rehabilitation_refers_to_a_case_by_its_pseudonym(self):
        names = [column.name for column in output_columns(contract_of("rehabilitation"))]
        assert "partner_case_id_key" in names
        assert {"status_month", "start_month", "end_month"} <= set(names)

    def test_awareness_sessions_keep_their_id_and_the_village_becomes_the_province(self):
        names = [column.name for column in output_columns(contract_of("awareness_sessions"))]
        assert names[:2] == ["session_id", "period_month"]
        assert "village" not in names and names.count("province") == 1
        assert "facilitator_name" not in names and "notes" not in names

    def test_a_name_postgresql_would_truncate_is_refused(self):
        contract = contract_of("cases")
        columns = tuple(
            dataclasses.replace(column, name="vic_" + "X" * 60)
            if column.name == "vic_ForcedLabourIndustry"
            else column
            for column in contract.columns
        )
        with pytest.raises(ConfigError) as error:
            output_columns(dataclasses.replace(contract, columns=columns))
        assert error.value.code == "output-column-name-too-long"

    def test_month_names_drop_a_date_suffix(self):
        assert month_column_name("identification_date") == "identification_month"
        assert month_column_name("cas_OutgoingReferralDate") == "cas_outgoingreferraldate_month"


class TestDeidentify:
    def test_the_enrolment_case_key_equals_the_case_record_key(self, key: PseudonymKey):
        cases, rehabilitation = contract_of("cases"), contract_of("rehabilitation")
        case = deidentify(
            typed_frame(cases, [plausible_row(cases, 0) | {"partner_case_id": "KH-2024-17"}]),
            contract=cases, partner_code=PARTNER, key=key,
        )  # fmt: skip
        enrolment_row = plausible_row(rehabilitation, 0) | {"partner_case_id": " kh-2024-17 "}
        enrolment = deidentify(
            typed_frame(rehabilitation, [enrolment_row]),
            contract=rehabilitation, partner_code=PARTNER, key=key,
        )  # fmt: skip
        assert enrolment.frame.loc[0, "partner_case_id_key"] == case.frame.loc[0, "record_key"]
        assert enrolment.frame.loc[0, "record_key"] != case.frame.loc[0, "record_key"]

    def test_two_keys_give_disjoint_pseudonyms(self, key: PseudonymKey, other_key: PseudonymKey):
        contract = contract_of("cases")
        frame = frame_of("cases", count=20)
        one = deidentify(frame, contract=contract, partner_code=PARTNER, key=key)
        two = deidentify(frame, contract=contract, partner_code=PARTNER, key=other_key)
        for column in ("record_key", "person_key"):
            assert not set(one.frame[column]) & set(two.frame[column])
        assert one.key_fingerprint == key.fingerprint != two.key_fingerprint

    def test_birth_date_becomes_band_and_minor_flag_at_the_period_date(self, key: PseudonymKey):
        contract = contract_of("cases")
        births = ["2006-05-11", "2006-05-10", "2015-05-11", None, "1976-05-10"]
        rows = [
            plausible_row(contract, n) | {"identification_date": "2024-05-10", "prs_Birthdate": b}
            for n, b in enumerate(births)
        ]
        frame = deidentify(typed_frame(contract, rows), contract=contract,
                           partner_code=PARTNER, key=key).frame  # fmt: skip
        assert frame["age_band"].tolist() == ["9-17", "18-20", "0-8", "unknown", "48+"]
        assert frame["is_minor"].tolist() == [True, False, True, pd.NA, False]

    def test_dates_become_the_first_of_their_month(self, key: PseudonymKey):
        contract = contract_of("rehabilitation")
        row = plausible_row(contract, 0) | {
            "start_date": "2023-11-30",
            "end_date": None,
            "status_date": "2024-02-29",
        }
        frame = deidentify(typed_frame(contract, [row]), contract=contract,
                           partner_code=PARTNER, key=key).frame  # fmt: skip
        assert frame.loc[0, "start_month"] == pd.Timestamp("2023-11-01")
        assert pd.isna(frame.loc[0, "end_month"])
        assert frame.loc[0, "status_month"] == frame.loc[0, "period_month"]
        assert frame.loc[0, "period_month"] == pd.Timestamp("2024-02-01")

    def test_a_multi_select_becomes_its_codes_in_code_list_order(self, key: PseudonymKey):
        contract = contract_of("cases")
        values = [
            "SexualExploitation;ForcedLabour",
            "ForcedLabour",
            None,
            "Nope",
            " ForcedLabour ;ForcedLabour",
        ]
        rows = [
            plausible_row(contract, n) | {"vic_TypeOfExploitation": v, "prs_Citizenship": "KH;TH"}
            for n, v in enumerate(values)
        ]
        frame = deidentify(typed_frame(contract, rows), contract=contract,
                           partner_code=PARTNER, key=key).frame  # fmt: skip
        assert frame["vic_typeofexploitation"].tolist() == [
            "ForcedLabour;SexualExploitation", "ForcedLabour", pd.NA, "", "ForcedLabour"
        ]  # fmt: skip
        assert frame["prs_citizenship"].tolist() == ["KH;TH"] * 5

    def test_kept_values_keep_their_types(self, key: PseudonymKey):
        contract = contract_of("awareness_sessions")
        frame = deidentify(frame_of("awareness_sessions", count=2), contract=contract,
                           partner_code=PARTNER, key=key).frame  # fmt: skip
        assert frame["participants_total"].tolist() == [3, 3]
        assert frame["session_id"].tolist() == ["R-0000", "R-0001"]
        assert frame["session_date"].tolist() == [pd.Timestamp("2024-03-15")] * 2

    def test_a_row_without_its_period_date_is_an_error_with_positions_only(self, key: PseudonymKey):
        contract = contract_of("cases")
        rows = [plausible_row(contract, 0), plausible_row(contract, 1)]
        rows[1]["identification_date"] = None
        rows[1]["prs_FirstName"] = "Canaryname"
        with pytest.raises(DeidentificationError) as error:
            deidentify(typed_frame(contract, rows), contract=contract, partner_code=PARTNER,
                       key=key)  # fmt: skip
        assert error.value.code == "missing-period-date"
        assert "rows 3" in str(error.value) and "Canaryname" not in str(error.value)
        assert "R-0001" not in str(error.value)

    def test_an_absent_optional_column_is_treated_as_empty(self, key: PseudonymKey):
        contract = contract_of("cases")
        frame = frame_of("cases", count=2).drop(columns=["prs_Birthdate", "vic_MethodsOfControl"])
        table = deidentify(frame, contract=contract, partner_code=PARTNER, key=key)
        assert table.frame["age_band"].tolist() == ["unknown", "unknown"]
        assert table.frame["vic_methodsofcontrol"].isna().all()


class TestRepeatedValues:
    """Values repeated across rows are worked out once; each row still gets its own answer."""

    ANSWERS = ("KH;TH", " TH ; KH ", "VN", "KH;XX", None, "", "TH")
    NAMES = ("Nguyễn Thị", "  nguyen   thi ", "Somchai", None, "សុខា")

    def frame(self, contract: Contract, count: int = 60) -> pd.DataFrame:
        rows = [
            plausible_row(contract, n)
            | {
                "partner_case_id": f"C-{n % 7}" if n % 2 else f"D-{n}",
                "prs_Citizenship": self.ANSWERS[n % len(self.ANSWERS)],
                "prs_FirstName": self.NAMES[n % len(self.NAMES)],
                "prs_SecondName": self.NAMES[(n // 3) % len(self.NAMES)],
                "prs_Birthdate": None if n % 11 == 0 else f"19{80 + n % 3}-01-0{1 + n % 2}",
            }
            for n in range(count)
        ]
        return typed_frame(contract, rows)

    def test_every_row_is_keyed_as_the_single_value_functions_say(self, key: PseudonymKey):
        contract = contract_of("cases")
        typed = self.frame(contract)
        out = deidentify(typed, contract=contract, partner_code=PARTNER, key=key).frame
        expected_records = [
            pseudonymize(value, key=key, partner_code=PARTNER, namespace="cases")
            for value in typed["partner_case_id"]
        ]
        expected_people = [
            pseudonymize_person(
                [first, second, None if pd.isna(birth) else birth.date()],
                key=key,
                partner_code=PARTNER,
            )
            for first, second, birth in zip(
                typed["prs_FirstName"], typed["prs_SecondName"], typed["prs_Birthdate"],
                strict=True,
            )
        ]  # fmt: skip
        assert out["record_key"].tolist() == expected_records
        assert [None if pd.isna(v) else v for v in out["person_key"]] == expected_people
        assert len(set(expected_records)) == 7 + 30

    def test_codes_of_repeated_answers_equal_the_codes_of_each_row(
        self, key: PseudonymKey, caplog: pytest.LogCaptureFixture
    ):
        contract = contract_of("cases")
        typed = self.frame(contract, count=70)
        with caplog.at_level(logging.WARNING, logger="pata.deid"):
            out = deidentify(typed, contract=contract, partner_code=PARTNER, key=key).frame
        one_by_one = pd.concat(
            [
                deidentify(typed.iloc[[n]].reset_index(drop=True), contract=contract,
                           partner_code=PARTNER, key=key).frame
                for n in range(len(typed))
            ],
            ignore_index=True,
        )  # fmt: skip
        pd.testing.assert_series_equal(out["prs_citizenship"], one_by_one["prs_citizenship"])
        assert out["prs_citizenship"].tolist()[:7] == [
            "KH;TH", "KH;TH", "VN", "KH", pd.NA, pd.NA, "TH"
        ]  # fmt: skip
        # "XX" is outside the code list in 10 of the 70 rows: counted per row, not per answer.
        assert "prs_Citizenship: 10 value(s) outside the code list ignored" in caplog.text


class TestConsent:
    def test_rows_without_consent_are_withheld_and_counted_by_month(self, key: PseudonymKey):
        contract = contract_of("cases")
        plan = [
            ("2024-03-02", True),
            ("2024-03-20", False),
            ("2024-03-31", None),
            ("2024-04-01", False),
            ("2024-04-15", True),
        ]
        rows = [
            plausible_row(contract, n) | {"identification_date": day, "con_Consent": consent}
            for n, (day, consent) in enumerate(plan)
        ]
        table = deidentify(typed_frame(contract, rows), contract=contract,
                           partner_code=PARTNER, key=key)  # fmt: skip
        assert len(table.frame) == 2
        assert table.withheld_no_consent == {date(2024, 3, 1): 2, date(2024, 4, 1): 1}
        assert table.withheld_total == 3
        kept = {
            pseudonymize(f"R-{n:04d}", key=key, partner_code=PARTNER, namespace="cases")
            for n in (0, 4)
        }
        assert set(table.frame["record_key"]) == kept
        assert len(table.withheld_record_keys) == 3
        assert not set(table.withheld_record_keys) & kept
        assert "con_consent" not in table.frame.columns

    def test_rehabilitation_withholds_too(self, key: PseudonymKey):
        contract = contract_of("rehabilitation")
        frame = frame_of("rehabilitation", count=4, con_Consent=False)
        table = deidentify(frame, contract=contract, partner_code=PARTNER, key=key)
        assert table.frame.empty
        assert list(table.frame.columns) == [c.name for c in output_columns(contract)]
        assert table.withheld_no_consent == {date(2024, 3, 1): 4}

    def test_datasets_without_a_consent_column_withhold_nothing(self, key: PseudonymKey):
        table = deidentify(frame_of("network_events", count=3),
                           contract=contract_of("network_events"),
                           partner_code=PARTNER, key=key)  # fmt: skip
        assert len(table.frame) == 3 and table.withheld_no_consent == {}


CANARIES = {
    "prs_FirstName": ["សុវណ្ណារ៉ាកាណារី", "ประยุทธ์คานารี", "রবীন্দ্রনাথক্যানারি", "Zebulon"],
    "prs_SecondName": ["ឧត្តមកាណារី", "ทดสอบนกขมิ้น", "ঠাকুরক্যানারি", "Quxworthington"],
    "prs_IdentityNumber": ["N0987654321", "1-2345-67890-12-3", "19901234567890123", "ZX998877"],
    "prs_MobilePhone": ["+855 12 987 654", "081-234-5678", "+8801712345678", "+639171234567"],
    "cco_CaseComment": ["canary note xyzzy", "หมายเหตุคานารี", "মন্তব্যক্যানারি", "plugh plover"],
    "partner_case_id": ["CANARY-CASE-0042", "CANARY-CASE-0043", "CANARY-CASE-0044", "CNR-9"],
    "prs_Birthdate": ["2009-07-13", "1987-11-29", "2001-12-17", "1963-10-27"],
}


def canary_strings() -> list[str]:
    texts: list[str] = []
    for name, values in CANARIES.items():
        for value in values:
            texts.append(value)
            if name == "partner_case_id":
                texts.append(normalise_record_id(value))
            if name == "prs_Birthdate":
                texts.append(value.replace("-", ""))
            if name in ("prs_FirstName", "prs_SecondName"):
                texts.append(normalise_person_text(value))
    return texts


class TestCanary:
    def test_no_canary_survives_anywhere(self, key: PseudonymKey, caplog: pytest.LogCaptureFixture):
        contract = contract_of("cases")
        rows = []
        for n in range(4):
            row = plausible_row(contract, n) | {
                name: values[n] for name, values in CANARIES.items()
            }
            row["con_Consent"] = n != 3  # one canary row is withheld
            rows.append(row)
        with caplog.at_level(logging.DEBUG):
            table = deidentify(typed_frame(contract, rows), contract=contract,
                               partner_code=PARTNER, key=key)  # fmt: skip
        surfaces = [
            repr(table),
            str(table.frame.columns.tolist()),
            table.frame.to_csv(index=False),
            table.frame.to_string(),
            repr(table.withheld_no_consent),
            repr(table.withheld_record_keys),
            caplog.text,
        ]
        for text in canary_strings():
            for surface in surfaces:
                assert text.casefold() not in surface.casefold(), text
        assert len(table.frame) == 3
