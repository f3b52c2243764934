"""The local stack behind ``make up``: embedded PostgreSQL, moto's S3+SQS server, the
warehouse migrations and Airflow (api-server, scheduler, dag-processor, triggerer).

Every piece is idempotent: a second ``up`` reuses the state under ``.pata/``; ``down``
stops every process group it started.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from pata.settings import Settings
from pata.stack import processes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    state: str  # "up", "down", "crashed", "healthy", "unhealthy", "external", ...
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state in {"up", "healthy"}


def start_services(settings: Settings) -> str | None:
    """PostgreSQL, S3+SQS, buckets, queue and the warehouse migrations. Returns the queue URL."""
    from pata.stack import objectstore, postgres
    from pata.stack.secrets import ensure_pseudonym_key
    from pata.storage import check_s3
    from pata.warehouse import migrations

    if settings.embedded:
        settings.home.mkdir(parents=True, exist_ok=True)
        postgres.start(settings)
        objectstore.start(settings)
        ensure_pseudonym_key(settings)
    queue_url = objectstore.provision(settings)
    check_s3(settings)
    migrations.upgrade(settings=settings)
    return queue_url


def up(settings: Settings, *, airflow: bool = True, timeout: float = 240) -> list[ComponentStatus]:
    """Start everything that is not running yet and wait until it is healthy."""
    from pata.stack import airflow as airflow_stack
    from pata.stack.supervisor import clear_stop_request
    from pata.templates import publish_templates

    started = time.monotonic()
    clear_stop_request(settings)
    start_services(settings)
    publish_templates(settings)
    if settings.embedded and settings.demo_enabled:
        from pata.stack import sftp

        sftp.start(settings)  # the pulled demo partner's own server (docs/runbook.md)
    if airflow:
        airflow_stack.migrate(settings)
        airflow_stack.start(settings)
        airflow_stack.wait_healthy(
            settings, timeout=max(30.0, timeout - (time.monotonic() - started))
        )
    return status(settings)


def down(settings: Settings) -> list[str]:
    """Stop every process the local stack started (Airflow first, the database last).

    A foreground ``pata up`` (another shell) sees the stop request and ends too.
    """
    from pata.stack import airflow as airflow_stack
    from pata.stack import objectstore, postgres, sftp
    from pata.stack.supervisor import request_stop

    request_stop(settings)
    stopped = [f"airflow {name}" for name in airflow_stack.stop(settings)]
    if sftp.stop(settings):
        stopped.append("sftp")
    if objectstore.stop(settings):
        stopped.append("s3+sqs")
    if settings.embedded and postgres.stop(settings):
        stopped.append("postgresql")
    left = processes.running_in(settings.home)
    if left:  # not ours to kill (a shell may sit in the home), but worth a word
        log.warning(
            "still running in %s after the stop: %s",
            settings.home,
            ", ".join(f"{pid} ({processes.command_name(pid)})" for pid in left),
        )
    return stopped


def status(settings: Settings) -> list[ComponentStatus]:
    """The state of each component, for ``pata status``."""
    from pata.stack import airflow as airflow_stack
    from pata.stack import objectstore, postgres
    from pata.warehouse import migrations

    result: list[ComponentStatus] = []
    if settings.embedded:
        pg_up = postgres.is_up(settings)
        # postmaster.pid outlives a killed server (pg_ctl stop removes it)
        pg_state = "up" if pg_up else "down"
        if not pg_up and (settings.pgdata / "postmaster.pid").exists():
            pg_state = "crashed"
        detail = f"127.0.0.1:{settings.pg_port}"
        if pg_state == "crashed":
            detail += f"; exited without pg_ctl stop, log {settings.pgdata / 'server.log'}"
        result.append(ComponentStatus("postgresql", pg_state, detail))
    else:
        from pata.errors import ServiceUnreachable
        from pata.warehouse.engine import check_warehouse

        try:
            check_warehouse(settings=settings)
            pg_up = True
        except ServiceUnreachable:
            pg_up = False
        result.append(ComponentStatus("postgresql", "up" if pg_up else "down", "external"))
    if pg_up:
        current, head = migrations.current_revision(settings=settings), migrations.head_revision()
        result.append(
            ComponentStatus(
                "migrations", "up" if current == head else "behind", f"{current} (head {head})"
            )
        )
    else:
        result.append(ComponentStatus("migrations", "down", "warehouse unreachable"))
    s3_up = objectstore.is_up(settings)
    s3_state, s3_detail = "up" if s3_up else "down", settings.s3_endpoint() or "AWS"
    if not s3_up and processes.crashed(settings.run_dir, objectstore.COMPONENT):
        s3_state = "crashed"
        s3_detail += f"; exited, log {settings.log_dir / (objectstore.COMPONENT + '.log')}"
    result.append(ComponentStatus("s3", s3_state, s3_detail))
    queue = settings.sqs_queue()
    if queue is None:
        result.append(ComponentStatus("sqs", "off", "no queue: the sweep DAG is the event source"))
    else:
        result.append(ComponentStatus("sqs", _queue_state(settings), queue))
    components = airflow_stack.component_status(airflow_stack.health(settings))
    for name, state in components.items():
        pid_name = f"airflow-{name}"
        if state != "healthy" and processes.crashed(settings.run_dir, pid_name):
            log_file = settings.log_dir / f"{pid_name}.log"
            result.append(ComponentStatus(f"airflow {name}", "crashed", f"exited, log {log_file}"))
        else:
            result.append(ComponentStatus(f"airflow {name}", state))
    return result


def _queue_state(settings: Settings) -> str:
    from botocore.exceptions import BotoCoreError, ClientError

    from pata.storage import sqs_client

    try:
        sqs_client(settings).get_queue_url(QueueName=settings.queue_name)
        return "up"
    except (BotoCoreError, ClientError):
        return "down"
