"""Airflow for real on the local stack: api-server, scheduler, dag-processor, triggerer.

Each runs as its own process group with LocalExecutor and parallelism sized for 2 cores.
The metadata database is the embedded PostgreSQL's ``airflow`` database; connections
come from ``AIRFLOW_CONN_*`` environment variables built from the PATA settings.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pata.errors import ServiceUnreachable
from pata.keys import KEY_NAME
from pata.settings import REPO_ROOT, ROLE_LOGINS, Settings
from pata.stack import processes, sftp
from pata.stack.secrets import database_password, read_secret

log = logging.getLogger(__name__)

COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
ADMIN_USER = "admin"
AWS_CONN_ID = "pata_aws"
WAREHOUSE_CONN_ID = "pata_warehouse"


_secret = read_secret


def admin_password(settings: Settings) -> str:
    return _secret(settings, "airflow-admin-password", lambda: secrets.token_urlsafe(12))


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def aws_connection(settings: Settings) -> dict[str, Any]:
    extra: dict[str, Any] = {"region_name": settings.aws_region}
    if settings.s3_endpoint():
        extra["endpoint_url"] = settings.s3_endpoint()
    conn: dict[str, Any] = {"conn_type": "aws", "extra": extra}
    if settings.embedded:
        conn.update(login="pata-local", password="pata-local")  # noqa: S106 (moto ignores it)
    return conn


def airflow_env(settings: Settings) -> dict[str, str]:
    """The environment every Airflow component of the local stack runs with."""
    home = settings.airflow_home
    home.mkdir(parents=True, exist_ok=True)
    passwords_file = home / "simple_auth_manager_passwords.json"
    if not passwords_file.exists():
        passwords_file.write_text(json.dumps({ADMIN_USER: admin_password(settings)}))
        passwords_file.chmod(0o600)
    port = settings.airflow_port
    par = str(settings.airflow_parallelism)
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO_ROOT / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": par,
            "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG": par,
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            "AIRFLOW__CORE__FERNET_KEY": _secret(settings, "airflow-fernet-key", _fernet_key),
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN_USER}:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords_file),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
            # Airflow's metadata database, as its own login (no access to the warehouse).
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": (
                f"postgresql+psycopg2://{ROLE_LOGINS['airflow']}:"
                f"{quote(database_password(settings, ROLE_LOGINS['airflow']), safe='')}"
                f"@127.0.0.1:{settings.pg_port}/airflow"
            ),
            # The pseudonym key's Variable (and Connection) is masked wherever Airflow
            # would show it: task logs, the Variables view, rendered fields.
            "AIRFLOW__CORE__SENSITIVE_VAR_CONN_NAMES": KEY_NAME,
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
            "AIRFLOW__API_AUTH__JWT_SECRET": _secret(
                settings, "airflow-jwt-secret", lambda: secrets.token_urlsafe(32)
            ),
            "AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES": "1",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "20",
            "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "30",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "AIRFLOW__SCHEDULER__PARSING_PROCESSES": "1",
            # Executor workers come from a forkserver that imported pata.preload (Great
            # Expectations, pandas, the pipeline) once; tasks fork from them and skip ~10 s
            # of imports each.
            "AIRFLOW__SCHEDULER__MP_START_METHOD": "forkserver",
            "AIRFLOW__SCHEDULER__MP_FORKSERVER_PRELOAD": "pata.preload",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
            "AIRFLOW__WEBSERVER__EXPOSE_CONFIG": "False",
            "AIRFLOW_CONN_" + AWS_CONN_ID.upper(): json.dumps(aws_connection(settings)),
            **sftp.airflow_connections(settings),
            "AIRFLOW_CONN_" + WAREHOUSE_CONN_ID.upper(): json.dumps(
                {
                    "conn_type": "postgres",
                    "host": "127.0.0.1",
                    "port": settings.pg_port,
                    "login": ROLE_LOGINS["pipeline"],
                    "password": database_password(settings, ROLE_LOGINS["pipeline"]),
                    "schema": "warehouse",
                }
            ),
            "PATA_HOME": str(settings.home),
            "PATA_PG_PORT": str(settings.pg_port),
            "PATA_S3_PORT": str(settings.s3_port),
            "PATA_AIRFLOW_PORT": str(port),
            "NO_PROXY": "*",
            "no_proxy": "*",
        }
    )
    return env


def _airflow_bin() -> str:
    candidate = Path(sys.executable).with_name("airflow")
    return str(candidate) if candidate.exists() else (shutil.which("airflow") or "airflow")


def migrate(settings: Settings) -> None:
    """``airflow db migrate`` (idempotent)."""
    log.info("migrating the Airflow metadata database")
    result = subprocess.run(
        [_airflow_bin(), "db", "migrate"],
        env=airflow_env(settings),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ServiceUnreachable(
            f"airflow db migrate failed (exit {result.returncode}):\n{result.stdout[-1500:]}"
            f"\n{result.stderr[-1500:]}"
        )


def start(settings: Settings, *, components: tuple[str, ...] = COMPONENTS) -> None:
    """Start the components (each in its own process group) that are not running yet."""
    env = airflow_env(settings)
    for component in components:
        processes.spawn(
            f"airflow-{component}",
            [_airflow_bin(), component],
            run_dir=settings.run_dir,
            log_dir=settings.log_dir,
            env=env,
            cwd=settings.home,
        )


def stop(settings: Settings) -> list[str]:
    stopped = []
    # The api-server last: the others report to it while they shut down.
    for component in reversed(COMPONENTS):
        if processes.stop(f"airflow-{component}", run_dir=settings.run_dir, timeout=30):
            stopped.append(component)
    return stopped


def health(settings: Settings, *, timeout: float = 3.0) -> dict[str, Any] | None:
    """The api-server's health document, or None when it does not answer."""
    import urllib.error
    import urllib.request

    url = f"http://127.0.0.1:{settings.airflow_port}/api/v2/monitor/health"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return dict(json.load(response))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def component_status(doc: dict[str, Any] | None) -> dict[str, str]:
    """Status per component from the health document ('healthy', 'unhealthy', 'down')."""
    if doc is None:
        return dict.fromkeys(COMPONENTS, "down")
    keys = {"scheduler": "scheduler", "triggerer": "triggerer", "dag-processor": "dag_processor"}
    status = {"api-server": "healthy"}
    for component, key in keys.items():
        status[component] = str((doc.get(key) or {}).get("status") or "unknown")
    return status


