"""Faults around a file in flight, through the public entry points (``process_object``, the
sweep, the ingest DAG's event parsing): a worker killed mid-load, PostgreSQL stopped
mid-load, the object store away, events twice or out of order, the same file dropped 20
times at once, a re-upload while the first version is processed.

Each case ends with :func:`faultkit.assert_settled`: every upload final in the ledger, the
warehouse holding exactly the expected rows (none lost, none doubled), a report per file.
The partner is ``kh-ksp`` (awareness sessions, CSV); each case uses its own months of 2019,
which no other test loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from faultkit import (
    Export,
    FlakyProxy,
    assert_settled,
    clean_exports,
    in_incoming,
    ledger_rows,
    put,
)
from sqlalchemy import text

from pata.faults import is_transient
from pata.pipeline import process_object
from pata.settings import Settings
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

# A subprocess that processes one object as a DAG worker would, and says how it ended.
WORKER = """
import json, sys
from pata.faults import fault_code, is_transient
from pata.pipeline import process_object
try:
    outcome = process_object(sys.argv[1])
except Exception as exc:
    print(json.dumps({"error": fault_code(exc), "transient": is_transient(exc)}))
    sys.exit(3)
print(json.dumps(outcome.as_dict()))
"""

# A worker process taking several uploads one after the other.
MANY_WORKER = """
import json, sys
from pata.pipeline import process_object
for key in sys.argv[1:]:
    print(json.dumps(process_object(key).as_dict()), flush=True)
