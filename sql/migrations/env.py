"""Alembic environment of the warehouse (online mode only; DDL lives in .sql files)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "sqlalchemy.url is set by pata.warehouse.migrations.alembic_config"
engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        version_table="alembic_version",
        version_table_schema="public",
    )
    with context.begin_transaction():
        # One migrator at a time, whoever runs it (make up, the compose init job, a test).
        connection.exec_driver_sql("select pg_advisory_xact_lock(7414960001)")
        context.run_migrations()
