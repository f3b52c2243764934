"""The local S3+SQS endpoint (moto's server) and the provisioning of buckets and queue.

Provisioning is idempotent and also used against external stores (``pata stack provision``):
it creates what is missing and never deletes anything.
"""

from __future__ import annotations

import json
import logging
import sys

from pata.settings import Settings
from pata.stack import processes

log = logging.getLogger(__name__)

COMPONENT = "s3"


def start(settings: Settings) -> None:
    """Start moto's server on 127.0.0.1 in its own process group (state is in memory)."""
    if processes.port_open(settings.s3_port):
        return
    processes.spawn(
        COMPONENT,
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(settings.s3_port)],
        run_dir=settings.run_dir,
        log_dir=settings.log_dir,
    )
    processes.wait_for_port(settings.s3_port, timeout=30, what="local S3+SQS server")


def stop(settings: Settings) -> bool:
    return processes.stop(COMPONENT, run_dir=settings.run_dir)


def provision(settings: Settings) -> str | None:
    """Create the buckets, the queue and the dropzone's ObjectCreated notification.

    Returns the queue URL, or None where the store has no queue (MinIO: the sweep DAG is
    the event source there).
    """
    from pata.storage import s3_client

    s3 = s3_client(settings)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    for bucket in (settings.dropzone_bucket, settings.raw_bucket, settings.reports_bucket):
        if bucket in existing:
            continue
        log.info("creating bucket %s", bucket)
        kwargs: dict[str, object] = {"Bucket": bucket}
        if settings.aws_region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": settings.aws_region}
        s3.create_bucket(**kwargs)  # type: ignore[arg-type]
    if not settings.embedded and settings.sqs_queue_url is None:
        return None
    return _provision_queue(settings)


def _provision_queue(settings: Settings) -> str:
    from pata.storage import s3_client, sqs_client

    sqs = sqs_client(settings)
    queue_url = sqs.create_queue(
        QueueName=settings.queue_name,
        Attributes={"VisibilityTimeout": "300", "MessageRetentionPeriod": "1209600"},
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {
                    "ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{settings.dropzone_bucket}"}
                },
            }
        ],
    }
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(policy)})
    s3 = s3_client(settings)
    wanted = {
        "QueueConfigurations": [
            {
                "Id": "pata-incoming",
                "QueueArn": queue_arn,
                "Events": ["s3:ObjectCreated:*"],
            }
        ]
    }
    current = s3.get_bucket_notification_configuration(Bucket=settings.dropzone_bucket)
    if [q.get("QueueArn") for q in current.get("QueueConfigurations", [])] != [queue_arn]:
        log.info("wiring %s ObjectCreated events to %s", settings.dropzone_bucket, queue_arn)
        s3.put_bucket_notification_configuration(
            Bucket=settings.dropzone_bucket,
            NotificationConfiguration=wanted,  # type: ignore[arg-type]
        )
    return str(queue_url)


def is_up(settings: Settings) -> bool:
    from botocore.exceptions import BotoCoreError, ClientError

    from pata.storage import s3_client

    try:
        s3_client(settings).head_bucket(Bucket=settings.dropzone_bucket)
        return True
    except (BotoCoreError, ClientError):
        return False
