"""One file through the pipeline: receive, read, validate, de-identify, load, feedback.

``process_object`` is the body of the ingest DAG's mapped task, of the sweep, of
``pata process`` and of the tests (one code path). The whole file is handled inside this
one call, so no identifying value ever crosses a task boundary: what it returns
(:class:`FileOutcome`) holds ledger ids, codes and counts only.

Idempotency: a session advisory lock per upload keeps the watcher and the sweep from
processing one upload twice at once; the ledger recognises a redelivered event (same key,
ETag and upload time) and the same bytes uploaded again (``duplicate``); the load and the
ledger's final status commit in one transaction; the incoming object is removed last.

Memory: the file lives on disk, never whole in memory. A dropzone object or a raw copy is
streamed into a private temporary file (:mod:`pata.spool`, mode 0600, removed at the end)
and hashed on the way; a local file is hashed and read where it lies. Everything after
works from the path (:func:`process_path`): the raw archive is uploaded from the file, a
big CSV file is streamed in batches (:mod:`pata.chunked`), and only a file read whole
(up to ``chunk_bytes``, or an XLSX/JSON file up to ``max_file_bytes``) is in memory, for
the time of reading it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from pata import clock, dropzone, ledger
from pata.errors import PataError
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from pata.feedback import FeedbackReport
    from pata.readers import RawTable
    from pata.registry import Partner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: safe to log and to pass through XCom (no file content)."""

    ledger_id: int | None
    partner: str
    dataset: str
    status: str
    period: str | None = None
    rows_total: int = 0
    rows_valid: int = 0
    rows_invalid: int = 0
    rows_loaded: int = 0
    rows_withheld: int = 0
    report_key: str | None = None
    error_code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Upload:
    """An object as the pipeline received it."""

    key: str
    etag: str | None
    size: int
    uploaded_at: datetime


class Rejection(PataError):
    """A file-level reason to reject a file, with the problems to report."""

    def __init__(self, message: str, *, code: str, problems: list[Any] | None = None) -> None:
        super().__init__(message, code=code)
        self.problems = problems or []


