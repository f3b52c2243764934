"""The local stack notices a dead component: restarted or named; `pata down` elsewhere ends
the foreground `pata up` (no process left behind, none defunct)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pata.settings import Settings
from pata.stack import objectstore, processes
from pata.stack.processes import free_port
from pata.stack.supervisor import Component, Supervisor


class FakeProcess:
    def __init__(self) -> None:
        self.up = True
        self.starts = 0

    def restart(self) -> None:
        self.starts += 1
        self.up = True


class TestSupervisor:
    def _watch(self, proc: FakeProcess, now: list[float]) -> Supervisor:
        component = Component("s3+sqs", alive=lambda: proc.up, restart=proc.restart, log=Path("x"))
        return Supervisor([component], max_restarts=3, window=600, clock=lambda: now[0])

    def test_a_dead_component_is_restarted(self):
        proc, now = FakeProcess(), [0.0]
        watch = self._watch(proc, now)
        assert watch.check() == []
        proc.up = False
        events = watch.check()
        assert proc.starts == 1 and proc.up
        assert events == ["s3+sqs exited; restarted (log x)"]

    def test_a_component_that_keeps_crashing_is_named_and_left_down(self):
        proc, now = FakeProcess(), [0.0]
        watch = self._watch(proc, now)
        for _ in range(3):
            proc.up = False
            now[0] += 10
            watch.check()
        proc.up = False
        events = watch.check()
        assert proc.starts == 3
        assert "crashed 4 times" in events[0] and "s3+sqs" in events[0]
        assert watch.given_up == {"s3+sqs"}
        assert watch.check() == []  # named once, not on every pass

    def test_crashes_far_apart_are_restarted_each_time(self):
        proc, now = FakeProcess(), [0.0]
        watch = self._watch(proc, now)
        for _ in range(6):
            proc.up = False
            now[0] += 700  # beyond the window: the budget is per 10 minutes
            watch.check()
        assert proc.starts == 6 and not watch.given_up

    def test_a_failed_restart_is_reported(self):
        def fail() -> None:
            raise TimeoutError

        component = Component("postgresql", alive=lambda: False, restart=fail, log=Path("pg"))
        events = Supervisor([component]).check()
        assert events == ["postgresql exited and could not be restarted (TimeoutError; log pg)"]


@pytest.fixture
def private_settings(tmp_path: Path, monkeypatch) -> Settings:
    from pata.settings import reset_settings

    env = {
        "PATA_HOME": str(tmp_path / "pata"),
        "PATA_PG_PORT": str(free_port()),
        "PATA_S3_PORT": str(free_port()),
        "PATA_AIRFLOW_PORT": str(free_port()),
        "PATA_DEMO": "0",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("PATA_WAREHOUSE_URL", "PATA_S3_ENDPOINT_URL", "PATA_SQS_QUEUE_URL"):
        monkeypatch.delenv(name, raising=False)
    reset_settings()
    yield Settings()
    reset_settings()


class TestStatus:
    def test_a_killed_object_store_is_reported_crashed_with_its_log(self, private_settings):
        from pata import stack

        objectstore.start(private_settings)
        pid = processes.read_pid(private_settings.run_dir, objectstore.COMPONENT)
        assert pid is not None
        try:
            os.kill(pid, signal.SIGKILL)
            run_dir, deadline = private_settings.run_dir, time.monotonic() + 10
            while processes.read_pid(run_dir, "s3") and time.monotonic() < deadline:
                time.sleep(0.1)
            statuses = {s.name: s for s in stack.status(private_settings)}
            assert statuses["s3"].state == "crashed"
            assert "s3.log" in statuses["s3"].detail
            assert not statuses["s3"].ok
        finally:
            objectstore.stop(private_settings)
            processes.reap_children()


def _read_until(proc: subprocess.Popen, needle: str, timeout: float, seen: list[str]) -> bool:
    """Wait until a line of the process's output holds ``needle`` (lines read by a thread:
    select() on the pipe misses lines already in the reader's buffer)."""
    import queue
    import threading

    lines = getattr(proc, "_lines", None)
    if lines is None:
        lines = queue.Queue()
        proc._lines = lines  # type: ignore[attr-defined]

        def pump() -> None:
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line is None:
            return False
        seen.append(line)
        if needle in line:
            return True
    return False


