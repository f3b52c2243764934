"""The operations DAGs in real Airflow: on a fresh install they run by themselves once
(``run_immediately``), the deadlines DAG leaves one alert per late partner feed, each run
carries its Airflow deadline alert, and the retention DAG succeeds."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from pata.settings import Settings
from pata.stack.airflow import AirflowApi
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.e2e


def _wait(predicate: Any, *, timeout: float, what: str, interval: float = 2.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def _successful_run(api: AirflowApi, dag_id: str) -> list[dict[str, Any]]:
    return [r for r in api.dag_runs(dag_id) if r["state"] == "success"]


class TestOperationsDagsInAirflow:
    def test_the_deadlines_dag_runs_on_its_own_and_alerts_once_per_late_feed(
        self, airflow_stack: Settings
    ):
        api = AirflowApi(airflow_stack)
        (run,) = _wait(
            lambda: _successful_run(api, "pata_deadlines"),
            timeout=300,
            what="the first pata_deadlines run (run_immediately) to succeed",
        )
        assert run["run_type"] == "scheduled"
        api.get("/api/v2/dags/pata_deadlines")  # logs in
        api._request("POST", "/api/v2/dags/pata_deadlines/dagRuns", {"logical_date": None})
        _wait(
            lambda: len(_successful_run(api, "pata_deadlines")) == 2,
            timeout=300,
            what="a second, manually triggered pata_deadlines run to succeed",
        )
        with get_engine(role="owner", settings=airflow_stack).connect() as conn:
            late = conn.execute(
                text(
                    "select partner_code, dataset, last_due_period from ops.pipeline_health "
                    "where late"
                )
            ).all()
            alerts = conn.execute(
                text(
                    "select partner_code, dataset, period_label, count(*) from ops.alerts "
                    "where kind = 'late-submission' group by 1, 2, 3"
                )
            ).all()
        assert late, "the test stack has no partner file: every feed is late"
        counts = {(p, d, period): n for p, d, period, n in alerts}
        for partner, dataset, period in late:
            assert counts[(partner, dataset, period)] == 1, (partner, dataset, period)

    def test_the_ops_dags_carry_an_airflow_deadline_alert(self, airflow_stack: Settings):
        # a run that succeeds in time has its deadline row pruned; the serialized DAG keeps it
        airflow_db = create_engine(airflow_stack.database_url("airflow"))
        try:
            with airflow_db.connect() as conn:
                found = conn.execute(
                    text(
                        "select s.dag_id, a.name, a.callback_def::text from deadline_alert as a "
                        "join serialized_dag as s on s.id = a.serialized_dag_id "
                        "where s.dag_id in ('pata_deadlines', 'pata_retention')"
                    )
                ).all()
        finally:
            airflow_db.dispose()
        assert {(dag_id, name) for dag_id, name, _ in found} == {
            ("pata_deadlines", "pata_deadlines_within_30_minutes"),
            ("pata_retention", "pata_retention_within_2_hours"),
        }
        assert all("pata.alerts.callbacks.on_deadline_missed" in callback for *_, callback in found)

    def test_the_retention_dag_runs_on_its_own(self, airflow_stack: Settings):
        api = AirflowApi(airflow_stack)
        (run,) = _wait(
            lambda: _successful_run(api, "pata_retention"),
            timeout=300,
            what="the first pata_retention run to succeed",
        )
        assert run["run_type"] == "scheduled"