def process_object(
    key: str, *, settings: Settings | None = None, wait: bool = False
) -> FileOutcome:
    """Process one dropzone object end to end (the DAG task, the sweep and the CLI call this).

    With ``wait`` the call waits for another worker holding the same upload instead of
    skipping it (used when a rehabilitation file needs its cases loaded first).
    """
    from botocore.exceptions import ClientError

    from pata.storage import s3_client
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    partner = dropzone.partner_of(key)
    if key.split("/")[1:2] in ([dropzone.FEEDBACK], [dropzone.TEMPLATES]):
        return FileOutcome(None, partner, "", "ignored")
    if dropzone.is_incoming(key) and key.split("/")[2] == "rehabilitation":
        _process_pending_cases(partner, settings=settings)
    s3 = s3_client(settings)
    try:
        head = s3.head_object(Bucket=settings.dropzone_bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            log.info("object already gone (processed earlier): partner %s", partner)
            return FileOutcome(None, partner, "", "gone")
        raise
    upload = Upload(
        key=key,
        etag=str(head.get("ETag", "")).strip('"') or None,
        size=int(head["ContentLength"]),
        uploaded_at=head["LastModified"],
    )
    engine = get_engine(role="pipeline", settings=settings)
    with engine.connect() as lock_conn:
        if wait:
            ledger.lock_upload(lock_conn, object_key=key, etag=upload.etag)
        elif not ledger.try_lock_upload(lock_conn, object_key=key, etag=upload.etag):
            log.info("upload being processed by another worker; skipping (partner %s)", partner)
            return FileOutcome(None, partner, "", "in-progress")
        try:
            lock_conn.commit()
            return _process_locked(upload, settings=settings)
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


def process_local_file(
    path: Path, *, partner: str, dataset: str, settings: Settings | None = None
) -> FileOutcome:
    """Process a local file as if the partner had dropped it (``pata process``).

    The bytes never pass through the dropzone, so a running watcher cannot race it; the
    ledger, raw archive, validation, de-identification, load and feedback are the same.
    The file is hashed block by block and processed from its path (no copy is made).
    """
    from pata.spool import hash_file

    digests = hash_file(path, md5=True)
    key = dropzone.DropKey(partner=partner, dataset=dataset, filename=path.name).key
    upload = Upload(
        key=key,
        etag=digests.md5,
        size=digests.size,
        uploaded_at=clock.wall_now(),
    )
    return process_path(path, upload=upload, sha256=digests.sha256, settings=settings)


def replay_file(ledger_id: int, *, settings: Settings | None = None) -> FileOutcome:
    """Process a received file again from its raw copy (``pata replay``).

    For a fixed column mapping, a corrected contract or a new pseudonymisation key. The
    replay is a new upload of the same bytes, dated now: it supersedes the file's current
    rows for its period, and the duplicate check is skipped on purpose.
    """
    from botocore.exceptions import ClientError

    from pata.spool import spool
    from pata.storage import s3_client
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    with get_engine(role="pipeline", settings=settings).connect() as conn:
        entry = ledger.get(conn, ledger_id)
        raw_key = conn.execute(
            text("select raw_key from ops.file_ledger where id = :id"), {"id": ledger_id}
        ).scalar()
    if not raw_key:
        raise PataError(f"file {ledger_id} has no raw copy to replay", code="no-raw-copy")
    try:
        body = s3_client(settings).get_object(Bucket=settings.raw_bucket, Key=raw_key)["Body"]
    except ClientError as exc:
        raise PataError(
            f"the raw copy of file {ledger_id} is gone (purged after the retention period?)",
            code="raw-copy-purged",
        ) from exc
    with closing(body), spool(body) as spooled:
        upload = Upload(
            key=entry.object_key,
            etag=f"replay-{ledger_id}-{clock.wall_now():%Y%m%dT%H%M%S%f}",
            size=spooled.size,
            uploaded_at=clock.wall_now(),
        )
        log.info("replaying file %s (partner %s, %s)", ledger_id, entry.partner_code, entry.dataset)
        return process_path(
            spooled.path, upload=upload, sha256=spooled.sha256, settings=settings, replay=True
        )


def _process_locked(upload: Upload, *, settings: Settings) -> FileOutcome:
    from pata.spool import spool
    from pata.storage import s3_client
    from pata.warehouse.engine import get_engine

    engine = get_engine(role="pipeline", settings=settings)
    with engine.begin() as conn:
        existing = ledger.find_upload(
            conn, object_key=upload.key, etag=upload.etag, uploaded_at=upload.uploaded_at
        )
    if existing is not None and existing.final:
        log.info("upload already in the ledger as %s (id %s)", existing.status, existing.id)
        _remove_incoming(upload, settings=settings)
        return _outcome_from_entry(existing)
    s3 = s3_client(settings)
    if upload.size > settings.max_file_bytes:
        return _reject_unread(upload, settings=settings)
    body = s3.get_object(Bucket=settings.dropzone_bucket, Key=upload.key)["Body"]
    with closing(body), spool(body) as spooled:
        outcome = process_path(
            spooled.path,
            upload=upload,
            sha256=spooled.sha256,
            settings=settings,
            resume=existing,
        )
    _remove_incoming(upload, settings=settings)
    return outcome


def process_bytes(
    data: bytes,
    *,
    upload: Upload,
    settings: Settings | None = None,
    resume: ledger.LedgerEntry | None = None,
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
    resume: ledger.LedgerEntry | None = None,
    replay: bool = False,
) -> FileOutcome:
    """Process one upload from the file holding its bytes: ledger, archive, read ... load.

    ``sha256`` is the hex digest of the file's bytes (computed while it was fetched or
    hashed, see :mod:`pata.spool`). The file is read from disk as needed and never held
    whole in memory, except a file read whole (see the module docstring). ``replay``
    skips the duplicate check: the bytes were seen, and are processed again on purpose
    (after a mapping fix or a key rotation; see :func:`replay_file`).
    """
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    engine = get_engine(role="pipeline", settings=settings)
    partner_code = dropzone.partner_of(upload.key)
    try:
        drop = dropzone.parse_key(upload.key)
    except dropzone.KeyRejected as exc:
        return _reject(
            upload,
            sha256=sha256,
            dataset="",
            partner_code=partner_code,
            error=exc,
            path=path,
            settings=settings,
            entry=resume,
        )
    period = _period_of(drop.filename)
    # 1. The ledger row (or the duplicate) -------------------------------------------------
    with engine.begin() as conn:
        if resume is not None:
            entry = resume
        else:
            first = (
                None
                if replay
                else ledger.find_same_bytes(
                    conn, partner_code=drop.partner, dataset=drop.dataset, sha256=sha256
                )
            )
            entry = ledger.insert(
                conn,
                partner_code=drop.partner,
                dataset=drop.dataset,
                object_key=upload.key,
                etag=upload.etag,
                size_bytes=upload.size,
                sha256=sha256,
                uploaded_at=upload.uploaded_at,
                period_label=period.label if period else None,
                period_start=period.start if period else None,
                period_end=period.end if period else None,
                status="received" if first is None else "duplicate",
                duplicate_of=None if first is None else first.id,
                error_code=None if first is None else "duplicate-file",
            )
    if entry.status == "duplicate":
        return _finish_duplicate(entry, filename=drop.filename, settings=settings)
    # 2. The raw archive (content-addressed, idempotent) ---------------------------------
    raw_key = archive_raw(path, partner_code=drop.partner, sha256=sha256, settings=settings)
    # 3. Partner and dataset against the registry ---------------------------------------
    try:
        partner = _attribute(drop)
    except Rejection as exc:
        return _reject(
            upload,
            sha256=sha256,
            dataset=drop.dataset,
            partner_code=drop.partner,
            error=exc,
            path=path,
            settings=settings,
            entry=entry,
            raw_key=raw_key,
        )
    # 4'. A CSV file bigger than chunk_bytes: in batches, bounded memory (pata.chunked);
    # XLSX and JSON files are always read whole.
    from pata.chunked import process_chunked, wants_chunks

    size = path.stat().st_size
    if wants_chunks(size, filename=drop.filename, settings=settings):
        return process_chunked(
            path,
            upload=upload,
            drop=drop,
            partner=partner,
            entry=entry,
            raw_key=raw_key,
            sha256=sha256,
            settings=settings,
        )
    # 4. Read (the whole file: its bytes are in memory only while it is read) ----------
    from pata.readers import UnreadableFile

    try:
        raw = _read_whole(
            path,
            size=size,
            filename=drop.filename,
            partner=partner,
            dataset=drop.dataset,
            settings=settings,
        )
    except UnreadableFile as exc:
        return _reject(
            upload,
            sha256=sha256,
            dataset=drop.dataset,
            partner_code=drop.partner,
            error=exc,
            path=path,
            settings=settings,
            entry=entry,
            raw_key=raw_key,
            problems=list(getattr(exc, "problems", [])),
        )
    # 5. Validate ------------------------------------------------------------------------
    from pata.validation import validate

    known = (
        _known_case_ids(raw, partner=partner, settings=settings)
        if drop.dataset == "rehabilitation"
        else None
    )
    result = validate(
        raw,
        partner=partner,
        dataset=drop.dataset,
        known_case_ids=known,
        reject_invalid_share=settings.reject_invalid_share,
    )
    del raw
    _publish_data_docs(result, entry=entry, settings=settings)
    if result.verdict == "rejected":
        return record_rejected(
            result, entry=entry, filename=drop.filename, raw_key=raw_key, settings=settings
        )
    # 6. De-identify (inside this task, before anything is written) ----------------------
    from pata.contracts import load_contract
    from pata.deid import deidentify
    from pata.keys import load_pseudonym_key

    contract = load_contract(drop.dataset)
    table = deidentify(
        result.valid,
        contract=contract,
        partner_code=drop.partner,
        key=load_pseudonym_key(settings=settings),
    )
    withheld = sum(table.withheld_no_consent.values())
    # 7. Load + ledger in ONE transaction ------------------------------------------------
    from pata.warehouse.load import load_file, lock_partner_dataset

    status = "loaded" if result.rows_invalid == 0 else "partially_loaded"
    with engine.begin() as conn:
        lock_partner_dataset(conn, partner_code=drop.partner, dataset=drop.dataset)
        newer, older = _period_neighbours(conn, entry)
        if newer is not None:
            # Out of order: a later upload for this period is already loaded; it wins.
            status, loaded = "superseded", 0
            ledger.update(conn, entry.id, superseded_by=newer)
        else:
            load = load_file(conn, table, ledger_id=entry.id, supersedes=older)
            ledger.mark_superseded(conn, older, by=entry.id)
            loaded = load.inserted + load.updated
        report_key = record_final(
            conn,
            entry=entry,
            result=result,
            status=status,
            loaded=loaded,
            withheld=withheld,
            key_fingerprint=table.key_fingerprint,
            raw_key=raw_key,
            filename=drop.filename,
            settings=settings,
        )
    log.info(
        "file %s %s: %s rows, %s valid, %s quarantined, %s loaded, %s withheld (no consent)",
        entry.id,
        status,
        result.rows_total,
        result.rows_valid,
        result.rows_invalid,
        loaded,
        withheld,
    )
    return _outcome(
        entry,
        status=status,
        result=result,
        report_key=report_key,
        rows_loaded=loaded,
        rows_withheld=withheld,
    )


# -- helpers ----------------------------------------------------------------------------


def archive_raw(path: Path, *, partner_code: str, sha256: str, settings: Settings) -> str:
    """Copy the file to the restricted raw archive under a content-addressed key.

    Uploaded from the file (multipart above a threshold), never read whole into memory;
    a copy already there (same bytes) is left as it is.
    """
    from botocore.exceptions import ClientError

    from pata.storage import s3_client, upload_config

    key = f"{partner_code}/{sha256[:2]}/{sha256}"
    s3 = s3_client(settings)
    try:
        s3.head_object(Bucket=settings.raw_bucket, Key=key)
    except ClientError:
        s3.upload_file(
            str(path),
            settings.raw_bucket,
            key,
            ExtraArgs={"ServerSideEncryption": "AES256"},
            Config=upload_config(),
        )
    return key


def _read_whole(
    path: Path, *, size: int, filename: str, partner: Partner, dataset: str, settings: Settings
) -> RawTable:
    """Read a file whole in the partner's layout (:mod:`pata.layouts.reading`); its bytes
    are freed on return.

    A file above ``max_file_bytes`` is rejected by its size before anything is read. The
    readers get the bytes, not the path: the spool file's name has no extension.
    """
    from pata.layouts.reading import read_partner_table
    from pata.readers import ReadLimits

    limits = ReadLimits(max_bytes=settings.max_file_bytes)
    if size > limits.max_bytes:
        return read_partner_table(
            path, filename=filename, limits=limits, partner=partner, dataset=dataset
        )
    data = path.read_bytes()
    try:
        return read_partner_table(
            data, filename=filename, limits=limits, partner=partner, dataset=dataset
        )
    finally:
        del data


def record_rejected(
    result: Any,
    *,
    entry: ledger.LedgerEntry,
    filename: str,
    raw_key: str,
    settings: Settings,
) -> FileOutcome:
    """The feedback report and final ledger row of a file rejected by its validation (the
    whole-file and the chunked path)."""
    from pata.warehouse.engine import get_engine

    report_key = _publish(
        result=result, entry=entry, status="rejected", filename=filename, settings=settings
    )
    with get_engine(role="pipeline", settings=settings).begin() as conn:
        ledger.write_validation_summary(conn, entry.id, result.summary_by_code())
        ledger.update(
            conn,
            entry.id,
            status="rejected",
            error_code=result.blocker,
            rows_total=result.rows_total,
            rows_valid=result.rows_valid,
            rows_invalid=result.rows_invalid,
            rows_loaded=0,
            report_key=report_key,
            contract_version=result.contract_version,
            raw_key=raw_key,
            file_format=_format_of(filename),
        )
    log.info("file %s rejected: %s", entry.id, result.blocker)
    return _outcome(
        entry, status="rejected", result=result, report_key=report_key, error_code=result.blocker
    )


def record_final(
    conn: Connection,
    *,
    entry: ledger.LedgerEntry,
    result: Any,
    status: str,
    loaded: int,
    withheld: int,
    key_fingerprint: str | None,
    raw_key: str,
    filename: str,
    settings: Settings,
) -> str:
    """Publish the feedback report and write the file's final ledger state, inside the load
    transaction (whole-file and chunked paths alike). Returns the report's key."""
    report_key = _publish(
        result=result,
        entry=entry,
        status=status,
        filename=filename,
        settings=settings,
        counts={"rows_loaded": loaded, "rows_withheld": withheld},
    )
    ledger.write_validation_summary(conn, entry.id, result.summary_by_code())
    ledger.update(
        conn,
        entry.id,
        status=status,
        rows_total=result.rows_total,
        rows_valid=result.rows_valid,
        rows_invalid=result.rows_invalid,
        rows_loaded=loaded,
        rows_withheld=withheld,
        report_key=report_key,
        contract_version=result.contract_version,
        key_fingerprint=key_fingerprint,
        loaded_at=clock.now() if status != "superseded" else None,
        raw_key=raw_key,
        file_format=_format_of(filename),
    )
    return report_key


def _publish_data_docs(result: Any, *, entry: ledger.LedgerEntry, settings: Settings) -> None:
    """Data Docs page of this file's value-free GX results, for data engineers."""
    from pata.datadocs import publish_data_docs

    run_name = f"{entry.partner_code}-{entry.dataset}-{entry.period_label or 'noperiod'}-{entry.id}"
    try:
        publish_data_docs({run_name: result.gx_results}, settings=settings)
    except Exception:  # a side output: the file's own outcome does not depend on it
        log.warning("Data Docs not published for file %s", entry.id, exc_info=True)


def _remove_incoming(upload: Upload, *, settings: Settings) -> None:
    from pata.storage import s3_client

    s3_client(settings).delete_object(Bucket=settings.dropzone_bucket, Key=upload.key)


def _attribute(drop: dropzone.DropKey) -> Partner:
    from pata.contracts import DATASETS
    from pata.registry import load_registry

    registry = load_registry()
    if drop.partner not in registry.partners:
        raise Rejection(
            "The partner folder is not a registered partner code. Upload into your own "
            "partner folder, or ask the regional data team to register you.",
            code="unknown-partner",
        )
    if drop.dataset not in DATASETS:
        raise Rejection(
            "The dataset folder is not one of: " + ", ".join(DATASETS) + ".",
            code="unknown-dataset",
        )
    partner = registry.partner(drop.partner)
    if drop.dataset not in partner.datasets:
        raise Rejection(
            "Your organisation is not registered to send this dataset. Check the folder, or "
            "ask the regional data team to add it to your registration.",
            code="dataset-not-registered",
        )
    suffix = "." + drop.filename.rsplit(".", 1)[-1].lower() if "." in drop.filename else ""
    if suffix not in dropzone.SUPPORTED_SUFFIXES:
        raise Rejection(
            "This type of file is not supported. Send CSV, XLSX or JSON.",
            code="unsupported-format",
        )
    return partner


def _period_of(filename: str) -> Any:
    from pata.periods import period_from_filename

    return period_from_filename(filename)


def _format_of(filename: str) -> str | None:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"xlsx": "xlsx", "json": "json", "ndjson": "json", "jsonl": "json"}.get(suffix, "csv")