class TestForegroundUp:
    def test_a_crashed_component_is_restarted_and_down_elsewhere_ends_up(self, private_settings):
        """`pata up --no-airflow` in the foreground: kill -9 its S3 server, it comes back;
        `pata down` from another process ends the foreground `pata up` with no child left."""
        pata = [str(Path(sys.executable).with_name("pata"))]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        up = subprocess.Popen(
            [*pata, "up", "--no-airflow"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        seen: list[str] = []
        try:
            assert _read_until(up, "PATA pipeline is up", 300, seen), "".join(seen)[-3000:]
            run_dir = private_settings.run_dir
            first = processes.read_pid(run_dir, objectstore.COMPONENT)
            assert first is not None
            os.kill(first, signal.SIGKILL)
            assert _read_until(up, "s3+sqs exited; restarted", 60, seen), "".join(seen)[-3000:]
            second = processes.read_pid(run_dir, objectstore.COMPONENT)
            assert second is not None and second != first
            assert objectstore.is_up(private_settings)  # provisioned again: the bucket is there

            down = subprocess.run(
                [*pata, "down"], capture_output=True, text=True, env=env, timeout=120
            )
            assert down.returncode == 0, down.stderr
            assert up.wait(timeout=120) == 0, "".join(seen)[-3000:]
            _read_until(up, "pata: stopped", 10, seen)
            assert "another shell" in "".join(seen)
            assert not processes.port_open(private_settings.pg_port)
            assert not processes.port_open(private_settings.s3_port)
        finally:
            if up.poll() is None:
                up.send_signal(signal.SIGINT)
                up.wait(timeout=120)


@pytest.mark.e2e
class TestForegroundUpWithAirflow:
    @pytest.mark.timeout(900)
    def test_a_killed_airflow_component_is_restarted_and_down_elsewhere_ends_up(
        self, private_settings
    ):
        """`pata up` as `make up` runs it (Airflow included): kill -9 its triggerer, it is
        restarted and healthy again in `pata status`; `pata down` from another process ends
        the foreground `pata up`, leaving no child (defunct or alive) and no port open."""
        pata = [str(Path(sys.executable).with_name("pata"))]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        up = subprocess.Popen(
            [*pata, "up"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        seen: list[str] = []
        try:
            assert _read_until(up, "PATA pipeline is up", 600, seen), "".join(seen)[-3000:]
            run_dir = private_settings.run_dir
            first = processes.read_pid(run_dir, "airflow-triggerer")
            assert first is not None
            os.kill(first, signal.SIGKILL)
            assert _read_until(up, "airflow triggerer exited; restarted", 120, seen), "".join(seen)[
                -3000:
            ]
            second = processes.read_pid(run_dir, "airflow-triggerer")
            assert second is not None and second != first

            def triggerer_state() -> str:
                status = subprocess.run(
                    [*pata, "status"], capture_output=True, text=True, env=env, timeout=120
                )
                line = [x for x in status.stdout.splitlines() if "triggerer" in x]
                return line[0] if line else status.stdout

            deadline = time.monotonic() + 180
            while "healthy" not in (state := triggerer_state()) and time.monotonic() < deadline:
                time.sleep(5)
            assert "healthy" in state and "unhealthy" not in state, state

            down = subprocess.run(
                [*pata, "down"], capture_output=True, text=True, env=env, timeout=300
            )
            assert down.returncode == 0, down.stderr
            assert up.wait(timeout=180) == 0, "".join(seen)[-3000:]
            _read_until(up, "pata: stopped", 10, seen)
            assert "another shell" in "".join(seen)
            for port in (
                private_settings.pg_port,
                private_settings.s3_port,
                private_settings.airflow_port,
            ):
                assert not processes.port_open(port), port
            assert _processes_of(private_settings) == [], "left behind by pata up"
        finally:
            if up.poll() is None:
                up.send_signal(signal.SIGINT)
                up.wait(timeout=180)


def _processes_of(settings: Settings) -> list[str]:
    """Processes (alive or defunct) started for this stack: their environment names its
    PATA_HOME, or they run in it (orphans are re-parented, so the parent id alone would miss
    them; Airflow's log server, left by a killed triggerer, has a cleaned environment)."""
    mine = f"PATA_HOME={settings.home}".encode()
    home = Path(settings.home).resolve()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if _runs_in(proc, home) or mine in (proc / "environ").read_bytes().split(b"\0"):
                found.append(f"{proc.name} {(proc / 'stat').read_text().split()[2]}")
        except OSError:
            continue
    return found


def _runs_in(proc: Path, home: Path) -> bool:
    try:
        cwd = (proc / "cwd").resolve(strict=True)
    except OSError:  # gone, defunct, or not ours to read
        return False
    return cwd == home or home in cwd.parents
