"""Airflow callbacks that raise alerts: failed tasks, failed DAG runs, missed DAG deadlines.

A callback never raises (it must not hide the failure it reports) and records an
exception's class or code, never its message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pata.alerts.alert import AIRFLOW_ID, ERROR_CODE, RUN_ID, Alert, accepted, error_code_of
from pata.alerts.channels import attempt
from pata.alerts.raising import raise_alert

log = logging.getLogger(__name__)


def on_task_failure(context: Mapping[str, Any]) -> None:
    """Task-level ``on_failure_callback``: one ``task-failed`` alert per failed task instance.

    Runs after the last retry. Records the exception's class or code, never its message.
    """
    failure = attempt(_raise_task_failed, context)
    if failure:  # a callback must never hide the failure it reports
        log.error("could not raise the task-failed alert (%s)", failure)


def _raise_task_failed(context: Mapping[str, Any]) -> None:
    ti = context.get("ti") or context.get("task_instance")
    task_id = str(getattr(ti, "task_id", "") or "")
    map_index = getattr(ti, "map_index", -1)
    if isinstance(map_index, int) and map_index >= 0:
        task_id = f"{task_id}[{map_index}]"
    alert = Alert.task_failed(
        dag_id=_airflow_id(getattr(ti, "dag_id", None), AIRFLOW_ID) or "unknown",
        run_id=_airflow_id(getattr(ti, "run_id", None) or context.get("run_id"), RUN_ID)
        or "unknown",
        task_id=_airflow_id(task_id, AIRFLOW_ID) or "unknown",
        error_code=error_code_of(context.get("exception")),
    )
    raise_alert(alert)


def on_dag_failure(context: Mapping[str, Any]) -> None:
    """DAG-level ``on_failure_callback``: one ``dag-failed`` alert per failed DAG run."""
    failure = attempt(_raise_dag_failed, context)
    if failure:
        log.error("could not raise the dag-failed alert (%s)", failure)


def _raise_dag_failed(context: Mapping[str, Any]) -> None:
    dag = context.get("dag")
    dag_run = context.get("dag_run")
    dag_id = getattr(dag, "dag_id", None) or getattr(dag_run, "dag_id", None)
    run_id = context.get("run_id") or getattr(dag_run, "run_id", None)
    reason = context.get("reason")
    alert = Alert.dag_failed(
        dag_id=_airflow_id(dag_id, AIRFLOW_ID) or "unknown",
        run_id=_airflow_id(run_id, RUN_ID) or "unknown",
        error_code=accepted(str(reason).lower() if reason else None, ERROR_CODE.match),
    )
    raise_alert(alert)


async def on_deadline_missed(*, context: Mapping[str, Any] | None = None, **_: Any) -> str:
    """Airflow deadline callback (``AsyncCallback``, runs in the triggerer): alert once.

    The triggerer passes a small context: the DAG run (as a dict) and the deadline.
    """
    import asyncio

    context = context or {}
    dag_run = context.get("dag_run") or {}
    deadline = context.get("deadline") or {}
    deadline_time = deadline.get("deadline_time") if isinstance(deadline, Mapping) else None
    if isinstance(deadline_time, str):
        deadline_time = datetime.fromisoformat(deadline_time)
    alert = Alert.dag_deadline_missed(
        dag_id=_airflow_id(dag_run.get("dag_id"), AIRFLOW_ID) or "unknown",
        run_id=_airflow_id(dag_run.get("dag_run_id") or dag_run.get("run_id"), RUN_ID) or "unknown",
        deadline=deadline_time if isinstance(deadline_time, datetime) else None,
    )
    # the alert path is synchronous (database, notifier hooks): keep the triggerer's loop free
    outcome = await asyncio.to_thread(raise_alert, alert)
    return alert.dedup_key if outcome.new else f"{alert.dedup_key} (already raised)"


def _airflow_id(value: object, pattern: re.Pattern[str]) -> str | None:
    text = str(value) if value is not None else ""
    return text if pattern.match(text) else None
