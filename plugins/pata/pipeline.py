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
whatever the file's fate (every ending is a final ledger status: never a retry loop), and
only if it is still the version that was read (S3 ``If-Match`` on the ETag: a re-upload
under the same key stays for its own event). A retry that finds the final row without its
report (the store was away after the commit) writes the report from the ledger.

Memory: the file lives on disk, never whole in memory. A dropzone object is streamed into
a private temporary file (:mod:`pata.spool`, mode 0600, removed at the end) and hashed on
the way; a local file is hashed and read where it lies; the FileRun streams it in batches.
"""

from __future__ import annotations

import logging
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from pata import clock, dropzone, ledger
from pata.attribution import Rejection
from pata.file_endings import FileEndings
from pata.file_outcome import FileOutcome, Upload, outcome_from_entry
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
    from botocore.exceptions import ClientError

    from pata.spool import spool
    from pata.storage import s3_client
    from pata.warehouse.engine import get_engine

    with get_engine(role="pipeline", settings=settings).begin() as conn:
        existing = ledger.find_upload(
            conn, object_key=upload.key, etag=upload.etag, uploaded_at=upload.uploaded_at
        )
    if existing is not None and existing.final:
        log.info("upload already in the ledger as %s (id %s)", existing.status, existing.id)
        outcome = outcome_from_entry(_with_report(existing, settings=settings, ports=ports))
    elif upload.size > settings.max_file_bytes:
        too_large = Rejection(
            f"The file is larger than the limit of {settings.max_file_bytes // 1024**2} MB. "
            "Split it by month, or ask the regional data team to raise the limit.",
            code="file-too-large",
        )
        endings = FileEndings(upload=upload, sha256=None, path=None, ports=ports)
        dataset = upload.key.split("/")[2] if upload.key.count("/") >= 3 else ""
        outcome = endings.reject(
            too_large, partner_code=dropzone.partner_of(upload.key), dataset=dataset
        )
    else:
        try:
            body = s3_client(settings).get_object(
                Bucket=settings.dropzone_bucket, Key=upload.key, **_if_match(upload)
            )
        except ClientError as exc:
            if not _precondition_failed(exc):
                raise
            # replaced since it was looked at: the new version has its own event (and the
            # sweep); this one is gone unread, and nothing of it is in the ledger
            log.info(
                "upload replaced before it was read: partner %s", dropzone.partner_of(upload.key)
            )
            return FileOutcome(None, dropzone.partner_of(upload.key), "", GONE)
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
    _remove_incoming(upload, settings=settings)
    return outcome


def _remove_incoming(upload: Upload, *, settings: Settings) -> None:
    """Delete the incoming object only if it is still the version that was read.

    A re-upload under the same key while this one was processed is a new version (another
    ETag): S3 refuses the conditional delete (412) and the new version stays for its own
    event or the sweep.
    """
    from botocore.exceptions import ClientError

    from pata.storage import s3_client

    try:
        s3_client(settings).delete_object(
            Bucket=settings.dropzone_bucket, Key=upload.key, **_if_match(upload)
        )
    except ClientError as exc:
        if not _precondition_failed(exc):
            raise
        log.info(
            "incoming object replaced while processed; the new version is left in place "
            "(partner %s)",
            dropzone.partner_of(upload.key),
        )


def _if_match(upload: Upload) -> dict[str, str]:
    return {"IfMatch": f'"{upload.etag}"'} if upload.etag else {}


def _precondition_failed(exc: Exception) -> bool:
    error = getattr(exc, "response", {}).get("Error", {})
    return error.get("Code") in {"PreconditionFailed", "412"}


def _with_report(entry: LedgerEntry, *, settings: Settings, ports: Ports) -> LedgerEntry:
    """The final ledger entry, its report written first if it is missing.

    A fault between the commit of a file's final status and the publishing of its report
    (the object store away) leaves a final row without a report; the retry then writes one
    from what the ledger holds (status, counts, error code: no value), under the key the
    ledger names (the key depends only on the file name and the ledger id).
    """
    from botocore.exceptions import ClientError

    from pata.feedback import build_report
    from pata.readers import FileProblem
    from pata.storage import s3_client

    if entry.report_key:
        try:
            s3_client(settings).head_object(Bucket=settings.dropzone_bucket, Key=entry.report_key)
            return entry
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in {"404", "NoSuchKey", "NotFound"}:
                raise
    counts = {
        name: value
        for name, value in (("rows_total", entry.rows_total), ("rows_loaded", entry.rows_loaded))
        if value is not None
    }
    report = build_report(
        result=None,
        partner=entry.partner_code,
        dataset=entry.dataset,
        filename=entry.object_key.rsplit("/", 1)[-1],
        ledger_id=entry.id,
        status=entry.status,
        sha256=entry.sha256,
        blocker_problems=[
            FileProblem(
                code=entry.error_code,
                message="This report was written again after a fault: it gives the file's "
                "outcome and counts; the problems found row by row are not listed again.",
            )
        ]
        if entry.error_code
        else [],
        counts=counts,
    )
    report_key = ports.publisher.report_key(report)
    if report_key != entry.report_key:
        with ports.ledger.transaction() as tx:
            ports.ledger.update(tx, entry.id, report_key=report_key)
    ports.publisher.publish_report(report)
    log.info("report of file %s was missing; written again from the ledger", entry.id)
    return replace(entry, report_key=report_key)


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
