"""The live implementations of :mod:`pata.ports`: PostgreSQL, the warehouse loader, S3.

:func:`live_ports` builds them from the settings (one engine, one S3 client); everything
else of the pipeline receives them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata import ledger
from pata.ports import Ports
from pata.settings import Settings

if TYPE_CHECKING:
    import pyarrow as pa
    from sqlalchemy import Connection, Engine

    from pata.deid import DeidentifiedTable
    from pata.feedback import FeedbackReport
    from pata.keys import PseudonymKey
    from pata.linkage.secret import LinkageKey
    from pata.warehouse.load import LoadResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SqlLedger:
    """The ledger in ``ops``; a transaction is a SQLAlchemy connection in ``engine.begin()``."""

    engine: Engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def find_same_bytes(
        self, tx: Connection, *, partner_code: str, dataset: str, sha256: str
    ) -> ledger.LedgerEntry | None:
        return ledger.find_same_bytes(tx, partner_code=partner_code, dataset=dataset, sha256=sha256)

    def insert(self, tx: Connection, **fields: Any) -> ledger.LedgerEntry:
        return ledger.insert(tx, **fields)

    def update(self, tx: Connection, ledger_id: int, **fields: Any) -> None:
        ledger.update(tx, ledger_id, **fields)

    def write_validation_summary(
        self,
        tx: Connection,
        ledger_id: int,
        summary: Sequence[tuple[str, str, str, int, list[int]]],
    ) -> None:
        ledger.write_validation_summary(tx, ledger_id, summary)

    def loaded_for_period(
        self, tx: Connection, *, partner_code: str, dataset: str, period_label: str
    ) -> list[ledger.LedgerEntry]:
        return ledger.loaded_for_period(
            tx, partner_code=partner_code, dataset=dataset, period_label=period_label
        )

    def mark_superseded(self, tx: Connection, ids: Sequence[int], *, by: int) -> None:
        ledger.mark_superseded(tx, ids, by=by)


@dataclass(frozen=True)
class SqlWarehouse:
    """The warehouse loader (:mod:`pata.warehouse.load`) and the key store."""

    engine: Engine
    settings: Settings

    def lock(self, tx: Connection, *, partner_code: str, dataset: str) -> None:
        from pata.warehouse.load import lock_partner_dataset

        lock_partner_dataset(tx, partner_code=partner_code, dataset=dataset)

    def load(
        self,
        tx: Connection,
        chunks: Iterable[DeidentifiedTable],
        *,
        ledger_id: int,
        supersedes: Sequence[int],
    ) -> LoadResult:
        from pata.warehouse.load import load_chunks

        return load_chunks(tx, chunks, ledger_id=ledger_id, supersedes=supersedes)

    def known_record_keys(self, *, partner_code: str, dataset: str, keys: list[str]) -> set[str]:
        from pata.warehouse.load import known_record_keys

        with self.engine.connect() as conn:
            return set(
                known_record_keys(conn, partner_code=partner_code, dataset=dataset, keys=keys)
            )

    def pseudonym_key(self) -> PseudonymKey:
        from pata.keys import load_pseudonym_key

        return load_pseudonym_key(settings=self.settings)

    def linkage_key(self) -> LinkageKey:
        from pata.linkage.secret import load_linkage_key

        return load_linkage_key(settings=self.settings)

    def store_encodings(
        self,
        tx: Connection,
        encodings: Iterable[pa.RecordBatch],
        *,
        partner_code: str,
        dataset: str,
        ledger_id: int,
        key_fingerprint: str,
    ) -> None:
        from pata.linkage.store import store_encodings

        store_encodings(
            tx,
            encodings,
            partner_code=partner_code,
            dataset=dataset,
            ledger_id=ledger_id,
            key_fingerprint=key_fingerprint,
        )


@dataclass(frozen=True)
class S3Store:
    """The restricted raw archive bucket."""

    settings: Settings

    def archive_raw(self, path: Path, *, partner_code: str, sha256: str) -> str:
        """Copy the file to the raw archive under a content-addressed key.

        Uploaded from the file (multipart above a threshold), never read whole into memory;
        a copy already there (same bytes) is left as it is.
        """
        from botocore.exceptions import ClientError

        from pata.storage import encryption_args, s3_client, upload_config

        key = f"{partner_code}/{sha256[:2]}/{sha256}"
        s3 = s3_client(self.settings)
        try:
            s3.head_object(Bucket=self.settings.raw_bucket, Key=key)
        except ClientError:
            s3.upload_file(
                str(path),
                self.settings.raw_bucket,
                key,
                ExtraArgs=encryption_args(self.settings, raw_archive=True),
                Config=upload_config(),
            )
        return key


@dataclass(frozen=True)
class S3Publisher:
    """Feedback reports into the partner's dropzone folder; Data Docs into the reports bucket."""

    settings: Settings

    def report_key(self, report: FeedbackReport) -> str:
        from pata.feedback.publish import report_keys

        return report_keys(report)[0]

    def publish_report(self, report: FeedbackReport) -> str:
        from pata.feedback import publish_report

        return publish_report(report, settings=self.settings)

    def publish_data_docs(self, run_name: str, gx_results: dict[str, Any]) -> None:
        from pata.datadocs import publish_data_docs

        publish_data_docs({run_name: gx_results}, settings=self.settings)


def live_ports(settings: Settings, *, on_rows: Any = None) -> Ports:
    """The ports of the running stack (the pipeline role's engine, the S3 buckets)."""
    from pata.warehouse.engine import get_engine

    engine = get_engine(role="pipeline", settings=settings)
    return Ports(
        ledger=SqlLedger(engine),
        warehouse=SqlWarehouse(engine, settings),
        store=S3Store(settings),
        publisher=S3Publisher(settings),
        on_rows=on_rows,
    )
