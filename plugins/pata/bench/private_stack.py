"""A private local stack for the benchmark: its own home under ``bench/work/`` and free ports.

The settings are exported as ``PATA_*`` so the measured subprocesses and Airflow see the same
stack; a developer's running ``make up`` is never touched. Each run starts from an empty
warehouse (the home of the previous run is stopped and removed first).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pata.settings import Settings, get_settings, reset_settings

log = logging.getLogger(__name__)

_EXTERNAL = (
    "PATA_WAREHOUSE_URL",
    "PATA_S3_ENDPOINT_URL",
    "PATA_SQS_ENDPOINT_URL",
    "PATA_SQS_QUEUE_URL",
)


@contextmanager
def private_stack(*, home: Path, max_file_bytes: int) -> Iterator[Settings]:
    """PostgreSQL, S3+SQS, buckets and migrations on free ports; stopped on the way out.

    ``max_file_bytes`` lifts the upload size limit so the biggest benchmark file is read,
    not rejected unread.
    """
    from pata import stack
    from pata.stack.airflow import stop as stop_airflow
    from pata.stack.processes import free_port

    env = {
        "PATA_HOME": str(home),
        "PATA_PG_PORT": str(free_port()),
        "PATA_S3_PORT": str(free_port()),
        "PATA_AIRFLOW_PORT": str(free_port()),
        "PATA_DEMO": "0",
        "PATA_MAX_FILE_BYTES": str(max_file_bytes),
    }
    saved = {name: os.environ.get(name) for name in (*env, *_EXTERNAL)}
    for name in _EXTERNAL:
        os.environ.pop(name, None)
    os.environ.update(env)
    reset_settings()
    settings = get_settings()
    try:
        if home.exists():
            log.info("stopping and removing the previous benchmark stack at %s", home)
            stack.down(settings)
            shutil.rmtree(home)
        stack.start_services(settings)
        _ensure_bench_database(settings)
        yield settings
    finally:
        stop_airflow(settings)
        stack.down(settings)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        reset_settings()


def _ensure_bench_database(settings: Settings) -> None:
    import psycopg
    from psycopg import sql

    from pata.bench.parts import BENCH_DATABASE
    from pata.stack.postgres import conninfo as embedded_conninfo

    conninfo = embedded_conninfo(settings, "postgres")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        exists = conn.execute(
            "select 1 from pg_database where datname = %s", (BENCH_DATABASE,)
        ).fetchone()
        if exists is None:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(BENCH_DATABASE)))
