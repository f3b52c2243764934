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

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    state: str  # "up", "down", "healthy", "unhealthy", "external", ...
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
    from pata.templates import publish_templates

    started = time.monotonic()
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
    """Stop every process the local stack started (Airflow first, the database last)."""
    from pata.stack import airflow as airflow_stack
    from pata.stack import objectstore, postgres, sftp

    stopped = [f"airflow {name}" for name in airflow_stack.stop(settings)]
    if sftp.stop(settings):
        stopped.append("sftp")
    if objectstore.stop(settings):
        stopped.append("s3+sqs")
    if settings.embedded and postgres.stop(settings):
        stopped.append("postgresql")
    return stopped


def status(settings: Settings) -> list[ComponentStatus]:
    """The state of each component, for ``pata status``."""
    from pata.stack import airflow as airflow_stack
    from pata.stack import objectstore, postgres
    from pata.warehouse import migrations

    result: list[ComponentStatus] = []
    if settings.embedded:
        pg_up = postgres.is_up(settings)
        result.append(
            ComponentStatus(
                "postgresql", "up" if pg_up else "down", f"127.0.0.1:{settings.pg_port}"
            )
        )
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
    result.append(ComponentStatus("s3", "up" if s3_up else "down", settings.s3_endpoint() or "AWS"))
    queue = settings.sqs_queue()
    if queue is None:
        result.append(ComponentStatus("sqs", "off", "no queue: the sweep DAG is the event source"))
    else:
        result.append(ComponentStatus("sqs", _queue_state(settings), queue))
    components = airflow_stack.component_status(airflow_stack.health(settings))
    for name, state in components.items():
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
