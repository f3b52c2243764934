"""Stopping a component whose leader exits on SIGTERM but leaves a child that ignores it,
or whose child left the leader's process group (as Airflow's task runners do)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from pata.stack import processes

_LEADER = """
import os, signal, time
child = os.fork()
if child == 0:
    if os.environ.get("ESCAPE"):
        os.setpgid(0, 0)  # like an Airflow task runner: a process group of its own
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # like an idle executor worker
    open(os.environ["CHILD"], "w").write(str(os.getpid()))
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

    assert not processes.session_members(pgid)
    # The whole group is gone long before the 60 s timeout: the leftover child was killed
    # about a second after its leader exited (a generous bound, not a timing assertion on
    # the pipeline).
    assert took < 30


def _started_with_a_child(tmp_path: Path, monkeypatch, *, escaping: bool = False) -> int:
    ready = tmp_path / "ready"
    monkeypatch.setenv("READY", str(ready))
    monkeypatch.setenv("CHILD", str(tmp_path / "child"))
    monkeypatch.setenv("ESCAPE", "1" if escaping else "")
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
    assert processes.session_members(pid)  # the child lives on, an orphan
    (tmp_path / "ready").unlink()
    again = processes.spawn(
        "leader",
        [sys.executable, "-c", _LEADER],
        run_dir=tmp_path / "run",
        log_dir=tmp_path / "log",
    )
    assert not processes.session_members(pid)
    assert processes.stop("leader", run_dir=tmp_path / "run", timeout=10, orphan_grace=0.5)
    assert not processes.session_members(again)


def test_stopping_a_dead_component_ends_what_it_left(tmp_path: Path, monkeypatch):
    pid = _started_with_a_child(tmp_path, monkeypatch)
    _killed(pid)
    assert processes.session_members(pid)
    assert not processes.stop("leader", run_dir=tmp_path / "run", timeout=10)  # was not running
    assert not processes.session_members(pid)


@pytest.mark.parametrize("leader_killed", [False, True], ids=["stopped", "killed-9-restarted"])
def test_a_child_in_a_process_group_of_its_own_ends_with_its_component(
    tmp_path: Path, monkeypatch, leader_killed: bool
):
    """Airflow puts each task runner in a process group of its own: after the e2e tests a
    `refresh` task whose scheduler had been stopped ran on, an orphan, to 8 GB in 95 s. It
    stays in the component's session, and the session is what is stopped."""
    leader = _started_with_a_child(tmp_path, monkeypatch, escaping=True)
    child = int((tmp_path / "child").read_text())
    assert os.getpgid(child) != leader  # stopping the leader's group would miss it
    assert sorted(processes.session_members(leader)) == sorted([leader, child])

    if leader_killed:
        _killed(leader)
        assert processes.is_alive(child)  # an orphan
        monkeypatch.setenv("ESCAPE", "")
        (tmp_path / "ready").unlink()
        again = processes.spawn(
            "leader", [sys.executable, "-c", _LEADER], run_dir=tmp_path / "run", log_dir=tmp_path
        )
        assert not processes.is_alive(child)  # the restart ended it
        assert processes.stop("leader", run_dir=tmp_path / "run", timeout=10, orphan_grace=0.5)
        assert not processes.session_members(again)
    else:
        assert processes.stop("leader", run_dir=tmp_path / "run", timeout=10, orphan_grace=0.5)
        assert not processes.is_alive(child)
        assert not processes.session_members(leader)
