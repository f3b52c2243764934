"""The indicators DAG: scheduled on the warehouse asset the ingest DAG updates, thin."""

from __future__ import annotations

from pathlib import Path

import pytest

from pata.assets import OWNER, WAREHOUSE_ASSET

DAG_FILE = Path(__file__).resolve().parents[3] / "dags" / "pata_indicators.py"


@pytest.fixture(scope="module")
def dag():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAG_FILE))
    assert bag.import_errors == {}
    return bag.dags["pata_indicators"]


class TestIndicatorsDag:
    def test_scheduled_on_the_warehouse_asset_of_the_ingest_dag(self, dag):
        assets = list(dag.timetable.asset_condition.objects)
        assert [a.name for a in assets] == [WAREHOUSE_ASSET]

    def test_refresh_then_publish(self, dag):
        assert set(dag.task_ids) == {"refresh", "publish", "microdata"}
        assert dag.get_task("publish").upstream_task_ids == {"refresh"}

    def test_owner_retries_tags_and_docs(self, dag):
        assert dag.tags and dag.doc_md and "pata_warehouse_core" in dag.doc_md
        for task in dag.tasks:
            assert task.owner == OWNER and task.retries >= 2

    def test_one_run_at_a_time(self, dag):
        assert dag.max_active_runs == 1

    def test_the_file_imports_nothing_heavy(self):
        text = DAG_FILE.read_text(encoding="utf-8")
        top = text.split("@dag(")[0]
        for heavy in ("pandas", "openpyxl", "jinja2", "pata.indicators", "pata.report"):
            assert heavy not in top
