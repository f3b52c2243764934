"""``pata export ctdc``: the shared microdata as a CTDC-style flat file, read as an analyst."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text
from warehouse_frames import add_ledger_row, deidentified

from pata.microdata import microdata_columns
from pata.warehouse.export import write_ctdc_csv
from pata.warehouse.load import load_file
from pata.warehouse.marts import refresh_case_microdata

pytestmark = pytest.mark.integration


def test_the_export_is_the_mart_with_one_flag_column_per_code(
    clean_core: Engine, pipeline: Engine, analyst: Engine, tmp_path: Path
):
    with pipeline.begin() as conn:
        ledger = add_ledger_row(conn, dataset="cases", name="export")
        load_file(conn, deidentified("cases", numbers=range(60)), ledger_id=ledger)
        refresh_case_microdata(conn)
    out = tmp_path / "ctdc.csv"
    with analyst.connect() as conn:
        rows = write_ctdc_csv(conn, out=out)
        in_mart = conn.execute(text("select count(*) from marts.case_microdata")).scalar_one()
    frame = pd.read_csv(out, dtype="string", keep_default_na=False)
    assert rows == in_mart == len(frame) == 60
    assert list(frame.columns) == [column.name for column in microdata_columns()]
    flags = frame.filter(like="vic_typeofexploitation__")
    assert len(flags.columns) == 11  # one per code of the contract
    assert set(flags.stack().unique()) <= {"0", "1", ""}
    assert "person_key" not in frame.columns and "record_key" not in frame.columns