def _period_neighbours(conn: Connection, entry: ledger.LedgerEntry) -> tuple[int | None, list[int]]:
    """(a loaded later upload for the same period, or None; loaded earlier uploads)."""
    if entry.period_label is None:
        return None, []
    loaded = ledger.loaded_for_period(
        conn,
        partner_code=entry.partner_code,
        dataset=entry.dataset,
        period_label=entry.period_label,
    )
    others = [e for e in loaded if e.id != entry.id]
    newer = [e for e in others if (e.uploaded_at, e.id) > (entry.uploaded_at, entry.id)]
    if newer:
        return newer[-1].id, []
    return None, [e.id for e in others]


def _known_case_ids(raw: Any, *, partner: Partner, settings: Settings) -> Callable[[], set[str]]:
    """The case ids of this rehabilitation file that the warehouse knows for this partner.

    Raw ids are never stored: each id of the file is pseudonymised with the key and looked
    up among the partner's loaded case keys.
    """

    def known() -> set[str]:
        from pata.deid import normalise_record_id, pseudonymize
        from pata.keys import load_pseudonym_key
        from pata.warehouse.engine import get_engine
        from pata.warehouse.load import known_record_keys

        key = load_pseudonym_key(settings=settings)
        column = _raw_column(raw, partner=partner, canonical="partner_case_id")
        if column is None:
            return set()
        ids = {v for v in raw.table.column(column).to_pylist() if v}
        by_key = {
            pseudonymize(
                normalise_record_id(v), key=key, partner_code=partner.code, namespace="cases"
            ): v
            for v in ids
        }
        with get_engine(role="pipeline", settings=settings).connect() as conn:
            found = known_record_keys(
                conn, partner_code=partner.code, dataset="cases", keys=list(by_key)
            )
        return {by_key[k] for k in found}

    return known


