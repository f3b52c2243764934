"""How an upload ends: its final ledger row, its feedback report, and their publication.

Every way a file can end goes through :class:`FileEndings`: a file-level rejection or
failure (:meth:`FileEndings.reject`), a file its validation rejected
(:meth:`FileEndings.rejected_by_validation`), a duplicate of bytes already received
(:meth:`FileEndings.duplicate`), and the report and ledger columns of a loaded file
(:meth:`FileEndings.report`, :meth:`FileEndings.write_final`). The report is published
(:meth:`FileEndings.publish`) only after the transaction that names its key committed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata.errors import PataError
from pata.file_outcome import FileOutcome, Upload, outcome_from_entry, outcome_of
from pata.ledger import FileStatus, LedgerEntry
from pata.ports import Ports
from pata.readers.formats import format_of

if TYPE_CHECKING:
    from pata.validation import Problem, ValidationResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileEndings:
    """The endings of one upload (``path`` and ``sha256`` are None for a file rejected
    before it was fetched)."""

    upload: Upload
    sha256: str | None
    path: Path | None
    ports: Ports

    def insert(self, tx: Any, *, partner_code: str, dataset: str, **fields: Any) -> LedgerEntry:
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

    def report(
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

    def write_final(
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

    def publish(
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
        from pata.validation.problems import file_problem

        partner_code = partner_code or (entry.partner_code if entry else "")
        if raw_key is None and self.sha256 and self.path is not None:
            raw_key = self.ports.store.archive_raw(
                self.path, partner_code=partner_code, sha256=self.sha256
            )
        problems = list(getattr(error, "problems", [])) or [
            file_problem(error.code, str(error), fix=str(error))
        ]
        with self.ports.ledger.transaction() as tx:
            if entry is None:
                entry = self.insert(
                    tx,
                    partner_code=partner_code,
                    dataset=dataset,
                    status=FileStatus.RECEIVED,
                    raw_key=raw_key,
                )
            report = self.report(entry, status=status, problems=problems)
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
        self.publish(entry, report=report)
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

    def rejected_by_validation(
        self, entry: LedgerEntry, *, result: ValidationResult, raw_key: str
    ) -> FileOutcome:
        """End a file its validation rejected (after the rollback of its load)."""
        with self.ports.ledger.transaction() as tx:
            report = self.report(entry, status=FileStatus.REJECTED, result=result)
            self.write_final(tx, entry, status=FileStatus.REJECTED, result=result, report=report)
            self.ports.ledger.update(
                tx, entry.id, error_code=result.blocker, rows_loaded=0, raw_key=raw_key
            )
        self.publish(entry, report=report, gx_results=result.gx_results)
        log.info("file %s rejected: %s", entry.id, result.blocker)
        return outcome_of(
            entry,
            status=FileStatus.REJECTED,
            result=result,
            report_key=report["key"],
            error_code=result.blocker,
        )

    def duplicate(self, entry: LedgerEntry) -> FileOutcome:
        from pata.validation.problems import file_problem

        notice = file_problem(
            "duplicate-file",
            "These exact bytes were already received from you; nothing was changed.",
            severity="warning",
        )
        report = self.report(entry, status=FileStatus.DUPLICATE, problems=[notice])
        with self.ports.ledger.transaction() as tx:
            self.ports.ledger.update(tx, entry.id, report_key=report["key"], rows_loaded=0)
        self.publish(entry, report=report)
        log.info("file %s is a duplicate of %s", entry.id, entry.duplicate_of)
        return outcome_from_entry(replace(entry, report_key=report["key"], rows_loaded=0))
