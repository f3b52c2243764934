"""Stopping a component whose leader exits on SIGTERM but leaves a child that ignores it."""

from __future__ import annotations

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
    pgid = pid  # the leader of its own session

    started = time.monotonic()
    assert processes.stop("leader", run_dir=tmp_path / "run", timeout=60, orphan_grace=1.0)
    took = time.monotonic() - started

    assert not processes._group_alive(pgid)
    # The whole group is gone long before the 60 s timeout: the leftover child was killed
    # about a second after its leader exited (a generous bound, not a timing assertion on
    # the pipeline).
    assert took < 30
