"""A big CSV file through validate, de-identify and load in batches, with bounded memory.

:func:`process_chunked` is the branch of :func:`pata.pipeline.process_path` for a CSV file
bigger than ``Settings.chunk_bytes``. It works from the file on disk (the partner's local
file, or the private spool file the upload was streamed into, see :mod:`pata.spool`), so
the file is never whole in memory: one batch of rows at a time is read
(:func:`pata.readers.iter_raw_batches`), validated with file-wide state
(:class:`pata.validation.batches.BatchValidator`), de-identified and fed to
:func:`pata.warehouse.load.load_chunks`, all inside ONE transaction that also updates the
ledger. The file's verdict is known only after its last batch: a rejected file (a header
blocker, or too many invalid rows over the whole file) rolls the transaction back, so
nothing of it is loaded, and gets the same ledger row and feedback report as on the
whole-file path. XLSX and JSON files are always read whole (their readers' batches do not
bound memory as well, and such files are small in practice).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata import ledger
from pata.settings import Settings

if TYPE_CHECKING:
    from pata.deid import DeidentifiedTable
    from pata.dropzone import DropKey
    from pata.pipeline import FileOutcome, Upload
    from pata.registry import Partner
    from pata.validation import ValidationResult

log = logging.getLogger(__name__)

MAX_BATCH_ROWS = 100_000
"""The most rows one batch holds, however big ``chunk_bytes`` is."""

SAMPLE_BYTES = 4 * 1024**2
"""The head of the file whose rows give the bytes per row (:func:`batch_rows_for`)."""


class _Rollback(Exception):
    """Raised inside the load transaction to undo it (the file is rejected)."""

    def __init__(self, result: ValidationResult | None = None, error: Any = None) -> None:
        super().__init__("file rejected")
        self.result = result
        self.error = error


def wants_chunks(size: int, *, filename: str, settings: Settings) -> bool:
    """Whether a file of ``size`` bytes is processed in chunks: a CSV file bigger than
    ``chunk_bytes``."""
    from pata.pipeline import _format_of

    return size > settings.chunk_bytes and _format_of(filename) == "csv"


def batch_rows_for(path: Path, *, chunk_bytes: int, sample_bytes: int = SAMPLE_BYTES) -> int:
    """Rows per batch so that one batch holds about ``chunk_bytes`` of the file.

    The bytes per row are estimated from the file's first ``sample_bytes`` (the whole file
    when it is smaller), never by reading the whole file.
    """
    from pata.spool import head_bytes

    sample = head_bytes(path, sample_bytes)
    lines = max(1, sample.count(b"\n"))
    per_row = max(1, len(sample) // lines)
    return max(1, min(MAX_BATCH_ROWS, chunk_bytes // per_row))


def process_chunked(
    path: Path,
    *,
    upload: Upload,
    drop: DropKey,
    partner: Partner,
    entry: ledger.LedgerEntry,
    raw_key: str,
    sha256: str,
    settings: Settings,
) -> FileOutcome:
    """Read, validate, de-identify and load one big CSV file batch by batch, atomically.

    ``path`` is the file holding the upload's bytes; it is only read.
    """
    batch_rows = batch_rows_for(path, chunk_bytes=settings.chunk_bytes)
    log.info(
        "file %s: %s bytes, processed in batches of %s rows",
        entry.id,
        path.stat().st_size,
        batch_rows,
    )
    return _process_path(
        path,
        upload=upload,
        drop=drop,
        partner=partner,
        entry=entry,
        raw_key=raw_key,
        sha256=sha256,
        settings=settings,
        batch_rows=batch_rows,
    )


def _process_path(
    path: Path,
    *,
    upload: Upload,
    drop: DropKey,
    partner: Partner,
    entry: ledger.LedgerEntry,
    raw_key: str,
    sha256: str,
    settings: Settings,
    batch_rows: int,
) -> FileOutcome:
    from pata.contracts import load_contract
    from pata.deid import deidentify
    from pata.keys import load_pseudonym_key
    from pata.pipeline import (
        _known_case_ids,
        _outcome,
        _period_neighbours,
        _publish_data_docs,
        _reject,
        record_final,
        record_rejected,
    )
    from pata.readers import ReadLimits, UnreadableFile, iter_raw_batches
    from pata.validation.batches import BatchValidator
    from pata.warehouse.engine import get_engine
    from pata.warehouse.load import load_chunks, lock_partner_dataset

    engine = get_engine(role="pipeline", settings=settings)
    validator = BatchValidator(
        partner=partner,
        dataset=drop.dataset,
        known_case_ids_of=(
            (lambda raw: _known_case_ids(raw, partner=partner, settings=settings))
            if drop.dataset == "rehabilitation"
            else None
        ),
        reject_invalid_share=settings.reject_invalid_share,
    )
    from pata.linkage.readtime import ReadTimeEncoder

    contract = load_contract(drop.dataset)
    key = load_pseudonym_key(settings=settings)
    # Record linkage: each batch encoded while its names exist; stored with the load below.
    linkage = ReadTimeEncoder.for_file(
        dataset=drop.dataset, partner=drop.partner, settings=settings, pseudonym_key=key
    )
    batches = iter_raw_batches(
        path,
        filename=drop.filename,
        batch_rows=batch_rows,
        limits=ReadLimits(max_bytes=settings.max_file_bytes),
        dataset=drop.dataset,
    )
    totals: dict[str, Any] = {"withheld": 0, "fingerprint": None}

    def chunks() -> Iterator[DeidentifiedTable]:
        yielded = False
        empty = None
        for raw in batches:
            valid = validator.add(raw)
            del raw
            if validator.blocker is not None:
                continue  # validated to the end for the report; nothing more is loaded
            if not len(valid):
                empty = valid
                continue
            if linkage is not None:
                linkage.add(valid)
            table = deidentify(valid, contract=contract, partner_code=drop.partner, key=key)
            del valid
            totals["withheld"] += sum(table.withheld_no_consent.values())
            totals["fingerprint"] = table.key_fingerprint
            yielded = True
            yield table
        if not yielded and empty is not None and validator.blocker is None:
            table = deidentify(empty, contract=contract, partner_code=drop.partner, key=key)
            totals["fingerprint"] = table.key_fingerprint
            yield table

    status = "loaded"
    loaded = 0
    report_key = None
    result = None
    try:
        with engine.begin() as conn:
            lock_partner_dataset(conn, partner_code=drop.partner, dataset=drop.dataset)
            newer, older = _period_neighbours(conn, entry)
            try:
                if newer is not None:
                    for _ in chunks():  # validated for the report; a later upload wins
                        pass
                else:
                    load = load_chunks(conn, chunks(), ledger_id=entry.id, supersedes=older)
                    loaded = load.inserted + load.updated
                    if linkage is not None:
                        linkage.store(conn, ledger_id=entry.id)
            except UnreadableFile as exc:
                raise _Rollback(error=exc) from None
            result = validator.finish()
            _publish_data_docs(result, entry=entry, settings=settings)
            if result.verdict == "rejected":
                raise _Rollback(result)
            if newer is not None:
                status, loaded = "superseded", 0
                ledger.update(conn, entry.id, superseded_by=newer)
            else:
                status = "loaded" if result.rows_invalid == 0 else "partially_loaded"
                ledger.mark_superseded(conn, older, by=entry.id)
            withheld = totals["withheld"]
            report_key = record_final(
                conn,
                entry=entry,
                result=result,
                status=status,
                loaded=loaded,
                withheld=withheld,
                key_fingerprint=totals["fingerprint"],
                raw_key=raw_key,
                filename=drop.filename,
                settings=settings,
            )
    except (_Rollback, UnreadableFile) as exc:
        if isinstance(exc, _Rollback) and exc.error is None:
            assert exc.result is not None
            return record_rejected(
                exc.result, entry=entry, filename=drop.filename, raw_key=raw_key, settings=settings
            )
        # Unreadable before the first batch (format, size, encoding) or part-way: nothing
        # loaded either way.
        unreadable = exc.error if isinstance(exc, _Rollback) else exc
        return _reject(
            upload,
            sha256=sha256,
            dataset=drop.dataset,
            partner_code=drop.partner,
            error=unreadable,
            path=None,
            settings=settings,
            entry=entry,
            raw_key=raw_key,
            problems=list(getattr(unreadable, "problems", [])),
        )
    assert result is not None
    log.info(
        "file %s %s (in batches): %s rows, %s valid, %s quarantined, %s loaded, %s withheld",
        entry.id,
        status,
        result.rows_total,
        result.rows_valid,
        result.rows_invalid,
        loaded,
        totals["withheld"],
    )
    return _outcome(
        entry,
        status=status,
        result=result,
        report_key=report_key,
        rows_loaded=loaded,
        rows_withheld=totals["withheld"],
    )
