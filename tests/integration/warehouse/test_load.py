"""pata.warehouse.load against the embedded PostgreSQL: idempotent, versioned, atomic, locked."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, text
from warehouse_frames import add_ledger_row, deidentified, record_key

from pata.warehouse.load import LoadResult, load_file

pytestmark = pytest.mark.integration


def core_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: int(conn.execute(text(f"select count(*) from core.{name}")).scalar_one())
            for name in ("fact_case", "fact_case_exploitation", "fact_referral")
        }


class TestLoadFile:
    def test_a_cases_file_lands_in_core(self, clean_core: Engine, pipeline: Engine):
        table = deidentified("cases", numbers=range(20), withheld={date(2026, 7, 1): 3})
        with pipeline.begin() as conn:
            ledger_id = add_ledger_row(conn, dataset="cases")
            result = load_file(conn, table, ledger_id=ledger_id)
        assert result == LoadResult(inserted=20, updated=0, deleted=0, withheld=3)
        counts = core_counts(clean_core)
        assert counts["fact_case"] == 20
        assert counts["fact_case_exploitation"] > 0
