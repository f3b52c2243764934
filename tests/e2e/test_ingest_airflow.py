"""End to end with real Airflow: a partner's upload triggers the ingest DAG through
S3 → SQS → the triggerer's AssetWatcher, with no manual trigger and no dag.test()."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from pata.settings import Settings
from pata.stack.airflow import AirflowApi
from pata.storage import s3_client
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.e2e


def _wait(predicate, *, timeout: float, interval: float = 2.0, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class TestIngestWithAirflow:
    def test_an_upload_triggers_a_successful_run_and_loads_the_file(
        self, airflow_stack: Settings, tmp_path
    ):
        from pata.synth import generate

        manifest = generate(out=tmp_path, partners=["kh-ksp"], datasets=["cases"], months=1, seed=7)
        entry = manifest.files[0]
        api = AirflowApi(airflow_stack)
        _wait(
            lambda: api.get("/api/v2/dags/pata_ingest").get("is_paused") is False,
            timeout=180,
            what="the ingest DAG to be parsed and unpaused",
        )
        key = entry.path
        s3_client(airflow_stack).put_object(
            Bucket=airflow_stack.dropzone_bucket, Key=key, Body=(tmp_path / key).read_bytes()
        )

        def ledger_status():
            with get_engine(role="owner", settings=airflow_stack).connect() as conn:
                return conn.execute(
                    text("select status from ops.file_ledger where object_key = :k"), {"k": key}
                ).scalar()

        status = _wait(
            lambda: ledger_status() in {"loaded", "partially_loaded"} and ledger_status(),
            timeout=240,
            what="the ledger to show the file loaded",
        )
        assert status == "loaded"

        def successful_asset_run():
            runs = api.dag_runs("pata_ingest")
            return [
                r for r in runs if r["run_type"] == "asset_triggered" and r["state"] == "success"
            ]

        runs = _wait(successful_asset_run, timeout=120, what="a successful asset-triggered run")
        assert runs
        assert all(r["run_type"] != "manual" for r in api.dag_runs("pata_ingest"))
