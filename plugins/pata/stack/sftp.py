"""A local SFTP server standing for a pulled partner's own server (asyncssh, key login only).

``make up`` starts it under ``.pata/sftp/`` for the demo partner (:data:`DEMO_PARTNER`,
whose ``cases`` dataset has a ``pull: {kind: sftp}`` block in the registry), puts the
latest period's export in its folder and gives Airflow the ``pata_pull_np_sahayog``
connection (host key pinned, private key in the connection's extra), so the UI shows the
pull DAG fetching a real file. Tests start the same server in-process (:func:`serve_in_thread`).

Run by hand: ``python -m pata.stack.sftp --root DIR --port N --host-key F --authorized-key F``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any

from pata.pull.sources import PULL_HOUR
from pata.settings import Settings
from pata.stack import processes

log = logging.getLogger(__name__)

COMPONENT = "sftp"
DEMO_PARTNER = "np-sahayog"
DEMO_DATASET = "cases"
DEMO_CONN_ID = "pata_pull_np_sahayog"
DEMO_FOLDER = "/exports/cases"
LOGIN = "pata"


@dataclass(frozen=True)
class SftpKeys:
    """The server's host key and the client key it accepts (OpenSSH private key files)."""

    host_key: Path
    client_key: Path

    def host_public(self) -> str:
        import asyncssh

        return asyncssh.read_private_key(self.host_key).export_public_key().decode().strip()

    def client_public(self) -> str:
        import asyncssh

        return asyncssh.read_private_key(self.client_key).export_public_key().decode().strip()


def generate_keys(folder: Path) -> SftpKeys:
    """Create an ed25519 host key and client key under ``folder`` (kept once created)."""
    import asyncssh

    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    keys = SftpKeys(host_key=folder / "host_ed25519", client_key=folder / "client_ed25519")
    for path in (keys.host_key, keys.client_key):
        if not path.exists():
            asyncssh.generate_private_key("ssh-ed25519").write_private_key(str(path))
            path.chmod(0o600)
    return keys


def connection(*, port: int, keys: SftpKeys, login: str = LOGIN) -> dict[str, Any]:
    """An Airflow ``sftp`` connection to the server: key login, host key pinned."""
    return {
        "conn_type": "sftp",
        "host": "127.0.0.1",
        "port": port,
        "login": login,
        "extra": {
            "private_key": keys.client_key.read_text(),
            "host_key": keys.host_public(),
            "look_for_keys": "false",
        },
    }


async def start_server(*, root: Path, port: int, keys: SftpKeys) -> Any:
    """Listen on 127.0.0.1:``port``; SFTP only, chrooted to ``root``, one accepted key."""
    import asyncssh

    authorized = asyncssh.import_authorized_keys(keys.client_public() + "\n")
    root.mkdir(parents=True, exist_ok=True)
    return await asyncssh.listen(
        "127.0.0.1",
        port,
        server_host_keys=[str(keys.host_key)],
        authorized_client_keys=authorized,
        sftp_factory=lambda chan: asyncssh.SFTPServer(chan, chroot=str(root).encode()),
        allow_scp=False,
        password_auth=False,
        kbdint_auth=False,
    )


@contextmanager
def serve_in_thread(*, root: Path, port: int, keys: SftpKeys) -> Iterator[None]:
    """Run the server on its own event loop in a daemon thread while the block runs."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="sftp-server", daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(
        start_server(root=root, port=port, keys=keys), loop
    ).result(timeout=30)
    try:
        yield
    finally:

        async def close() -> None:
            server.close()
            await server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


# -- the local stack's demo server ------------------------------------------------------------


def home(settings: Settings) -> Path:
    return settings.home / "sftp"


def root(settings: Settings) -> Path:
    """The folder the demo server serves as ``/``."""
    return home(settings) / "root"


def demo_port(settings: Settings) -> int:
    """The demo server's port: chosen once, kept in ``.pata/sftp/port``."""
    path = home(settings) / "port"
    if not path.exists():
        home(settings).mkdir(parents=True, exist_ok=True)
        path.write_text(str(processes.free_port()))
    return int(path.read_text().strip())


