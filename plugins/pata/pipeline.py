"""The entry points of the pipeline: one upload, from wherever it comes, through a FileRun.

``process_object`` is the body of the ingest DAG's mapped task, of the sweep and of the
tests; ``process_local_file`` is ``pata process``; ``process_path`` / ``process_bytes`` take
an upload already on disk or in memory. They all end in :class:`pata.file_run.FileRun`
(one code path), and return a :class:`FileOutcome`: ledger ids, codes and counts only, so
no identifying value ever crosses a task boundary.

Idempotency: a session advisory lock per upload keeps the watcher and the sweep from
processing one upload twice at once; the ledger recognises a redelivered event (same key,
ETag and upload time) and the same bytes uploaded again (``duplicate``); the load and the
ledger's final status commit in one transaction; the incoming object is removed last,
whatever the file's fate (every ending is a final ledger status: never a retry loop).

Memory: the file lives on disk, never whole in memory. A dropzone object is streamed into
a private temporary file (:mod:`pata.spool`, mode 0600, removed at the end) and hashed on
the way; a local file is hashed and read where it lies; the FileRun streams it in batches.
"""

from __future__ import annotations

import logging
from contextlib import closing
from pathlib import Path

from pata import clock, dropzone, ledger
from pata.attribution import Rejection
from pata.file_outcome import FileOutcome, Upload
from pata.file_run import FileRun
from pata.ledger import LedgerEntry
from pata.ports import Ports
from pata.settings import Settings, get_settings

__all__ = [
    "FileOutcome",
    "Upload",
    "process_bytes",
    "process_local_file",
    "process_object",
    "process_path",
]

log = logging.getLogger(__name__)

IGNORED = "ignored"
"""Outcome status of an object the pipeline does not process (a feedback report)."""
GONE = "gone"
"""Outcome status of an object already removed (processed by an earlier run)."""
IN_PROGRESS = "in-progress"
"""Outcome status of an upload another worker is processing now."""


