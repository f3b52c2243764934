"""The embedded PostgreSQL asks every login for its password, also in a data directory that an
older stack initialised with ``--auth=trust``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, pool, text
from sqlalchemy.exc import OperationalError

from pata.settings import Settings
from pata.stack import postgres
from pata.stack.processes import free_port
from pata.warehouse import migrations

pytestmark = pytest.mark.integration


def trust_cluster(settings: Settings) -> None:
    """A data directory as the stack made it before: any local user, no password."""
    run_as = postgres.own_data_directory(settings.pgdata)
    subprocess.run(
        [
            str(postgres.bin_dir() / "initdb"),
            "-D",
            str(settings.pgdata),
            "--auth=trust",
            "-U",
            "postgres",
        ],
        check=True,
        capture_output=True,
        **run_as,
    )


def test_a_trust_data_directory_is_converted_to_passwords(tmp_path: Path):
    settings = Settings(home=tmp_path / "pata", pg_port=free_port())
    trust_cluster(settings)
    postgres.start(settings)
    try:
        hba = (settings.pgdata / "pg_hba.conf").read_text()
        rules = [line.split() for line in hba.splitlines() if line.strip() and line[0] != "#"]
        assert rules and all(rule[-1] == "scram-sha-256" for rule in rules)
        bare = create_engine(
            f"postgresql+psycopg://postgres@127.0.0.1:{settings.pg_port}/postgres",
            poolclass=pool.NullPool,
        )
        with pytest.raises(OperationalError, match="password"):
            bare.connect()
        owner = create_engine(settings.database_url("warehouse"), poolclass=pool.NullPool)
        with owner.connect() as conn:
            assert conn.execute(text("select current_user")).scalar_one() == "postgres"
            airflow_owner = conn.execute(
                text("select pg_get_userbyid(datdba) from pg_database where datname = 'airflow'")
            ).scalar_one()
        assert airflow_owner == "pata_airflow"
        airflow = create_engine(
            settings.database_url("airflow", role="airflow"), poolclass=pool.NullPool
        )
        with airflow.connect() as conn:
            conn.execute(text("create table probe (n int)"))  # it owns its database
            conn.commit()
        migrations.upgrade(settings=settings)  # the access matrix closes the warehouse
        warehouse_as_airflow = settings.database_url("warehouse", role="airflow")
        with pytest.raises(OperationalError, match="permission denied for database"):
            create_engine(warehouse_as_airflow, poolclass=pool.NullPool).connect()
    finally:
        from pata.warehouse.engine import get_engine

        get_engine(role="owner", settings=settings).dispose()
        postgres.stop(settings)
