"""Background processes of the local stack: started in their own process group, tracked
by pid files under ``.pata/run/``, stopped group by group so no child keeps a port."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

log = logging.getLogger(__name__)


def pid_file(run_dir: Path, name: str) -> Path:
    return run_dir / f"{name}.pid"


def read_pid(run_dir: Path, name: str) -> int | None:
    """The pid recorded for a component, if that process is still alive."""
    path = pid_file(run_dir, name)
    try:
        pid = int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if is_alive(pid) else None


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) is not alive for our purposes.
    with contextlib.suppress(FileNotFoundError, IndexError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            return False
    return True


def spawn(
    name: str,
    argv: Sequence[str],
    *,
    run_dir: Path,
    log_dir: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> int:
    """Start a command as the leader of a new process group; record its pid; log to a file."""
    run_dir.mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    existing = read_pid(run_dir, name)
    if existing is not None:
        log.info("%s already running (pid %s)", name, existing)
        return existing
    kill_leftovers(run_dir, name)
    with open(log_dir / f"{name}.log", "ab") as out:
        proc = subprocess.Popen(
            list(argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,  # own process group: stopped as a whole
        )
    pid_file(run_dir, name).write_text(str(proc.pid))
    log.info("started %s (pid %s), log %s", name, proc.pid, log_dir / f"{name}.log")
    return proc.pid


ORPHAN_GRACE_SECONDS = 5.0
"""How long a group's leftover processes may outlive its leader after SIGTERM."""


def stop(
    name: str,
    *,
    run_dir: Path,
    timeout: float = 20.0,
    orphan_grace: float = ORPHAN_GRACE_SECONDS,
) -> bool:
    """Stop a component's whole process group: SIGTERM, then SIGKILL after ``timeout``.

    Once the leader has exited, what is left of its group gets ``orphan_grace`` seconds,
    not the whole ``timeout``: the Airflow scheduler exits on SIGTERM but LocalExecutor
    workers that were running a task at that moment come back idle, waiting for work that
    no one will send (seen with the forkserver start method; they held the stop for 30 s).
    """
    path = pid_file(run_dir, name)
    pid = read_pid(run_dir, name)
    if pid is None:
        kill_leftovers(run_dir, name)
        path.unlink(missing_ok=True)
        return False
    try:
        pgid = os.getpgid(pid)
    except ProcessLookupError:
        path.unlink(missing_ok=True)
        return False
    _signal_group(pgid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    leader_gone_at: float | None = None
    while time.monotonic() < deadline and _group_alive(pgid):
        _reap(pid)
        if not is_alive(pid):
            leader_gone_at = leader_gone_at or time.monotonic()
            if time.monotonic() - leader_gone_at > orphan_grace:
                break
        time.sleep(0.2)
    if _group_alive(pgid):
        if leader_gone_at is not None:
            log.info("%s exited; killing the processes it left behind", name)
        else:
            log.warning("%s did not stop in %ss; killing its process group", name, timeout)
        _signal_group(pgid, signal.SIGKILL)
        time.sleep(0.5)
    _reap(pid)
    path.unlink(missing_ok=True)
    return True


def kill_leftovers(run_dir: Path, name: str) -> None:
    """Kill what is left of a component whose leader died (``kill -9``, a crash): its
    children live on in its process group (Airflow's triggerer leaves its log server), and
    neither a restart nor ``make down`` would otherwise end them.

    The group id is the dead leader's pid (it started a new session). Linux does not give a
    pid to a new process while a process group of that id still has members, so every
    member found is a leftover of that component, never an unrelated process.
    """
    try:
        pgid = int(pid_file(run_dir, name).read_text().strip())
    except (FileNotFoundError, ValueError):
        return
    if is_alive(pgid) or not _group_alive(pgid):
        return
    log.warning("%s died and left processes behind; killing them", name)
    _signal_group(pgid, signal.SIGKILL)
    deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
    while _group_alive(pgid) and time.monotonic() < deadline:  # until they are gone (or
        time.sleep(0.05)  # defunct), so a restart finds their ports free


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError, ProcessLookupError, PermissionError):
            continue
        # fields: state ppid pgrp ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def reap_children() -> list[int]:
    """Collect every child of this process that has exited (none is left defunct)."""
    reaped: list[int] = []
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid == 0:
            return reaped
        reaped.append(pid)


def crashed(run_dir: Path, name: str) -> bool:
    """A component whose pid file is still there but whose process is gone: it died."""
    return pid_file(run_dir, name).exists() and read_pid(run_dir, name) is None


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(port: int, *, timeout: float, what: str, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port, host):
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not open {host}:{port} within {timeout:.0f}s")


def free_port() -> int:
    """A TCP port free right now on 127.0.0.1 (for test stacks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