"""

# The worker's load transaction: it holds the partner/dataset advisory lock in a transaction.
IN_LOAD = text(
    "select count(*) from pg_stat_activity a join pg_locks l on l.pid = a.pid "
    "where a.application_name = :app and l.locktype = 'advisory' and l.granted "
    "and a.xact_start is not null"
)


def start_worker(key: str, app: str) -> subprocess.Popen:
    env = {**os.environ, "PGAPPNAME": app}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, key],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


# The upload's ledger row, committed before the load transaction begins.
RECORDED = text("select count(*) from ops.file_ledger where object_key = :key")


def wait_for_load(
    settings: Settings, app: str, worker: subprocess.Popen, timeout: float, *, key: str
) -> bool:
    """Poll until the worker is inside its load transaction (True), or has ended (False).

    The worker also holds an advisory lock on the upload itself from before its ledger row
    exists, so the row is required too: a fault injected earlier would test nothing here."""
    engine = get_engine(role="owner", settings=settings)
    deadline = time.monotonic() + timeout
    with engine.connect() as conn:
        while time.monotonic() < deadline and worker.poll() is None:
            in_load = conn.execute(IN_LOAD, {"app": app}).scalar_one()
            if in_load and conn.execute(RECORDED, {"key": key}).scalar_one():
                return True
            conn.rollback()
            time.sleep(0.005)
    return False


@pytest.fixture(scope="module")
def bigs(tmp_path_factory) -> dict[str, Export]:
    """Months of 2018 with enough rows that a load transaction lasts long enough to hit."""
    out = tmp_path_factory.mktemp("faults-big")
    # 2018-01 is above 1 MiB: read in several Arrow blocks (a load path of its own)
    (first,) = clean_exports(out, end=date(2018, 1, 31), months=1, seed=161, rows=6000)
    others = clean_exports(out, end=date(2018, 3, 31), months=2, seed=161, rows=2500)
    return {e.period: e for e in [first, *others]}


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Export]:
    """Clean months of 2019, one per case (2019-02 .. 2019-11)."""
    out = tmp_path_factory.mktemp("faults-months")
    files = clean_exports(out, end=date(2019, 11, 30), months=10, seed=162, rows=40)
    return {e.period: e for e in files}


def _drop(settings: Settings, export: Export) -> None:
    put(settings, export.key, export.body)


class TestWorkerKilled:
    def test_kill_9_mid_load_rolls_back_and_a_retry_finishes_it(self, local_stack, bigs):
        big_export = bigs["2018-01"]
        _drop(local_stack, big_export)
        app = "pata-fault-kill"
        worker = start_worker(big_export.key, app)
        try:
            assert wait_for_load(local_stack, app, worker, timeout=240, key=big_export.key), (
                worker.communicate()
            )
            worker.kill()  # SIGKILL, inside the load transaction
            worker.wait(timeout=30)
        finally:
            if worker.poll() is None:
                worker.kill()
        # The load rolled back: the upload is not final, nothing of it is in the warehouse,
        # the object still waits in incoming/.
        (row,) = ledger_rows(local_stack, object_key=big_export.key)
        assert row["status"] == "received"
        assert in_incoming(local_stack, big_export.key)

        outcome = process_object(big_export.key)  # the retry (or the sweep) takes it up

        assert outcome.status == "loaded", outcome
        rows = assert_settled(local_stack, keys=[big_export.key], expected_rows=big_export.rows)
        assert len(rows) == 1  # resumed, not received a second time


class TestPostgresStopped:
    def test_postgres_stopped_mid_load_is_a_transient_fault_and_the_retry_loads_once(
        self, local_stack, bigs
    ):
        from pata.stack import postgres

        export = bigs["2018-02"]
        _drop(local_stack, export)
        app = "pata-fault-pgstop"
        worker = start_worker(export.key, app)
        stopped = False
        try:
            assert wait_for_load(local_stack, app, worker, timeout=240, key=export.key), (
                worker.communicate()
            )
            stopped = postgres.stop(local_stack)
            assert stopped
            out, err = worker.communicate(timeout=120)
        finally:
            if worker.poll() is None:
                worker.kill()
            postgres.start(local_stack)
        assert worker.returncode == 3, (out, err[-2000:])
        failure = json.loads(out.strip().splitlines()[-1])
        assert failure["transient"], failure  # the DAG retries it with backoff
        (row,) = ledger_rows(local_stack, object_key=export.key)
        assert row["status"] == "received"

        outcome = process_object(export.key)  # the DAG's retry, after the database is back

        assert outcome.status == "loaded", outcome
        assert_settled(local_stack, keys=[export.key], expected_rows=export.rows)


class TestObjectStoreAway:
    def test_s3_unreachable_at_any_step_is_transient_and_nothing_is_lost(
        self, local_stack, exports, monkeypatch
    ):
        """S3 goes away after the k-th request of a file, for every k; once it is back, the
        retry finishes the file: loaded once, reported, removed from incoming/."""
        from pata.stack.secrets import ensure_pseudonym_key

        proxy = FlakyProxy(local_stack.s3_port)
        # an external endpoint (the proxy): credentials come from the standard chain
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "pata-local")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "pata-local")
        flaky = local_stack.model_copy(
            update={
                "s3_endpoint_url": proxy.endpoint,
                # the same key as the embedded stack's, so pseudonyms match its files
                "pseudonym_key_file": ensure_pseudonym_key(local_stack),
            }
        )
        # Count the requests of one clean file first.
        probe = exports["2019-02"]
        _drop(local_stack, probe)
        assert process_object(probe.key, settings=flaky).status == "loaded"
        total = proxy.requests
        assert total >= 4, total
        months = ["2019-03", "2019-04", "2019-05", "2019-06", "2019-07", "2019-08"]
        cuts = sorted({0, 1, total // 3, total // 2, (2 * total) // 3, total - 1})
        failures = []
        for month, cut in zip(months, cuts, strict=False):
            export = exports[month]
            _drop(local_stack, export)
            proxy.requests, proxy.fail_after = 0, cut
            try:
                outcome = process_object(export.key, settings=flaky)
                failures.append(None)  # the cut came after the last request that mattered
                assert outcome.status == "loaded"
            except Exception as exc:
                failures.append(type(exc).__name__)
                assert is_transient(exc), f"cut after {cut} requests: {exc!r}"
            proxy.fail_after = None
            proxy.up()  # the store is back
            outcome = process_object(export.key, settings=flaky)
            assert outcome.status in {"loaded", "gone"}, (cut, outcome)
            assert_settled(local_stack, keys=[export.key], expected_rows=export.rows)
        proxy.down()
        assert any(failures), f"no cut produced a fault: {failures}"


class TestEvents:
    def _message_for(self, settings: Settings, key: str) -> dict:
        """The real ObjectCreated message the local store sent for ``key``."""
        from urllib.parse import unquote_plus

        from pata.storage import sqs_client

        sqs = sqs_client(settings)
        queue = settings.sqs_queue()
        # Earlier tests' events are queued too (no triggerer runs here): the messages looked
        # at stay invisible for a minute so the scan moves on through the queue.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            answer = sqs.receive_message(
                QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=60
            )
            for message in answer.get("Messages", []):
                for record in json.loads(message["Body"]).get("Records", []):
                    if unquote_plus(record["s3"]["object"]["key"]) == key:
                        return {"Body": message["Body"]}
        raise AssertionError(f"no event for {key}")

    def test_an_sqs_message_delivered_twice_loads_once(self, local_stack, exports):
        from pata.assets import in_processing_order
        from pata.dropzone import refs_from_trigger_events

        export = exports["2019-09"]
        _drop(local_stack, export)
        message = self._message_for(local_stack, export.key)
        # Two deliveries of the same message, folded into one DAG run and into two runs.
        one_run = [{"extra": {"payload": {"message_batch": [message, message]}}}]
        keys = in_processing_order([r.key for r in refs_from_trigger_events(one_run)])
        assert keys == [export.key]
        with ThreadPoolExecutor(max_workers=2) as pool:  # two runs at once
            outcomes = list(pool.map(process_object, [export.key, export.key]))
        statuses = sorted(o.status for o in outcomes)
        assert statuses.count("loaded") == 1, statuses
        assert process_object(export.key).status == "gone"  # a third delivery, later
        rows = assert_settled(local_stack, keys=[export.key], expected_rows=export.rows)
        assert len(rows) == 1

    def test_events_out_of_order_the_later_upload_stands(self, local_stack, exports, tmp_path):
        first = exports["2019-10"]
        other = clean_exports(tmp_path, end=date(2019, 10, 31), months=1, seed=999, rows=25)[0]
        correction_key = first.key.replace(
            "/kh-ksp_awareness", "/fix-kh-ksp_awareness"
        )  # same period, uploaded after
        _drop(local_stack, first)
        time.sleep(1.1)  # S3's Last-Modified has one-second resolution
        put(local_stack, correction_key, other.body)

        later = process_object(correction_key)  # its event arrives first
        earlier = process_object(first.key)

        assert later.status == "loaded", later
        assert earlier.status == "superseded", earlier
        assert_settled(local_stack, keys=[first.key, correction_key], expected_rows=other.rows)


class TestSameFileManyTimes:
    def test_the_same_file_dropped_20_times_concurrently_loads_once(self, local_stack, exports):
        export = exports["2019-11"]
        keys = [
            export.key.replace("/kh-ksp_awareness", f"/drop{i:02d}-kh-ksp_awareness")
            for i in range(20)
        ]
        with ThreadPoolExecutor(max_workers=20) as pool:  # 20 uploads at once
            list(pool.map(lambda key: put(local_stack, key, export.body), keys))
        # Every upload taken twice (its event and the sweep) by four worker processes at
        # once, as Airflow runs tasks (one process each: GX is not thread-safe).
        order = keys + keys[::-1]
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", MANY_WORKER, *order[i::4]],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(4)
        ]
        outcomes = []
        for worker in workers:
            out, err = worker.communicate(timeout=300)
            assert worker.returncode == 0, err[-3000:]
            outcomes += [json.loads(line) for line in out.strip().splitlines()]
        rows = assert_settled(local_stack, keys=keys, expected_rows=export.rows)
        assert len(rows) == 20, f"{len(rows)} ledger rows for 20 uploads"
        loaded = [r for r in rows if r["status"] in {"loaded", "partially_loaded"}]
        assert len(loaded) == 1, [r["status"] for r in rows]
        # A second take of the loaded upload (its event and the sweep) may find it already
        # final and report its status again: every "loaded" names that one ledger row.
        assert {o["ledger_id"] for o in outcomes if o["status"] == "loaded"} == {loaded[0]["id"]}


class TestReuploadDuringProcessing:
    def test_a_corrected_reupload_under_the_same_key_is_processed_not_deleted(
        self, local_stack, bigs, tmp_path
    ):
        """v1 is being processed when the partner uploads v2 under the same key: v1's
        worker must not delete v2; v2's event then loads it and v2's rows stand."""
        v1 = bigs["2018-03"]
        key = v1.key.replace("/kh-ksp_awareness", "/reup-kh-ksp_awareness")
        v2 = clean_exports(tmp_path, end=date(2018, 3, 31), months=1, seed=4242, rows=30)[0]
        put(local_stack, key, v1.body)
        result: dict[str, object] = {}
        worker = threading.Thread(target=lambda: result.update(v1=process_object(key)))
        worker.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not ledger_rows(local_stack, object_key=key):
            time.sleep(0.01)
        assert ledger_rows(local_stack, object_key=key), "v1 never reached the ledger"
        put(local_stack, key, v2.body)  # the correction, while v1 is in flight
        worker.join(timeout=300)

        second = process_object(key)  # v2's ObjectCreated event

        assert second.status == "loaded", f"v2 was not processed: {second}"
        rows = ledger_rows(local_stack, object_key=key)
        assert len(rows) == 2, [(r["id"], r["status"]) for r in rows]
        assert_settled(local_stack, keys=[key], expected_rows=v2.rows)
