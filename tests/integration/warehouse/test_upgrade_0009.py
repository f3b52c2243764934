"""Migration 0009 moves a loaded wide warehouse to the narrow model without changing a figure.

Two databases receive the same cases files (several months, two quarters, records sent
again, multi-selects of 0 to 3 codes, unanswered ones): one at 0008, written as the wide
model stored them (one 0/1 flag per code) and then upgraded to head; one at head, loaded
by today's loader. Every fact row, every cases indicator cell (LP-1..LP-4, the queries of
sql/marts/indicators) and the rebuilt microdata mart must be identical in both.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, MetaData, Table, create_engine, pool, text
from warehouse_frames import add_ledger_row, deidentified

from pata.contracts import load_contract
from pata.microdata import flag_column_name
from pata.settings import REPO_ROOT, Settings
from pata.warehouse.dimensions import seed_dimensions
from pata.warehouse.load import load_file
from pata.warehouse.marts import refresh_case_microdata
from pata.warehouse.migrations import alembic_config
from pata.warehouse.models import apply_models

pytestmark = pytest.mark.integration

MONTHS = [date(2026, month, 1) for month in range(4, 10)]
CASE_QUERIES = ("lp_1", "lp_2", "lp_3", "lp_4")


def files() -> Iterator[tuple[date, pd.DataFrame]]:
    """Monthly cases files: 150 records each, half of them sent again the next month."""
    for number, month in enumerate(MONTHS):
        first = number * 75
        table = deidentified(
            "cases", numbers=range(first, first + 150), month=month, version=number
        )
        yield month, table


def database(warehouse: Settings, owner: Engine, name: str, revision: str) -> Engine:
    from alembic import command

    with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"drop database if exists {name}"))
        conn.execute(text(f"create database {name}"))
    url = warehouse.database_url(name, role="owner")
    config = alembic_config(warehouse)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)
    return create_engine(url, poolclass=pool.NullPool)


def upgrade_to_head(warehouse: Settings, engine: Engine) -> None:
    from alembic import command

    config = alembic_config(warehouse)
    config.set_main_option(
        "sqlalchemy.url", str(engine.url.render_as_string(False)).replace("%", "%%")
    )
    command.upgrade(config, "heads")
    with engine.begin() as conn:
        seed_dimensions(conn)
        apply_models(conn)


def write_wide(conn, table, *, ledger_id: int, period: date) -> None:  # type: ignore[no-untyped-def]
    """The rows as the wide model stored them: each multi-select as one 0/1 flag per code."""
    contract = load_contract("cases")
    frame = table.frame.copy()
    for column in contract.columns:
        if column.type != "multicode":
            continue
        answers = frame.pop(column.name.lower())
        for code in column.codes:
            chosen = answers.str.split(";").map(
                lambda codes, c=code: c in codes, na_action="ignore"
            )
            frame[flag_column_name(column.name, code)] = chosen.astype("boolean").astype("Int16")
    frame["partner_code"] = table.partner_code
    frame["source_period"] = period
    frame["ledger_id"] = ledger_id
    frame["loaded_at"] = pd.Timestamp("2026-10-01T00:00:00Z")
    fact = Table("fact_case", MetaData(), schema="core", autoload_with=conn)
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    conn.execute(fact.insert(), records)
    # The version that stands: the latest period (files arrive in period order here).
    conn.execute(
        text(
            "insert into core.fact_case_current (partner_code, record_key, ledger_id, "
            "source_period) select partner_code, record_key, ledger_id, source_period "
            "from core.fact_case where ledger_id = :ledger on conflict (partner_code, record_key) "
            "do update set ledger_id = excluded.ledger_id, source_period = excluded.source_period"
        ),
        {"ledger": ledger_id},
    )


def figures(engine: Engine) -> dict[str, pd.DataFrame]:
    """Facts, cases indicator cells and the microdata mart of a warehouse."""
    out: dict[str, pd.DataFrame] = {}
    with engine.begin() as conn:
        out["facts"] = pd.read_sql(
            text("select * from core.fact_case order by partner_code, record_key, ledger_id"),
            conn,
        ).drop(columns=["loaded_at"])
        for name in CASE_QUERIES:
            query = (REPO_ROOT / "sql" / "marts" / "indicators" / f"{name}.sql").read_text()
            cells = pd.read_sql(
                text(query),
                conn,
                params={"first_quarter": date(2026, 1, 1), "last_quarter": date(2026, 12, 31)},
            )
            out[name] = cells.sort_values(list(cells.columns[:4])).reset_index(drop=True)
        refresh_case_microdata(conn)
        mart = pd.read_sql(text("select * from marts.case_microdata"), conn)
        out["microdata"] = mart.sort_values(list(mart.columns)).reset_index(drop=True)
    return out


def test_the_upgrade_changes_no_fact_indicator_or_microdata_row(warehouse: Settings, owner: Engine):
    wide = database(warehouse, owner, "upgrade_wide", "0008_staging_key_checks")
    narrow = database(warehouse, owner, "upgrade_narrow", "heads")
    try:
        with narrow.begin() as conn:
            seed_dimensions(conn)
            apply_models(conn)
        for month, table in files():
            with wide.begin() as conn:
                ledger = add_ledger_row(conn, dataset="cases", period=month, name=f"c{month}")
                write_wide(conn, table, ledger_id=ledger, period=month)
            with narrow.begin() as conn:
                ledger = add_ledger_row(conn, dataset="cases", period=month, name=f"c{month}")
                load_file(conn, table, ledger_id=ledger)
        with wide.connect() as conn:
            flags = conn.execute(
                text(
                    "select count(*) from information_schema.columns where table_schema = 'core' "
                    "and table_name = 'fact_case'"
                )
            ).scalar_one()
        assert flags > 280  # the wide model
        upgrade_to_head(warehouse, wide)
        before_and_after = figures(wide), figures(narrow)
        for name in before_and_after[1]:
            moved, loaded = before_and_after[0][name], before_and_after[1][name]
            assert len(loaded) > 0, name
            pd.testing.assert_frame_equal(moved, loaded, obj=name)
        # Multi-selects of several codes did move (not only single codes).
        facts = before_and_after[0]["facts"]
        assert facts["prs_citizenship"].dropna().map(len).max() >= 3
    finally:
        wide.dispose()
        narrow.dispose()
        with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("drop database if exists upgrade_wide"))
            conn.execute(text("drop database if exists upgrade_narrow"))
