"""Bytes per case in core, wide (0008) and narrow (after 0009), on the upgrade test's files.

Run: ``cd tests/integration/warehouse && ../../../.venv/bin/python footprint.py [files]``
(an embedded PostgreSQL in a temporary home; a minute or two). Prints one line per model.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, text
from test_upgrade_0009 import MONTHS, database, upgrade_to_head, write_wide
from warehouse_frames import add_ledger_row, deidentified

from pata.settings import Settings
from pata.stack import postgres
from pata.stack.processes import free_port
from pata.warehouse import migrations
from pata.warehouse.engine import get_engine
from pata.warehouse.load import load_file


def per_case(engine: Engine) -> str:
    with engine.connect() as conn:
        rows = conn.execute(text("select count(*) from core.fact_case")).scalar_one()
        total = conn.execute(text("select pg_total_relation_size('core.fact_case')")).scalar_one()
        heap = conn.execute(text("select pg_relation_size('core.fact_case')")).scalar_one()
        tuple_bytes = conn.execute(
            text("select avg(pg_column_size(f.*)) from core.fact_case f")
        ).scalar_one()
    return (
        f"{rows} versions, {total / rows:.0f} B/case with indexes, {heap / rows:.0f} B/case heap, "
        f"{float(tuple_bytes):.0f} B/row tuple"
    )


def main(files_per_month: int) -> None:
    home = Path(tempfile.mkdtemp(prefix="pata-footprint-"))
    settings = Settings(home=home, pg_port=free_port())
    postgres.start(settings)
    try:
        migrations.upgrade(settings=settings)
        owner = get_engine(role="owner", settings=settings)
        wide = database(settings, owner, "footprint_wide", "0008_staging_key_checks")
        narrow = database(settings, owner, "footprint_narrow", "heads")
        upgrade_to_head(settings, narrow)
        load_seconds = 0.0
        for number, month in enumerate(MONTHS):
            for part in range(files_per_month):
                first = (number * files_per_month + part) * 1000
                table = deidentified("cases", numbers=range(first, first + 1000), month=month)
                with wide.begin() as conn:
                    ledger = add_ledger_row(
                        conn, dataset="cases", period=month, name=f"{month}{part}"
                    )
                    write_wide(conn, table, ledger_id=ledger, period=month)
                with narrow.begin() as conn:
                    ledger = add_ledger_row(
                        conn, dataset="cases", period=month, name=f"{month}{part}"
                    )
                    started = time.monotonic()
                    load_file(conn, table, ledger_id=ledger)
                    load_seconds += time.monotonic() - started
        for engine in (wide, narrow):
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("vacuum analyze core.fact_case"))
        print("wide (0008):       ", per_case(wide))
        started = time.monotonic()
        upgrade_to_head(settings, wide)
        print(f"0009 upgrade:        {time.monotonic() - started:.1f} s")
        print("moved (0009):      ", per_case(wide))
        print("loaded narrow:     ", per_case(narrow), f"(load_file {load_seconds:.1f} s)")
        wide.dispose()
        narrow.dispose()
    finally:
        postgres.stop(settings)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
