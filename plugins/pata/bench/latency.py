"""Drop-to-indicator latency on the running local stack, with real Airflow.

For each drop: ``put_object`` of a file into the dropzone (t0), then the Airflow REST API
is polled for the ``pata_ingest`` run it triggers (S3 → SQS → the triggerer's
AssetWatcher) and for the ``pata_indicators`` run scheduled on the warehouse asset that run
emits. The end of that indicators run is "indicators refreshed". Each drop waits for the
previous one's runs to finish, so runs are never shared between drops.

Split of each latency (all times from the same machine's clock):
- ``trigger``: t0 → the ingest run is queued (event delivery, triggerer poll, asset event);
- ``scheduling``: ingest run queued → started (scheduler loop);
- ``work``: ingest run started → indicators run ended, itself split by what was running
  at each instant: the file's ``process`` task, else the indicators ``refresh`` task, else
  ``other_tasks`` (event parsing, announce, microdata, the report's publish), else nothing
  (``between_tasks``: task scheduling inside the runs, the hand-off between the runs).
"""

from __future__ import annotations

import itertools
import logging
import statistics
import time
import urllib.error
import urllib.parse
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pata.settings import Settings

log = logging.getLogger(__name__)

INGEST_DAG = "pata_ingest"
INDICATORS_DAG = "pata_indicators"
FINISHED = frozenset({"success", "failed"})
POLL_SECONDS = 0.5
WORK_PARTS = ("process", "refresh", "other_tasks", "between_tasks")
"""The parts of a drop's work, in the order an instant is attributed to them."""


