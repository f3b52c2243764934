"""The microdata refresh reads core.cases narrowly: the same source rows as reading it whole.

``refresh_case_microdata`` joins the citizenship flags in SQL (``source_columns_sql``)
instead of reading all ~300 columns of ``core.cases``; on the session's year of exports
(multi-citizenship rows included) both reads must give the same frame, row for row.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from pata.contracts import load_contract
from pata.deid import flag_column_name
from pata.microdata import microdata_source, source_columns_sql
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

_ORDER = "order by partner_code, record_key"


def test_the_narrow_read_gives_the_same_source_as_the_whole_row(processed_year):
    settings = processed_year["settings"]
    with get_engine(role="pipeline", settings=settings).connect() as conn:
        # A copy of the current cases in which some people hold two or three citizenships
        # (the synthetic year has one each), rolled back at the end.
        conn.execute(text("create temp table cases_copy as select * from core.cases"))
        conn.execute(
            text(
                "update cases_copy set prs_citizenship__np = 1, prs_citizenship__zw = 1 "
                "where record_key in (select record_key from cases_copy "
                "order by partner_code, record_key limit 40)"
            )
        )
        conn.execute(
            text(
                "update cases_copy set prs_citizenship__ad = 1 "
                "where record_key in (select record_key from cases_copy "
                "order by partner_code, record_key limit 15)"
            )
        )
        codes = load_contract("cases").column("prs_Citizenship").codes
        cleared = ", ".join(f"{flag_column_name('prs_Citizenship', c)} = 0" for c in codes)
        conn.execute(
            text(
                f"update cases_copy set {cleared} where record_key in (select record_key "
                "from cases_copy order by partner_code, record_key offset 100 limit 12)"
            )
        )
        whole = pd.read_sql(text(f"select * from cases_copy {_ORDER}"), conn)
        narrow = pd.read_sql(text(f"select {source_columns_sql()} from cases_copy {_ORDER}"), conn)
        conn.rollback()
    assert len(whole) > 1000
    expected = microdata_source(whole)
    got = microdata_source(narrow)
    joined = expected["prs_citizenship"]
    assert joined.str.count(";").ge(2).sum() >= 15, "three citizenships, joined in code order"
    # 12 cleared here; other tests of the session may add cases without one too.
    assert (joined == "unknown").sum() >= 12, "no citizenship at all"
    assert joined.nunique() > 5
    pd.testing.assert_frame_equal(got, expected)
