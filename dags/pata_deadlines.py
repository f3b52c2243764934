"""
### Partner deadlines and rejected files

Daily (01:30 UTC, and once right away on a fresh install). Refreshes
`ops.submission_calendar` from the partner registry, then compares it with the file ledger:
for the latest monthly or quarterly period whose due date has passed (in the partner's
timezone), and any earlier one due in the last 35 days, with no file other than a rejected
or duplicate one, it raises **one** `late-submission` alert per partner, dataset and
period — run it as often as you like. Late alerts whose file has since come are marked
resolved. A second task alerts on files rejected in the last two days that have none yet.

Alerts go to `ops.alerts` and, when the `pata_smtp` / `pata_slack` connections exist,
through Airflow's SMTP and Slack notifiers. They carry codes, ids and periods only.
Read the result with `pata status --pipeline` (the `ops.pipeline_health` view).

Airflow deadline alert: a run not finished 30 minutes after it was queued raises a
`dag-deadline-missed` alert (the check takes seconds; a stuck run means a stuck warehouse).
"""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import CronTriggerTimetable, dag, task

from pata.dag_defaults import ops_dag, retry_only_transient


@dag(
    schedule=CronTriggerTimetable("30 1 * * *", timezone="UTC", run_immediately=True),
    **ops_dag(
        dag_id="pata_deadlines",
        tags=["pata", "ops", "deadlines", "alerts"],
        doc_md=__doc__,
        task_timeout=timedelta(minutes=10),
        finish_within=timedelta(minutes=30),
    ),
)
def pata_deadlines() -> None:
    @task
    @retry_only_transient
    def check_partner_deadlines() -> dict:
        """Refresh the calendar; one alert per late partner, dataset and period."""
        from pata.deadlines import check_deadlines

        return check_deadlines().as_dict()

    @task
    @retry_only_transient
    def alert_rejected_files() -> int:
        """One alert per file rejected or failed in the last two days that has none yet."""
        from pata.alerts.raising import alert_rejected_files

        return alert_rejected_files()

    check_partner_deadlines()
    alert_rejected_files()


pata_deadlines()
