"""Shared fixtures: a private local stack per test session (its own PATA_HOME and free
ports, so a developer's running `make up` is never touched) and real Airflow components."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pata.settings import Settings, get_settings, reset_settings
from pata.stack import processes

# The suite's "now" (pata.clock): no test depends on the day it runs. `make test-dates`
# runs the date-sensitive tests again with PATA_NOW set to other days.
SUITE_NOW = "2026-11-18T09:30:00+00:00"
os.environ.setdefault("PATA_NOW", SUITE_NOW)


@pytest.fixture(scope="session")
def pata_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of the test stack, exported as PATA_* so every code path sees the same."""
    home = tmp_path_factory.mktemp("pata-home")
    env = {
        "PATA_HOME": str(home),
        "PATA_PG_PORT": str(processes.free_port()),
        "PATA_S3_PORT": str(processes.free_port()),
        "PATA_AIRFLOW_PORT": str(processes.free_port()),
        "PATA_DEMO": "0",
    }
    removed = {
        name: os.environ.pop(name)
        for name in ("PATA_WAREHOUSE_URL", "PATA_S3_ENDPOINT_URL", "PATA_SQS_QUEUE_URL")
        if name in os.environ
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    reset_settings()
    try:
        yield get_settings()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        os.environ.update(removed)
        reset_settings()


@pytest.fixture(scope="session")
def local_stack(pata_settings: Settings) -> Iterator[Settings]:
    """Embedded PostgreSQL + moto S3/SQS (HTTP on 127.0.0.1) + buckets, queue, migrations."""
    from pata import stack

    try:
        stack.start_services(pata_settings)
        yield pata_settings
    finally:
        stack.down(pata_settings)
    left = [processes.command_name(pid) for pid in processes.running_in(pata_settings.home)]
    assert left == [], f"the stack left processes running: {left}"


@pytest.fixture(scope="session")
def airflow_stack(local_stack: Settings) -> Iterator[Settings]:
    """Real Airflow: api-server, scheduler, dag-processor and triggerer against the stack."""
    from pata.stack import airflow
    from pata.storage import sqs_client

    # The events of every file the earlier tests dropped are still queued (no triggerer ran
    # until now); those files are long processed. Without this the watcher would first work
    # through hundreds of them before it reaches the e2e tests' own uploads.
    queue = local_stack.sqs_queue()
    if queue:
        sqs_client(local_stack).purge_queue(QueueUrl=queue)
    try:
        airflow.migrate(local_stack)
        airflow.start(local_stack)
        airflow.wait_healthy(local_stack, timeout=240)
        yield local_stack
    finally:
        airflow.stop(local_stack)
    # Task runners leave the scheduler's process group: none may outlive the stop.
    left = [
        title
        for title in map(_command_line, processes.running_in(local_stack.home))
        if "airflow" in title
    ]
    assert left == [], f"Airflow left processes running: {left}"


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def log_dir(settings: Settings) -> Path:
    return settings.log_dir