def airflow_connections(settings: Settings) -> dict[str, str]:
    """``AIRFLOW_CONN_*`` variables for the demo source (embedded stack only)."""
    if not settings.embedded:
        return {}
    keys = generate_keys(home(settings) / "keys")
    conn = connection(port=demo_port(settings), keys=keys)
    return {"AIRFLOW_CONN_" + DEMO_CONN_ID.upper(): json.dumps(conn)}


def start(settings: Settings) -> int:
    """Start the demo server as a background process (idempotent); return its port."""
    port = demo_port(settings)
    if processes.port_open(port):
        return port
    keys = generate_keys(home(settings) / "keys")
    processes.spawn(
        COMPONENT,
        [
            sys.executable,
            "-m",
            "pata.stack.sftp",
            "--root",
            str(root(settings)),
            "--port",
            str(port),
            "--host-key",
            str(keys.host_key),
            "--client-key",
            str(keys.client_key),
        ],
        run_dir=settings.run_dir,
        log_dir=settings.log_dir,
    )
    processes.wait_for_port(port, timeout=30, what="local SFTP server")
    return port


def stop(settings: Settings) -> bool:
    return processes.stop(COMPONENT, run_dir=settings.run_dir)


DEMO_MARKER = "demo-pulled"


def demo_run_day(today: date) -> date:
    """The due date of the latest period due by ``today``: a day of its pull window."""
    from pata.deadlines import due_date, latest_due_period

    period = latest_due_period(today=today + timedelta(days=1), frequency="monthly", due_day=15)
    return due_date(period, due_day=15)


def seed_demo_source(settings: Settings, *, wait_seconds: float = 120) -> str | None:
    """Put the demo partner's latest export on the SFTP server and run its pull DAG once.

    Runs after the demo drop, so the pulled export (other rows than the dropped one for the
    same period) is the later upload and supersedes it, as a partner's correction would.
    """
    if not settings.demo_enabled or (settings.home / DEMO_MARKER).exists():
        return None
    import tempfile
    from zoneinfo import ZoneInfo

    from pata import clock
    from pata.registry import load_registry
    from pata.stack.airflow import AirflowApi
    from pata.synth import generate

    partner = load_registry().partner(DEMO_PARTNER)
    source = partner.dataset(DEMO_DATASET).pull
    if source is None or source.kind != "sftp" or source.path is None:
        return None
    day = demo_run_day(clock.now().astimezone(ZoneInfo(partner.timezone)).date())
    period = source.period_due(day)
    if period is None:
        return None
    folder = root(settings) / source.path.lstrip("/")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pata-sftp-demo-") as tmp:
        manifest = generate(
            out=Path(tmp),
            partners=[DEMO_PARTNER],
            datasets=[DEMO_DATASET],
            months=1,
            seed=7,
            end=period.end,
        )
        for record in manifest.files:
            (folder / Path(record.path).name).write_bytes((Path(tmp) / record.path).read_bytes())
    dag_id = f"pata_pull_{DEMO_PARTNER}_{DEMO_DATASET}"
    api = AirflowApi(settings)
    deadline = time.monotonic() + wait_seconds
    while not api.dag_exists(dag_id):
        if time.monotonic() > deadline:
            log.warning(
                "demo: %s not parsed after %ss; trigger it from the UI", dag_id, wait_seconds
            )
            return None
        time.sleep(3)
    logical = datetime.combine(day, dt_time(PULL_HOUR), tzinfo=ZoneInfo(partner.timezone))
    api.trigger(dag_id, logical_date=logical)
    (settings.home / DEMO_MARKER).write_text(f"{period.label}\n")
    return (
        f"put {DEMO_PARTNER}'s {period.label} {DEMO_DATASET} export on the local SFTP "
        f"server; {dag_id} pulls it"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host-key", type=Path, required=True)
    parser.add_argument("--client-key", type=Path, required=True)
    args = parser.parse_args(argv)
    keys = SftpKeys(host_key=args.host_key, client_key=args.client_key)

    async def run() -> None:
        await start_server(root=args.root, port=args.port, keys=keys)
        await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main()
