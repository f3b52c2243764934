"""Retention: raw partner files do not outlive the retention period.

The raw archive holds the only copy of a partner's file as it was sent (names, birth
dates, phone numbers...). Once loaded, nothing in core or marts needs it: core rows carry
the ledger id, pseudonyms and generalised values, never a pointer into the archive. So
every object of the raw archive older than ``PATA_RETENTION_DAYS`` (S3 ``LastModified``)
is deleted, whether it is the copy of a loaded file (``raw``) or of a file that was only
ever rejected (``quarantine``: the same bucket, the same rule).

Each deletion is written to ``ops.retention_log`` and flags the ledger rows that named the
object (``raw_purged_at``) in the same database transaction, which commits only after S3
confirmed the deletion; a failed batch rolls back and the next run retries it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from pata import clock
from pata.errors import PataError
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

Material = Literal["raw", "quarantine", "orphan"]
DELETE_BATCH = 1000  # the S3 DeleteObjects limit


class PurgeFailed(PataError):
    """S3 refused to delete some aged objects; nothing of that batch was recorded."""

    code = "retention-purge-failed"


@dataclass(frozen=True)
class AgedObject:
    """An archive object past the retention period (keys are content-addressed: no PII)."""

    key: str
    last_modified: datetime
    size: int


@dataclass(frozen=True)
class PurgeReport:
    """What one purge did (counts only: safe for XCom and logs)."""

    retention_days: int
    cutoff: datetime
    scanned: int
    purged: int
    bytes_purged: int
    by_material: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {
            "retention_days": self.retention_days,
            "cutoff": self.cutoff.isoformat(),
            "scanned": self.scanned,
            "purged": self.purged,
            "bytes_purged": self.bytes_purged,
            "by_material": dict(self.by_material),
        }


def retention_cutoff(*, now: datetime, retention_days: int) -> datetime:
    """Objects last modified before this instant are past retention."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if retention_days < 1:
        raise PataError("the retention period must be at least one day", code="invalid-setting")
    return now - timedelta(days=retention_days)


def aged_objects(
    s3: S3Client, *, bucket: str, cutoff: datetime, prefix: str = ""
) -> Iterator[AgedObject]:
    """Every object of ``bucket`` under ``prefix`` last modified before ``cutoff``."""
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            if item["LastModified"] < cutoff:
                yield AgedObject(
                    key=item["Key"], last_modified=item["LastModified"], size=int(item["Size"])
                )


def purge_raw_archive(
    *,
    now: datetime | None = None,
    retention_days: int | None = None,
    prefix: str = "",
    settings: Settings | None = None,
) -> PurgeReport:
    """Delete raw-archive objects older than the retention period; log and flag each.

    ``now`` is a parameter so a test can look from a future instant; the DAG passes the
    current time. ``prefix`` limits the purge to part of the archive (``<partner>/``: one
    partner, e.g. when it leaves the programme). Idempotent: a purged object is gone, so a
    second run finds nothing more.
    """
    from pata.storage import s3_client
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    now = now or clock.now()
    days = settings.retention_days if retention_days is None else retention_days
    cutoff = retention_cutoff(now=now, retention_days=days)
    s3 = s3_client(settings)
    engine = get_engine(role="pipeline", settings=settings)
    scanned = purged = size = 0
    by_material: dict[str, int] = {}
    batch: list[AgedObject] = []

    def flush() -> None:
        nonlocal purged, size
        with engine.begin() as conn:
            materials = _record_purge(
                conn, batch, bucket=settings.raw_bucket, now=now, retention_days=days
            )
            _delete_objects(s3, bucket=settings.raw_bucket, keys=[o.key for o in batch])
        for material in materials:
            by_material[material] = by_material.get(material, 0) + 1
        purged += len(batch)
        size += sum(o.size for o in batch)
        batch.clear()

    for aged in aged_objects(s3, bucket=settings.raw_bucket, cutoff=cutoff, prefix=prefix):
        scanned += 1
        batch.append(aged)
        if len(batch) >= DELETE_BATCH:
            flush()
    if batch:
        flush()
    log.info(
        "retention: purged %s raw-archive objects (%s bytes) older than %s days %s",
        purged,
        size,
        days,
        by_material,
    )
    return PurgeReport(
        retention_days=days,
        cutoff=cutoff,
        scanned=scanned,
        purged=purged,
        bytes_purged=size,
        by_material=by_material,
    )


def _record_purge(
    conn: Connection,
    objects: Sequence[AgedObject],
    *,
    bucket: str,
    now: datetime,
    retention_days: int,
) -> list[Material]:
    """Log each object and flag the ledger rows naming it; return each object's material."""
    from sqlalchemy import text

    materials: list[Material] = []
    for aged in objects:
        rows = conn.execute(
            text(
                "update ops.file_ledger set raw_purged_at = coalesce(raw_purged_at, :now), "
                "updated_at = now() where raw_key = :key returning id, status"
            ),
            {"now": now, "key": aged.key},
        ).all()
        material: Material
        if not rows:
            material = "orphan"
        elif all(status == "rejected" for _, status in rows):
            material = "quarantine"
        else:
            material = "raw"
        conn.execute(
            text(
                "insert into ops.retention_log (purged_at, bucket, object_key, material, "
                "last_modified, size_bytes, retention_days, ledger_ids) values (:now, :bucket, "
                ":key, :material, :modified, :size, :days, :ids) "
                "on conflict (bucket, object_key, last_modified) do nothing"
            ),
            {
                "now": now,
                "bucket": bucket,
                "key": aged.key,
                "material": material,
                "modified": aged.last_modified,
                "size": aged.size,
                "days": retention_days,
                "ids": sorted(int(ledger_id) for ledger_id, _ in rows),
            },
        )
        materials.append(material)
    return materials


def _delete_objects(s3: S3Client, *, bucket: str, keys: Sequence[str]) -> None:
    """Delete up to 1000 keys; raise PurgeFailed if S3 reports any error."""
    response = s3.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True}
    )
    errors = response.get("Errors", [])
    if errors:
        codes = sorted({str(e.get("Code", "error")) for e in errors})
        raise PurgeFailed(
            f"S3 refused to delete {len(errors)} of {len(keys)} aged objects ({', '.join(codes)})"
        )