def _raw_column(raw: Any, *, partner: Partner, canonical: str) -> int | None:
    mapping = partner.dataset("rehabilitation").column_map
    for index, header in enumerate(raw.headers):
        if header == canonical or mapping.get(header) == canonical:
            return index
    return None


def _publish(
    *,
    result: Any,
    entry: ledger.LedgerEntry,
    status: str,
    filename: str,
    settings: Settings,
    counts: dict[str, int] | None = None,
    problems: list[Any] | None = None,
) -> str:
    from pata.feedback import build_report, publish_report

    report: FeedbackReport = build_report(
        result=result,
        partner=entry.partner_code,
        dataset=entry.dataset,
        filename=filename,
        ledger_id=entry.id,
        status=status,
        sha256=entry.sha256,
        blocker_problems=problems or [],
        counts=counts,
    )
    return publish_report(report, settings=settings)


def _reject(
    upload: Upload,
    *,
    sha256: str | None,
    dataset: str,
    partner_code: str,
    error: PataError,
    path: Path | None,
    settings: Settings,
    entry: ledger.LedgerEntry | None,
    raw_key: str | None = None,
    problems: list[Any] | None = None,
) -> FileOutcome:
    """Record a file-level rejection: ledger row, raw archive (from ``path``, the file's
    bytes, when not archived yet), feedback report."""
    from pata.validation import Problem
    from pata.warehouse.engine import get_engine

    engine = get_engine(role="pipeline", settings=settings)
    filename = upload.key.rsplit("/", 1)[-1]
    if raw_key is None and path is not None and sha256 is not None:
        raw_key = archive_raw(path, partner_code=partner_code, sha256=sha256, settings=settings)
    if entry is None:
        with engine.begin() as conn:
            period = _period_of(filename)
            entry = ledger.insert(
                conn,
                partner_code=partner_code,
                dataset=dataset,
                object_key=upload.key,
                etag=upload.etag,
                size_bytes=upload.size,
                sha256=sha256,  # type: ignore[arg-type]
                uploaded_at=upload.uploaded_at,
                period_label=period.label if period else None,
                period_start=period.start if period else None,
                period_end=period.end if period else None,
                status="received",
                raw_key=raw_key,
            )
    blockers = list(problems or []) or [
        Problem(
            code=error.code,
            row=None,
            column=None,
            severity="error",
            message=str(error),
            fix=str(error),
        )
    ]
    report_key = _publish(
        result=None,
        entry=entry,
        status="rejected",
        filename=filename,
        settings=settings,
        problems=blockers,
    )
    with engine.begin() as conn:
        ledger.write_validation_summary(conn, entry.id, [(error.code, "", "error", 1, [])])
        ledger.update(
            conn,
            entry.id,
            status="rejected",
            error_code=error.code,
            report_key=report_key,
            raw_key=raw_key,
            rows_loaded=0,
        )
    log.info("file %s rejected: %s", entry.id, error.code)
    return FileOutcome(
        entry.id,
        partner_code,
        dataset,
        "rejected",
        report_key=report_key,
        error_code=error.code,
        period=entry.period_label,
    )


