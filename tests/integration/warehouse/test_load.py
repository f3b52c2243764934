"""pata.warehouse.load against the embedded PostgreSQL: idempotent, versioned, atomic, locked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text
from warehouse_frames import FINGERPRINT, add_ledger_row, deidentified, record_key

from pata.contracts import load_contract
from pata.settings import Settings
from pata.warehouse.load import (
    LoadError,
    LoadResult,
    known_record_keys,
    load_chunks,
    load_file,
    lock_partner_dataset,
)
from pata.warehouse.merge import Merge
from pata.warehouse.staging import csv_blocks

pytestmark = pytest.mark.integration

JUNE, JULY, AUGUST = date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1)
CORE_TABLES = (
    "core.fact_awareness_session",
    "core.fact_awareness_session_current",
    "core.fact_case",
    "core.fact_case_current",
    "core.fact_rehabilitation_enrolment",
    "core.fact_rehabilitation_enrolment_current",
    "core.fact_network_event",
    "core.fact_network_event_current",
    "core.withheld_no_consent",
)


def checksum(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and an md5 of every row of every core table (loaded_at included)."""
    found = {}
    with engine.connect() as conn:
        for name in CORE_TABLES:
            row = conn.execute(
                text(
                    "select count(*), "
                    "md5(coalesce(string_agg(t::text, '|' order by t::text), '')) "
                    f"from {name} t"
                )
            ).one()
            found[name] = (int(row[0]), str(row[1]))
    return found


def new_file(
    engine: Engine,
    *,
    dataset: str = "cases",
    partner_code: str = "kh-ksp",
    period: date | None = JULY,
    name: str = "file",
) -> int:
    """A committed ledger row (the ingest records the file before it loads it)."""
    with engine.begin() as conn:
        return add_ledger_row(
            conn, partner_code=partner_code, dataset=dataset, period=period, name=name
        )


def load(engine: Engine, table, *, ledger_id: int, supersedes=()) -> LoadResult:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        return load_file(conn, table, ledger_id=ledger_id, supersedes=supersedes)


