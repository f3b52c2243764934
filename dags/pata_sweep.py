"""
### Sweep the dropzone

Every two minutes, lists `<partner>/incoming/` and processes any object still there —
the safety net for lost events, and the only event source where the store sends none
(MinIO). It can race with the ingest DAG: an upload lock and the ledger make that
harmless (the loser skips, the same bytes are never loaded twice).

Faults: each file is its own mapped task with an `execution_timeout` (`PATA_FILE_TIMEOUT_SECONDS`),
so a file that takes too long fails alone; up to three sweep runs overlap, so it holds back
no other partner's or dataset's files. Transient faults (warehouse or object store away)
are retried with exponential backoff; anything else is not retried (`pata.dag_defaults`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import Asset, dag, task

from pata.alerts.callbacks import on_dag_failure, on_task_failure
from pata.assets import WAREHOUSE_ASSET
from pata.dag_defaults import file_task_timeout, retry_only_transient, task_defaults

warehouse = Asset(name=WAREHOUSE_ASSET)


@dag(
    dag_id="pata_sweep",
    schedule=timedelta(minutes=2),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    # Overlapping runs are harmless (the upload lock: a file being processed is skipped as
    # "in-progress" in a second) and keep a slow or stuck file from holding every other
    # file back until its execution_timeout.
    max_active_runs=3,
    tags=["pata", "ingest", "sweep"],
    doc_md=__doc__,
    on_failure_callback=on_dag_failure,
    default_args=task_defaults(
        execution_timeout=timedelta(minutes=5),
        retry_delay=timedelta(seconds=20),
        on_failure_callback=on_task_failure,
    ),
)
def pata_sweep() -> None:
    @task
    @retry_only_transient
    def list_incoming() -> list[str]:
        """Keys of the objects waiting in every partner's incoming/ folder."""
        from pata.assets import in_processing_order
        from pata.sweep import list_incoming_keys

        return in_processing_order(list_incoming_keys(min_age_seconds=30))

    @task(map_index_template="{{ file_label }}", execution_timeout=file_task_timeout())
    @retry_only_transient
    def process(key: str) -> dict:
        """Process one file end to end (the same function as the ingest DAG)."""
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

    announce(process.expand(key=list_incoming()))


pata_sweep()
