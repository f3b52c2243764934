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

from airflow.sdk import CronTriggerTimetable, dag, task

from pata.dag_defaults import ops_dag, retry_only_transient


@dag(
    schedule=CronTriggerTimetable("0 2 * * *", timezone="UTC", run_immediately=True),
    **ops_dag(
        dag_id="pata_retention",
        tags=["pata", "ops", "retention", "privacy"],
        doc_md=__doc__,
        task_timeout=timedelta(minutes=60),
        finish_within=timedelta(hours=2),
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
