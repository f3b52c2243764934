"""Conforming raw partner tables to their contracts: headers, cleaning, typing, cell problems."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

import pandas as pd
import pyarrow as pa
import pytest

from pata.cells import clean_text, header_key, parse_date
from pata.conform import conform, map_headers
from pata.contracts import load_contract
from pata.readers.model import ROW_COLUMN, RawTable
from pata.registry import PartnerDataset

CASES = load_contract("cases")
SESSIONS = load_contract("awareness_sessions")


def spec_for(
    contract=CASES,
    *,
    column_map: Mapping[str, str] | None = None,
    value_map: Mapping[str, Mapping[str, str]] | None = None,
    date_format: str | None = None,
) -> PartnerDataset:
    return PartnerDataset(
        dataset=contract.dataset,
        frequency="monthly",
        due_day=10,
        formats=("csv",),
        column_map=MappingProxyType(dict(column_map or {n: n for n in contract.names})),
        value_map=MappingProxyType({k: MappingProxyType(v) for k, v in (value_map or {}).items()}),
        date_format=date_format,
    )


def raw(headers: Sequence[str], rows: Sequence[Sequence[str | None]], first: int = 2) -> RawTable:
    columns = [pa.array([r[i] for r in rows], type=pa.string()) for i in range(len(headers))]
    numbers = pa.array(range(first, first + len(rows)), type=pa.int64())
    table = pa.Table.from_arrays([*columns, numbers], names=[*headers, ROW_COLUMN])
    return RawTable(
        headers=list(headers), table=table, format="csv", encoding="utf-8", delimiter=","
    )


def one_column(name: str, cells: Sequence[str | None], **spec: object):
    """Conform a cases table holding only the record id and ``name``."""
    headers = ["partner_case_id", name] if name != "partner_case_id" else [name]
    rows = [[f"C-{i}", cell] if len(headers) == 2 else [cell] for i, cell in enumerate(cells)]
    return conform(raw(headers, rows), contract=CASES, partner_dataset=spec_for(**spec))


def codes_of(conformed, column: str) -> list[tuple[int | None, str]]:
    return [(p.row, p.code) for p in conformed.problems if p.column == column]


class TestHeaderMapping:
    def test_partner_headers_and_canonical_names_map_to_columns(self):
        spec = spec_for(column_map={"Case no.": "partner_case_id", "Sex": "prs_Gender"})
        mapping = map_headers(
            ["Case no.", "prs_Gender", "identification_date"],
            contract=CASES,
            column_map=spec.column_map,
        )
        assert mapping.columns == {
            "partner_case_id": 0,
            "prs_Gender": 1,
            "identification_date": 2,
        }
        assert mapping.extra == ()

    def test_case_and_whitespace_of_a_header_do_not_matter(self):
        mapping = map_headers(
            ["  CASE   No. ", "PRS_gender"],
            contract=CASES,
            column_map={"Case no.": "partner_case_id"},
        )
        assert set(mapping.columns) == {"partner_case_id", "prs_Gender"}

    def test_two_headers_for_one_column_are_duplicates(self):
        mapping = map_headers(
            ["Sex", "prs_Gender"], contract=CASES, column_map={"Sex": "prs_Gender"}
        )
        assert mapping.duplicates == {"prs_Gender": (0, 1)}
        assert mapping.columns["prs_Gender"] == 0

    def test_header_key_folds_case_and_spaces(self):
        assert header_key("  Sex\u00a0 Of  Person ") == header_key("sex of person")


class TestHeaderProblems:
    def test_missing_required_column_is_an_error_with_the_partner_header(self):
        spec = spec_for(
            column_map={"Sex": "prs_Gender", **{n: n for n in CASES.names if n != "prs_Gender"}}
        )
        conformed = conform(
            raw(["partner_case_id"], [["C-1"]]), contract=CASES, partner_dataset=spec
        )
        missing = {p.column: p for p in conformed.header_problems if p.code == "missing-column"}
        assert set(missing) == set(CASES.required_columns) - {"partner_case_id"}
        assert missing["prs_Gender"].severity == "error"
        assert "Sex" in missing["prs_Gender"].fix

    def test_unknown_header_is_an_extra_column_warning_naming_it(self):
        headers = [*CASES.required_columns, "Verified (Y/N)"]
        conformed = conform(
            raw(headers, [["x"] * len(headers)]), contract=CASES, partner_dataset=spec_for()
        )
        extra = [p for p in conformed.header_problems if p.code == "extra-column"]
        assert [(p.column, p.severity, p.row) for p in extra] == [
            ("Verified (Y/N)", "warning", None)
        ]

    def test_unrecognised_header_row_is_never_echoed(self):
        # A file without a header row: its first record became the "headers".
        headers = ["Sokha", "Chan", "012345678"]
        conformed = conform(
            raw(headers, [["a", "b", "c"]]), contract=CASES, partner_dataset=spec_for()
        )
        assert not conformed.header_row_recognised
        for problem in conformed.header_problems:
            for header in headers:
                assert header not in problem.message and problem.column != header

    def test_optional_column_absent_from_file_is_all_null(self):
        conformed = one_column("prs_Gender", ["Feminine"])
        assert conformed.frame["prs_SecondName"].isna().all()
        assert "prs_SecondName" not in conformed.text.columns
        assert list(conformed.frame.columns) == [*CASES.names, ROW_COLUMN]


class TestCleaning:
    def test_whitespace_is_collapsed_and_stripped_and_empty_is_null(self):
        cleaned = clean_text(pa.array(["  a \u00a0  b\t", "", "   ", None, "\u200bx\ufeff"]))
        assert cleaned.to_pylist() == ["a b", None, None, None, "x"]

    def test_text_is_nfc_normalised(self):
        decomposed = "e\u0301"
        assert clean_text(pa.array([decomposed])).to_pylist() == ["\u00e9"]


class TestCodes:
    def test_codes_match_whatever_their_case_and_outer_whitespace(self):
        conformed = one_column("prs_Gender", [" feminine ", "MASCULINE\u00a0", "NonConforming"])
        assert conformed.frame["prs_Gender"].tolist() == ["Feminine", "Masculine", "NonConforming"]
        assert conformed.problems == []

    def test_partner_labels_map_to_codes(self):
        conformed = one_column(
            "prs_Gender",
            ["ស្រី", "ប្រុស"],
            value_map={"prs_Gender": {"ស្រី": "Feminine", "ប្រុស": "Masculine"}},
        )
        assert conformed.frame["prs_Gender"].tolist() == ["Feminine", "Masculine"]

    def test_unknown_code_is_null_and_a_problem_without_the_value(self):
        conformed = one_column("prs_Gender", ["Feminine", "Femnine-CANARY"])
        assert conformed.frame["prs_Gender"].isna().tolist() == [False, True]
        assert codes_of(conformed, "prs_Gender") == [(3, "unknown-code")]
        problem = conformed.problems[0]
        assert "CANARY" not in problem.message + problem.fix
        assert problem.message.startswith("Row 3, column prs_Gender:")
        assert "Feminine" in problem.fix

    def test_canonical_text_keeps_the_unknown_code_for_gx(self):
        conformed = one_column("prs_Gender", ["feminine", "Nope"])
        assert conformed.text["prs_Gender"].tolist() == ["Feminine", "Nope"]

    def test_multicode_is_sorted_unique_canonical(self):
        conformed = one_column("vic_TypeOfExploitation", ["other; forcedlabour;Other", ";", "A;B"])
        assert conformed.frame["vic_TypeOfExploitation"].tolist()[0] == "ForcedLabour;Other"
        assert pd.isna(conformed.frame["vic_TypeOfExploitation"].tolist()[1])
        assert codes_of(conformed, "vic_TypeOfExploitation") == [
            (3, "missing-value"),
            (4, "unknown-code"),
        ]


class TestDates:
    def test_partner_format_and_iso_are_read(self):
        conformed = one_column(
            "identification_date",
            ["25/12/2025", "2025-12-24", "2025-12-23T10:00:00"],
            date_format="%d/%m/%Y",
        )
        days = conformed.frame["identification_date"]
        assert str(days.dtype) == "datetime64[s]"
        assert [d.date() for d in days] == [
            date(2025, 12, 25),
            date(2025, 12, 24),
            date(2025, 12, 23),
        ]
        assert conformed.text["identification_date"].tolist() == [
            "2025-12-25",
            "2025-12-24",
            "2025-12-23",
        ]

    @pytest.mark.parametrize("bad", ["31/02/2025", "unknown", "early 2025", "2025-13-01"])
    def test_impossible_or_unreadable_date_is_a_type_error(self, bad):
        conformed = one_column("identification_date", ["01/01/2025", bad], date_format="%d/%m/%Y")
        assert codes_of(conformed, "identification_date") == [(3, "type-error")]
        assert pd.isna(conformed.frame["identification_date"].iloc[1])

    def test_parse_date_prefers_the_partner_format(self):
        assert parse_date("03/04/2025", date_format="%m/%d/%Y") == date(2025, 3, 4)
        assert parse_date("nope", date_format=None) is None


class TestNumbers:
    def test_integers_accept_signs_trailing_zero_decimals_and_other_scripts_digits(self):
        conformed = conform(
            raw(
                ["session_id", "participants_total"],
                [["S1", "12"], ["S2", "+3"], ["S3", "7.0"], ["S4", "១២"]],
            ),
            contract=SESSIONS,
            partner_dataset=spec_for(SESSIONS),
        )
        assert conformed.frame["participants_total"].tolist() == [12, 3, 7, 12]
        assert str(conformed.frame["participants_total"].dtype) == "Int64"

    @pytest.mark.parametrize("bad", ["approx. 12", "12 pax", "12+", "twelve", "1,200", "12.5"])
    def test_non_integer_is_a_type_error(self, bad):
        conformed = conform(
            raw(["session_id", "participants_total"], [["S1", bad]]),
            contract=SESSIONS,
            partner_dataset=spec_for(SESSIONS),
        )
        assert [
            (p.row, p.code) for p in conformed.problems if p.column == "participants_total"
        ] == [(2, "type-error")]

    def test_out_of_range_is_reported_and_kept_typed(self):
        conformed = conform(
            raw(
                ["session_id", "participants_total"],
                [["S1", "-3"], ["S2", "10001"], ["S3", "99999999999999999999"]],
            ),
            contract=SESSIONS,
            partner_dataset=spec_for(SESSIONS),
        )
        assert [
            (p.row, p.code) for p in conformed.problems if p.column == "participants_total"
        ] == [
            (2, "out-of-range"),
            (3, "out-of-range"),
            (4, "out-of-range"),
        ]
        assert conformed.frame["participants_total"].tolist()[:2] == [-3, 10001]
        assert "0 to 10000" in conformed.problems[0].fix


class TestBooleans:
    def test_words_and_labels_become_booleans(self):
        conformed = one_column(
            "con_Consent",
            ["Yes", "n", "TRUE", "0", "បាទ/ចាស"],
            value_map={"con_Consent": {"បាទ/ចាស": "true"}},
        )
        assert conformed.frame["con_Consent"].tolist() == [True, False, True, False, True]
        assert str(conformed.frame["con_Consent"].dtype) == "boolean"

    def test_other_text_is_a_type_error(self):
        conformed = one_column("con_Consent", ["pending"])
        assert codes_of(conformed, "con_Consent") == [(2, "type-error")]


class TestRequired:
    def test_empty_required_cell_is_missing_value_and_optional_is_not(self):
        conformed = conform(
            raw(["partner_case_id", "prs_Gender", "prs_SecondName"], [["C-1", "  ", None]]),
            contract=CASES,
            partner_dataset=spec_for(),
        )
        assert [(p.row, p.column, p.code) for p in conformed.problems] == [
            (2, "prs_Gender", "missing-value")
        ]

    def test_row_numbers_come_from_the_file(self):
        conformed = conform(
            raw(["prs_Gender"], [["x"], ["Feminine"]], first=7),
            contract=CASES,
            partner_dataset=spec_for(),
        )
        assert conformed.frame[ROW_COLUMN].tolist() == [7, 8]
        assert conformed.problems[0].row == 7
        assert conformed.cell_errors["prs_Gender"].tolist() == [True, False]
