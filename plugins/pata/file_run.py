"""One file through the stages: ledger, raw archive, attribution, then read → validate →
de-identify → load in one transaction, then the feedback report.

:class:`FileRun` is the whole story of one upload, read top to bottom in :meth:`FileRun.run`.
It talks to the outside world only through :class:`pata.ports.Ports` (ledger, warehouse,
object store, publisher), so its decisions are unit-tested with fakes.

Every file is a stream of bounded batches (:func:`pata.readers.iter_raw_batches`; a small
file is one batch): each batch is validated with file-wide state
(:class:`pata.validation.FileValidator`), de-identified and handed to the loader, inside
ONE transaction that also writes the file's final ledger row. The verdict is known after
the last batch; a rejected or unreadable file rolls the transaction back, so nothing of it
is loaded. The feedback report (and the Data Docs) are published only after the
transaction committed, under the key the ledger row already names.

Every way a file can end is a final ledger status (:class:`pata.ledger.FileStatus`) with a
coded reason and a report; what it returns (:class:`FileOutcome`) holds ids, codes and
counts only, never a value of the file.

The endings themselves (ledger row, report, publication) are :class:`pata.file_endings.FileEndings`;
the batch size is :func:`pata.readers.batching.batch_rows_for`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata import dropzone
from pata.attribution import Rejection, attribute
from pata.errors import PataError
from pata.faults import MAX_FILE_ATTEMPTS, fault_code, is_transient
from pata.file_endings import FileEndings
from pata.file_outcome import INTERNAL_ERROR_MESSAGE, FileOutcome, Upload, outcome_of
from pata.ledger import FileStatus, LedgerEntry
from pata.ports import Ports
from pata.readers.batching import batch_rows_for
from pata.references import known_case_ids_of
from pata.settings import Settings

if TYPE_CHECKING:
    from pata.deid import DeidentifiedTable
    from pata.linkage.readtime import ReadTimeEncoder
    from pata.readers import RawTable
    from pata.registry import Partner
    from pata.validation import ValidationResult

log = logging.getLogger(__name__)


class _Rollback(Exception):
    """Raised inside the load transaction to undo it: the file is rejected."""

    def __init__(self, result: ValidationResult | None = None, error: Any = None) -> None:
        super().__init__("file rejected")
        self.result = result
        self.error = error


@dataclass
class FileRun:
    """One upload, held in the file at ``path`` (only read), through every stage."""

    path: Path
    upload: Upload
    sha256: str
    settings: Settings
    ports: Ports
    resume: LedgerEntry | None = None
    """The upload's ledger row from an interrupted earlier run, continued."""
    replay: bool = False
    """Skip the duplicate check: the same bytes are processed again on purpose."""
    _withheld: int = field(default=0, init=False)
    _fingerprint: str | None = field(default=None, init=False)
    _linkage: ReadTimeEncoder | None = field(default=None, init=False)

    @property
    def endings(self) -> FileEndings:
        """How this upload ends (ledger row, report, publication)."""
        return FileEndings(upload=self.upload, sha256=self.sha256, path=self.path, ports=self.ports)

    def run(self) -> FileOutcome:
        """Walk the stages; every ending is a final ledger status with a report."""
        path, sha256 = self.path, self.sha256
        try:
            drop = dropzone.parse_key(self.upload.key)
        except dropzone.KeyRejected as exc:
            return self.endings.reject(exc, partner_code=dropzone.partner_of(self.upload.key))
        entry = self.resume or self._record(drop)
        if entry.status == FileStatus.DUPLICATE:
            return self.endings.duplicate(entry)
        if self.resume is not None and not self._another_attempt(entry):
            log.error("file %s: %s runs spent; failed", entry.id, entry.attempts)
            error = PataError(INTERNAL_ERROR_MESSAGE, code="retries-exhausted")
            return self.endings.reject(
                error, entry=entry, dataset=drop.dataset, status=FileStatus.FAILED
            )
        raw_key = None
        try:
            raw_key = self.ports.store.archive_raw(path, partner_code=drop.partner, sha256=sha256)
            partner = attribute(drop)
            return self._stream(drop, partner=partner, entry=entry, raw_key=raw_key)
        except Rejection as exc:
            return self.endings.reject(exc, entry=entry, raw_key=raw_key, dataset=drop.dataset)
        except Exception as exc:
            if is_transient(exc):
                raise  # the infrastructure, not the file: retried (a bounded number of runs)
            # Only the code is logged: an exception's text may quote a value of the file.
            log.error("file %s failed (%s): internal-error", entry.id, fault_code(exc))
            error = PataError(INTERNAL_ERROR_MESSAGE, code="internal-error")
            return self.endings.reject(
                error, entry=entry, raw_key=raw_key, dataset=drop.dataset, status=FileStatus.FAILED
            )

    # -- stages ---------------------------------------------------------------------------

    def _another_attempt(self, entry: LedgerEntry) -> bool:
        """Count this run against the upload's budget (committed before any work, so a run
        killed mid-way counts too); False when the budget is spent."""
        if entry.attempts >= MAX_FILE_ATTEMPTS:
            return False
        with self.ports.ledger.transaction() as tx:
            self.ports.ledger.update(tx, entry.id, attempts=entry.attempts + 1)
        return True

    def _record(self, drop: dropzone.DropKey) -> LedgerEntry:
        """The upload's ledger row: ``received``, or ``duplicate`` of the same bytes."""
        ledger = self.ports.ledger
        sha256 = self.sha256
        with ledger.transaction() as tx:
            first = (
                None
                if self.replay
                else ledger.find_same_bytes(
                    tx, partner_code=drop.partner, dataset=drop.dataset, sha256=sha256
                )
            )
            return self.endings.insert(
                tx,
                partner_code=drop.partner,
                dataset=drop.dataset,
                status=FileStatus.RECEIVED if first is None else FileStatus.DUPLICATE,
                duplicate_of=None if first is None else first.id,
                error_code=None if first is None else "duplicate-file",
            )

    def _stream(
        self, drop: dropzone.DropKey, *, partner: Partner, entry: LedgerEntry, raw_key: str
    ) -> FileOutcome:
        """Read, validate, de-identify and load the file batch by batch, atomically."""
        from pata.layouts.reading import iter_partner_batches
        from pata.readers import ReadLimits, UnreadableFile
        from pata.validation import FileValidator

        path = self.path
        validator = FileValidator(
            partner=partner,
            dataset=drop.dataset,
            known_case_ids_of=(
                known_case_ids_of(partner, warehouse=self.ports.warehouse)
                if drop.dataset == "rehabilitation"
                else None
            ),
            reject_invalid_share=self.settings.reject_invalid_share,
        )
        batches = iter_partner_batches(
            path,
            filename=drop.filename,
            batch_rows=batch_rows_for(
                path, filename=drop.filename, chunk_bytes=self.settings.chunk_bytes
            ),
            limits=ReadLimits(max_bytes=self.settings.max_file_bytes),
            partner=partner,
            dataset=drop.dataset,
        )
        chunks = self._deidentified(batches, validator=validator, drop=drop)
        ledger, warehouse = self.ports.ledger, self.ports.warehouse
        try:
            with ledger.transaction() as tx:
                warehouse.lock(tx, partner_code=drop.partner, dataset=drop.dataset)
                newer, older = self._period_neighbours(tx, entry)
                loaded = 0
                try:
                    if newer is not None:  # out of order: a later upload won; validated only
                        for _ in chunks:
                            pass
                    else:
                        load = warehouse.load(tx, chunks, ledger_id=entry.id, supersedes=older)
                        loaded = load.inserted + load.updated
                        if self._linkage is not None:
                            warehouse.store_encodings(
                                tx,
                                self._linkage.encodings(),
                                partner_code=drop.partner,
                                dataset=drop.dataset,
                                ledger_id=entry.id,
                                key_fingerprint=self._linkage.key_fingerprint,
                            )
                except UnreadableFile as exc:
                    raise _Rollback(error=exc) from None
                result = validator.finish()
                if result.verdict == "rejected":
                    raise _Rollback(result)
                if newer is not None:
                    status, loaded = FileStatus.SUPERSEDED, 0
                    ledger.update(tx, entry.id, superseded_by=newer)
                else:
                    status = (
                        FileStatus.LOADED
                        if result.rows_invalid == 0
                        else FileStatus.PARTIALLY_LOADED
                    )
                    ledger.mark_superseded(tx, older, by=entry.id)
                counts = {"rows_loaded": loaded, "rows_withheld": self._withheld}
                report = self.endings.report(entry, status=status, result=result, counts=counts)
                self.endings.write_final(tx, entry, status=status, result=result, report=report)
                ledger.update(
                    tx,
                    entry.id,
                    rows_loaded=loaded,
                    rows_withheld=self._withheld,
                    key_fingerprint=self._fingerprint,
                    raw_key=raw_key,
                    loaded_at=None if status == FileStatus.SUPERSEDED else _now(),
                )
        except _Rollback as exc:
            if exc.error is not None:
                return self.endings.reject(
                    exc.error, entry=entry, raw_key=raw_key, dataset=drop.dataset
                )
            assert exc.result is not None
            return self.endings.rejected_by_validation(entry, result=exc.result, raw_key=raw_key)
        except UnreadableFile as exc:  # before the first batch: format, size, encoding
            return self.endings.reject(exc, entry=entry, raw_key=raw_key, dataset=drop.dataset)
        self.endings.publish(entry, report=report, gx_results=result.gx_results)
        log.info(
            "file %s %s: %s rows, %s valid, %s quarantined, %s loaded, %s withheld",
            entry.id,
            status,
            result.rows_total,
            result.rows_valid,
            result.rows_invalid,
            loaded,
            self._withheld,
        )
        return outcome_of(
            entry,
            status=status,
            result=result,
            report_key=report["key"],
            rows_loaded=loaded,
            rows_withheld=self._withheld,
        )

    def _deidentified(
        self, batches: Iterator[RawTable], *, validator: Any, drop: dropzone.DropKey
    ) -> Iterator[DeidentifiedTable]:
        """The de-identified valid rows of each batch; nothing once the file is blocked."""
        from pata.contracts import load_contract
        from pata.deid import deidentify
        from pata.linkage.readtime import ReadTimeEncoder

        contract = load_contract(drop.dataset)
        key = self.ports.warehouse.pseudonym_key()
        # Record linkage: encoded here, while the names exist; stored with the load.
        self._linkage = ReadTimeEncoder.for_file(
            dataset=drop.dataset,
            partner=drop.partner,
            key=self.ports.warehouse.linkage_key,
            pseudonym_key=key,
        )
        yielded = False
        empty = None
        for raw in batches:
            if self.ports.on_rows is not None:
                self.ports.on_rows(raw.table.num_rows)
            valid = validator.add(raw)
            del raw
            if validator.blocker is not None:
                continue  # validated to the end for the report; nothing more is loaded
            if not len(valid):
                empty = valid
                continue
            if self._linkage is not None:
                self._linkage.add(valid)
            table = deidentify(valid, contract=contract, partner_code=drop.partner, key=key)
            del valid
            self._withheld += sum(table.withheld_no_consent.values())
            self._fingerprint = table.key_fingerprint
            yielded = True
            yield table
        if not yielded and empty is not None and validator.blocker is None:
            table = deidentify(empty, contract=contract, partner_code=drop.partner, key=key)
            self._fingerprint = table.key_fingerprint
            yield table

    # -- helpers --------------------------------------------------------------------------

    def _period_neighbours(self, tx: Any, entry: LedgerEntry) -> tuple[int | None, list[int]]:
        """(a loaded later upload for the same period, or None; loaded earlier uploads)."""
        if entry.period_label is None:
            return None, []
        loaded = self.ports.ledger.loaded_for_period(
            tx,
            partner_code=entry.partner_code,
            dataset=entry.dataset,
            period_label=entry.period_label,
        )
        others = [e for e in loaded if e.id != entry.id]
        newer = [e for e in others if (e.uploaded_at, e.id) > (entry.uploaded_at, entry.id)]
        if newer:
            return newer[-1].id, []
        return None, [e.id for e in others]


def _now() -> datetime:
    from pata import clock

    return clock.now()
