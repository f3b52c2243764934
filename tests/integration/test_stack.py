"""The local stack starts, answers over TCP/HTTP, is idempotent, and stops cleanly."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pata import stack
from pata.settings import Settings
from pata.stack import objectstore, postgres
from pata.stack.processes import port_open
from pata.storage import s3_client, sqs_client
from pata.warehouse import migrations
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration


class TestLocalStack:
    def test_postgres_has_both_databases_and_the_warehouse_schemas(self, local_stack: Settings):
        with get_engine(role="owner", settings=local_stack).connect() as conn:
            databases = set(conn.execute(text("select datname from pg_database")).scalars())
            schemas = set(conn.execute(text("select nspname from pg_namespace")).scalars())
            roles = set(conn.execute(text("select rolname from pg_roles")).scalars())
        assert {"airflow", "warehouse"} <= databases
        assert {"ops", "staging", "core", "linkage", "marts"} <= schemas
        assert {"pata_pipeline", "pata_analyst"} <= roles

    def test_migrations_are_at_head_and_upgrade_is_idempotent(self, local_stack: Settings):
        migrations.upgrade(settings=local_stack)
        migrations.upgrade(settings=local_stack)
        assert migrations.current_revision(settings=local_stack) == migrations.head_revision()

    def test_buckets_queue_and_notification_exist(self, local_stack: Settings):
        s3 = s3_client(local_stack)
        names = {b["Name"] for b in s3.list_buckets()["Buckets"]}
        assert {
            local_stack.dropzone_bucket,
            local_stack.raw_bucket,
            local_stack.reports_bucket,
        } <= names
        config = s3.get_bucket_notification_configuration(Bucket=local_stack.dropzone_bucket)
        assert config["QueueConfigurations"][0]["Events"] == ["s3:ObjectCreated:*"]

    def test_an_upload_reaches_the_queue(self, local_stack: Settings):
        sqs = sqs_client(local_stack)
        queue_url = sqs.get_queue_url(QueueName=local_stack.queue_name)["QueueUrl"]
        # Earlier tests' uploads left their events in the queue: start from an empty one.
        sqs.purge_queue(QueueUrl=queue_url)
        s3_client(local_stack).put_object(
            Bucket=local_stack.dropzone_bucket,
            Key="kh-test/incoming/cases/probe file_2026-07.csv",
            Body=b"a,b\n1,2\n",
        )
        bodies = []
        for _ in range(5):
            messages = sqs.receive_message(
                QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1
            ).get("Messages", [])
            for message in messages:
                bodies.append(message["Body"])
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            if any("probe" in body for body in bodies):
                break
        # keys arrive URL-encoded in S3 event notifications
        assert any("probe+file_2026-07.csv" in body for body in bodies)
        s3_client(local_stack).delete_object(
            Bucket=local_stack.dropzone_bucket, Key="kh-test/incoming/cases/probe file_2026-07.csv"
        )

    def test_start_services_twice_reuses_the_state(self, local_stack: Settings):
        stack.start_services(local_stack)
        assert postgres.is_up(local_stack)
        assert objectstore.is_up(local_stack)

    def test_status_reports_each_component(self, local_stack: Settings):
        statuses = {s.name: s for s in stack.status(local_stack)}
        assert statuses["postgresql"].ok
        assert statuses["migrations"].ok
        assert statuses["s3"].ok
        assert statuses["sqs"].ok
        assert "airflow api-server" in statuses


class TestStartStop:
    def test_a_second_stack_starts_and_stops_leaving_no_port_open(self, tmp_path):
        from pata.stack.processes import free_port

        settings = Settings(home=tmp_path / "pata", pg_port=free_port(), s3_port=free_port())
        try:
            stack.start_services(settings)
            assert port_open(settings.pg_port)
            assert port_open(settings.s3_port)
        finally:
            stopped = stack.down(settings)
        assert "postgresql" in stopped
        assert "s3+sqs" in stopped
        assert not port_open(settings.pg_port)
        assert not port_open(settings.s3_port)
