"""
### Sweep the dropzone

Every two minutes, lists `<partner>/incoming/` and processes any object still there —
the safety net for lost events, and the only event source where the store sends none
(MinIO). It can race with the ingest DAG: an upload lock and the ledger make that
harmless (the loser skips, the same bytes are never loaded twice).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import Asset, dag, task

from pata.assets import OWNER, WAREHOUSE_ASSET, split_by_dependency

warehouse = Asset(name=WAREHOUSE_ASSET)


@dag(
    dag_id="pata_sweep",
    schedule=timedelta(minutes=2),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["pata", "ingest", "sweep"],
    doc_md=__doc__,
    default_args={"owner": OWNER, "retries": 2, "retry_delay": timedelta(seconds=20)},
)
def pata_sweep() -> None:
    @task
    def list_incoming() -> dict[str, list[str]]:
        """Keys of the objects waiting in every partner's incoming/ folder."""
        from pata.sweep import list_incoming_keys

        first, later = split_by_dependency(list_incoming_keys(min_age_seconds=30))
        return {"first": first, "later": later}

    @task
    def first_wave(files: dict[str, list[str]]) -> list[str]:
        return files["first"]

    @task
    def second_wave(files: dict[str, list[str]]) -> list[str]:
        return files["later"]

    @task(map_index_template="{{ file_label }}")
    def process(key: str) -> dict:
        from airflow.sdk import get_current_context

        from pata.assets import file_label
        from pata.pipeline import process_object

        get_current_context()["file_label"] = file_label(key)  # type: ignore[index]

        return process_object(key).as_dict()

    @task(trigger_rule="all_done", map_index_template="{{ file_label }}")
    def process_referencing(key: str) -> dict:
        from airflow.sdk import get_current_context

        from pata.assets import file_label
        from pata.pipeline import process_object

        get_current_context()["file_label"] = file_label(key)  # type: ignore[index]

        return process_object(key).as_dict()

    @task(trigger_rule="all_done", outlets=[warehouse])
    def announce(first: list[dict] | None = None, later: list[dict] | None = None) -> dict:
        from airflow.exceptions import AirflowSkipException

        outcomes = [o for o in [*(first or []), *(later or [])] if o]
        changed = [o for o in outcomes if o["status"] in ("loaded", "partially_loaded")]
        if not changed:
            raise AirflowSkipException(f"no file loaded ({len(outcomes)} seen)")
        return {"files": len(outcomes), "loaded": len(changed)}

    files = list_incoming()
    done_first = process.expand(key=first_wave(files))
    done_later = process_referencing.expand(key=second_wave(files))
    done_first >> done_later
    announce(done_first, done_later)


pata_sweep()
