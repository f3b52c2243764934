"""End to end with real Airflow: the pull DAG generated for the registry's SFTP partner
fetches its export from an SFTP server (key login) and the file ends ``loaded`` through the
ingest DAG, without anyone dropping it."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from pata.settings import Settings
from pata.stack import sftp
from pata.stack.airflow import AirflowApi
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.e2e

DAG_ID = f"pata_pull_{sftp.DEMO_PARTNER}_{sftp.DEMO_DATASET}"


def wait_for(predicate, *, timeout: float, what: str, interval: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class TestPullWithAirflow:
    def test_the_pull_dag_fetches_the_export_and_ingestion_loads_it(
        self, airflow_stack: Settings, tmp_path: Path
    ):
        from pata.health import format_health_table, pipeline_health
        from pata.synth import generate

        # The registry's np-sahayog cases are pulled over SFTP through the connection the
        # stack gives Airflow (pata_pull_np_sahayog): serve that folder, on that port.
        manifest = generate(
            out=tmp_path,
            partners=[sftp.DEMO_PARTNER],
            datasets=[sftp.DEMO_DATASET],
            months=1,
            seed=77,
            end=datetime(2025, 1, 31).date(),
        )
        (record,) = manifest.files
        folder = sftp.root(airflow_stack) / sftp.DEMO_FOLDER.lstrip("/")
        folder.mkdir(parents=True, exist_ok=True)
        name = Path(record.path).name
        (folder / name).write_bytes((tmp_path / record.path).read_bytes())
        key = f"{sftp.DEMO_PARTNER}/incoming/{sftp.DEMO_DATASET}/{name}"
        keys = sftp.generate_keys(sftp.home(airflow_stack) / "keys")
        api = AirflowApi(airflow_stack)

        with sftp.serve_in_thread(
            root=sftp.root(airflow_stack), port=sftp.demo_port(airflow_stack), keys=keys
        ):
            wait_for(lambda: api.dag_exists(DAG_ID), timeout=180, what=f"{DAG_ID} to be parsed")
            started = time.monotonic()
            # a day of the 2025-01 export's pull window (due 2025-02-15, partner time)
            logical = datetime(2025, 2, 15, 3, tzinfo=ZoneInfo("Asia/Kathmandu"))
            run_id = api.trigger(DAG_ID, logical_date=logical)

            def run_state():
                run = api.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}")
                return run["state"] if run["state"] in ("success", "failed") else None

            state = wait_for(run_state, timeout=240, what="the pull run to finish")
            assert state == "success"
            (ti,) = api.task_instances(DAG_ID, run_id)
            report = api.xcom(DAG_ID, run_id, ti["task_id"])
            assert report["fetched"] == [key] and report["period"] == "2025-01"

        def ledger_row():
            with get_engine(role="owner", settings=airflow_stack).connect() as conn:
                return conn.execute(
                    text(
                        "select id, status, received_at from ops.file_ledger where object_key = :k"
                    ),
                    {"k": key},
                ).first()

        row = wait_for(
            lambda: (r := ledger_row()) is not None and r.status != "received" and r,
            timeout=300,
            what="the ingest DAG to process the pulled file",
        )
        print(f"pull run + ingestion: {time.monotonic() - started:.1f}s")
        assert row.status == "loaded"

        with get_engine(role="owner", settings=airflow_stack).connect() as conn:
            pulled = conn.execute(
                text("select remote_path, sha256 from ops.pulled_files where object_key = :k"),
                {"k": key},
            ).all()
        assert [p.remote_path for p in pulled] == [f"{sftp.DEMO_FOLDER}/{name}"]

        # the suite's clock is frozen before this real run: read the view as of its arrival
        health = {
            (h.partner_code, h.dataset): h
            for h in pipeline_health(settings=airflow_stack, as_of=row.received_at)
        }
        feed = health[(sftp.DEMO_PARTNER, sftp.DEMO_DATASET)]
        assert (feed.last_ledger_id, feed.last_file_status) == (row.id, "loaded")
        assert feed.files_loaded >= 1
        table = format_health_table([feed])
        print(table)
        assert sftp.DEMO_PARTNER in table
