"""One retry and timeout policy for every PATA DAG task.

Every task gets an ``execution_timeout`` (no task can hold a worker forever) and a bounded
number of retries with exponential backoff capped at ``max_retry_delay`` — for transient
faults only. A task body wrapped in :func:`retry_only_transient` turns any other exception,
and the task's own timeout, into Airflow's fail-without-retry, so a bug or a file that
takes too long is not run three more times (:mod:`pata.faults` decides what is transient).

Airflow is imported lazily, inside the functions that need it, so the pipeline library can
be imported without it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

from pata.assets import OWNER
from pata.faults import fault_code, is_transient

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

RETRIES = 3
"""Retries after the first try (transient faults only)."""
RETRY_DELAY = timedelta(seconds=30)
"""The first retry's delay; each next one doubles it (30 s, 1 min, 2 min ...)."""
BACKOFF = 2.0
MAX_RETRY_DELAY = timedelta(minutes=10)


def task_defaults(
    *,
    execution_timeout: timedelta,
    retry_delay: timedelta = RETRY_DELAY,
    on_failure_callback: Callable[[Mapping[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """``default_args`` for a PATA DAG: owner, timeout, bounded exponential retries."""
    args: dict[str, Any] = {
        "owner": OWNER,
        "execution_timeout": execution_timeout,
        "retries": RETRIES,
        "retry_delay": retry_delay,
        "retry_exponential_backoff": BACKOFF,
        "max_retry_delay": MAX_RETRY_DELAY,
    }
    if on_failure_callback is not None:
        args["on_failure_callback"] = on_failure_callback
    return args


def ops_dag(
    *,
    dag_id: str,
    tags: list[str],
    doc_md: str | None,
    task_timeout: timedelta,
    finish_within: timedelta,
) -> dict[str, Any]:
    """The ``@dag`` arguments of a scheduled ops DAG but its ``schedule`` (written in the DAG):
    one run at a time, no catch-up, :func:`task_defaults`, an alert when a run fails, and a
    ``dag-deadline-missed`` alert when a run is not done ``finish_within`` after it was
    queued (Airflow's deadline alert, named ``<dag_id>_within_<finish_within>``)."""
    from airflow.sdk.definitions.callback import AsyncCallback
    from airflow.sdk.definitions.deadline import DeadlineAlert, DeadlineReference

    from pata.alerts.callbacks import on_dag_failure, on_deadline_missed

    minutes = int(finish_within.total_seconds() // 60)
    within = f"{minutes // 60}_hours" if minutes % 60 == 0 else f"{minutes}_minutes"
    return {
        "dag_id": dag_id,
        "catchup": False,
        "max_active_runs": 1,
        "tags": tags,
        "doc_md": doc_md,
        "default_args": task_defaults(execution_timeout=task_timeout),
        "on_failure_callback": on_dag_failure,
        "deadline": DeadlineAlert(
            reference=DeadlineReference.DAGRUN_QUEUED_AT,
            interval=finish_within,
            callback=AsyncCallback(on_deadline_missed),
            name=f"{dag_id}_within_{within}",
        ),
    }


def file_task_timeout() -> timedelta:
    """The ``execution_timeout`` of a task that processes one file (``PATA_FILE_TIMEOUT``)."""
    from pata.settings import get_settings

    return timedelta(seconds=get_settings().file_timeout_seconds)


def retry_only_transient(func: Callable[P, R]) -> Callable[P, R]:
    """Run a task body; a non-transient exception fails the task without retries.

    A transient one (:func:`pata.faults.is_transient`) propagates unchanged, so Airflow
    retries it with the DAG's backoff. The failure message holds a code, never a value.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except BaseException as exc:
            timed_out = type(exc).__name__ == "AirflowTaskTimeout"  # a BaseException
            if not (isinstance(exc, Exception) or timed_out):
                raise  # KeyboardInterrupt, SystemExit: the worker is stopping
            if not timed_out and type(exc).__module__.startswith("airflow."):
                raise  # Airflow's own control flow: skip, fail, reschedule
            if not timed_out and is_transient(exc):
                log.warning("transient fault (%s): the task will be retried", fault_code(exc))
                raise
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(
                f"{fault_code(exc)}: not a transient fault, not retried"
            ) from exc

    return wrapper
