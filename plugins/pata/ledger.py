"""The file ledger (``ops.file_ledger``): one row per received upload.

It makes the pipeline idempotent: a redelivered event finds the upload already recorded;
the same bytes from the same partner again become a ``duplicate`` row and change nothing;
among files for the same partner, dataset and period the latest upload wins.
Nothing here stores a cell value of a file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, text


class FileStatus(StrEnum):
    """A file's status in the ledger (the values of ``ops.file_ledger.status``)."""

    RECEIVED = "received"
    """Recorded, not decided yet (or interrupted: a later run resumes it)."""
    LOADED = "loaded"
    PARTIALLY_LOADED = "partially_loaded"
    """Loaded, with some rows quarantined."""
    REJECTED = "rejected"
    """Nothing loaded, for a coded file-level reason of its content or placement."""
    FAILED = "failed"
    """Nothing loaded, for a reason of ours, not the file's: an internal error
    (``internal-error``), or transient faults past the retry budget
    (``retries-exhausted``, :data:`pata.faults.MAX_FILE_ATTEMPTS`). The raw copy is kept: the
    data team replays it once the cause is fixed; the partner need not send it again."""
    DUPLICATE = "duplicate"
    """The same bytes were received before; nothing changed."""
    SUPERSEDED = "superseded"
    """A later upload for the same period replaced its rows (or won before it loaded)."""


FINAL_STATUSES = frozenset(
    {
        FileStatus.REJECTED,
        FileStatus.FAILED,
        FileStatus.LOADED,
        FileStatus.PARTIALLY_LOADED,
        FileStatus.DUPLICATE,
        FileStatus.SUPERSEDED,
    }
)
LOADED_STATUSES = (FileStatus.LOADED, FileStatus.PARTIALLY_LOADED)
PLACEMENT_ERRORS = (
    "key-outside-layout",
    "unknown-partner",
    "unknown-dataset",
    "dataset-not-registered",
    "unsupported-format",
    "file-too-large",
)
"""Rejections about where or how a file was sent, not what it holds: the same bytes sent
again to the right place are processed, not a duplicate."""


@dataclass(frozen=True)
class LedgerEntry:
    """A ledger row, as the pipeline needs it (no file content)."""

    id: int
    partner_code: str
    dataset: str
    object_key: str
    sha256: str
    status: str
    uploaded_at: datetime
    period_label: str | None
    rows_total: int | None = None
    rows_loaded: int | None = None
    report_key: str | None = None
    error_code: str | None = None
    duplicate_of: int | None = None
    attempts: int = 0
    """Runs that started on this upload (the first included): bounded by the retry budget."""

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES


_COLUMNS = (
    "id, partner_code, dataset, object_key, sha256, status, uploaded_at, period_label, "
    "rows_total, rows_loaded, report_key, error_code, duplicate_of, attempts"
)


