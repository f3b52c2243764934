"""Helpers of the fault-injection suite: clean exports, the ledger, the warehouse counts a
case must end with, the partner's report, and a TCP proxy that can make S3 go away.

Every case asserts the same three things through :func:`assert_settled`: the ledger row of
each upload reached a final status, the warehouse holds exactly the expected rows (none
lost, none doubled), and the partner got a feedback report.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import text

from pata import ledger
from pata.settings import Settings
from pata.storage import s3_client
from pata.warehouse.engine import get_engine

# Each dataset's fact table and record key (versions per source file: ledger_id).
FACTS = {
    "awareness_sessions": ("core.fact_awareness_session", "session_id"),
}
PARTNER = "kh-ksp"  # sends awareness_sessions as CSV
DATASET = "awareness_sessions"


@dataclass(frozen=True)
class Export:
    """A clean synthetic export: its dropzone key, bytes and valid row count."""

    key: str
    body: bytes
    rows: int
    period: str


def clean_exports(out: Path, *, end: date, months: int, seed: int, rows: int | None = None):
    """Clean (defect-free) awareness exports of the fault partner, one per month."""
    from pata.synth import generate

    manifest = generate(
        out=out,
        partners=[PARTNER],
        datasets=[DATASET],
        months=months,
        seed=seed,
        defects=0.0,
        end=end,
        rows_per_file=rows,
    )
    return [
        Export(
            key=f.path,
            body=(out / f.path).read_bytes(),
            rows=f.expected_valid_rows,
            period=f.period,
        )
        for f in sorted(manifest.files, key=lambda f: f.period)
    ]


def put(settings: Settings, key: str, body: bytes) -> str:
    """Drop an object; return its ETag."""
    answer = s3_client(settings).put_object(Bucket=settings.dropzone_bucket, Key=key, Body=body)
    return str(answer["ETag"]).strip('"')


def ledger_rows(settings: Settings, *, object_key: str) -> list[dict]:
    with get_engine(role="owner", settings=settings).connect() as conn:
        rows = conn.execute(
            text("select * from ops.file_ledger where object_key = :k order by id"),
            {"k": object_key},
        )
        return [dict(r._mapping) for r in rows]


def fact_rows(settings: Settings, *, ledger_ids: list[int]) -> int:
    """Versions in the fact table that came from these files."""
    table, _ = FACTS[DATASET]
    if not ledger_ids:
        return 0
    with get_engine(role="owner", settings=settings).connect() as conn:
        return int(
            conn.execute(
                text(f"select count(*) from {table} where ledger_id = any(:ids)"),
                {"ids": ledger_ids},
            ).scalar_one()
        )


def current_rows(settings: Settings, *, ledger_ids: list[int]) -> int:
    """Records that stand (one version each) whose version came from these files."""
    table, _ = FACTS[DATASET]
    if not ledger_ids:
        return 0
    with get_engine(role="owner", settings=settings).connect() as conn:
        return int(
            conn.execute(
                text(f"select count(*) from {table}_current where ledger_id = any(:ids)"),
                {"ids": ledger_ids},
            ).scalar_one()
        )


def report_of(settings: Settings, report_key: str | None) -> dict | None:
    """The partner's JSON feedback report (None when there is none)."""
    from botocore.exceptions import ClientError

    if not report_key:
        return None
    key = report_key if report_key.endswith(".json") else report_key.rsplit(".", 1)[0] + ".json"
    try:
        body = s3_client(settings).get_object(Bucket=settings.dropzone_bucket, Key=key)["Body"]
    except ClientError:
        return None
    return dict(json.loads(body.read()))


def in_incoming(settings: Settings, key: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        s3_client(settings).head_object(Bucket=settings.dropzone_bucket, Key=key)
        return True
    except ClientError:
        return False


def assert_settled(settings: Settings, *, keys: list[str], expected_rows: int) -> list[dict]:
    """Every upload of these keys is final, the warehouse holds exactly ``expected_rows``
    standing records from them (and no extra versions), each file has its report, and
    nothing is left in incoming/. Returns the ledger rows."""
    rows = [row for key in keys for row in ledger_rows(settings, object_key=key)]
    assert rows, f"no ledger row for {keys}"
    open_rows = [(r["id"], r["status"]) for r in rows if r["status"] not in ledger.FINAL_STATUSES]
    assert not open_rows, f"uploads left in a non-final state: {open_rows}"
    ids = [r["id"] for r in rows]
    standing = current_rows(settings, ledger_ids=ids)
    versions = fact_rows(settings, ledger_ids=ids)
    assert standing == expected_rows, f"{standing} standing records, expected {expected_rows}"
    assert versions == expected_rows, f"{versions} versions loaded, expected {expected_rows}"
    for row in rows:
        if row["status"] == "duplicate":
            continue  # a duplicate's report is its own; checked where it matters
        assert row.get("report_key"), f"file {row['id']} ({row['status']}) has no report"
        assert report_of(settings, row["report_key"]) is not None, f"report of {row['id']}"
    leftover = [k for k in keys if in_incoming(settings, k)]
    assert not leftover, f"still in incoming/: {leftover}"
    return rows


class FlakyProxy:
    """A TCP proxy to an endpoint that can be switched off: refused connections, cut ones.

    ``fail_after`` counts HTTP requests (request lines) passing through; once it is
    reached the proxy goes down by itself, so a fault can hit any step of a file.
    """

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.requests = 0
        self.fail_after: int | None = None
        self._lock = threading.Lock()
        self._conns: list[socket.socket] = []
        self._server: socket.socket | None = None
        self.port = 0
        self.up()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        self.port = server.getsockname()[1]
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def down(self) -> None:
        with self._lock:
            server, self._server = self._server, None
            conns, self._conns = self._conns, []
        if server is not None:
            server.close()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    @property
    def is_up(self) -> bool:
        return self._server is not None

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._server is None:
                    client.close()
                    upstream.close()
                    return
                self._conns += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, counting: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if counting:
                    # a request line: "GET /bucket/key HTTP/1.1"
                    with self._lock:
                        self.requests += data.count(b" HTTP/1.1\r\n")
                        over = self.fail_after is not None and self.requests > self.fail_after
                    if over:
                        self.down()
                        return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
