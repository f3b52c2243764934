"""End to end with real Airflow: a partner's upload triggers the ingest DAG through
S3 → SQS → the triggerer's AssetWatcher, with no manual trigger and no dag.test()."""

from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import text

from pata.settings import Settings
from pata.stack.airflow import AirflowApi
from pata.storage import s3_client
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.e2e


def wait_for(predicate, *, timeout: float, what: str, interval: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class TestIngestWithAirflow:
    def test_an_upload_triggers_the_watcher_run_that_loads_the_file(
        self, airflow_stack: Settings, tmp_path
    ):
        from pata.synth import generate

        manifest = generate(
            out=tmp_path,
            partners=["ph-bayanihan"],
            datasets=["cases"],
            months=1,
            seed=7,
            end=date(2026, 10, 1),
        )
        record = manifest.files[0]
        api = AirflowApi(airflow_stack)
        wait_for(
            lambda: api.get("/api/v2/dags/pata_ingest").get("is_paused") is False,
            timeout=180,
            what="the ingest DAG to be parsed and unpaused",
        )
        # Only the watcher may process the file in this test: the sweep is paused.
        wait_for(lambda: api.get("/api/v2/dags/pata_sweep"), timeout=120, what="the sweep DAG")
        api.set_paused("pata_sweep", True)
        started = time.monotonic()
        s3_client(airflow_stack).put_object(
            Bucket=airflow_stack.dropzone_bucket,
            Key=record.path,
            Body=(tmp_path / record.path).read_bytes(),
        )

        def ledger_row():
            with get_engine(role="owner", settings=airflow_stack).connect() as conn:
                return conn.execute(
                    text("select id, status from ops.file_ledger where object_key = :k"),
                    {"k": record.path},
                ).first()

        row = wait_for(
            lambda: (r := ledger_row()) is not None and r.status != "received" and r,
            timeout=300,
            what="the ledger to show the file processed",
        )
        print(f"drop to ledger final status: {time.monotonic() - started:.1f}s")
        assert row.status == "loaded"

        def watcher_run_that_processed_it():
            for run in api.dag_runs("pata_ingest"):
                if run["run_type"] != "asset_triggered" or run["state"] != "success":
                    continue
                for ti in api.task_instances("pata_ingest", run["dag_run_id"]):
                    if ti["task_id"] == "process" and ti["state"] == "success":
                        outcome = api.xcom(
                            "pata_ingest", run["dag_run_id"], "process", ti["map_index"]
                        )
                        if outcome.get("ledger_id") == row.id:
                            return run
            return None

        run = wait_for(
            watcher_run_that_processed_it, timeout=120, what="the asset-triggered run's outcome"
        )
        assert run["run_type"] == "asset_triggered"
        assert all(r["run_type"] != "manual" for r in api.dag_runs("pata_ingest"))


class TestNoLeakThroughAirflow:
    def test_canaries_dropped_through_airflow_reach_no_xcom_log_or_report(
        self, airflow_stack: Settings, tmp_path
    ):
        """Files with canary identifiers (valid, quarantined and rejected rows) go through
        the real DAGs; XCom, task logs, the metadata DB, reports and Data Docs are searched."""
        from pata.audit import audit, canaries_from_manifest, extra_canary_files
        from pata.synth import generate

        manifest = generate(
            out=tmp_path,
            partners=["kh-ksp"],
            datasets=["cases"],
            months=1,
            seed=21,
            end=date(2026, 10, 1),
            canaries=True,
            defects=0.1,
        )
        canaries = canaries_from_manifest(manifest.to_dict())
        files = [(tmp_path / f.path, f.path) for f in manifest.files]
        for path, _, _, planted in extra_canary_files(tmp_path, seed=21):
            files.append((path, path.relative_to(tmp_path).as_posix()))
            canaries.extend(planted)
        assert len(canaries) >= 6
        api = AirflowApi(airflow_stack)
        wait_for(
            lambda: api.get("/api/v2/dags/pata_ingest").get("is_paused") is False,
            timeout=180,
            what="the ingest DAG",
        )
        s3 = s3_client(airflow_stack)
        for path, key in files:
            s3.put_object(Bucket=airflow_stack.dropzone_bucket, Key=key, Body=path.read_bytes())

        def all_final():
            with get_engine(role="owner", settings=airflow_stack).connect() as conn:
                statuses = (
                    conn.execute(
                        text("select status from ops.file_ledger where object_key = any(:k)"),
                        {"k": [key for _, key in files]},
                    )
                    .scalars()
                    .all()
                )
            return len(statuses) == len(files) and "received" not in statuses

        wait_for(all_final, timeout=300, what="every canary file to be processed by Airflow")
        time.sleep(5)  # let the last task logs flush

        report = audit(canaries, settings=airflow_stack, include_airflow=True)

        assert "airflow metadata pg_dump (XCom, runs)" in report.sources
        assert report.sources.get("task logs", 0) > 0
        assert report.clean, [f"{h.kind} in {h.source}: {h.location}" for h in report.hits]
