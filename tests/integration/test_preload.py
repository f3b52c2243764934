"""The Airflow executor's forkserver preload: every module it names exists, and the local
stack's scheduler is configured to use it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pata.preload import MODULES
from pata.stack.airflow import airflow_env

pytestmark = pytest.mark.integration


def test_every_preloaded_module_imports_without_a_thread_or_error():
    # A fresh interpreter, as the forkserver is: a renamed module would only log a warning
    # there, so this is where it shows. No thread may be left running (it would not survive
    # the fork into the executor's workers).
    code = (
        "import threading, pata.preload as p\n"
        "failed = p.preload()\n"
        "assert not failed, failed\n"
        "assert threading.active_count() == 1, threading.enumerate()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_the_preload_covers_great_expectations_and_the_pipeline():
    assert "great_expectations" in MODULES
    assert "pata.pipeline" in MODULES


def test_the_scheduler_forks_workers_from_a_preloaded_forkserver(pata_settings):
    env = airflow_env(pata_settings)
    assert env["AIRFLOW__SCHEDULER__MP_START_METHOD"] == "forkserver"
    assert env["AIRFLOW__SCHEDULER__MP_FORKSERVER_PRELOAD"] == "pata.preload"
