"""The microdata refresh reads core.current_cases narrowly: the same source rows as whole.

``refresh_case_microdata`` joins citizenship and turns the multi-select attributes into the
mart's flags in SQL (``source_columns_sql``); on the session's year of exports
(multi-citizenship rows included) that read and the whole rows, folded in pandas, must give
the same frame, row for row.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from pata.contracts import load_contract
from pata.microdata import microdata_source, source_columns_sql
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

_ORDER = "order by partner_code, record_key"


def test_the_narrow_read_gives_the_same_source_as_the_whole_row(processed_year):
    settings = processed_year["settings"]
    with get_engine(role="pipeline", settings=settings).connect() as conn:
        # A copy of the current cases in which some people hold two or three citizenships
        # (the synthetic year has one each), rolled back at the end.
        conn.execute(text("create temp table cases_copy as select * from core.current_cases"))
        conn.execute(
            text(
                "update cases_copy set prs_citizenship = array['NP', 'ZW'] "
                "where record_key in (select record_key from cases_copy "
                "order by partner_code, record_key limit 40)"
            )
        )
        conn.execute(
            text(
                "update cases_copy set prs_citizenship = array['AD'] || prs_citizenship "
                "where record_key in (select record_key from cases_copy "
                "order by partner_code, record_key limit 15)"
            )
        )
        conn.execute(
            text(
                "update cases_copy set prs_citizenship = '{}' where record_key in (select "
                "record_key from cases_copy order by partner_code, record_key offset 100 limit 12)"
            )
        )
        whole = pd.read_sql(text(f"select * from cases_copy {_ORDER}"), conn)
        for column in load_contract("cases").columns:
            if column.type == "multicode":  # as de-identification gives it: codes joined by ';'
                name = column.name.lower()
                whole[name] = whole[name].map(";".join, na_action="ignore").astype("string")
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