def lock_key(*parts: str) -> int:
    """A stable signed 64-bit advisory-lock key for the given parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def try_lock_upload(conn: Connection, *, object_key: str, etag: str | None) -> bool:
    """Session lock on one upload: the watcher and the sweep never process it at once."""
    key = lock_key("upload", object_key, etag or "")
    return bool(conn.execute(text("select pg_try_advisory_lock(:k)"), {"k": key}).scalar())


def lock_upload(conn: Connection, *, object_key: str, etag: str | None) -> None:
    """Wait for the session lock on one upload (see :func:`try_lock_upload`)."""
    key = lock_key("upload", object_key, etag or "")
    conn.execute(text("select pg_advisory_lock(:k)"), {"k": key})


def unlock_upload(conn: Connection, *, object_key: str, etag: str | None) -> None:
    key = lock_key("upload", object_key, etag or "")
    conn.execute(text("select pg_advisory_unlock(:k)"), {"k": key})


def find_upload(
    conn: Connection, *, object_key: str, etag: str | None, uploaded_at: datetime
) -> LedgerEntry | None:
    """The ledger row of this very upload (a redelivered event or a retry), if any."""
    row = conn.execute(
        text(
            f"select {_COLUMNS} from ops.file_ledger where object_key = :key "
            "and object_etag is not distinct from :etag and uploaded_at = :uploaded"
        ),
        {"key": object_key, "etag": etag, "uploaded": uploaded_at},
    ).first()
    return LedgerEntry(**row._mapping) if row else None


def find_same_bytes(
    conn: Connection, *, partner_code: str, dataset: str, sha256: str
) -> LedgerEntry | None:
    """The first upload of these bytes by this partner for this dataset that was read.

    Uploads rejected for their placement (wrong folder, unsupported type...) and uploads
    that ``failed`` (our fault, not the file's) do not count: the same bytes sent again are
    processed.

    Two uploads of the same bytes recorded at once would each miss the other's row (neither
    committed yet) and both load: a transaction-scoped advisory lock on these bytes makes
    the second wait for the first's commit (the caller inserts its row in this transaction).
    """
    conn.execute(
        text("select pg_advisory_xact_lock(hashtextextended(:p || '/' || :d || '/' || :h, 0))"),
        {"p": partner_code, "d": dataset, "h": sha256},
    )
    row = conn.execute(
        text(
            f"select {_COLUMNS} from ops.file_ledger where partner_code = :p and dataset = :d "
            "and sha256 = :h and status not in ('duplicate', 'failed') "
            "and coalesce(error_code, '') <> all(:placement) order by id limit 1"
        ),
        {"p": partner_code, "d": dataset, "h": sha256, "placement": list(PLACEMENT_ERRORS)},
    ).first()
    return LedgerEntry(**row._mapping) if row else None


def insert(
    conn: Connection,
    *,
    partner_code: str,
    dataset: str,
    object_key: str,
    etag: str | None,
    size_bytes: int,
    sha256: str,
    uploaded_at: datetime,
    period_label: str | None,
    period_start: date | None,
    period_end: date | None,
    status: str = FileStatus.RECEIVED,
    duplicate_of: int | None = None,
    error_code: str | None = None,
    raw_key: str | None = None,
    file_format: str | None = None,
) -> LedgerEntry:
    row = conn.execute(
        text(
            "insert into ops.file_ledger (partner_code, dataset, object_key, object_etag, "
            "size_bytes, sha256, uploaded_at, period_label, period_start, period_end, status, "
            "duplicate_of, error_code, raw_key, file_format) values (:partner, :dataset, :key, "
            ":etag, :size, :sha, :uploaded, :period, :pstart, :pend, :status, :dup, :err, :raw, "
            f":fmt) returning {_COLUMNS}"
        ),
        {
            "partner": partner_code,
            "dataset": dataset,
            "key": object_key,
            "etag": etag,
            "size": size_bytes,
            "sha": sha256,
            "uploaded": uploaded_at,
            "period": period_label,
            "pstart": period_start,
            "pend": period_end,
            "status": str(status),
            "dup": duplicate_of,
            "err": error_code,
            "raw": raw_key,
            "fmt": file_format,
        },
    ).one()
    return LedgerEntry(**row._mapping)


def update(conn: Connection, ledger_id: int, **fields: Any) -> None:
    """Set some columns of a ledger row (names are checked against the table's columns)."""
    allowed = {
        "status",
        "rows_total",
        "rows_valid",
        "rows_invalid",
        "rows_loaded",
        "rows_withheld",
        "report_key",
        "error_code",
        "contract_version",
        "key_fingerprint",
        "loaded_at",
        "raw_key",
        "file_format",
        "superseded_by",
        "attempts",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not ledger columns: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = :{name}" for name in sorted(fields))
    values = {name: str(v) if isinstance(v, FileStatus) else v for name, v in fields.items()}
    conn.execute(
        text(f"update ops.file_ledger set {assignments}, updated_at = now() where id = :id"),
        {**values, "id": ledger_id},
    )


def period_winner(
    conn: Connection, *, partner_code: str, dataset: str, period_label: str
) -> int | None:
    """The ledger id whose rows stand for this period: the latest upload that loaded."""
    return conn.execute(
        text(
            "select id from ops.file_ledger where partner_code = :p and dataset = :d "
            "and period_label = :period and status in ('loaded', 'partially_loaded') "
            "order by uploaded_at desc, id desc limit 1"
        ),
        {"p": partner_code, "d": dataset, "period": period_label},
    ).scalar()


def loaded_for_period(
    conn: Connection, *, partner_code: str, dataset: str, period_label: str
) -> list[LedgerEntry]:
    rows = conn.execute(
        text(
            f"select {_COLUMNS} from ops.file_ledger where partner_code = :p and dataset = :d "
            "and period_label = :period and status in ('loaded', 'partially_loaded') "
            "order by uploaded_at, id"
        ),
        {"p": partner_code, "d": dataset, "period": period_label},
    ).all()
    return [LedgerEntry(**row._mapping) for row in rows]


def mark_superseded(conn: Connection, ids: Sequence[int], *, by: int) -> None:
    for ledger_id in ids:
        update(conn, ledger_id, status="superseded", superseded_by=by)


def write_validation_summary(
    conn: Connection, ledger_id: int, summary: Sequence[tuple[str, str, str, int, list[int]]]
) -> None:
    """Replace the value-free problem counts of a file (code, column, severity, count, rows)."""
    conn.execute(
        text("delete from ops.validation_summary where ledger_id = :id"), {"id": ledger_id}
    )
    for code, column, severity, count, rows in summary:
        conn.execute(
            text(
                "insert into ops.validation_summary (ledger_id, code, column_name, severity, "
                "problem_count, first_rows) values (:id, :code, :col, :sev, :n, :rows) "
                "on conflict (ledger_id, code, column_name) do update set "
                "problem_count = excluded.problem_count, first_rows = excluded.first_rows"
            ),
            {
                "id": ledger_id,
                "code": code,
                "col": column or "",
                "sev": severity,
                "n": count,
                "rows": list(rows)[:50],
            },
        )


def get(conn: Connection, ledger_id: int) -> LedgerEntry:
    row = conn.execute(
        text(f"select {_COLUMNS} from ops.file_ledger where id = :id"), {"id": ledger_id}
    ).one()
    return LedgerEntry(**row._mapping)


def counts_by_status(conn: Connection) -> Mapping[str, int]:
    rows = conn.execute(text("select status, count(*) from ops.file_ledger group by status"))
    return {status: int(n) for status, n in rows}
