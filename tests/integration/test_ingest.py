"""Ingestion against the real local stack: PostgreSQL, and S3/SQS over HTTP.

Each test uses its own partner/period files so the session's shared warehouse never
makes two tests depend on each other.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from lineage_counts import core_rows
from sqlalchemy import text

from pata import sweep
from pata.pipeline import process_object
from pata.settings import Settings
from pata.storage import s3_client
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

END = date(2026, 10, 1)  # the synthetic exports' last month, whatever day the suite runs


def ledger_rows(settings: Settings, **where: object) -> list[dict]:
    clause = " and ".join(f"{k} = :{k}" for k in where) or "true"
    with get_engine(role="owner", settings=settings).connect() as conn:
        rows = conn.execute(
            text(f"select * from ops.file_ledger where {clause} order by id"), where
        )
        return [dict(r._mapping) for r in rows]


def put(settings: Settings, key: str, body: bytes) -> None:
    s3_client(settings).put_object(Bucket=settings.dropzone_bucket, Key=key, Body=body)


def exists(settings: Settings, bucket: str, key: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        s3_client(settings).head_object(Bucket=bucket, Key=key)
        return True
    except ClientError:
        return False


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> tuple[Path, object]:
    """A few clean months of synthetic exports for two partners."""
    from pata.synth import generate

    out = tmp_path_factory.mktemp("exports")
    manifest = generate(
        out=out, partners=["kh-ksp", "th-bsn"], months=3, seed=11, defects=0.0, end=END
    )
    return out, manifest


def files_of(exports, *, partner: str, dataset: str) -> list:
    _, manifest = exports
    return sorted(
        (f for f in manifest.files if f.partner == partner and f.dataset == dataset),
        key=lambda f: f.period,
    )


class TestProcessObject:
    def test_a_clean_file_is_loaded_archived_removed_and_reported(self, local_stack, exports):
        root, _ = exports
        record = files_of(exports, partner="kh-ksp", dataset="cases")[0]
        put(local_stack, record.path, (root / record.path).read_bytes())

        outcome = process_object(record.path)

        assert outcome.status == "loaded", outcome
        assert outcome.rows_total == record.rows
        assert outcome.rows_valid == record.expected_valid_rows
        assert core_rows(local_stack, outcome.ledger_id) > 0
        assert not exists(local_stack, local_stack.dropzone_bucket, record.path)
        (row,) = ledger_rows(local_stack, id=outcome.ledger_id)
        assert row["raw_key"].endswith(row["sha256"])
        assert exists(local_stack, local_stack.raw_bucket, row["raw_key"])
        assert outcome.report_key.startswith("kh-ksp/feedback/")
        report = (
            s3_client(local_stack)
            .get_object(Bucket=local_stack.dropzone_bucket, Key=outcome.report_key)["Body"]
            .read()
        )
        assert json.loads(report)["status"] == "loaded"

    def test_the_same_bytes_again_are_a_duplicate_and_change_nothing(self, local_stack, exports):
        root, _ = exports
        record = files_of(exports, partner="kh-ksp", dataset="cases")[1]
        body = (root / record.path).read_bytes()
        put(local_stack, record.path, body)
        first = process_object(record.path)
        before = core_rows(local_stack, first.ledger_id)

        renamed = record.path.replace(".", "_again.", 1) if "." in record.path else record.path
        put(local_stack, renamed, body)
        second = process_object(renamed)

        assert second.status == "duplicate"
        assert core_rows(local_stack, first.ledger_id) == before
        assert core_rows(local_stack, second.ledger_id) == 0
        (dup,) = ledger_rows(local_stack, id=second.ledger_id)
        assert dup["duplicate_of"] == first.ledger_id

    def test_a_redelivered_event_after_processing_changes_nothing(self, local_stack, exports):
        root, _ = exports
        record = files_of(exports, partner="kh-ksp", dataset="cases")[2]
        put(local_stack, record.path, (root / record.path).read_bytes())
        first = process_object(record.path)
        count = len(ledger_rows(local_stack, object_key=record.path))

        again = process_object(record.path)  # the object is gone: nothing to do

        assert first.status == "loaded"
        assert again.status == "gone"
        assert len(ledger_rows(local_stack, object_key=record.path)) == count

    def test_watcher_and_sweep_racing_on_one_upload_load_it_once(self, local_stack, exports):
        root, _ = exports
        record = files_of(exports, partner="th-bsn", dataset="cases")[0]
        put(local_stack, record.path, (root / record.path).read_bytes())
        assert record.path in sweep.list_incoming_keys()
        results: list = []

        def run() -> None:
            results.append(process_object(record.path))

        threads = [threading.Thread(target=run) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        statuses = sorted(r.status for r in results)
        assert statuses.count("loaded") == 1, statuses
        assert set(statuses) <= {"loaded", "in-progress", "gone"}
        assert len(ledger_rows(local_stack, object_key=record.path)) == 1


@pytest.fixture(scope="module")
def corrections(tmp_path_factory) -> Path:
    """The same partners and periods, other content: what a corrected export looks like."""
    from pata.synth import generate

    out = tmp_path_factory.mktemp("corrections")
    generate(out=out, partners=["kh-ksp", "th-bsn"], months=3, seed=12, defects=0.0, end=END)
    return out


class TestSupersession:
    def test_a_later_file_for_the_same_period_replaces_the_earlier(
        self, local_stack, exports, corrections
    ):
        root, _ = exports
        key = files_of(exports, partner="th-bsn", dataset="cases")[1].path
        put(local_stack, key, (root / key).read_bytes())
        first = process_object(key)
        time.sleep(1.1)  # S3 LastModified has one-second resolution
        put(local_stack, key, (corrections / key).read_bytes())
        second = process_object(key)

        assert (first.status, second.status) == ("loaded", "loaded")
        (old,) = ledger_rows(local_stack, id=first.ledger_id)
        assert old["status"] == "superseded"
        assert old["superseded_by"] == second.ledger_id
        assert core_rows(local_stack, first.ledger_id) == 0
        assert core_rows(local_stack, second.ledger_id) > 0

    def test_an_older_upload_processed_last_does_not_win(self, local_stack, exports, corrections):
        root, _ = exports
        record = files_of(exports, partner="th-bsn", dataset="cases")[2]
        older_key = record.path.replace(f"_{record.period}.", f"-first-attempt_{record.period}.")
        assert older_key != record.path
        put(local_stack, older_key, (root / record.path).read_bytes())
        time.sleep(1.1)
        put(local_stack, record.path, (corrections / record.path).read_bytes())

        newer = process_object(record.path)  # processed first although uploaded last
        older = process_object(older_key)

        assert newer.status == "loaded"
        assert older.status == "superseded"
        assert core_rows(local_stack, older.ledger_id) == 0
        assert core_rows(local_stack, newer.ledger_id) > 0


class TestRejections:
    @pytest.mark.parametrize(
        ("key", "code"),
        [
            ("zz-nobody/incoming/cases/cases_2026-07.csv", "unknown-partner"),
            ("kh-ksp/incoming/recipes/recipes_2026-07.csv", "unknown-dataset"),
            ("kh-ksp/cases_2026-07.csv", "key-outside-layout"),
            ("kh-ksp/incoming/cases/cases_2026-07.pdf", "unsupported-format"),
            ("kh-ksp/incoming/cases/empty_2026-07.csv", "empty-file"),
        ],
    )
    def test_each_reason_is_a_rejection_with_a_feedback_report(self, local_stack, key, code):
        body = b"" if "empty" in key else b"partner_case_id,prs_Gender\nx1,Feminine\n"
        put(local_stack, key, body)

        outcome = process_object(key)

        assert outcome.status == "rejected"
        assert outcome.error_code == code
        partner = key.split("/")[0]
        assert outcome.report_key.startswith(f"{partner}/feedback/")
        assert exists(local_stack, local_stack.dropzone_bucket, outcome.report_key)
        assert not exists(local_stack, local_stack.dropzone_bucket, key)
        (row,) = ledger_rows(local_stack, id=outcome.ledger_id)
        assert row["status"] == "rejected" and row["error_code"] == code

    def test_a_file_over_the_size_limit_is_rejected_unread(self, local_stack):
        key = "kh-ksp/incoming/cases/big_2026-07.csv"
        put(local_stack, key, b"partner_case_id\n" + b"x\n" * 5000)
        small = local_stack.model_copy(update={"max_file_bytes": 1000})

        outcome = process_object(key, settings=small)

        assert outcome.status == "rejected"
        assert outcome.error_code == "file-too-large"
        assert exists(local_stack, local_stack.dropzone_bucket, outcome.report_key)

    def test_a_file_rejected_for_its_folder_is_processed_when_sent_to_the_right_one(
        self, local_stack, exports
    ):
        root, _ = exports
        record = files_of(exports, partner="kh-ksp", dataset="awareness_sessions")[0]
        body = (root / record.path).read_bytes()
        wrong = record.path.replace("/awareness_sessions/", "/sessions/")
        put(local_stack, wrong, body)
        assert process_object(wrong).error_code == "unknown-dataset"

        put(local_stack, record.path, body)
        outcome = process_object(record.path)

        assert outcome.status == "loaded"


class TestReplay:
    def test_a_replay_reprocesses_the_raw_copy_and_supersedes_the_original(
        self, local_stack, exports
    ):
        from pata.replay import replay_file

        root, _ = exports
        record = files_of(exports, partner="kh-ksp", dataset="network_events")[0]
        put(local_stack, record.path, (root / record.path).read_bytes())
        original = process_object(record.path)
        assert original.status in {"loaded", "partially_loaded"}
        rows = core_rows(local_stack, original.ledger_id)

        replayed = replay_file(original.ledger_id, settings=local_stack)

        assert replayed.status == original.status
        assert replayed.ledger_id != original.ledger_id
        (old,) = ledger_rows(local_stack, id=original.ledger_id)
        assert old["status"] == "superseded"
        assert core_rows(local_stack, original.ledger_id) == 0
        assert core_rows(local_stack, replayed.ledger_id) == rows
