"""
### Retention of raw partner files

Daily (02:00 UTC, and once right away on a fresh install). Deletes every object of the
restricted raw archive older than `PATA_RETENTION_DAYS` (default 90; S3 `LastModified`):
the raw copies of loaded files and of rejected ("quarantined") files alike. Each deletion
is written to `ops.retention_log`, and the ledger rows that named the object get
`raw_purged_at`; their `raw_key` stays, so the history still says which bytes were loaded.

Nothing in core or marts reads a raw file after load: a purged file can no longer be
replayed, only re-sent by the partner (see docs/runbook.md).

Airflow deadline alert: a run not finished two hours after it was queued raises a
`dag-deadline-missed` alert.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import (
    AsyncCallback,
    CronTriggerTimetable,
    DeadlineAlert,
    DeadlineReference,
    dag,
    task,
)

from pata.alerts.callbacks import on_dag_failure, on_deadline_missed
from pata.dag_defaults import retry_only_transient, task_defaults


@dag(
    dag_id="pata_retention",
    schedule=CronTriggerTimetable("0 2 * * *", timezone="UTC", run_immediately=True),
    catchup=False,
    max_active_runs=1,
    tags=["pata", "ops", "retention", "privacy"],
    doc_md=__doc__,
    default_args=task_defaults(execution_timeout=timedelta(minutes=60)),
    on_failure_callback=on_dag_failure,
    deadline=DeadlineAlert(
        reference=DeadlineReference.DAGRUN_QUEUED_AT,
        interval=timedelta(hours=2),
        callback=AsyncCallback(on_deadline_missed),
        name="pata_retention_within_2_hours",
    ),
)
def pata_retention() -> None:
    @task
    @retry_only_transient
    def purge_raw_archive() -> dict:
        """Delete raw-archive objects past retention; log them and flag the ledger."""
        from pata.retention import purge_raw_archive

        return purge_raw_archive().as_dict()

    purge_raw_archive()


pata_retention()
