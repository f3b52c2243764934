"""
### Ingest partner files

Triggered by files arriving in the dropzone: S3 ObjectCreated → SQS → the triggerer's
`AssetWatcher` on the **pata_dropzone** asset. Every event of the run is handled
(several uploads can fold into one run); `s3:TestEvent` is skipped, keys are URL-decoded.

One mapped task per file, the whole file inside that task: receive (ledger by sha256,
raw archive, removal from `incoming/`) → read → validate → de-identify → load (one
transaction with the ledger) → feedback report in `<partner>/feedback/`. A rehabilitation
file first processes any cases file of the same partner still waiting, since its rows
reference cases.

Faults: each file's task has an `execution_timeout` (`PATA_FILE_TIMEOUT_SECONDS`); a
transient fault (warehouse or object store away) is retried with exponential backoff, a
bounded number of times; anything else is not retried (`pata.dag_defaults`).

Outputs: the **pata_warehouse_core** asset (the indicators DAG is scheduled on it). XCom
holds ledger ids, codes and counts only — never a value from a file.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import Asset, AssetWatcher, dag, task

from pata.alerts.callbacks import on_dag_failure, on_task_failure
from pata.assets import (
    AWS_CONN_ID,
    DROPZONE_ASSET,
    WAREHOUSE_ASSET,
    in_processing_order,
)
from pata.dag_defaults import file_task_timeout, retry_only_transient, task_defaults
from pata.settings import get_settings

settings = get_settings()
queue_url = settings.sqs_queue()

watchers = []
if queue_url:  # no queue (MinIO): the sweep DAG is the event source
    from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger

    watchers.append(
        AssetWatcher(
            name="dropzone_object_created",
            trigger=MessageQueueTrigger(
                scheme="sqs",
                sqs_queue=queue_url,
                aws_conn_id=AWS_CONN_ID,
                max_messages=10,
                wait_time_seconds=1,
                waiter_delay=2,
            ),
        )
    )

dropzone = Asset(name=DROPZONE_ASSET, uri=f"s3://{settings.dropzone_bucket}/", watchers=watchers)
warehouse = Asset(name=WAREHOUSE_ASSET)


@dag(
    dag_id="pata_ingest",
    schedule=[dropzone],
    catchup=False,
    max_active_runs=4,
    tags=["pata", "ingest"],
    doc_md=__doc__,
    on_failure_callback=on_dag_failure,
    default_args=task_defaults(
        execution_timeout=timedelta(minutes=5),
        retry_delay=timedelta(seconds=20),
        on_failure_callback=on_task_failure,
    ),
)
def pata_ingest() -> None:
    @task
    @retry_only_transient
    def files_from_events(*, triggering_asset_events=None) -> list[str]:
        """The object keys named by the triggering events (feedback keys ignored)."""
        from pata.dropzone import FEEDBACK, refs_from_trigger_events

        refs = refs_from_trigger_events(triggering_asset_events)
        return in_processing_order([r.key for r in refs if r.key.split("/")[1:2] != [FEEDBACK]])

    @task(map_index_template="{{ file_label }}", execution_timeout=file_task_timeout())
    @retry_only_transient
    def process(key: str) -> dict:
        """Process one file end to end; returns ledger id, status and counts (no content)."""
        from airflow.sdk import get_current_context

        from pata.assets import file_label
        from pata.pipeline import process_object

        get_current_context()["file_label"] = file_label(key)  # type: ignore[index]
        return process_object(key).as_dict()

    @task(trigger_rule="all_done", outlets=[warehouse])
    @retry_only_transient
    def announce(outcomes: list[dict] | None = None) -> dict:
        """Alert on rejected files; emit the warehouse asset event if a file was loaded."""
        from airflow.exceptions import AirflowSkipException

        from pata.settle import settle_outcomes

        summary = settle_outcomes(outcomes)
        if not summary["loaded"]:
            raise AirflowSkipException(f"no file loaded: {summary}")
        return summary

    announce(process.expand(key=files_from_events()))


pata_ingest()
