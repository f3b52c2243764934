"""The CTDC-style flat export: generated from the model when asked, never stored.

One row per person-case of the k-anonymous shared microdata (``marts.case_microdata``):
quasi-identifiers as single columns (citizenship joined by ';'), each multi-select
attribute as one 0/1 flag column per code, the shape the CTDC global dataset uses.
"""

from __future__ import annotations

from pathlib import Path

from psycopg import sql
from sqlalchemy import Connection

from pata.microdata import microdata_columns


def write_ctdc_csv(conn: Connection, *, out: Path) -> int:
    """Write the flat export as CSV (header first) to ``out``; the number of rows written."""
    columns = [column.name for column in microdata_columns()]
    statement = sql.SQL(
        "copy (select {} from marts.case_microdata order by {}) to stdout (format csv, header)"
    ).format(
        sql.SQL(", ").join(sql.Identifier(name) for name in columns),
        sql.SQL(", ").join(sql.Identifier(name) for name in columns),
    )
    driver = conn.connection.driver_connection
    rows = 0
    with (
        out.open("wb") as sink,
        driver.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(statement) as copy,
    ):
        for block in copy:
            sink.write(block)
            rows += bytes(block).count(b"\n")
    return max(rows - 1, 0)