def _reject_unread(upload: Upload, *, settings: Settings) -> FileOutcome:
    error = Rejection(
        f"The file is larger than the limit of {settings.max_file_bytes // 1024**2} MB. "
        "Split it by month, or ask the regional data team to raise the limit.",
        code="file-too-large",
    )
    drop_dataset = upload.key.split("/")[2] if upload.key.count("/") >= 3 else ""
    outcome = _reject(
        upload,
        sha256=None,
        dataset=drop_dataset,
        partner_code=dropzone.partner_of(upload.key),
        error=error,
        path=None,
        settings=settings,
        entry=None,
    )
    _remove_incoming(upload, settings=settings)
    return outcome


def _finish_duplicate(
    entry: ledger.LedgerEntry, *, filename: str, settings: Settings
) -> FileOutcome:
    from pata.validation import Problem
    from pata.warehouse.engine import get_engine

    notice = Problem(
        code="duplicate-file",
        row=None,
        column=None,
        severity="warning",
        message="These exact bytes were already received from you; nothing was changed.",
        fix="No action needed. To correct data, send a new file for the same period.",
    )
    report_key = _publish(
        result=None,
        entry=entry,
        status="duplicate",
        filename=filename,
        settings=settings,
        problems=[notice],
    )
    with get_engine(role="pipeline", settings=settings).begin() as conn:
        ledger.update(conn, entry.id, report_key=report_key, rows_loaded=0)
    log.info("file %s is a duplicate of %s", entry.id, entry.duplicate_of)
    return FileOutcome(
        entry.id,
        entry.partner_code,
        entry.dataset,
        "duplicate",
        period=entry.period_label,
        report_key=report_key,
        error_code="duplicate-file",
    )


