"""Rebuild of the record-level mart: ``marts.case_microdata`` (k-anonymous case microdata)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from psycopg import sql
from sqlalchemy import Connection, text

if TYPE_CHECKING:
    from pata.microdata import MicrodataReport

log = logging.getLogger(__name__)


def refresh_case_microdata(conn: Connection, *, k: int = 11) -> MicrodataReport:
    """Rebuild ``marts.case_microdata`` from the current core cases, k-anonymous by local
    suppression, inside the caller's transaction. Returns the suppression report."""
    import pandas as pd

    from pata.microdata import build_microdata, microdata_source, source_columns_sql

    rows = pd.read_sql(text(f"select {source_columns_sql()} from core.current_cases"), conn)
    built, report = build_microdata(microdata_source(rows), k=k)
    conn.execute(text("truncate marts.case_microdata"))
    driver = conn.connection.driver_connection
    assert driver is not None
    statement = sql.SQL("copy marts.case_microdata ({}) from stdin").format(
        sql.SQL(", ").join(sql.Identifier(c) for c in built.columns)
    )
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for record in built.astype(object).where(built.notna(), None).itertuples(index=False):
            copy.write_row(tuple(record))
    log.info(
        "case microdata rebuilt: %s rows, overall suppression rate %.3f",
        len(built),
        report.overall_rate,
    )
    return report