def standing(engine: Engine, *, partner_code: str = "kh-ksp") -> dict[str, tuple[int, str]]:
    """Record key -> (ledger id, cas_status) of the case versions that stand."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select record_key, ledger_id, case_status as cas_status from core.cases "
                "where partner_code = :p"
            ),
            {"p": partner_code},
        ).all()
    return {row.record_key: (row.ledger_id, row.cas_status) for row in rows}


def status_of(number: int, version: int) -> str:
    """The cas_status the synthetic builder gives record ``number`` in ``version``."""
    table = deidentified("cases", numbers=[number], version=version)
    return str(table.frame.loc[0, "cas_status"])


def key(number: int, *, partner_code: str = "kh-ksp") -> str:
    return record_key(partner_code, "cases", number)


class TestLoadFile:
    @pytest.mark.parametrize(
        "dataset", ["awareness_sessions", "cases", "rehabilitation", "network_events"]
    )
    def test_every_dataset_lands_in_its_fact_and_view(
        self, clean_core: Engine, pipeline: Engine, dataset: str
    ):
        ledger_id = new_file(pipeline, dataset=dataset)
        result = load(pipeline, deidentified(dataset, numbers=range(25)), ledger_id=ledger_id)
        assert result == LoadResult(inserted=25, updated=0, deleted=0, withheld=0)
        view = {
            "awareness_sessions": "awareness_sessions",
            "cases": "cases",
            "rehabilitation": "rehabilitation_enrolments",
            "network_events": "network_events",
        }[dataset]
        with clean_core.connect() as conn:
            assert conn.execute(text(f"select count(*) from core.{view}")).scalar_one() == 25

    def test_cases_feed_exploitation_types_referrals_and_withheld_counts(
        self, clean_core: Engine, pipeline: Engine
    ):
        table = deidentified("cases", numbers=range(30), withheld={JULY: 3, JUNE: 1})
        result = load(pipeline, table, ledger_id=new_file(pipeline))
        assert result.withheld == 4
        answers = table.frame["vic_typeofexploitation"].dropna()
        expected_types = int(answers[answers != ""].str.count(";").add(1).sum())
        with clean_core.connect() as conn:
            types = conn.execute(text("select count(*) from core.case_exploitation_types"))
            referrals = conn.execute(text("select count(*) from core.referrals"))
            withheld = conn.execute(
                text("select period_month, withheld_count from core.withheld_no_consent")
            )
            assert types.scalar_one() == expected_types
            assert referrals.scalar_one() == 30  # every synthetic case has an organisation
            assert dict(withheld.all()) == {JULY: 3, JUNE: 1}

    def test_the_same_file_twice_changes_nothing(self, clean_core: Engine, pipeline: Engine):
        table = deidentified("cases", numbers=range(40), withheld={JULY: 2})
        ledger_id = new_file(pipeline)
        load(pipeline, table, ledger_id=ledger_id)
        before = checksum(clean_core)
        again = load(pipeline, table, ledger_id=ledger_id)
        assert again == LoadResult(inserted=0, updated=0, deleted=0, withheld=2)
        assert checksum(clean_core) == before

    def test_a_later_file_with_the_same_rows_stores_a_version_and_keeps_the_counts(
        self, clean_core: Engine, pipeline: Engine
    ):
        table = deidentified("cases", numbers=range(10))
        load(pipeline, table, ledger_id=new_file(pipeline, name="a"))
        second = new_file(pipeline, period=AUGUST, name="b")
        result = load(
            pipeline, deidentified("cases", numbers=range(10), month=AUGUST), ledger_id=second
        )
        assert result == LoadResult(inserted=0, updated=10, deleted=0, withheld=0)
        assert {ledger for ledger, _ in standing(clean_core).values()} == {second}
        assert len(standing(clean_core)) == 10

    def test_a_superseding_file_replaces_exactly_the_rows_of_the_file_it_supersedes(
        self, clean_core: Engine, pipeline: Engine
    ):
        first = new_file(pipeline, name="first")
        load(
            pipeline, deidentified("cases", numbers=range(10), withheld={JULY: 2}), ledger_id=first
        )
        other = new_file(pipeline, name="other")
        load(pipeline, deidentified("cases", numbers=range(10, 20)), ledger_id=other)
        with clean_core.connect() as conn:
            others_before = conn.execute(
                text(
                    "select md5(string_agg(t::text, '|' order by t::text)) from core.fact_case t "
                    "where ledger_id = :id"
                ),
                {"id": other},
            ).scalar_one()
        correction = new_file(pipeline, name="correction")
        result = load(
            pipeline,
            deidentified("cases", numbers=[*range(5), 20, 21], version=1),
            ledger_id=correction,
            supersedes=[first],
        )
        assert result == LoadResult(inserted=7, updated=0, deleted=10, withheld=0)
        now = standing(clean_core)
        assert set(now) == {key(n) for n in [*range(5), *range(10, 22)]}
        assert all(now[key(n)] == (correction, status_of(n, 1)) for n in [*range(5), 20, 21])
        with clean_core.connect() as conn:
            assert (
                conn.execute(
                    text("select count(*) from core.fact_case where ledger_id = :id"), {"id": first}
                ).scalar_one()
                == 0
            )
            assert (
                conn.execute(
                    text("select count(*) from core.withheld_no_consent where ledger_id = :id"),
                    {"id": first},
                ).scalar_one()
                == 0
            )
            others_after = conn.execute(
                text(
                    "select md5(string_agg(t::text, '|' order by t::text)) from core.fact_case t "
                    "where ledger_id = :id"
                ),
                {"id": other},
            ).scalar_one()
        assert others_after == others_before

    def test_superseding_the_standing_version_brings_back_the_best_remaining_one(
        self, clean_core: Engine, pipeline: Engine
    ):
        june = new_file(pipeline, period=JUNE, name="june")
        load(
            pipeline,
            deidentified("cases", numbers=range(10), month=JUNE, version=0),
            ledger_id=june,
        )
        july = new_file(pipeline, period=JULY, name="july")
        load(pipeline, deidentified("cases", numbers=range(10), version=1), ledger_id=july)
        assert {v for v in standing(clean_core).values()} == {
            (july, status_of(n, 1)) for n in range(10)
        }
        july_fix = new_file(pipeline, period=JULY, name="july-fix")
        result = load(
            pipeline,
            deidentified("cases", numbers=range(5), version=2),
            ledger_id=july_fix,
            supersedes=[july],
        )
        assert result.deleted == 10
        now = standing(clean_core)
        assert {now[key(n)] for n in range(5)} == {(july_fix, status_of(n, 2)) for n in range(5)}
        assert {now[key(n)] for n in range(5, 10)} == {
            (june, status_of(n, 0)) for n in range(5, 10)
        }

    def test_an_older_file_arriving_late_does_not_overwrite_newer_rows(
        self, clean_core: Engine, pipeline: Engine
    ):
        july = new_file(pipeline, period=JULY, name="july")
        load(pipeline, deidentified("cases", numbers=range(10), version=1), ledger_id=july)
        before = standing(clean_core)
        june = new_file(pipeline, period=JUNE, name="june-late")  # received later: higher id
        assert june > july
        result = load(
            pipeline,
            deidentified("cases", numbers=range(15), month=JUNE, version=0),
            ledger_id=june,
        )
        assert result == LoadResult(inserted=5, updated=10, deleted=0, withheld=0)
        now = standing(clean_core)
        assert {k: now[k] for k in before} == before
        assert {now[key(n)] for n in range(10, 15)} == {
            (june, status_of(n, 0)) for n in range(10, 15)
        }
        with clean_core.connect() as conn:
            audit = conn.execute(
                text("select rows_not_current from ops.load_audit where ledger_id = :id"),
                {"id": june},
            ).scalar_one()
        assert audit == 10

    def test_in_the_same_period_the_file_received_later_wins(
        self, clean_core: Engine, pipeline: Engine
    ):
        first = new_file(pipeline, name="a")
        second = new_file(pipeline, name="b")
        load(pipeline, deidentified("cases", numbers=range(5), version=2), ledger_id=second)
        load(pipeline, deidentified("cases", numbers=range(5), version=1), ledger_id=first)
        assert set(standing(clean_core).values()) == {(second, status_of(n, 2)) for n in range(5)}

    def test_a_file_without_period_is_placed_by_its_latest_row_month(
        self, clean_core: Engine, pipeline: Engine
    ):
        dated = new_file(pipeline, period=JULY, name="dated")
        load(pipeline, deidentified("cases", numbers=range(3), version=1), ledger_id=dated)
        undated = new_file(pipeline, period=None, name="undated")
        load(pipeline, deidentified("cases", numbers=range(3), month=JUNE), ledger_id=undated)
        assert {ledger for ledger, _ in standing(clean_core).values()} == {dated}
        with clean_core.connect() as conn:
            period = conn.execute(
                text("select source_period from ops.load_audit where ledger_id = :id"),
                {"id": undated},
            ).scalar_one()
        assert period == JUNE

    def test_records_whose_consent_is_withdrawn_lose_every_version(
        self, clean_core: Engine, pipeline: Engine
    ):
        load(
            pipeline,
            deidentified("cases", numbers=range(6)),
            ledger_id=new_file(pipeline, name="a"),
        )
        later = new_file(pipeline, period=AUGUST, name="b")
        result = load(
            pipeline,
            deidentified(
                "cases", numbers=range(4), month=AUGUST, withdrawn=[4], withheld={AUGUST: 1}
            ),
            ledger_id=later,
        )
        assert result.deleted == 1
        assert set(standing(clean_core)) == {key(n) for n in (0, 1, 2, 3, 5)}
        with clean_core.connect() as conn:
            assert (
                conn.execute(
                    text("select count(*) from core.fact_case where record_key = :k"), {"k": key(4)}
                ).scalar_one()
                == 0
            )


class TestCopyEncoding:
    def test_csv_blocks_write_what_arrows_csv_writer_writes(self):
        import pyarrow as pa
        from pyarrow import csv

        from pata.deid import output_columns

        table = deidentified("cases", numbers=range(120))
        frame = table.frame.copy()
        frame.loc[0, "province"] = 'a "quoted", text\nwith a newline'
        frame.loc[1, "province"] = ""
        frame.loc[2, "province"] = None
        frame.loc[3, "vic_methodsofcontrol"] = None  # an unanswered multi-select: null
        frame.loc[4, "vic_methodofrecruitment"] = ""  # no known code: an empty array
        types = {c.name: c.sql_type for c in output_columns(load_contract("cases"))}
        columns = list(frame.columns)
        ours = b"".join(
            bytes(block)
            for block in csv_blocks(frame, columns=columns, types=types, rows_per_block=50)
        )
        # A multi-select goes as a PostgreSQL array literal of its codes.
        literals = {
            name: "{" + frame[name].str.replace(";", ",", regex=False) + "}"
            for name in columns
            if types[name] == "text[]"
        }
        arrays = [pa.array(literals.get(name, frame[name]), from_pandas=True) for name in columns]
        arrays = [
            array.cast(pa.date32()) if pa.types.is_timestamp(array.type) else array
            for array in arrays
        ]
        sink = pa.BufferOutputStream()
        csv.write_csv(
            pa.Table.from_arrays(arrays, names=columns),
            sink,
            write_options=csv.WriteOptions(include_header=False, quoting_style="needed"),
        )
        assert ours == sink.getvalue().to_pybytes()

    def test_awkward_text_comes_back_as_it_went(self, clean_core: Engine, pipeline: Engine):
        table = deidentified("awareness_sessions", numbers=range(4))
        texts = ['say "no", then\nleave', "", None, "ស្រុក ១, ʻOkina"]
        table.frame["district"] = pd.Series(texts, dtype="string")
        load(pipeline, table, ledger_id=new_file(pipeline, dataset="awareness_sessions"))
        with clean_core.connect() as conn:
            found = (
                conn.execute(
                    text("select district from core.awareness_sessions order by session_id")
                )
                .scalars()
                .all()
            )
        assert found == texts


class TestAtomicity:
    def test_a_crash_after_the_copy_leaves_the_old_state_and_a_retry_loads(
        self, clean_core: Engine, pipeline: Engine, monkeypatch: pytest.MonkeyPatch
    ):
        old = new_file(pipeline, name="old")
        load(pipeline, deidentified("cases", numbers=range(10)), ledger_id=old)
        before = checksum(clean_core)
        new = new_file(pipeline, name="new")

        def crash(self: object, params: object) -> tuple[int, int]:
            raise RuntimeError("worker lost")

        monkeypatch.setattr(Merge, "_point_to_new_versions", crash)
        with pytest.raises(RuntimeError), pipeline.begin() as conn:
            load_file(
                conn,
                deidentified("cases", numbers=range(5, 15), version=1),
                ledger_id=new,
                supersedes=[old],
            )
            conn.execute(
                text("update ops.file_ledger set status = 'loaded' where id = :id"), {"id": new}
            )
        assert checksum(clean_core) == before
        with clean_core.connect() as conn:
            assert (
                conn.execute(
                    text("select status from ops.file_ledger where id = :id"), {"id": new}
                ).scalar_one()
                == "received"
            )
            assert conn.execute(text("select count(*) from ops.load_audit")).scalar_one() == 1
        monkeypatch.undo()
        result = load(
            pipeline,
            deidentified("cases", numbers=range(5, 15), version=1),
            ledger_id=new,
            supersedes=[old],
        )
        assert result == LoadResult(inserted=10, updated=0, deleted=10, withheld=0)

    def test_a_killed_load_leaves_the_old_state_and_releases_its_lock(
        self, clean_core: Engine, pipeline: Engine, warehouse: Settings
    ):
        old = new_file(pipeline, name="old")
        load(pipeline, deidentified("cases", numbers=range(10)), ledger_id=old)
        before = checksum(clean_core)
        new = new_file(pipeline, name="new")
        script = (
            "import sys, time\n"
            "from warehouse_frames import deidentified\n"
            "from pata.settings import get_settings\n"
            "from pata.warehouse import load, merge\n"
            "from pata.warehouse.engine import get_engine\n"
            "original = merge.Merge._insert_versions\n"
            "def stall(self, params):\n"
            "    stored = original(self, params)\n"
            "    print('merging', flush=True)\n"
            "    time.sleep(600)\n"
            "    return stored\n"
            "merge.Merge._insert_versions = stall\n"
            "with get_engine(role='pipeline', settings=get_settings()).begin() as conn:\n"
            "    table = deidentified('cases', numbers=range(5, 15), version=1)\n"
            "    new, old = int(sys.argv[1]), int(sys.argv[2])\n"
            "    load.load_file(conn, table, ledger_id=new, supersedes=[old])\n"
        )
        env = {
            **os.environ,
            "PATA_HOME": str(warehouse.home),
            "PATA_PG_PORT": str(warehouse.pg_port),
            "PYTHONPATH": os.pathsep.join(
                [str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
            ),
        }
        worker = subprocess.Popen(
            [sys.executable, "-c", script, str(new), str(old)],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        try:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "merging"
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        assert checksum(clean_core) == before
        result = load(
            pipeline,
            deidentified("cases", numbers=range(5, 15), version=1),
            ledger_id=new,
            supersedes=[old],
        )
        assert result == LoadResult(inserted=10, updated=0, deleted=10, withheld=0)

    def test_chunks_load_as_one_file_and_a_bad_chunk_loads_nothing(
        self, clean_core: Engine, pipeline: Engine
    ):
        chunks = [
            deidentified("cases", numbers=range(start, start + 10), withheld={JULY: 1})
            for start in (0, 10, 20)
        ]
        ledger_id = new_file(pipeline)
        with pipeline.begin() as conn:
            result = load_chunks(conn, iter(chunks), ledger_id=ledger_id)
        assert result == LoadResult(inserted=30, updated=0, deleted=0, withheld=3)
        with clean_core.connect() as conn:
            assert conn.execute(
                text("select chunks, rows_staged from ops.load_audit where ledger_id = :id"),
                {"id": ledger_id},
            ).one() == (3, 30)
        before = checksum(clean_core)
        broken = deidentified("cases", numbers=range(40, 50))
        broken.frame = broken.frame.drop(columns=["cas_status"])
        with pytest.raises(LoadError) as raised, pipeline.begin() as conn:
            load_chunks(
                conn,
                [deidentified("cases", numbers=range(30, 40), month=AUGUST), broken],
                ledger_id=new_file(pipeline, period=AUGUST, name="broken"),
            )
        assert raised.value.code == "staging-columns-mismatch"
        assert checksum(clean_core) == before

    def test_chunks_go_in_one_copy_and_a_failing_producer_loads_nothing(
        self, clean_core: Engine, pipeline: Engine, monkeypatch: pytest.MonkeyPatch
    ):
        import psycopg

        statements: list[str] = []
        failures: list[BaseException | None] = []
        copy, finish = psycopg.Cursor.copy, psycopg.Copy.finish

        def counted(self, statement, *args, **kwargs):  # type: ignore[no-untyped-def]
            statements.append("copy")
            return copy(self, statement, *args, **kwargs)

        def finished(self, exc):  # type: ignore[no-untyped-def]
            failures.append(exc)  # what psycopg would send the server as the COPY's failure
            return finish(self, exc)

        monkeypatch.setattr(psycopg.Cursor, "copy", counted)
        monkeypatch.setattr(psycopg.Copy, "finish", finished)
        before = checksum(clean_core)
        produced: list[int] = []

        def producer():  # type: ignore[no-untyped-def]
            for start in (0, 10):
                produced.append(start)
                yield deidentified("cases", numbers=range(start, start + 10))
            raise ValueError("cell value Zqxk-secret could not be parsed")

        with pytest.raises(ValueError, match="Zqxk-secret"), pipeline.begin() as conn:
            load_chunks(conn, producer(), ledger_id=new_file(pipeline, name="failing"))
        assert produced == [0, 10] and statements == ["copy"] and failures == [None]
        assert checksum(clean_core) == before
        ledger_id = new_file(pipeline, name="good")
        with pipeline.begin() as conn:
            result = load_chunks(
                conn,
                (deidentified("cases", numbers=range(s, s + 10)) for s in (0, 10, 20)),
                ledger_id=ledger_id,
            )
        assert result == LoadResult(inserted=30, updated=0, deleted=0, withheld=0)
        assert statements == ["copy", "copy"]


class TestErrorsCarryNoValue:
    def test_a_record_twice_in_a_file_is_refused_without_its_key(
        self, clean_core: Engine, pipeline: Engine
    ):
        table = deidentified("cases", numbers=[1, 2, 2, 3])
        with pytest.raises(LoadError) as raised:
            load(pipeline, table, ledger_id=new_file(pipeline))
        assert raised.value.code == "duplicate-record-key"
        assert key(2) not in str(raised.value)
        assert raised.value.__cause__ is None and raised.value.__suppress_context__

    def test_a_value_of_the_wrong_type_is_refused_without_the_value(
        self, clean_core: Engine, pipeline: Engine
    ):
        table = deidentified("awareness_sessions", numbers=range(3))
        table.frame["participants_total"] = pd.Series(["12", "secret-value", "3"], dtype="string")
        with pytest.raises(LoadError) as raised:
            load(pipeline, table, ledger_id=new_file(pipeline, dataset="awareness_sessions"))
        assert "secret-value" not in str(raised.value)
        assert "participants_total" in str(raised.value)

    def test_a_raw_id_where_a_pseudonym_belongs_is_refused(
        self, clean_core: Engine, pipeline: Engine
    ):
        table = deidentified("cases", numbers=range(3))
        table.frame["person_key"] = pd.Series(["KH-2026-0001", None, None], dtype="string")
        with pytest.raises(LoadError) as raised:
            load(pipeline, table, ledger_id=new_file(pipeline))
        assert raised.value.code == "constraint-violated"
        assert "KH-2026-0001" not in str(raised.value)

    def test_rows_of_another_partner_than_the_ledger_says_are_refused(
        self, clean_core: Engine, pipeline: Engine
    ):
        table = deidentified("cases", partner_code="th-bsn", numbers=range(3))
        with pytest.raises(LoadError) as raised:
            load(pipeline, table, ledger_id=new_file(pipeline, partner_code="kh-ksp"))
        assert raised.value.code == "ledger-mismatch"


class TestStagingKeyChecks:
    """The staging templates accept exactly 64 lowercase hex characters as a pseudonym."""

    GOOD = ("0123456789abcdef" * 4, "f" * 64)
    BAD = ("a" * 63, "a" * 65, "A" * 64, "g" * 64, "a" * 63 + "\n", " " + "a" * 63, "é" * 64, "")

    @pytest.mark.parametrize(
        ("table", "column"),
        [
            ("cases", "record_key"),
            ("cases", "person_key"),
            ("rehabilitation", "record_key"),
            ("rehabilitation", "person_key"),
            ("rehabilitation", "partner_case_id_key"),
        ],
    )
    def test_only_64_lowercase_hex_characters_pass(self, owner: Engine, table: str, column: str):
        accepted = []
        for value in (*self.GOOD, *self.BAD, None):
            with owner.connect() as conn:
                conn.execute(
                    text(
                        f"create temporary table probe (like staging.{table} including defaults "
                        "including constraints) on commit drop"
                    )
                )
                checks = conn.execute(
                    text(
                        "select string_agg(pg_get_constraintdef(oid), ' and ') from pg_constraint "
                        "where conrelid = 'probe'::regclass and contype = 'c' "
                        "and pg_get_constraintdef(oid) like :column"
                    ),
                    {"column": f"%({column}%"},
                ).scalar()
                assert checks, f"no check on staging.{table}.{column}"
                passes = conn.execute(
                    text(f"select {checks.replace('CHECK ', '')} is not false from (select "
                         f"cast(:value as text) as {column}) as v"),
                    {"value": value},
                ).scalar()  # fmt: skip
                conn.rollback()
            if passes:
                accepted.append(value)
        assert accepted == [*self.GOOD, None]


class TestConcurrency:
    def _hold_a_load(
        self,
        engine: Engine,
        table,
        ledger_id: int,  # type: ignore[no-untyped-def]
    ) -> tuple[threading.Thread, threading.Event, threading.Event]:
        loaded, release = threading.Event(), threading.Event()

        def run() -> None:
            with engine.begin() as conn:
                load_file(conn, table, ledger_id=ledger_id)
                loaded.set()
                release.wait(60)

        thread = threading.Thread(target=run)
        thread.start()
        assert loaded.wait(60)
        return thread, loaded, release

    def _load_in_background(
        self,
        engine: Engine,
        table,
        ledger_id: int,  # type: ignore[no-untyped-def]
    ) -> tuple[threading.Thread, threading.Event]:
        done = threading.Event()

        def run() -> None:
            with engine.begin() as conn:
                load_file(conn, table, ledger_id=ledger_id)
            done.set()

        thread = threading.Thread(target=run)
        thread.start()
        return thread, done

    def test_two_files_of_one_partner_and_dataset_load_one_after_the_other(
        self, clean_core: Engine, pipeline: Engine
    ):
        first, second = new_file(pipeline, name="a"), new_file(pipeline, name="b")
        holder, _, release = self._hold_a_load(
            pipeline, deidentified("cases", numbers=range(10)), first
        )
        waiter, done = self._load_in_background(
            pipeline, deidentified("cases", numbers=range(10), version=1), second
        )
        try:
            assert not done.wait(2), "the second load did not wait for the first"
            with clean_core.connect() as conn:
                waiting = conn.execute(
                    text(
                        "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                    )
                ).scalar_one()
            assert waiting == 1
        finally:
            release.set()
            holder.join(60)
        assert done.wait(60)
        waiter.join(60)
        assert {ledger for ledger, _ in standing(clean_core).values()} == {second}

    def test_files_of_different_partners_load_at_the_same_time(
        self, clean_core: Engine, pipeline: Engine
    ):
        kh = new_file(pipeline, partner_code="kh-ksp")
        th = new_file(pipeline, partner_code="th-bsn")
        holder, _, release = self._hold_a_load(
            pipeline, deidentified("cases", numbers=range(10)), kh
        )
        try:
            other, done = self._load_in_background(
                pipeline, deidentified("cases", partner_code="th-bsn", numbers=range(10)), th
            )
            assert done.wait(60), "a load of another partner waited"
            other.join(60)
        finally:
            release.set()
            holder.join(60)
        assert len(standing(clean_core, partner_code="th-bsn")) == 10
        assert len(standing(clean_core, partner_code="kh-ksp")) == 10

    def test_the_lock_is_the_one_the_ingest_takes(self, clean_core: Engine, pipeline: Engine):
        with pipeline.begin() as conn:
            lock_partner_dataset(conn, partner_code="kh-ksp", dataset="cases")
            lock_partner_dataset(conn, partner_code="kh-ksp", dataset="cases")  # re-entrant
            held = conn.execute(
                text(
                    "select count(*) from pg_locks where locktype = 'advisory' "
                    "and pid = pg_backend_pid() and granted"
                )
            ).scalar_one()
        assert held >= 1


class TestLineage:
    def test_every_core_row_joins_its_source_file(self, clean_core: Engine, pipeline: Engine):
        for dataset in ("awareness_sessions", "cases", "rehabilitation", "network_events"):
            june = new_file(pipeline, dataset=dataset, period=JUNE, name="june")
            load(pipeline, deidentified(dataset, numbers=range(8), month=JUNE), ledger_id=june)
            july = new_file(pipeline, dataset=dataset, name="july")
            load(
                pipeline,
                deidentified(dataset, numbers=range(4, 12), withheld={JULY: 2}),
                ledger_id=july,
            )
        with clean_core.connect() as conn:
            for name in CORE_TABLES:
                orphans = conn.execute(
                    text(
                        f"select count(*) from {name} t left join ops.file_ledger l "
                        "on l.id = t.ledger_id where l.id is null"
                    )
                ).scalar_one()
                assert orphans == 0, name
            for view in (
                "cases",
                "awareness_sessions",
                "rehabilitation_enrolments",
                "network_events",
                "case_exploitation_types",
                "referrals",
            ):
                row = conn.execute(
                    text(
                        f"select count(*), count(*) filter (where l.partner_code = v.partner_code "
                        f"and v.loaded_at is not null) from core.{view} v "
                        "join ops.file_ledger l on l.id = v.ledger_id"
                    )
                ).one()
                assert row[0] == row[1] and row[0] > 0, view
            audited = conn.execute(text("select count(*) from ops.load_audit")).scalar_one()
            assert audited == 8
            assert set(
                conn.execute(text("select key_fingerprint from ops.load_audit")).scalars()
            ) == {FINGERPRINT}

    def test_known_record_keys_are_the_partners_current_cases(
        self, clean_core: Engine, pipeline: Engine
    ):
        load(pipeline, deidentified("cases", numbers=range(3)), ledger_id=new_file(pipeline))
        with pipeline.connect() as conn:
            found = known_record_keys(
                conn, partner_code="kh-ksp", dataset="cases", keys=[key(1), key(7)]
            )
            other = known_record_keys(conn, partner_code="th-bsn", dataset="cases", keys=[key(1)])
        assert found == {key(1)}
        assert other == set()
