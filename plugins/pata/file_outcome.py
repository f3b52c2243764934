"""What became of one file (:class:`FileOutcome`), and the upload it came as (:class:`Upload`).

Both are safe to log and to pass through XCom: ids, codes and counts, never a value of the
file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pata.ledger import LedgerEntry
    from pata.validation import ValidationResult

INTERNAL_ERROR_MESSAGE = (
    "The file could not be processed because of an error on our side. The regional data "
    "team has been told; they will process it again once fixed. You do not need to resend it."
)


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
        return {**asdict(self), "status": str(self.status)}


@dataclass(frozen=True)
class Upload:
    """An object as the pipeline received it."""

    key: str
    etag: str | None
    size: int
    uploaded_at: datetime


def outcome_of(
    entry: LedgerEntry,
    *,
    status: str,
    result: ValidationResult,
    report_key: str | None,
    error_code: str | None = None,
    rows_loaded: int = 0,
    rows_withheld: int = 0,
) -> FileOutcome:
    """The outcome of a validated file."""
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


def outcome_from_entry(entry: LedgerEntry) -> FileOutcome:
    """The outcome a ledger row records (a file that ended earlier, or just now)."""
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