def process_object(
    key: str, *, settings: Settings | None = None, wait: bool = False, ports: Ports | None = None
) -> FileOutcome:
    """Process one dropzone object end to end (the DAG task, the sweep and the CLI call this).

    With ``wait`` the call waits for another worker holding the same upload instead of
    skipping it (used when a rehabilitation file needs its cases loaded first).
    """
    from botocore.exceptions import ClientError

    from pata.adapters import live_ports
    from pata.storage import s3_client
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    partner = dropzone.partner_of(key)
    if key.split("/")[1:2] in ([dropzone.FEEDBACK], [dropzone.TEMPLATES]):
        return FileOutcome(None, partner, "", IGNORED)
    if dropzone.is_incoming(key) and key.split("/")[2] == "rehabilitation":
        _process_pending_cases(partner, settings=settings)
    s3 = s3_client(settings)
    try:
        head = s3.head_object(Bucket=settings.dropzone_bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            log.info("object already gone (processed earlier): partner %s", partner)
            return FileOutcome(None, partner, "", GONE)
        raise
    upload = Upload(
        key=key,
        etag=str(head.get("ETag", "")).strip('"') or None,
        size=int(head["ContentLength"]),
        uploaded_at=head["LastModified"],
    )
    ports = ports or live_ports(settings)
    engine = get_engine(role="pipeline", settings=settings)
    with engine.connect() as lock_conn:
        if wait:
            ledger.lock_upload(lock_conn, object_key=key, etag=upload.etag)
        elif not ledger.try_lock_upload(lock_conn, object_key=key, etag=upload.etag):
            log.info("upload being processed by another worker; skipping (partner %s)", partner)
            return FileOutcome(None, partner, "", IN_PROGRESS)
        try:
            lock_conn.commit()
            return _process_locked(upload, settings=settings, ports=ports)
        finally:
            ledger.unlock_upload(lock_conn, object_key=key, etag=upload.etag)
            lock_conn.commit()


def _process_pending_cases(partner: str, *, settings: Settings) -> None:
    """Load the partner's cases files still waiting, so rehabilitation rows find their case."""
    from pata.sweep import list_incoming_keys

    prefix = f"{partner}/{dropzone.INCOMING}/cases/"
    for pending in list_incoming_keys(settings=settings, prefix=prefix):
        log.info("processing a waiting cases file of %s before its rehabilitation file", partner)
        process_object(pending, settings=settings, wait=True)


def _process_locked(upload: Upload, *, settings: Settings, ports: Ports) -> FileOutcome:
    from pata.spool import spool
    from pata.storage import s3_client
    from pata.warehouse.engine import get_engine

    with get_engine(role="pipeline", settings=settings).begin() as conn:
        existing = ledger.find_upload(
            conn, object_key=upload.key, etag=upload.etag, uploaded_at=upload.uploaded_at
        )
    if existing is not None and existing.final:
        log.info("upload already in the ledger as %s (id %s)", existing.status, existing.id)
        outcome = _outcome_from_entry(existing)
    elif upload.size > settings.max_file_bytes:
        too_large = Rejection(
            f"The file is larger than the limit of {settings.max_file_bytes // 1024**2} MB. "
            "Split it by month, or ask the regional data team to raise the limit.",
            code="file-too-large",
        )
        run = FileRun(path=None, upload=upload, sha256=None, settings=settings, ports=ports)
        dataset = upload.key.split("/")[2] if upload.key.count("/") >= 3 else ""
        outcome = run.reject(
            too_large, partner_code=dropzone.partner_of(upload.key), dataset=dataset
        )
    else:
        body = s3_client(settings).get_object(Bucket=settings.dropzone_bucket, Key=upload.key)
        with closing(body["Body"]) as stream, spool(stream) as spooled:
            outcome = process_path(
                spooled.path,
                upload=upload,
                sha256=spooled.sha256,
                settings=settings,
                resume=existing,
                ports=ports,
            )
    # Every ending is final in the ledger, so the object leaves incoming/ (an exception,
    # such as the database being down, leaves it for the sweep to try again).
    s3_client(settings).delete_object(Bucket=settings.dropzone_bucket, Key=upload.key)
    return outcome


def process_local_file(
    path: Path,
    *,
    partner: str,
    dataset: str,
    settings: Settings | None = None,
    ports: Ports | None = None,
) -> FileOutcome:
    """Process a local file as if the partner had dropped it (``pata process``).

    The bytes never pass through the dropzone, so a running watcher cannot race it; the
    ledger, raw archive, validation, de-identification, load and feedback are the same.
    The file is hashed block by block and processed from its path (no copy is made).
    """
    from pata.spool import hash_file

    digests = hash_file(path, md5=True)
    key = dropzone.DropKey(partner=partner, dataset=dataset, filename=path.name).key
    upload = Upload(key=key, etag=digests.md5, size=digests.size, uploaded_at=clock.wall_now())
    return process_path(path, upload=upload, sha256=digests.sha256, settings=settings, ports=ports)


def process_bytes(
    data: bytes,
    *,
    upload: Upload,
    settings: Settings | None = None,
    resume: LedgerEntry | None = None,
    replay: bool = False,
) -> FileOutcome:
    """Process the bytes of one upload already in memory (tests; callers holding bytes).

    The bytes are spooled to a private temporary file, hashed on the way, and processed
    from there by :func:`process_path`; the file is removed at the end.
    """
    from pata.spool import spool_bytes

    with spool_bytes(data) as spooled:
        return process_path(
            spooled.path,
            upload=upload,
            sha256=spooled.sha256,
            settings=settings,
            resume=resume,
            replay=replay,
        )


def process_path(
    path: Path,
    *,
    upload: Upload,
    sha256: str,
    settings: Settings | None = None,
    resume: LedgerEntry | None = None,
    replay: bool = False,
    ports: Ports | None = None,
) -> FileOutcome:
    """Process one upload from the file holding its bytes (see :class:`FileRun`).

    ``sha256`` is the hex digest of the file's bytes (computed while it was fetched or
    hashed, see :mod:`pata.spool`). ``replay`` skips the duplicate check: the bytes were
    seen, and are processed again on purpose (see :func:`pata.replay.replay_file`).
    """
    from pata.adapters import live_ports

    settings = settings or get_settings()
    run = FileRun(
        path=path,
        upload=upload,
        sha256=sha256,
        settings=settings,
        ports=ports or live_ports(settings),
        resume=resume,
        replay=replay,
    )
    return run.run()


def _outcome_from_entry(entry: LedgerEntry) -> FileOutcome:
    return FileOutcome(
        entry.id,
        entry.partner_code,
        entry.dataset,
        entry.status,
        period=entry.period_label,
        rows_total=entry.rows_total or 0,
        rows_loaded=entry.rows_loaded or 0,
        report_key=entry.report_key,
        error_code=entry.error_code,
    )
