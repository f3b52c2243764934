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

(About 500 lines, on purpose: the stages and the endings of one file are one story, read
top to bottom; the parts that stand alone live in :mod:`pata.attribution`,
:mod:`pata.references`, :mod:`pata.file_outcome` and :mod:`pata.ports`.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata import dropzone
from pata.attribution import Rejection, attribute, format_of
from pata.errors import PataError
from pata.faults import MAX_FILE_ATTEMPTS, fault_code, is_transient
from pata.file_outcome import INTERNAL_ERROR_MESSAGE, FileOutcome, Upload, outcome_of
from pata.ledger import FileStatus, LedgerEntry
from pata.ports import Ports
from pata.references import known_case_ids_of
from pata.settings import Settings

if TYPE_CHECKING:
    from pata.deid import DeidentifiedTable
    from pata.linkage.readtime import ReadTimeEncoder
    from pata.readers import RawTable
    from pata.registry import Partner
    from pata.validation import Problem, ValidationResult

log = logging.getLogger(__name__)

MAX_BATCH_ROWS = 100_000
"""The most rows one batch holds, however big ``chunk_bytes`` is."""
SAMPLE_BYTES = 4 * 1024**2
"""The head of a text file whose lines give the bytes per row (:func:`batch_rows_for`)."""
WORKBOOK_BATCH_ROWS = 50_000
"""Rows per batch of a spreadsheet (its bytes say nothing of its rows)."""


class _Rollback(Exception):
    """Raised inside the load transaction to undo it: the file is rejected."""

    def __init__(self, result: ValidationResult | None = None, error: Any = None) -> None:
        super().__init__("file rejected")
        self.result = result
        self.error = error


@dataclass
class FileRun:
    """One upload, held in the file at ``path`` (only read), through every stage."""

    path: Path | None
    """None only for a file rejected before it was fetched (too large)."""
    upload: Upload
    sha256: str | None
    settings: Settings
    ports: Ports
    resume: LedgerEntry | None = None
    """The upload's ledger row from an interrupted earlier run, continued."""
    replay: bool = False
    """Skip the duplicate check: the same bytes are processed again on purpose."""
    _withheld: int = field(default=0, init=False)
    _fingerprint: str | None = field(default=None, init=False)
    _linkage: ReadTimeEncoder | None = field(default=None, init=False)

    def run(self) -> FileOutcome:
        """Walk the stages; every ending is a final ledger status with a report."""
        path, sha256 = self._source()
        try:
            drop = dropzone.parse_key(self.upload.key)
        except dropzone.KeyRejected as exc:
            return self.reject(exc, partner_code=dropzone.partner_of(self.upload.key))
        entry = self.resume or self._record(drop)
        if entry.status == FileStatus.DUPLICATE:
            return self._finish_duplicate(entry, filename=drop.filename)
        if self.resume is not None and not self._another_attempt(entry):
            log.error("file %s: %s runs spent; failed", entry.id, entry.attempts)
            error = PataError(INTERNAL_ERROR_MESSAGE, code="retries-exhausted")
            return self.reject(error, entry=entry, dataset=drop.dataset, status=FileStatus.FAILED)
        raw_key = None
        try:
            raw_key = self.ports.store.archive_raw(path, partner_code=drop.partner, sha256=sha256)
            partner = attribute(drop)
            return self._stream(drop, partner=partner, entry=entry, raw_key=raw_key)
        except Rejection as exc:
            return self.reject(exc, entry=entry, raw_key=raw_key, dataset=drop.dataset)
        except Exception as exc:
            if is_transient(exc):
                raise  # the infrastructure, not the file: retried (a bounded number of runs)
            # Only the code is logged: an exception's text may quote a value of the file.
            log.error("file %s failed (%s): internal-error", entry.id, fault_code(exc))
            error = PataError(INTERNAL_ERROR_MESSAGE, code="internal-error")
            return self.reject(
                error, entry=entry, raw_key=raw_key, dataset=drop.dataset, status=FileStatus.FAILED
            )

    # -- stages ---------------------------------------------------------------------------

    def _source(self) -> tuple[Path, str]:
        """The file and its digest (a run that reads the file has both)."""
        assert self.path is not None and self.sha256 is not None
        return self.path, self.sha256

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
        _path, sha256 = self._source()
        with ledger.transaction() as tx:
            first = (
                None
                if self.replay
                else ledger.find_same_bytes(
                    tx, partner_code=drop.partner, dataset=drop.dataset, sha256=sha256
                )
            )
            return self._insert(
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

        path, _sha256 = self._source()
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
                report = self._report(entry, status=status, result=result, counts=counts)
                self._write_final(tx, entry, status=status, result=result, report=report)
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
                return self.reject(exc.error, entry=entry, raw_key=raw_key, dataset=drop.dataset)
            assert exc.result is not None
            return self._finish_rejected(entry, result=exc.result, raw_key=raw_key)
        except UnreadableFile as exc:  # before the first batch: format, size, encoding
            return self.reject(exc, entry=entry, raw_key=raw_key, dataset=drop.dataset)
        self._publish(entry, report=report, gx_results=result.gx_results)
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

    # -- endings --------------------------------------------------------------------------

    def reject(
        self,
        error: PataError,
        *,
        partner_code: str | None = None,
        entry: LedgerEntry | None = None,
        raw_key: str | None = None,
        dataset: str = "",
        status: FileStatus = FileStatus.REJECTED,
    ) -> FileOutcome:
        """End the file for a file-level reason: ``rejected`` for its content or placement
        (before or while reading), ``failed`` for one of ours (see :class:`FileStatus`)."""
        from pata.validation import Problem

        partner_code = partner_code or (entry.partner_code if entry else "")
        if raw_key is None and self.sha256 and self.path is not None:
            raw_key = self.ports.store.archive_raw(
                self.path, partner_code=partner_code, sha256=self.sha256
            )
        problems = list(getattr(error, "problems", [])) or [
            Problem(
                code=error.code,
                row=None,
                column=None,
                severity="error",
                message=str(error),
                fix=str(error),
            )
        ]
        with self.ports.ledger.transaction() as tx:
            if entry is None:
                entry = self._insert(
                    tx,
                    partner_code=partner_code,
                    dataset=dataset,
                    status=FileStatus.RECEIVED,
                    raw_key=raw_key,
                )
            report = self._report(entry, status=status, problems=problems)
            self.ports.ledger.write_validation_summary(
                tx, entry.id, [(error.code, "", "error", 1, [])]
            )
            self.ports.ledger.update(
                tx,
                entry.id,
                status=status,
                error_code=error.code,
                report_key=report["key"],
                raw_key=raw_key,
                rows_loaded=0,
            )
        self._publish(entry, report=report)
        log.info("file %s %s: %s", entry.id, status, error.code)
        return FileOutcome(
            entry.id,
            entry.partner_code,
            entry.dataset,
            status,
            report_key=report["key"],
            error_code=error.code,
            period=entry.period_label,
        )

    def _finish_rejected(
        self, entry: LedgerEntry, *, result: ValidationResult, raw_key: str
    ) -> FileOutcome:
        """End a file its validation rejected (after the rollback of its load)."""
        with self.ports.ledger.transaction() as tx:
            report = self._report(entry, status=FileStatus.REJECTED, result=result)
            self._write_final(tx, entry, status=FileStatus.REJECTED, result=result, report=report)
            self.ports.ledger.update(
                tx, entry.id, error_code=result.blocker, rows_loaded=0, raw_key=raw_key
            )
        self._publish(entry, report=report, gx_results=result.gx_results)
        log.info("file %s rejected: %s", entry.id, result.blocker)
        return outcome_of(
            entry,
            status=FileStatus.REJECTED,
            result=result,
            report_key=report["key"],
            error_code=result.blocker,
        )

    def _finish_duplicate(self, entry: LedgerEntry, *, filename: str) -> FileOutcome:
        from pata.validation import Problem
        from pata.validation.problems import PROBLEM_KINDS

        notice = Problem(
            code="duplicate-file",
            row=None,
            column=None,
            severity="warning",
            message="These exact bytes were already received from you; nothing was changed.",
            fix=PROBLEM_KINDS["duplicate-file"].fix,
        )
        report = self._report(entry, status=FileStatus.DUPLICATE, problems=[notice])
        with self.ports.ledger.transaction() as tx:
            self.ports.ledger.update(tx, entry.id, report_key=report["key"], rows_loaded=0)
        self._publish(entry, report=report)
        log.info("file %s is a duplicate of %s", entry.id, entry.duplicate_of)
        return FileOutcome(
            entry.id,
            entry.partner_code,
            entry.dataset,
            FileStatus.DUPLICATE,
            period=entry.period_label,
            report_key=report["key"],
            error_code="duplicate-file",
        )

    # -- helpers --------------------------------------------------------------------------

    def _insert(self, tx: Any, *, partner_code: str, dataset: str, **fields: Any) -> LedgerEntry:
        from pata.periods import period_from_filename

        period = period_from_filename(self.upload.key.rsplit("/", 1)[-1])
        return self.ports.ledger.insert(
            tx,
            partner_code=partner_code,
            dataset=dataset,
            object_key=self.upload.key,
            etag=self.upload.etag,
            size_bytes=self.upload.size,
            sha256=self.sha256,
            uploaded_at=self.upload.uploaded_at,
            period_label=period.label if period else None,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            **fields,
        )

    def _report(
        self,
        entry: LedgerEntry,
        *,
        status: str,
        result: ValidationResult | None = None,
        problems: list[Problem] | None = None,
        counts: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        """The file's feedback report and the key it will be published under."""
        from pata.feedback import build_report

        report = build_report(
            result=result,
            partner=entry.partner_code,
            dataset=entry.dataset,
            filename=self.upload.key.rsplit("/", 1)[-1],
            ledger_id=entry.id,
            status=str(status),
            sha256=entry.sha256,
            blocker_problems=problems or [],
            counts=counts,
        )
        return {"report": report, "key": self.ports.publisher.report_key(report)}

    def _write_final(
        self,
        tx: Any,
        entry: LedgerEntry,
        *,
        status: str,
        result: ValidationResult,
        report: dict[str, Any],
    ) -> None:
        self.ports.ledger.write_validation_summary(tx, entry.id, result.summary_by_code())
        self.ports.ledger.update(
            tx,
            entry.id,
            status=status,
            rows_total=result.rows_total,
            rows_valid=result.rows_valid,
            rows_invalid=result.rows_invalid,
            report_key=report["key"],
            contract_version=result.contract_version,
            file_format=format_of(self.upload.key),
        )

    def _publish(
        self,
        entry: LedgerEntry,
        *,
        report: dict[str, Any],
        gx_results: dict[str, Any] | None = None,
    ) -> None:
        """Publish after the commit: the report (its key is in the ledger) and Data Docs."""
        self.ports.publisher.publish_report(report["report"])
        if not gx_results or "validation_result" not in gx_results:
            return
        run_name = (
            f"{entry.partner_code}-{entry.dataset}-{entry.period_label or 'noperiod'}-{entry.id}"
        )
        try:
            self.ports.publisher.publish_data_docs(run_name, gx_results)
        except Exception:  # a side output: the file's own outcome does not depend on it
            log.warning("Data Docs not published for file %s", entry.id, exc_info=True)

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


def batch_rows_for(
    path: Path, *, filename: str, chunk_bytes: int, sample_bytes: int = SAMPLE_BYTES
) -> int:
    """Rows per batch so that one batch holds about ``chunk_bytes`` of the file.

    For a text file the bytes per row are estimated from its first ``SAMPLE_BYTES`` (never
    by reading it whole: its lines, or a JSON file's objects); a file smaller than
    ``chunk_bytes`` is one batch.
    """
    from pata.spool import head_bytes

    kind = format_of(filename)
    if kind in ("xlsx", "xls", "ods"):
        return WORKBOOK_BATCH_ROWS
    sample = head_bytes(path, sample_bytes)
    rows = sample.count(b"\n")
    if kind == "json":
        # A JSON array may be one line (or a record many lines): count its objects' opening
        # braces instead (a nested object makes more rows per batch, never fewer).
        rows = max(rows, sample.count(b"{"))
    per_row = max(1, len(sample) // max(1, rows))
    return max(1, min(MAX_BATCH_ROWS, chunk_bytes // per_row))


def _now() -> datetime:
    from pata import clock

    return clock.now()
