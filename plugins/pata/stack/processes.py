"""Background processes of the local stack: each started as the leader of its own session,
tracked by pid files under ``.pata/run/``, stopped session by session so no descendant keeps
a port or runs on.

A session, not a process group: Airflow puts each task runner in a process group of its
own (``setpgid``), which leaves the component's group but not its session. Stopping the
scheduler's group alone left a running ``refresh`` task as an orphan, seen growing to 8 GB
in 95 s and to 16 GB an hour after the e2e tests. (An environment variable cannot mark
the descendants instead: ``setproctitle`` overwrites the environment Linux shows in
``/proc/<pid>/environ``.)"""

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
            start_new_session=True,  # own session (and group): stopped as a whole
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
    """Stop a component's whole session: SIGTERM, then SIGKILL after ``timeout``.

    Once the leader has exited, what is left of its session gets ``orphan_grace`` seconds,
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
    _signal_session(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    leader_gone_at: float | None = None
    while time.monotonic() < deadline and session_members(pid):
        _reap(pid)
        if not is_alive(pid):
            leader_gone_at = leader_gone_at or time.monotonic()
            if time.monotonic() - leader_gone_at > orphan_grace:
                break
        time.sleep(0.2)
    if session_members(pid):
        if leader_gone_at is not None:
            log.info("%s exited; killing the processes it left behind", name)
        else:
            log.warning("%s did not stop in %ss; killing its session", name, timeout)
        _kill_session(pid)
    _reap(pid)
    path.unlink(missing_ok=True)
    return True


def kill_leftovers(run_dir: Path, name: str) -> None:
    """Kill what is left of a component whose leader died (``kill -9``, a crash): its
    descendants live on in its session (Airflow's triggerer leaves its log server, the
    scheduler its running task runners), and neither a restart nor ``make down`` would
    otherwise end them.

    The session id is the dead leader's pid (it started a new session). Linux does not give
    a pid to a new process while a session or process group of that id still has members,
    so every member found is a leftover of that component, never an unrelated process.
    """
    try:
        sid = int(pid_file(run_dir, name).read_text().strip())
    except (FileNotFoundError, ValueError):
        return
    if is_alive(sid) or not session_members(sid):
        return
    log.warning("%s died and left processes behind; killing them", name)
    _kill_session(sid)


def session_members(sid: int) -> list[int]:
    """The live (not defunct) processes of session ``sid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError, ProcessLookupError, PermissionError):
            continue
        # fields: state ppid pgrp session ...
        if int(fields[3]) == sid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def _signal_session(sid: int, sig: int) -> None:
    for pid in session_members(sid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _kill_session(sid: int) -> None:
    """SIGKILL every member, until none is left (or defunct), so a restart finds the ports
    free. Members are signalled again: one may have forked while the first round ran."""
    deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
    while session_members(sid) and time.monotonic() < deadline:
        _signal_session(sid, signal.SIGKILL)
        reap_children()
        time.sleep(0.05)


def running_in(directory: Path) -> list[int]:
    """Live processes (this one aside) whose working directory is ``directory`` or below it:
    every component of the local stack runs in its home, and its descendants inherit it."""
    home = directory.resolve()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cwd = (proc / "cwd").resolve(strict=True)
        except OSError:  # gone, defunct, or not ours to read
            continue
        if (cwd == home or home in cwd.parents) and is_alive(int(proc.name)):
            found.append(int(proc.name))
    return found


def command_name(pid: int) -> str:
    """The process's command name (``/proc/<pid>/comm``), or ``?`` once it is gone."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


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
