"""Real sources for the pull tests: an SFTP server (asyncssh, key login) started in-process,
a partner bucket on the local S3 endpoint with its own connection, and an HTTP server in a
thread that serves exports behind a bearer token."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path

import pytest
from pull_helpers import HTTP_CONN, PARTNER_BUCKET, S3_CONN, SFTP_CONN, TOKEN, HttpServer

from pata.settings import Settings
from pata.stack import sftp
from pata.stack.airflow import aws_connection
from pata.stack.processes import free_port


@pytest.fixture(autouse=True)
def no_notifier_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Alerts go to ops.alerts and the log only."""
    monkeypatch.delenv("AIRFLOW_CONN_PATA_SMTP", raising=False)
    monkeypatch.delenv("AIRFLOW_CONN_PATA_SLACK", raising=False)


@dataclass
class SftpServer:
    root: Path
    port: int
    keys: sftp.SftpKeys

    def folder(self, path: str) -> Path:
        local = self.root / path.lstrip("/")
        local.mkdir(parents=True, exist_ok=True)
        return local


@pytest.fixture(scope="session")
def sftp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SftpServer]:
    """asyncssh's SFTP server on a free port, chrooted to a temporary folder, key login."""
    base = tmp_path_factory.mktemp("sftp")
    keys = sftp.generate_keys(base / "keys")
    server = SftpServer(root=base / "root", port=free_port(), keys=keys)
    with sftp.serve_in_thread(root=server.root, port=server.port, keys=keys):
        yield server


@pytest.fixture
def sftp_connection(sftp_server: SftpServer, monkeypatch: pytest.MonkeyPatch) -> str:
    conn = sftp.connection(port=sftp_server.port, keys=sftp_server.keys)
    monkeypatch.setenv("AIRFLOW_CONN_" + SFTP_CONN.upper(), json.dumps(conn))
    return SFTP_CONN


@pytest.fixture
def partner_bucket(local_stack: Settings, monkeypatch: pytest.MonkeyPatch) -> str:
    """A second bucket on the moto endpoint, standing for the partner's own account."""
    from pata.storage import s3_client

    s3 = s3_client(local_stack)
    if PARTNER_BUCKET not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
        s3.create_bucket(
            Bucket=PARTNER_BUCKET,
            CreateBucketConfiguration={"LocationConstraint": local_stack.aws_region},  # type: ignore[typeddict-item]
        )
    conn = aws_connection(local_stack)
    conn.update(login="partner-account", password="partner-secret")
    monkeypatch.setenv("AIRFLOW_CONN_" + S3_CONN.upper(), json.dumps(conn))
    return PARTNER_BUCKET


@pytest.fixture(scope="session")
def http_server() -> Iterator[HttpServer]:
    state = HttpServer(port=free_port())

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return None

        def _answer(self, with_body: bool) -> None:
            state.requests.append((self.command, self.path))
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self.send_response(401)
                self.end_headers()
                return
            if self.path in state.redirects:
                self.send_response(302)
                self.send_header("Location", state.redirects[self.path])
                self.end_headers()
                return
            export = state.exports.get(self.path)
            if export is None:
                self.send_response(404)
                self.end_headers()
                return
            body = export.body
            if not with_body and export.grow_after_head:
                export.grow_after_head -= 1
                if export.grow_after_head == 0:  # the writer appended while we read
                    export.body = body = body + b"\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header(
                "ETag", '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
            )
            self.send_header("Last-Modified", format_datetime(export.modified, usegmt=True))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self._answer(with_body=False)

        def do_GET(self) -> None:
            self._answer(with_body=True)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", state.port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def http_connection(http_server: HttpServer, monkeypatch: pytest.MonkeyPatch) -> str:
    conn = {
        "conn_type": "http",
        "host": "127.0.0.1",
        "port": http_server.port,
        "schema": "http",
        "extra": {"Authorization": f"Bearer {TOKEN}"},
    }
    monkeypatch.setenv("AIRFLOW_CONN_" + HTTP_CONN.upper(), json.dumps(conn))
    return HTTP_CONN
