"""Stopping a component whose leader exits on SIGTERM but leaves a child that ignores it."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from pata.stack import processes

_LEADER = """
import os, signal, time
child = os.fork()
if child == 0:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # like an idle executor worker
    open(os.environ["READY"], "w").close()
    time.sleep(120)
    os._exit(0)
time.sleep(120)
"""


def test_a_leftover_child_is_killed_soon_after_its_leader_exits(tmp_path: Path, monkeypatch):
    pgid = _started_with_a_child(tmp_path, monkeypatch)  # the leader of its own session

    started = time.monotonic()
    assert processes.stop("leader", run_dir=tmp_path / "run", timeout=60, orphan_grace=1.0)
    took = time.monotonic() - started

    assert not processes._group_alive(pgid)
    # The whole group is gone long before the 60 s timeout: the leftover child was killed
    # about a second after its leader exited (a generous bound, not a timing assertion on
    # the pipeline).
    assert took < 30


def _started_with_a_child(tmp_path: Path, monkeypatch) -> int:
    ready = tmp_path / "ready"
    monkeypatch.setenv("READY", str(ready))
    pid = processes.spawn(
        "leader",
        [sys.executable, "-c", _LEADER],
        run_dir=tmp_path / "run",
        log_dir=tmp_path / "log",
    )
    deadline = time.monotonic() + 20
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), "the child did not start"
    return pid


def _killed(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while processes.is_alive(pid) and time.monotonic() < deadline:
        processes.reap_children()
        time.sleep(0.05)
    assert not processes.is_alive(pid)


def test_a_restart_after_kill_9_ends_what_the_dead_leader_left(tmp_path: Path, monkeypatch):
    """kill -9 of Airflow's triggerer left its log server running past the restart and past
    `make down` (found after the stack fault test): the restart kills the dead group."""
    pid = _started_with_a_child(tmp_path, monkeypatch)
    _killed(pid)
    assert processes._group_alive(pid)  # the child lives on, an orphan
    (tmp_path / "ready").unlink()
    again = processes.spawn(
        "leader",
        [sys.executable, "-c", _LEADER],
        run_dir=tmp_path / "run",
        log_dir=tmp_path / "log",
    )
    assert not processes._group_alive(pid)
    assert processes.stop("leader", run_dir=tmp_path / "run", timeout=10, orphan_grace=0.5)
    assert not processes._group_alive(again)


def test_stopping_a_dead_component_ends_what_it_left(tmp_path: Path, monkeypatch):
    pid = _started_with_a_child(tmp_path, monkeypatch)
    _killed(pid)
    assert processes._group_alive(pid)
    assert not processes.stop("leader", run_dir=tmp_path / "run", timeout=10)  # was not running
    assert not processes._group_alive(pid)
