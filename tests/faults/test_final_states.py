"""How a file ends when the fault is ours, and a replay's place in time.

- a file whose handling fails for a reason of ours (a missing privilege: a bug of the
  deployment, not of the file) ends ``failed`` with ``internal-error`` at once, not
  ``rejected``: a value-free report, an alert, the object out of ``incoming/``;
- a file that keeps hitting a transient fault (here the load lock never free: every run
  times out) is retried a bounded number of runs, then ends ``failed`` with
  ``retries-exhausted``, the same way;
- ``pata replay`` of an old file after the partner's correction was loaded: the replay keeps
  the original upload time, so the correction stays the period's standing file.

Real parts only: the embedded PostgreSQL, moto's S3 over HTTP. The partner is ``kh-ksp``
(awareness sessions, CSV), on months of 2016 that no other test loads.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from faultkit import (
    Export,
    assert_settled,
    clean_exports,
    in_incoming,
    ledger_rows,
    put,
    report_of,
)
from sqlalchemy import text

from pata.faults import MAX_FILE_ATTEMPTS, is_transient
from pata.pipeline import process_object
from pata.settings import Settings
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

FACT = "core.fact_awareness_session"


@pytest.fixture(scope="module")
def months(tmp_path_factory) -> dict[str, Export]:
    out = tmp_path_factory.mktemp("final-states")
    files = clean_exports(out, end=date(2016, 6, 30), months=6, seed=1616, rows=30)
    return {e.period: e for e in files}


def _alerts(settings: Settings, ledger_id: int) -> list[tuple[str, str | None]]:
    with get_engine(role="owner", settings=settings).connect() as conn:
        rows = conn.execute(
            text("select kind, error_code from ops.alerts where ledger_id = :id order by id"),
            {"id": ledger_id},
        )
        return [(r.kind, r.error_code) for r in rows]


def _assert_failed_and_told(settings: Settings, outcome, *, key: str, code: str) -> None:
    """failed with ``code``, nothing loaded, a value-free report, an alert, out of incoming/."""
    from pata.alerts.raising import alert_rejected_files

    assert (outcome.status, outcome.error_code) == ("failed", code), outcome
    (row,) = ledger_rows(settings, object_key=key)
    assert (row["status"], row["error_code"], row["rows_loaded"]) == ("failed", code, 0)
    assert row["raw_key"], "the raw copy is kept for a replay"
    report = report_of(settings, row["report_key"])
    assert report is not None and report["status"] == "failed"
    assert [p["code"] for p in report["problems"]] == [code]
    assert "send the whole file again" not in " ".join(report["next_steps"])
    assert not in_incoming(settings, key)
    assert alert_rejected_files(ledger_ids=[row["id"]], settings=settings, channels=[]) == 1
    assert _alerts(settings, row["id"]) == [("file-failed", code)]
    assert_settled(settings, keys=[key], expected_rows=0)


class TestInternalError:
    def test_a_fault_of_ours_ends_failed_at_once_not_rejected(self, local_stack, months):
        """The pipeline role loses its privilege on the fact table (a deployment bug): the
        load raises a non-transient error; the file ends failed, not retried."""
        export = months["2016-01"]
        owner = get_engine(role="owner", settings=local_stack)
        with owner.begin() as conn:
            grantees = [
                (r.grantee, r.privilege_type)
                for r in conn.execute(
                    text(
                        "select grantee, privilege_type from information_schema.role_table_grants "
                        "where table_schema = 'core' and table_name = 'fact_awareness_session' "
                        "and privilege_type in ('INSERT', 'UPDATE') "
                        "and grantee <> (select tableowner from pg_tables "
                        "where schemaname = 'core' and tablename = 'fact_awareness_session')"
                    )
                )
            ]
            assert grantees, "nobody may write the fact table?"
            for grantee, privilege in grantees:
                conn.execute(text(f'revoke {privilege} on {FACT} from "{grantee}"'))
        try:
            put(local_stack, export.key, export.body)
            outcome = process_object(export.key)
        finally:
            with owner.begin() as conn:
                for grantee, privilege in grantees:
                    conn.execute(text(f'grant {privilege} on {FACT} to "{grantee}"'))
        _assert_failed_and_told(local_stack, outcome, key=export.key, code="internal-error")

        # our fault, not the file's: the same bytes sent again are processed, not a duplicate
        again = export.key.replace("/kh-ksp_awareness", "/again-kh-ksp_awareness")
        put(local_stack, again, export.body)
        assert process_object(again).status == "loaded"
        assert_settled(local_stack, keys=[again], expected_rows=export.rows)


class TestRetriesExhausted:
    def test_a_file_that_keeps_timing_out_ends_failed_after_its_run_budget(
        self, local_stack, months
    ):
        """Another session holds the partner/dataset load lock for good: every run of the
        file times out on it (lock_timeout, transient) and is raised for a retry, until the
        runs are spent; the next run ends the file failed with retries-exhausted."""
        from pata.ledger import lock_key

        export = months["2016-02"]
        quick = local_stack.model_copy(update={"db_lock_timeout_seconds": 1})
        put(local_stack, export.key, export.body)
        holder = get_engine(role="owner", settings=local_stack).connect()
        try:
            holder.execute(
                text("select pg_advisory_lock(:k)"),
                {"k": lock_key("load", "kh-ksp", "awareness_sessions")},
            )
            faults = []
            for _ in range(MAX_FILE_ATTEMPTS):
                with pytest.raises(Exception) as raised:
                    process_object(export.key, settings=quick)
                assert is_transient(raised.value), repr(raised.value)
                faults.append(type(raised.value).__name__)
                assert in_incoming(local_stack, export.key), "left for the retry"
            (row,) = ledger_rows(local_stack, object_key=export.key)
            assert (row["status"], row["attempts"]) == ("received", MAX_FILE_ATTEMPTS)
            outcome = process_object(export.key, settings=quick)
        finally:
            holder.execute(text("select pg_advisory_unlock_all()"))
            holder.close()
        _assert_failed_and_told(local_stack, outcome, key=export.key, code="retries-exhausted")


class TestReplayKeepsItsTime:
    def test_a_replay_of_an_old_file_never_supersedes_a_later_correction(
        self, local_stack, months, tmp_path
    ):
        from pata.replay import replay_file

        first = months["2016-03"]
        correction = clean_exports(tmp_path, end=date(2016, 3, 31), months=1, seed=77, rows=25)[0]
        correction_key = first.key.replace("/kh-ksp_awareness", "/fix-kh-ksp_awareness")
        put(local_stack, first.key, first.body)
        original = process_object(first.key)
        assert original.status == "loaded", original
        time.sleep(1.1)  # S3's Last-Modified has one-second resolution
        put(local_stack, correction_key, correction.body)
        assert process_object(correction_key).status == "loaded"

        replayed = replay_file(original.ledger_id, settings=local_stack)

        assert replayed.status == "superseded", replayed
        rows = {r["id"]: r for r in ledger_rows(local_stack, object_key=first.key)}
        assert rows[replayed.ledger_id]["uploaded_at"] == rows[original.ledger_id]["uploaded_at"]
        (fix,) = ledger_rows(local_stack, object_key=correction_key)
        assert fix["status"] == "loaded", "the correction stays the period's standing file"
        assert_settled(local_stack, keys=[first.key, correction_key], expected_rows=correction.rows)

        # a replay of the standing file itself still takes its place (same upload time,
        # processed later), and a second replay is a row of its own
        again = replay_file(fix["id"], settings=local_stack)
        assert again.status == "loaded", again
        twice = replay_file(fix["id"], settings=local_stack)
        assert twice.status == "loaded" and twice.ledger_id != again.ledger_id
        statuses = {
            r["id"]: r["status"] for r in ledger_rows(local_stack, object_key=correction_key)
        }
        assert statuses == {
            fix["id"]: "superseded",
            again.ledger_id: "superseded",
            twice.ledger_id: "loaded",
        }
        assert_settled(local_stack, keys=[first.key, correction_key], expected_rows=correction.rows)