def _outcome(
    entry: ledger.LedgerEntry,
    *,
    status: str,
    result: Any,
    report_key: str | None,
    error_code: str | None = None,
    rows_loaded: int = 0,
    rows_withheld: int = 0,
) -> FileOutcome:
    return FileOutcome(
        entry.id,
        entry.partner_code,
        entry.dataset,
        status,
        period=entry.period_label,
        rows_total=result.rows_total,
        rows_valid=result.rows_valid,
        rows_invalid=result.rows_invalid,
        rows_loaded=rows_loaded,
        rows_withheld=rows_withheld,
        report_key=report_key,
        error_code=error_code,
    )


def _outcome_from_entry(entry: ledger.LedgerEntry) -> FileOutcome:
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


def settle_outcomes(outcomes: list[dict[str, Any]] | None) -> dict[str, int]:
    """After a batch of files (one DAG run): alert on rejections, count what was loaded.

    The DAGs emit the warehouse asset only when ``loaded`` is above zero.
    """
    from pata.alerts import alert_rejected_files

    done = [o for o in (outcomes or []) if o]
    rejected = [o["ledger_id"] for o in done if o["status"] == "rejected" and o["ledger_id"]]
    if rejected:
        alert_rejected_files(ledger_ids=rejected)
    loaded = [o for o in done if o["status"] in ("loaded", "partially_loaded")]
    return {"files": len(done), "loaded": len(loaded), "rejected": len(rejected)}