def wait_healthy(settings: Settings, *, timeout: float) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    status: dict[str, str] = {}
    while time.monotonic() < deadline:
        status = component_status(health(settings))
        if all(value == "healthy" for value in status.values()):
            return status
        for component in COMPONENTS:
            if processes.read_pid(settings.run_dir, f"airflow-{component}") is None:
                logfile = settings.log_dir / f"airflow-{component}.log"
                tail = logfile.read_text(errors="replace")[-2000:] if logfile.exists() else ""
                raise ServiceUnreachable(f"airflow {component} exited; log {logfile}:\n{tail}")
        time.sleep(1)
    raise ServiceUnreachable(f"Airflow not healthy after {timeout:.0f}s: {status}")


class AirflowApi:
    """A small client of the api-server's REST API (v2), logged in as the local admin."""

    def __init__(self, settings: Settings) -> None:
        self.base = f"http://127.0.0.1:{settings.airflow_port}"
        self._settings = settings
        self._token: str | None = None

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        import urllib.request

        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method)  # noqa: S310 (http to loopback)
        request.add_header("Content-Type", "application/json")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.load(response)

    def login(self) -> None:
        doc = self._request(
            "POST",
            "/auth/token",
            {"username": ADMIN_USER, "password": admin_password(self._settings)},
        )
        self._token = doc["access_token"]

    def get(self, path: str) -> Any:
        if self._token is None:
            self.login()
        return self._request("GET", path)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        if self._token is None:
            self.login()
        return self._request("PATCH", path, body)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        if self._token is None:
            self.login()
        return self._request("POST", path, body)

    def dag_exists(self, dag_id: str) -> bool:
        """True once the dag-processor has parsed ``dag_id``."""
        import urllib.error

        try:
            self.get(f"/api/v2/dags/{dag_id}")
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return False
            raise
        return True

    def trigger(self, dag_id: str, *, logical_date: datetime) -> str:
        """Queue a run of ``dag_id`` for ``logical_date``; return its run id."""
        run = self.post(
            f"/api/v2/dags/{dag_id}/dagRuns", {"logical_date": logical_date.isoformat()}
        )
        return str(run["dag_run_id"])

    def set_paused(self, dag_id: str, paused: bool) -> None:
        self.patch(f"/api/v2/dags/{dag_id}", {"is_paused": paused})

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        from urllib.parse import quote

        path = f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances?limit=500"
        return list(self.get(path)["task_instances"])

    def xcom(self, dag_id: str, run_id: str, task_id: str, map_index: int = -1) -> Any:
        from urllib.parse import quote

        path = (
            f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances/{task_id}"
            f"/xcomEntries/return_value?map_index={map_index}"
        )
        return self.get(path)["value"]

    def dag_runs(self, dag_id: str) -> list[dict[str, Any]]:
        return list(self.get(f"/api/v2/dags/{dag_id}/dagRuns?limit=100")["dag_runs"])
