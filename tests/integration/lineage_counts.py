"""Test helper shared by the integration tests: core rows traced to one received file."""

from __future__ import annotations

from sqlalchemy import text

from pata.settings import Settings
from pata.warehouse.engine import get_engine


def core_rows(settings: Settings, ledger_id: int) -> int:
    """Rows in every core table that carry this ledger id (lineage)."""
    with get_engine(role="owner", settings=settings).connect() as conn:
        tables = (
            conn.execute(
                text(
                    "select c.table_name from information_schema.columns c "
                    "join information_schema.tables t using (table_schema, table_name) "
                    "where c.table_schema = 'core' and c.column_name = 'ledger_id' "
                    "and t.table_type = 'BASE TABLE'"
                )
            )
            .scalars()
            .all()
        )
        return sum(
            conn.execute(
                text(f'select count(*) from core."{table}" where ledger_id = :id'),
                {"id": ledger_id},
            ).scalar_one()
            for table in tables
        )
