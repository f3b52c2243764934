"""Shared case microdata: k-anonymity by local suppression, rows never dropped, rates reported."""

from __future__ import annotations

import re
import secrets
import sqlite3

import numpy as np
import pandas as pd
import pytest

from pata.contracts import load_contract
from pata.deid import deidentify
from pata.keys import PseudonymKey
from pata.microdata import (
    CASE_MICRODATA_DDL,
    DEFAULT_K,
    K_CHECK_QUERY,
    QUASI_IDENTIFIERS,
    SUPPRESSED,
    SUPPRESSION_RATE_QUERY,
    build_microdata,
    microdata_columns,
    microdata_report,
    microdata_source,
)

QUASI = list(QUASI_IDENTIFIERS)


def generated_rows(count: int = 3000, *, seed: int = 11) -> pd.DataFrame:
    """Skewed, sparse case microdata like a quarter of several partners, with unknowns."""
    rng = np.random.default_rng(seed)

    def pick(values: list[str | None], weights: list[float]) -> list[str | None]:
        p = np.array(weights) / sum(weights)
        return [values[i] for i in rng.choice(len(values), size=count, p=p)]

    return pd.DataFrame(
        {
            "prs_gender": pick(
                ["Feminine", "Masculine", "TransgenderFeminine", "NonSpecifiedUnknown"],
                [60, 35, 3, 2],
            ),
            "age_band": pick(
                ["0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+", None],
                [3, 25, 15, 12, 10, 8, 12, 6, 3, 6],
            ),
            "prs_citizenship": pick(
                ["KH", "TH", "MM", "LA", "BD", "NP", "PH", "VN", "KH;TH", None],
                [30, 20, 15, 10, 8, 7, 5, 3, 1, 1],
            ),
            "hte_country": pick(
                ["TH", "MY", "KH", "CN", "SA", "AE", "IN", "JP"], [35, 20, 15, 10, 8, 5, 5, 2]
            ),
            "identification_year": pick(["2024", "2025", "2026"], [30, 50, 20]),
            "row_id": list(range(count)),
            "cas_status": pick(["Active", "Closed", None], [50, 40, 10]),
        }
    )


def class_sizes(frame: pd.DataFrame) -> pd.Series:
    return frame.groupby(QUASI, dropna=False).size()


@pytest.fixture(scope="module")
def built() -> tuple[pd.DataFrame, pd.DataFrame, object]:
    rows = generated_rows()
    frame, report = build_microdata(rows, k=DEFAULT_K)
    return rows, frame, report


class TestBuildMicrodata:
    def test_every_class_has_at_least_k_rows(self, built):
        _, frame, report = built
        assert (frame[QUASI] != "").all().all()
        assert class_sizes(frame).min() >= DEFAULT_K
        assert report.k_satisfied and report.smallest_class >= DEFAULT_K

    def test_the_k_check_query_finds_no_small_class(self, built):
        _, frame, _ = built
        with sqlite3.connect(":memory:") as connection:
            connection.execute(f"create table case_microdata ({', '.join(frame.columns)})")
            placeholders = ", ".join("?" for _ in frame.columns)
            connection.executemany(
                f"insert into case_microdata values ({placeholders})",
                frame.astype(object).where(frame.notna(), None).itertuples(index=False),
            )
            query = K_CHECK_QUERY.replace("marts.case_microdata", "case_microdata")
            assert connection.execute(query, {"k": DEFAULT_K}).fetchall() == []
            assert connection.execute(query, {"k": DEFAULT_K + 500}).fetchall() != []

    def test_rows_are_never_dropped_and_values_only_suppressed(self, built):
        rows, frame, _ = built
        assert len(frame) == len(rows)
        before = rows.set_index("row_id").sort_index()
        after = frame.set_index("row_id").sort_index()
        assert list(after.index) == list(before.index)
        for name in QUASI:
            original = before[name].fillna("unknown")
            kept = after[name] != SUPPRESSED
            assert (after.loc[kept, name] == original[kept]).all(), name
        pd.testing.assert_series_equal(
            after["cas_status"].astype(object), before["cas_status"].astype(object)
        )

    def test_the_report_gives_per_column_and_overall_rates(self, built):
        _, frame, report = built
        cells = {name: int((frame[name] == SUPPRESSED).sum()) for name in QUASI}
        assert report.rows == len(frame)
        assert report.suppressed_cells == cells
        for name in QUASI:
            assert report.column_rates[name] == pytest.approx(cells[name] / len(frame))
        assert report.overall_rate == pytest.approx(sum(cells.values()) / (5 * len(frame)))
        assert 0 < report.overall_rate < 1
        assert report.rows_with_suppression == int((frame[QUASI] == SUPPRESSED).any(axis=1).sum())
        text = "\n".join(report.summary_lines())
        assert "suppression rate" in text and f"{report.overall_rate:.2%}" in text

    def test_the_same_rows_give_the_same_result(self, built):
        rows, frame, _ = built
        again, _ = build_microdata(rows, k=DEFAULT_K)
        pd.testing.assert_frame_equal(frame, again)

    def test_row_order_reveals_nothing(self, built):
        _, frame, _ = built
        assert frame.equals(frame.sort_values(list(frame.columns), kind="mergesort",
                                              ignore_index=True))  # fmt: skip

    def test_a_k_anonymous_frame_is_left_alone(self):
        rows = pd.DataFrame({name: ["a"] * 12 + ["b"] * 11 for name in QUASI})
        frame, report = build_microdata(rows)
        assert report.overall_rate == 0 and report.rows_with_suppression == 0
        assert (frame[QUASI] != SUPPRESSED).all().all()

    def test_the_column_with_most_distinct_values_in_small_classes_goes_first(self):
        rows = pd.DataFrame(
            {
                "a": ["x"] * 6 + ["p", "q", "r"],
                "b": ["y"] * 6 + ["s", "s", "s"],
            }
        )
        frame, report = build_microdata(rows, k=3, quasi=("a", "b"))
        assert report.suppressed_cells == {"a": 3, "b": 0}
        assert class_sizes_of(frame, ["a", "b"]).min() >= 3

    def test_a_too_small_suppressed_class_borrows_from_the_surplus_of_large_ones(self):
        rows = pd.DataFrame({"a": ["x"] * 5 + ["p", "r"], "b": ["y"] * 5 + ["q", "s"]})
        frame, report = build_microdata(rows, k=3, quasi=("a", "b"))
        sizes = class_sizes_of(frame, ["a", "b"])
        assert sizes[(SUPPRESSED, SUPPRESSED)] == 3 and sizes[("x", "y")] == 4
        assert report.k_satisfied and len(frame) == 7

    def test_fewer_rows_than_k_are_all_suppressed_and_reported(self):
        rows = generated_rows(count=7)
        frame, report = build_microdata(rows)
        assert len(frame) == 7
        assert (frame[QUASI] == SUPPRESSED).all().all()
        assert not report.k_satisfied and report.overall_rate == 1

    def test_missing_values_are_the_value_unknown(self):
        rows = pd.DataFrame({"a": [None] * 11 + ["x"] * 11})
        frame, report = build_microdata(rows, quasi=("a",))
        assert sorted(set(frame["a"])) == ["unknown", "x"] and report.overall_rate == 0

    def test_an_empty_frame_is_fine(self):
        frame, report = build_microdata(generated_rows(count=0))
        assert frame.empty and report.k_satisfied and report.overall_rate == 0

    def test_a_missing_quasi_identifier_column_is_an_error(self):
        with pytest.raises(ValueError, match="age_band"):
            build_microdata(generated_rows(count=20).drop(columns=["age_band"]))


