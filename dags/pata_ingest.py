"""
### Ingest partner files

Triggered by files arriving in the dropzone: S3 ObjectCreated → SQS → the triggerer's
`AssetWatcher` on the **pata_dropzone** asset. Every event of the run is handled
(several uploads can fold into one run); `s3:TestEvent` is skipped, keys are URL-decoded.

One mapped task per file, the whole file inside that task: receive (ledger by sha256,
raw archive, removal from `incoming/`) → read → validate → de-identify → load (one
transaction with the ledger) → feedback report in `<partner>/feedback/`. Rehabilitation
files run after the others, since their rows reference cases.

Outputs: the **pata_warehouse_core** asset (the indicators DAG is scheduled on it). XCom
holds ledger ids, codes and counts only — never a value from a file.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import Asset, AssetWatcher, dag, task

from pata.assets import (
    AWS_CONN_ID,
    DROPZONE_ASSET,
    OWNER,
    WAREHOUSE_ASSET,
    split_by_dependency,
)
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
    default_args={"owner": OWNER, "retries": 2, "retry_delay": timedelta(seconds=20)},
)
def pata_ingest() -> None:
    @task
    def files_from_events(*, triggering_asset_events=None) -> dict[str, list[str]]:
        """The object keys named by the triggering events (feedback keys ignored)."""
        from pata.dropzone import FEEDBACK, refs_from_trigger_events

        refs = refs_from_trigger_events(triggering_asset_events)
        keys = [r.key for r in refs if r.key.split("/")[1:2] != [FEEDBACK]]
        first, later = split_by_dependency(keys)
        return {"first": first, "later": later}

    @task
    def first_wave(files: dict[str, list[str]]) -> list[str]:
        return files["first"]

    @task
    def second_wave(files: dict[str, list[str]]) -> list[str]:
        return files["later"]

    @task(map_index_template="{{ file_label }}")
    def process(key: str) -> dict:
        """Process one file end to end; returns ledger id, status and counts."""
        from airflow.sdk import get_current_context

        from pata.assets import file_label
        from pata.pipeline import process_object

        get_current_context()["file_label"] = file_label(key)  # type: ignore[index]

        return process_object(key).as_dict()

    @task(trigger_rule="all_done", map_index_template="{{ file_label }}")
    def process_referencing(key: str) -> dict:
        """Rehabilitation files, after the cases they reference."""
        from airflow.sdk import get_current_context

        from pata.assets import file_label
        from pata.pipeline import process_object

        get_current_context()["file_label"] = file_label(key)  # type: ignore[index]

        return process_object(key).as_dict()

    @task(trigger_rule="all_done", outlets=[warehouse])
    def announce(first: list[dict] | None = None, later: list[dict] | None = None) -> dict:
        """Emit the warehouse asset event when some file changed the warehouse."""
        from airflow.exceptions import AirflowSkipException

        outcomes = [o for o in [*(first or []), *(later or [])] if o]
        changed = [o for o in outcomes if o["status"] in ("loaded", "partially_loaded")]
        summary = {"files": len(outcomes), "loaded": len(changed)}
        if not changed:
            raise AirflowSkipException(f"no file loaded: {summary}")
        return summary

    files = files_from_events()
    done_first = process.expand(key=first_wave(files))
    done_later = process_referencing.expand(key=second_wave(files))
    done_first >> done_later
    announce(done_first, done_later)


pata_ingest()
