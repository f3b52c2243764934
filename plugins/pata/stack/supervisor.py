"""The foreground ``pata up`` watches its stack: a crashed component is restarted or named,
and ``pata down`` from another shell ends it.

``pata down`` (any shell) first leaves a stop request under ``.pata/run/``; the foreground
process sees it within a second, stops restarting anything, reaps its children as they exit
(no defunct processes) and returns. A component that dies on its own is restarted, at most
``max_restarts`` times in ``window`` seconds; past that it is left down and named, with its
log, and ``pata status`` reports it as ``crashed``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pata.settings import Settings
from pata.stack import processes

log = logging.getLogger(__name__)

STOP_REQUEST = "down.requested"
MAX_RESTARTS = 3
WINDOW_SECONDS = 600.0


def request_stop(settings: Settings) -> None:
    """Leave the stop request a foreground ``pata up`` looks for (``pata down`` calls this)."""
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    (settings.run_dir / STOP_REQUEST).write_text(str(os.getpid()))


def clear_stop_request(settings: Settings) -> None:
    (settings.run_dir / STOP_REQUEST).unlink(missing_ok=True)


def stop_requested(settings: Settings) -> bool:
    return (settings.run_dir / STOP_REQUEST).exists()


@dataclass
class Component:
    """A process of the local stack: how to tell it is alive, how to start it again."""

    name: str
    alive: Callable[[], bool]
    restart: Callable[[], None]
    log: Path


def components(settings: Settings, *, airflow: bool) -> list[Component]:
    """The components a foreground ``pata up`` watches (embedded services, Airflow)."""
    from pata.stack import airflow as airflow_stack
    from pata.stack import objectstore, postgres

    watched: list[Component] = []
    if settings.embedded:

        def restart_s3() -> None:
            objectstore.start(settings)
            objectstore.provision(settings)  # moto keeps its state in memory: it came back empty

        watched += [
            Component(
                "postgresql",
                alive=lambda: processes.port_open(settings.pg_port),
                restart=lambda: postgres.start(settings),
                log=settings.pgdata / "server.log",
            ),
            Component(
                "s3+sqs",
                alive=lambda: (
                    processes.read_pid(settings.run_dir, objectstore.COMPONENT) is not None
                ),
                restart=restart_s3,
                log=settings.log_dir / f"{objectstore.COMPONENT}.log",
            ),
        ]
    if airflow:
        watched += [_airflow_component(settings, name) for name in airflow_stack.COMPONENTS]
    return watched


def _airflow_component(settings: Settings, name: str) -> Component:
    from pata.stack import airflow as airflow_stack

    pid_name = f"airflow-{name}"

    def alive() -> bool:
        return processes.read_pid(settings.run_dir, pid_name) is not None

    def restart() -> None:
        airflow_stack.start(settings, components=(name,))

    return Component(
        f"airflow {name}", alive=alive, restart=restart, log=settings.log_dir / f"{pid_name}.log"
    )


@dataclass
class Supervisor:
    """Checks each component once per call; restarts a dead one within a budget."""

    watched: list[Component]
    max_restarts: int = MAX_RESTARTS
    window: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    restarts: dict[str, list[float]] = field(default_factory=dict)
    given_up: set[str] = field(default_factory=set)

    def check(self) -> list[str]:
        """One pass: what happened, as lines for the terminal (names and paths only)."""
        processes.reap_children()
        events: list[str] = []
        for component in self.watched:
            if component.name in self.given_up or component.alive():
                continue
            now = self.clock()
            recent = [t for t in self.restarts.get(component.name, []) if now - t < self.window]
            if len(recent) >= self.max_restarts:
                self.given_up.add(component.name)
                events.append(
                    f"{component.name} crashed {len(recent) + 1} times in "
                    f"{self.window / 60:.0f} min; left down (log {component.log}). "
                    "Fix it, then `make down` and `make up`."
                )
                continue
            self.restarts[component.name] = [*recent, now]
            try:
                component.restart()
            except Exception as exc:
                events.append(
                    f"{component.name} exited and could not be restarted "
                    f"({type(exc).__name__}; log {component.log})"
                )
            else:
                events.append(f"{component.name} exited; restarted (log {component.log})")
        return events


def wait_for_children(timeout: float) -> None:
    """Reap this process's children until none is left (or ``timeout``): no zombies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no child left
        if pid == 0:
            time.sleep(0.2)
    with contextlib.suppress(ChildProcessError):
        processes.reap_children()