class LatencyProbe:
    """Drops files one by one and times what Airflow does with them."""

    def __init__(self, settings: Settings, *, drop_timeout: float = 300.0) -> None:
        from pata.stack.airflow import AirflowApi

        self.settings = settings
        self.api = AirflowApi(settings)
        self.drop_timeout = drop_timeout

    def wait_ready(self, *, timeout: float = 300.0) -> dict[str, Any]:
        """Wait for the DAGs to be parsed and unpaused and the dropzone watcher to run."""
        deadline = time.monotonic() + timeout
        dags = {INGEST_DAG: False, INDICATORS_DAG: False}
        while time.monotonic() < deadline and not all(dags.values()):
            for dag_id in dags:
                dags[dag_id] = dags[dag_id] or self._unpaused(dag_id)
            if not all(dags.values()):
                time.sleep(2)
        if not dags[INGEST_DAG]:
            raise TimeoutError(f"{INGEST_DAG} was not parsed and unpaused within {timeout:.0f}s")
        watching = self._wait_watcher(deadline=deadline)
        return {"indicators_dag": dags[INDICATORS_DAG], "watcher_claimed": watching}

    def drop(self, *, key: str, body: bytes) -> dict[str, Any]:
        """Upload one file and follow it to the indicators; the timeline of that drop."""
        from pata.storage import s3_client

        self._wait_idle()
        seen_ingest = {run["dag_run_id"] for run in self._runs(INGEST_DAG)}
        seen_indicators = {run["dag_run_id"] for run in self._runs(INDICATORS_DAG)}
        t0 = time.time()
        s3_client(self.settings).put_object(
            Bucket=self.settings.dropzone_bucket, Key=key, Body=body
        )
        deadline = time.monotonic() + self.drop_timeout
        ingest = self._wait_new_run(INGEST_DAG, seen_ingest, deadline=deadline)
        record: dict[str, Any] = {"key": key, "t0": t0, "ingest": _run_times(ingest)}
        if ingest is None:
            record["failed"] = "no ingest run finished in time"
            return record
        record["ingest"]["tasks"] = self._task_times(INGEST_DAG, ingest["dag_run_id"])
        indicators = None
        if ingest["state"] == "success":
            indicators = self._wait_new_run(INDICATORS_DAG, seen_indicators, deadline=deadline)
        if indicators is not None:
            record["indicators"] = _run_times(indicators)
            record["indicators"]["tasks"] = self._task_times(
                INDICATORS_DAG, indicators["dag_run_id"]
            )
        return {**record, **split_latency(record)}

    # -- Airflow REST ----------------------------------------------------------------------

    def _unpaused(self, dag_id: str) -> bool:
        try:
            return self.api.get(f"/api/v2/dags/{dag_id}").get("is_paused") is False
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def _runs(self, dag_id: str) -> list[dict[str, Any]]:
        try:
            return self.api.dag_runs(dag_id)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return []
            raise

    def _wait_idle(self, *, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = [
                run
                for dag_id in (INGEST_DAG, INDICATORS_DAG)
                for run in self._runs(dag_id)
                if run["state"] not in FINISHED
            ]
            if not busy:
                return
            time.sleep(1)
        log.warning("runs still active after %.0fs; dropping anyway", timeout)

    def _wait_new_run(
        self, dag_id: str, seen: set[str], *, deadline: float
    ) -> dict[str, Any] | None:
        while time.monotonic() < deadline:
            new = [run for run in self._runs(dag_id) if run["dag_run_id"] not in seen]
            done = [run for run in new if run["state"] in FINISHED]
            if done:
                return min(done, key=lambda run: run.get("queued_at") or "")
            time.sleep(POLL_SECONDS)
        return None

    def _task_times(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        quoted = urllib.parse.quote(run_id, safe="")
        document = self.api.get(f"/api/v2/dags/{dag_id}/dagRuns/{quoted}/taskInstances")
        return [
            {
                "task_id": item["task_id"],
                "map_index": item.get("map_index"),
                "state": item.get("state"),
                "start": _timestamp(item.get("start_date")),
                "end": _timestamp(item.get("end_date")),
            }
            for item in document.get("task_instances", [])
        ]

    def _wait_watcher(self, *, deadline: float) -> bool:
        """True once the triggerer has claimed the dropzone asset's watcher trigger."""
        from sqlalchemy import create_engine, text

        from pata.assets import DROPZONE_ASSET

        engine = create_engine(self.settings.database_url("airflow"))
        try:
            while time.monotonic() < deadline:
                try:
                    assets = self.api.get(f"/api/v2/assets?name_pattern={DROPZONE_ASSET}")
                    ids = [
                        watcher["trigger_id"]
                        for asset in assets.get("assets", [])
                        for watcher in asset.get("watchers", [])
                    ]
                    if ids:
                        with engine.connect() as conn:
                            claimed = conn.execute(
                                text(
                                    "select count(*) from trigger "
                                    "where id = any(:ids) and triggerer_id is not null"
                                ),
                                {"ids": ids},
                            ).scalar()
                        if claimed:
                            # The trigger's first poll follows the claim by a loop or two.
                            time.sleep(5)
                            return True
                except (urllib.error.URLError, OSError, ValueError):
                    pass
                time.sleep(2)
        finally:
            engine.dispose()
        log.warning("the dropzone watcher was not seen running; the first drop may wait for it")
        return False


def split_latency(record: dict[str, Any]) -> dict[str, Any]:
    """Latency of one drop and its split into trigger, scheduling and work (seconds)."""
    ingest = record.get("ingest") or {}
    indicators = record.get("indicators")
    t0 = float(record["t0"])
    queued, started = ingest.get("queued"), ingest.get("start")
    end = indicators.get("end") if indicators else ingest.get("end")
    if queued is None or started is None or end is None:
        return {"latency_seconds": None, "measured_to": None}
    tasks = [*ingest.get("tasks", []), *(indicators.get("tasks", []) if indicators else [])]
    work = end - started
    spent = attribute_work(tasks, start=started, end=end)
    refresh_ends = [t["end"] for t in tasks if t["task_id"] == "refresh" and t["end"]]
    return {
        "measured_to": f"{INDICATORS_DAG} run end" if indicators else f"{INGEST_DAG} run end",
        "latency_seconds": round(end - t0, 3),
        "to_refresh_end_seconds": round(max(refresh_ends) - t0, 3) if refresh_ends else None,
        "split": {
            "trigger": round(queued - t0, 3),
            "scheduling": round(started - queued, 3),
            "work": round(work, 3),
        },
        "work_split": {part: round(seconds, 3) for part, seconds in spent.items()},
    }


def summarise(drops: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Median and max latency over the drops, and the mean share of each part."""
    measured = [drop for drop in drops if drop.get("latency_seconds") is not None]
    if not measured:
        return {"drops": len(drops), "measured": 0, "median_seconds": None, "max_seconds": None}
    latencies = [float(drop["latency_seconds"]) for drop in measured]
    total = sum(latencies)
    shares = {
        part: round(sum(float(drop["split"][part]) for drop in measured) / total, 4)
        for part in ("trigger", "scheduling", "work")
    }
    work_shares = {
        part: round(sum(float(drop["work_split"][part]) for drop in measured) / total, 4)
        for part in WORK_PARTS
    }
    ends = {str(drop["measured_to"]) for drop in measured}
    to_refresh = [
        float(drop["to_refresh_end_seconds"])
        for drop in measured
        if drop.get("to_refresh_end_seconds") is not None
    ]
    return {
        "drops": len(drops),
        "measured": len(measured),
        "measured_to": sorted(ends),
        "median_seconds": round(statistics.median(latencies), 3),
        "max_seconds": round(max(latencies), 3),
        "median_to_refresh_end_seconds": round(statistics.median(to_refresh), 3)
        if to_refresh
        else None,
        "shares": shares,
        "work_shares": work_shares,
    }


def _run_times(run: dict[str, Any] | None) -> dict[str, Any]:
    if run is None:
        return {}
    return {
        "run_id": run["dag_run_id"],
        "run_type": run.get("run_type"),
        "state": run.get("state"),
        "queued": _timestamp(run.get("queued_at")),
        "start": _timestamp(run.get("start_date")),
        "end": _timestamp(run.get("end_date")),
    }


def attribute_work(
    tasks: Sequence[dict[str, Any]], *, start: float, end: float
) -> dict[str, float]:
    """Split [start, end] by what was running: each instant goes to one part only.

    Tasks of the indicators run overlap (refresh and microdata run side by side), so task
    durations cannot be added up. Each instant goes to the first of: the file's ``process``
    task, the ``refresh`` task, any other task, or nothing running (``between_tasks``).
    """
    spans = [
        (_work_part(str(task["task_id"])), float(task["start"]), float(task["end"]))
        for task in tasks
        if task.get("start") and task.get("end")
    ]
    edges = sorted({start, end, *(t for _, a, b in spans for t in (a, b) if start < t < end)})
    spent = dict.fromkeys(WORK_PARTS, 0.0)
    for left, right in itertools.pairwise(edges):
        running = {part for part, a, b in spans if a <= left and b >= right}
        part = next((name for name in WORK_PARTS if name in running), "between_tasks")
        spent[part] += right - left
    return spent


def _work_part(task_id: str) -> str:
    if task_id.startswith("process"):
        return "process"
    if task_id == "refresh":
        return "refresh"
    return "other_tasks"


def _timestamp(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
