"""What a :class:`pata.file_run.FileRun` needs from the outside world, as four ports.

The run walks the stages of one file; the ledger (PostgreSQL), the warehouse loader, the
object store (the raw archive and the dropzone) and the publisher (feedback reports and
Data Docs) are passed in, so the orchestration is tested without a live stack (unit tests
pass in-memory fakes) and run for real with :func:`pata.adapters.live_ports`.

A *transaction* is whatever :meth:`LedgerPort.transaction` yields: the ledger and the
warehouse work inside one, so the load and the file's final ledger state commit together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pyarrow as pa

    from pata.deid import DeidentifiedTable
    from pata.feedback import FeedbackReport
    from pata.keys import PseudonymKey
    from pata.ledger import LedgerEntry
    from pata.linkage.secret import LinkageKey


class LedgerPort(Protocol):
    """The file ledger (``ops.file_ledger``, ``ops.validation_summary``)."""

    def transaction(self) -> AbstractContextManager[Any]:
        """A unit of work that commits on a clean exit and rolls back on an exception."""
        ...

    def find_same_bytes(
        self, tx: Any, *, partner_code: str, dataset: str, sha256: str
    ) -> LedgerEntry | None: ...

    def insert(
        self,
        tx: Any,
        *,
        partner_code: str,
        dataset: str,
        object_key: str,
        etag: str | None,
        size_bytes: int,
        sha256: str | None,
        uploaded_at: datetime,
        period_label: str | None,
        period_start: date | None,
        period_end: date | None,
        status: str,
        duplicate_of: int | None = None,
        error_code: str | None = None,
        raw_key: str | None = None,
    ) -> LedgerEntry: ...

    def update(self, tx: Any, ledger_id: int, **fields: Any) -> None: ...

    def write_validation_summary(
        self, tx: Any, ledger_id: int, summary: Sequence[tuple[str, str, str, int, list[int]]]
    ) -> None: ...

    def loaded_for_period(
        self, tx: Any, *, partner_code: str, dataset: str, period_label: str
    ) -> list[LedgerEntry]: ...

    def mark_superseded(self, tx: Any, ids: Sequence[int], *, by: int) -> None: ...


class LoadCounts(Protocol):
    """What a load reports (rows inserted and updated)."""

    @property
    def inserted(self) -> int: ...

    @property
    def updated(self) -> int: ...


class WarehousePort(Protocol):
    """The warehouse loader (:mod:`pata.warehouse.load`) and the pseudonymisation key."""

    def lock(self, tx: Any, *, partner_code: str, dataset: str) -> None:
        """Serialise the loads of one partner and dataset (until the transaction ends)."""
        ...

    def load(
        self,
        tx: Any,
        chunks: Iterable[DeidentifiedTable],
        *,
        ledger_id: int,
        supersedes: Sequence[int],
    ) -> LoadCounts: ...

    def known_record_keys(self, *, partner_code: str, dataset: str, keys: list[str]) -> set[str]:
        """The pseudonymised record keys among ``keys`` already loaded (own transaction)."""
        ...

    def pseudonym_key(self) -> PseudonymKey: ...

    def linkage_key(self) -> LinkageKey:
        """The programme's record-linkage secret (:mod:`pata.linkage.secret`)."""
        ...

    def store_encodings(
        self,
        tx: Any,
        encodings: Iterable[pa.RecordBatch],
        *,
        partner_code: str,
        dataset: str,
        ledger_id: int,
        key_fingerprint: str,
    ) -> None:
        """Store a file's linkage encodings in the load's transaction (matching them is the
        linkage step's: :func:`pata.linkage.store.link_pending`)."""
        ...


class ObjectStorePort(Protocol):
    """The raw archive and the dropzone (S3)."""

    def archive_raw(self, path: Path, *, partner_code: str, sha256: str) -> str:
        """Copy the file to the raw archive (content-addressed, idempotent); its key."""
        ...


class PublisherPort(Protocol):
    """Where a file's feedback report and Data Docs go."""

    def report_key(self, report: FeedbackReport) -> str:
        """The key the report will have (known before it is published)."""
        ...

    def publish_report(self, report: FeedbackReport) -> str: ...

    def publish_data_docs(self, run_name: str, gx_results: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class Ports:
    """Everything a file run talks to."""

    ledger: LedgerPort
    warehouse: WarehousePort
    store: ObjectStorePort
    publisher: PublisherPort
    on_rows: Callable[[int], None] | None = None
    """Called with the number of rows of each batch read (progress on a terminal)."""
