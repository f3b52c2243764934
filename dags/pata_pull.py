"""
### Pull a partner's export from its own source

Generated from the partner registry: one DAG per `pull:` block (partner and dataset), so
each source has its own calendar, its own run history and its own failures in the UI, and
filtering by the partner's tag shows everything about that partner. (One DAG with a mapped
task per source would mix calendars that differ per partner and hide one source's failure
among the others' successes.)

Runs at 03:00 partner time on the due day of each period and on each following day of the
source's window (`window_days`). The task lists the partner's SFTP folder, bucket prefix or
HTTPS URL (bounded), fetches each export of the period not fetched before in this version,
checks it is complete and unchanged, and writes it to `<partner>/incoming/<dataset>/` in
the dropzone with its own name: from there the `pata_ingest` DAG takes it like any upload.

A failure is one `pull-failed` alert (its code says why: `pull-auth-failed`,
`pull-source-unreachable`, `pull-file-changing`, `pull-listing-too-large`,
`pull-path-outside-source`, `pull-folder-missing`, `pull-host-key-mismatch`). Only an
unreachable source or a file being written is retried (twice, 15 minutes apart); the
next day of the window tries again. No export by the end of the window: the
`pata_deadlines` DAG raises the late-submission alert. Runbook: docs/runbook.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import CronTriggerTimetable, dag, task

from pata.assets import OWNER
from pata.pull.fetch import pulled_sources
from pata.registry import load_registry


def pull_dag(partner: str, dataset: str, timezone: str, cron: str, where: str) -> None:
    @dag(
        dag_id=f"pata_pull_{partner}_{dataset}",
        schedule=CronTriggerTimetable(cron, timezone=timezone),
        catchup=False,
        max_active_runs=1,
        tags=["pata", "pull", partner, dataset],
        doc_md=f"{__doc__}\n\nSource: `{where}` ({partner} / {dataset}, `{cron}` {timezone}).",
        default_args={"owner": OWNER, "retries": 2, "retry_delay": timedelta(minutes=15)},
    )
    def pull() -> None:
        @task(task_id=f"fetch_{dataset}_export")
        def fetch(logical_date: datetime | None = None) -> dict:
            """Fetch the export of the period whose window holds this run's day."""
            from zoneinfo import ZoneInfo

            from airflow.exceptions import AirflowFailException

            from pata import clock
            from pata.pull.fetch import pull_dataset
            from pata.pull.remote import PullError

            day = (logical_date or clock.now()).astimezone(ZoneInfo(timezone)).date()
            try:
                return pull_dataset(partner_code=partner, dataset=dataset, day=day).as_dict()
            except PullError as exc:
                if exc.transient:
                    raise
                raise AirflowFailException(f"{exc.code}: {exc}") from None

        fetch()

    pull()


for _partner, _dataset, _timezone, _source in pulled_sources(load_registry()):
    pull_dag(_partner, _dataset, _timezone, _source.cron, _source.where)