def class_sizes_of(frame: pd.DataFrame, quasi: list[str]) -> pd.Series:
    return frame.groupby(quasi).size()


class TestMicrodataReport:
    def test_a_frame_read_back_from_the_mart_gets_the_same_report(self):
        frame, report = build_microdata(generated_rows(count=500))
        assert microdata_report(frame.sample(frac=1, random_state=3)) == report


class TestMicrodataSource:
    def test_core_case_rows_become_the_mart_columns(self):
        contract = load_contract("cases")
        key = PseudonymKey(secrets.token_bytes(32))
        values = [("KH;TH", "2009-01-01"), ("MM", None), (None, "1990-06-01")]
        rows = []
        for number, (citizenship, birth) in enumerate(values):
            row: dict[str, object] = {}
            for column in contract.columns:
                if column.is_coded:
                    row[column.name] = column.codes[0]
                elif column.type == "date":
                    row[column.name] = pd.Timestamp("2025-02-14")
                elif column.type == "boolean":
                    row[column.name] = True
                else:
                    row[column.name] = f"text {number}"
            row |= {"partner_case_id": f"C{number}", "prs_Citizenship": citizenship,
                    "prs_Birthdate": pd.Timestamp(birth) if birth else None}  # fmt: skip
            rows.append(row)
        typed = pd.DataFrame(rows)
        for column in contract.columns:
            if column.type == "date":
                typed[column.name] = pd.to_datetime(typed[column.name]).astype("datetime64[s]")
            elif column.type == "boolean":
                typed[column.name] = typed[column.name].astype("boolean")
            else:
                typed[column.name] = typed[column.name].astype("string")
        core = deidentify(typed, contract=contract, partner_code="kh-ksp", key=key).frame
        source = microdata_source(core)
        assert list(source.columns) == [column.name for column in microdata_columns()]
        assert source["prs_citizenship"].tolist() == ["KH;TH", "MM", "unknown"]
        assert source["identification_year"].tolist() == ["2025"] * 3
        assert source["age_band"].tolist() == ["9-17", "unknown", "30-38"]
        assert source["vic_typeofexploitation__forcedlabour"].tolist() == [1, 1, 1]

    def test_the_mart_has_no_key_month_or_place_finer_than_country(self):
        names = {column.name for column in microdata_columns()}
        assert set(QUASI_IDENTIFIERS) <= names
        for forbidden in ("record_key", "person_key", "province", "is_minor", "period_month"):
            assert forbidden not in names
        assert not any(name.endswith(("_month", "_key")) for name in names)


class TestMartSql:
    def test_the_ddl_declares_exactly_the_mart_columns(self):
        declared = re.findall(r"^    (\w+) (\w+)(?: not null)?,?$", CASE_MICRODATA_DDL, re.M)
        expected = [(column.name, column.sql_type) for column in microdata_columns()]
        assert declared == expected

    def test_every_column_and_the_table_have_a_comment(self):
        commented = re.findall(
            r"comment on column marts\.case_microdata\.(\w+) is", CASE_MICRODATA_DDL
        )
        assert commented == [column.name for column in microdata_columns()]
        assert "comment on table marts.case_microdata is" in CASE_MICRODATA_DDL

    def test_the_quasi_identifiers_are_not_null_text(self):
        for name in QUASI_IDENTIFIERS:
            assert f"    {name} text not null," in CASE_MICRODATA_DDL

    def test_the_queries_read_the_mart(self):
        assert "from marts.case_microdata" in K_CHECK_QUERY and ":k" in K_CHECK_QUERY
        assert "from marts.case_microdata" in SUPPRESSION_RATE_QUERY
        for name in QUASI_IDENTIFIERS:
            assert f"{name}_rate" in SUPPRESSION_RATE_QUERY
