"""The 0003 core model: columns follow pata.deid, everything is commented, it migrates both ways."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, pool, text

from pata.contracts import DATASETS, load_contract
from pata.deid import output_columns
from pata.settings import Settings
from pata.warehouse.load import FACT_TABLES, target_of
from pata.warehouse.migrations import alembic_config

pytestmark = pytest.mark.integration

DOCUMENTED_SCHEMAS = ("ops", "core", "marts", "staging", "linkage")
LINEAGE = [
    ("source_period", "date"),
    ("ledger_id", "bigint"),
    ("loaded_at", "timestamp with time zone"),
]


def columns_of(engine: Engine, relation: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select attname, format_type(atttypid, atttypmod) from pg_attribute "
                "where attrelid = cast(:r as regclass) and attnum > 0 and not attisdropped "
                "order by attnum"
            ),
            {"r": relation},
        ).all()
    return [(str(name), str(kind)) for name, kind in rows]


def deid_columns(dataset: str) -> list[tuple[str, str]]:
    return [(c.name, c.sql_type) for c in output_columns(load_contract(dataset))]


class TestColumnsFollowDeidentification:
    @pytest.mark.parametrize("dataset", DATASETS)
    def test_staging_columns_are_the_deidentified_columns(self, owner: Engine, dataset: str):
        assert columns_of(owner, f"staging.{dataset}") == deid_columns(dataset)

    @pytest.mark.parametrize("dataset", DATASETS)
    def test_fact_columns_are_the_deidentified_columns_with_partner_and_lineage(
        self, owner: Engine, dataset: str
    ):
        expected = [("partner_code", "text"), *deid_columns(dataset), *LINEAGE]
        assert columns_of(owner, f"core.{FACT_TABLES[dataset]}") == expected

    @pytest.mark.parametrize("dataset", DATASETS)
    def test_the_record_key_is_the_deidentified_record_id(self, dataset: str):
        assert target_of(dataset).key == output_columns(load_contract(dataset))[0].name


class TestComments:
    def test_every_schema_has_a_comment(self, owner: Engine):
        with owner.connect() as conn:
            missing = (
                conn.execute(
                    text(
                        "select nspname from pg_namespace where nspname = any(:s) "
                        "and obj_description(oid, 'pg_namespace') is null"
                    ),
                    {"s": list(DOCUMENTED_SCHEMAS)},
                )
                .scalars()
                .all()
            )
        assert missing == []

    def test_every_table_view_and_column_has_a_comment(self, owner: Engine):
        with owner.connect() as conn:
            relations = (
                conn.execute(
                    text(
                        "select n.nspname || '.' || c.relname from pg_class c "
                        "join pg_namespace n on n.oid = c.relnamespace "
                        "where n.nspname = any(:s) and c.relkind in ('r', 'p', 'v', 'm') "
                        "and obj_description(c.oid, 'pg_class') is null order by 1"
                    ),
                    {"s": list(DOCUMENTED_SCHEMAS)},
                )
                .scalars()
                .all()
            )
            columns = (
                conn.execute(
                    text(
                        "select n.nspname || '.' || c.relname || '.' || a.attname from pg_class c "
                        "join pg_namespace n on n.oid = c.relnamespace "
                        "join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 "
                        "and not a.attisdropped "
                        "where n.nspname = any(:s) and c.relkind in ('r', 'p', 'v', 'm') "
                        "and col_description(c.oid, a.attnum) is null order by 1"
                    ),
                    {"s": list(DOCUMENTED_SCHEMAS)},
                )
                .scalars()
                .all()
            )
        assert relations == []
        assert columns == []

    def test_every_table_comment_states_its_grain(self, owner: Engine):
        with owner.connect() as conn:
            tables = (
                conn.execute(
                    text(
                        "select n.nspname || '.' || c.relname from pg_class c "
                        "join pg_namespace n on n.oid = c.relnamespace "
                        "where n.nspname in ('core', 'staging', 'marts') "
                        "and c.relkind in ('r', 'v') "
                        "and obj_description(c.oid, 'pg_class') not ilike '%grain%'"
                    )
                )
                .scalars()
                .all()
            )
        assert tables == []


class TestMigration:
    def test_0003_downgrades_and_upgrades_again_on_an_empty_database(
        self, warehouse: Settings, owner: Engine
    ):
        from alembic import command

        database = "warehouse_roundtrip"
        with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"drop database if exists {database}"))
            conn.execute(text(f"create database {database}"))
        url = warehouse.database_url(database, role="owner")
        config = alembic_config(warehouse)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        probe = create_engine(url, poolclass=pool.NullPool)
        try:
            command.upgrade(config, "0003_core_model")
            command.downgrade(config, "0002_ops_ledger")
            with probe.connect() as conn:
                left = conn.execute(
                    text(
                        "select count(*) from pg_class c join pg_namespace n "
                        "on n.oid = c.relnamespace where n.nspname in ('core', 'staging', 'marts') "
                        "and c.relname not in ('withheld_no_consent')"
                        "and c.relkind in ('r', 'v', 'i')"
                        "and c.relname not like 'withheld_no_consent%'"
                    )
                ).scalar_one()
            assert left == 0
            command.upgrade(config, "0003_core_model")
            with probe.connect() as conn:
                assert conn.execute(text("select count(*) from core.cases")).scalar_one() == 0
                seeded = conn.execute(text("select count(*) from core.dim_province")).scalar_one()
            assert seeded > 0  # the migration seeds the reference rows
        finally:
            probe.dispose()
            with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"drop database if exists {database} with (force)"))
