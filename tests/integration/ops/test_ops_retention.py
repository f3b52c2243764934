"""Retention against real S3 (moto over HTTP) and PostgreSQL: an aged raw object is deleted,
logged and flagged, and the warehouse keeps every row it loaded from it.

moto cannot backdate an object's LastModified, so the purge looks from a future ``now``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from lineage_counts import core_rows
from ops_rows import add_ledger_row
from sqlalchemy import text

from pata import clock
from pata.pipeline import process_local_file
from pata.retention import purge_raw_archive
from pata.settings import Settings
from pata.storage import s3_client
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration


def exists(settings: Settings, key: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        s3_client(settings).head_object(Bucket=settings.raw_bucket, Key=key)
        return True
    except ClientError:
        return False


def one(settings: Settings, sql: str, **params: object) -> dict:
    with get_engine(role="owner", settings=settings).connect() as conn:
        return dict(conn.execute(text(sql), params).one()._mapping)


@pytest.fixture(scope="module")
def loaded_file(local_stack, tmp_path_factory) -> dict:
    """One clean synthetic file (bd-mukti cases, June 2019) through the whole pipeline."""
    from pata.synth import generate

    out = tmp_path_factory.mktemp("retention-exports")
    manifest = generate(
        out=out,
        partners=["bd-mukti"],
        datasets=["cases"],
        months=1,
        end=date(2019, 6, 30),
        seed=909,
        defects=0.0,
    )
    (record,) = manifest.files
    outcome = process_local_file(out / record.path, partner="bd-mukti", dataset="cases")
    assert outcome.status in ("loaded", "partially_loaded"), outcome
    row = one(
        local_stack,
        "select id, raw_key, raw_purged_at from ops.file_ledger where id = :id",
        id=outcome.ledger_id,
    )
    return {"ledger_id": outcome.ledger_id, "raw_key": row["raw_key"]}


class TestPurgeRawArchive:
    def test_an_object_within_retention_is_kept(self, local_stack, loaded_file):
        key = loaded_file["raw_key"]
        not_yet = clock.wall_now() + timedelta(days=local_stack.retention_days - 1)

        report = purge_raw_archive(now=not_yet, prefix=key)

        assert (report.scanned, report.purged) == (0, 0)
        assert exists(local_stack, key)

    def test_an_aged_raw_object_is_deleted_logged_and_flagged_and_core_keeps_its_rows(
        self, local_stack, loaded_file
    ):
        key, ledger_id = loaded_file["raw_key"], loaded_file["ledger_id"]
        rows_before = core_rows(local_stack, ledger_id)
        assert rows_before > 0 and exists(local_stack, key)
        later = clock.wall_now() + timedelta(days=local_stack.retention_days + 1)

        report = purge_raw_archive(now=later, prefix=key)

        assert (report.purged, report.by_material) == (1, {"raw": 1})
        assert report.retention_days == 90
        assert not exists(local_stack, key)
        logged = one(local_stack, "select * from ops.retention_log where object_key = :k", k=key)
        assert logged["material"] == "raw" and logged["ledger_ids"] == [ledger_id]
        assert logged["bucket"] == local_stack.raw_bucket and logged["retention_days"] == 90
        assert logged["purged_at"] == later and logged["size_bytes"] > 0
        ledger = one(
            local_stack,
            "select raw_key, raw_purged_at, status from ops.file_ledger where id = :id",
            id=ledger_id,
        )
        assert ledger["raw_key"] == key  # the history still says which bytes were loaded
        assert ledger["raw_purged_at"] == later
        assert core_rows(local_stack, ledger_id) == rows_before  # nothing needed the raw file

        again = purge_raw_archive(now=later, prefix=key)
        assert again.purged == 0

    def test_rejected_copies_are_quarantine_and_unknown_objects_orphans(self, local_stack):
        s3 = s3_client(local_stack)
        quarantined = "zz-retention/ab/" + "ab" * 32
        orphan = "zz-retention/cd/" + "cd" * 32
        for key in (quarantined, orphan):
            s3.put_object(Bucket=local_stack.raw_bucket, Key=key, Body=b"name;phone\n")
        rejected = add_ledger_row(
            local_stack,
            partner="zz-retention",
            dataset="cases",
            period="2019-05",
            status="rejected",
            received_at=clock.wall_now(),
            raw_key=quarantined,
            error_code="missing-column",
        )
        duplicate = add_ledger_row(
            local_stack,
            partner="zz-retention",
            dataset="cases",
            period="2019-05",
            status="rejected",
            received_at=clock.wall_now(),
            raw_key=quarantined,
            error_code="missing-column",
        )
        later = clock.wall_now() + timedelta(days=91)

        report = purge_raw_archive(now=later, prefix="zz-retention/")

        assert report.by_material == {"quarantine": 1, "orphan": 1}
        assert not exists(local_stack, quarantined) and not exists(local_stack, orphan)
        logged = one(
            local_stack,
            "select material, ledger_ids from ops.retention_log where object_key = :k",
            k=quarantined,
        )
        assert logged == {"material": "quarantine", "ledger_ids": [rejected, duplicate]}
        assert one(
            local_stack, "select material from ops.retention_log where object_key = :k", k=orphan
        ) == {"material": "orphan"}

    def test_the_retention_period_is_a_setting_and_must_be_positive(self, local_stack):
        from pata.errors import PataError

        with pytest.raises(PataError):
            purge_raw_archive(now=clock.wall_now(), retention_days=0, prefix="zz-none/")
        short = purge_raw_archive(
            now=clock.wall_now() + timedelta(days=2), retention_days=1, prefix="zz-none/"
        )
        assert short.retention_days == 1 and short.purged == 0


def test_the_raw_archive_is_read_by_nothing_but_the_archive_step() -> None:
    """Static guard for 'nothing in core or marts depends on a raw file after load'."""
    package = Path(__file__).resolve().parents[3] / "plugins" / "pata"
    readers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "raw_bucket" in path.read_text(encoding="utf-8")
    )
    # adapters: the archive step (S3Store.archive_raw); replay: reads a raw copy back in.
    assert readers == [
        "adapters.py",
        "replay.py",
        "retention.py",
        "settings.py",
        "stack/objectstore.py",
    ]
