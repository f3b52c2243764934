"""A withheld (non-consenting) person counts once per partner and period in LP-1, whatever the
number of files that carried them (issue #17, item 5)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, text
from warehouse_frames import add_ledger_row, deidentified, pseudonym

from pata.contracts import load_contract
from pata.deid import deidentify, pseudonymize_person
from pata.keys import PseudonymKey
from pata.settings import REPO_ROOT
from pata.warehouse.load import load_file

pytestmark = pytest.mark.integration

JULY, AUGUST = date(2026, 7, 1), date(2026, 8, 1)
QUARTER = date(2026, 7, 1)
LP_1 = (REPO_ROOT / "sql" / "marts" / "indicators" / "lp_1.sql").read_text(encoding="utf-8")


def load_cases(engine: Engine, *, period: date, withheld: dict[date, list[str]]) -> int:
    """Load a cases file whose withheld rows are the persons (tokens) given per month."""
    table = deidentified("cases", numbers=range(3), month=period, version=period.month)
    table = dataclasses.replace(
        table,
        withheld_no_consent={month: len(tokens) for month, tokens in withheld.items()},
        withheld_persons=tuple(
            (month, token) for month, tokens in withheld.items() for token in tokens
        ),
    )
    with engine.begin() as conn:
        ledger_id = add_ledger_row(
            conn, partner_code="kh-ksp", dataset="cases", period=period, name=f"f{period}"
        )
    with engine.begin() as conn:
        load_file(conn, table, ledger_id=ledger_id)
    return ledger_id


def withheld_in_lp_1(engine: Engine) -> int | None:
    with engine.connect() as conn:
        cells = pd.read_sql(
            text(LP_1), conn, params={"first_quarter": QUARTER, "last_quarter": QUARTER}
        )
    found = cells[(cells.disaggregation == "consent") & (cells.category == "withheld")]
    return None if found.empty else int(found.numerator.sum())


class TestWithheldPersons:
    def test_a_person_in_two_monthly_files_counts_once(self, clean_core: Engine, pipeline: Engine):
        alice, bob = pseudonym("withheld", "alice"), pseudonym("withheld", "bob")
        load_cases(pipeline, period=JULY, withheld={JULY: [alice]})
        load_cases(pipeline, period=AUGUST, withheld={JULY: [alice], AUGUST: [alice, bob]})
        with clean_core.connect() as conn:
            rows = conn.execute(text("select sum(withheld_count) from core.withheld_no_consent"))
            assert rows.scalar_one() == 4  # the rows, per file, as before
        assert withheld_in_lp_1(clean_core) == 2  # the persons: alice and bob

    def test_the_same_person_gives_the_same_token_in_every_file_and_no_person_key(self):
        contract = load_contract("cases")
        key = PseudonymKey(bytes(range(32)), source="test")
        row = {name: pd.NA for name in contract.names}
        row |= {"prs_FirstName": "Sokha", "prs_SecondName": "Chan", "con_Consent": False}
        frames = []
        for number, case_id in enumerate(("C-1", "C-2")):
            frame = pd.DataFrame([row | {"partner_case_id": case_id}]).astype("string")
            frame["identification_date"] = pd.to_datetime([f"2026-0{7 + number}-03"])
            frame["prs_Birthdate"] = pd.to_datetime(["1990-01-01"])
            frame["con_Consent"] = pd.array([False], dtype="boolean")
            frames.append(frame.astype({"identification_date": "datetime64[s]"}))
        tables = [
            deidentify(frame, contract=contract, partner_code="kh-ksp", key=key) for frame in frames
        ]
        (first,), (second,) = (table.withheld_persons for table in tables)
        assert first[1] == second[1]  # one person, two cases, two files: one token
        assert (first[0], second[0]) == (JULY, AUGUST)
        person_key = pseudonymize_person(
            ["Sokha", "Chan", date(1990, 1, 1)], key=key, partner_code="kh-ksp"
        )
        assert first[1] != person_key  # cannot be joined to core's person_key
        assert all(len(table.frame) == 0 for table in tables)
