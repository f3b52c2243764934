"""Load a de-identified file into core: COPY into a temporary staging table, then a set-based
merge, all inside the caller's transaction (the one that also updates ``ops.file_ledger``).
Nothing here commits.

Versions. A fact table keeps one version of a record per source file, keyed by
``(partner_code, <record key>, ledger_id)`` and never updated; ``core.<fact>_current`` maps
each record to the version that stands: the one from the file with the **latest reporting
period**, then the **highest ledger id** (received later). The period of a file is
``ops.file_ledger.period_start``, or the latest ``period_month`` of its rows when its name
carries none. So the warehouse is a function of the files that are live, whatever order
they arrive in:

- the same file twice: the second load finds the file in ``ops.load_audit``, changes nothing;
- a file that supersedes others: exactly their versions are deleted, and a record they
  touched falls back to its best remaining version;
- an older file arriving late: its rows are kept as history, the newer versions stand;
- a crash at any point: the transaction rolls back; a retry starts from the old state;
- rows whose consent is now withheld: every version of those records is deleted.

Loads of one partner and dataset are serialised by a transaction-scoped advisory lock;
other partners and datasets load in parallel (they never touch the same keys).
Errors that could quote a cell (data and integrity errors) are re-raised as
:class:`LoadError` with positions, names and SQLSTATE only.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import Connection, text

from pata.contracts import MULTICODE_SEPARATOR, load_contract
from pata.errors import PataError
from pata.ledger import lock_key
from pata.warehouse.dimensions import ensure_partner

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from pata.deid import DeidentifiedTable

log = logging.getLogger(__name__)

FACT_TABLES: dict[str, str] = {
    "awareness_sessions": "fact_awareness_session",
    "cases": "fact_case",
    "rehabilitation": "fact_rehabilitation_enrolment",
    "network_events": "fact_network_event",
}
"""Dataset -> its fact table in ``core`` (its staging template is ``staging.<dataset>``)."""

COPY_BLOCK_ROWS = 20_000
"""Rows turned into CSV at a time: bounds the memory of the COPY whatever the frame size."""
ANALYZE_FROM_ROWS = 10_000
_NO_MORE: Any = object()
_LOAD_WORK_MEM = "256MB"
_COPY_CONTEXT = re.compile(r"line (?P<line>\d+)(?:, column (?P<column>[A-Za-z0-9_]+))?")
_VALUE_BEARING_SQLSTATE_CLASSES = ("22", "23")
_SQLSTATE_CODES = {
    "23505": "duplicate-record-key",
    "23502": "missing-required-value",
    "23514": "constraint-violated",
}


class LoadError(PataError):
    """A file cannot be loaded as it is; the message holds names and positions, never values."""

    code = "load-error"


@dataclass(frozen=True)
class LoadResult:
    """What a load changed in core, in rows (never values).

    ``inserted``: rows that brought a record new to core; ``updated``: rows that brought a
    new version of a record already there (current, or history when a later file stands);
    ``deleted``: versions deleted (superseded files, withdrawn consent); ``withheld``: rows
    of the file withheld for lack of consent, counted in ``core.withheld_no_consent``.
    ``inserted + updated`` is every de-identified row of the file.
    """

    inserted: int
    updated: int
    deleted: int
    withheld: int


@dataclass(frozen=True)
class Target:
    """Where a dataset goes: its staging template, fact table, version map and record key."""

    dataset: str
    staging: str
    fact: str
    key: str

    @property
    def current(self) -> str:
        """The table mapping each record to the version that stands."""
        return f"{self.fact}_current"


@functools.cache
def target_of(dataset: str) -> Target:
    """The :class:`Target` of a dataset, from its contract and the de-identification rules."""
    from pata.deid import RECORD_KEY

    contract = load_contract(dataset)
    record = contract.column(contract.record_id)
    key = RECORD_KEY if record.deid_action == "pseudonymize" else record.name.lower()
    return Target(dataset=dataset, staging=dataset, fact=FACT_TABLES[dataset], key=key)


def lock_partner_dataset(conn: Connection, *, partner_code: str, dataset: str) -> None:
    """Wait for, then hold until the transaction ends, the load lock of a partner and dataset."""
    key = lock_key("load", partner_code, dataset)
    conn.execute(text("select pg_advisory_xact_lock(:key)"), {"key": key})


def load_file(
    conn: Connection,
    table: DeidentifiedTable,
    *,
    ledger_id: int,
    supersedes: Sequence[int] = (),
) -> LoadResult:
    """Load one de-identified file into core within the caller's transaction (never commits).

    ``supersedes``: ledger ids of earlier files this one replaces; their versions are deleted.
    """
    return load_chunks(conn, [table], ledger_id=ledger_id, supersedes=supersedes)


def load_chunks(
    conn: Connection,
    chunks: Iterable[DeidentifiedTable],
    *,
    ledger_id: int,
    supersedes: Sequence[int] = (),
) -> LoadResult:
    """Load a file given as chunks (COPYed one by one, bounded memory), atomically.

    The chunks go to one staging table, in one COPY, and are merged once, in the caller's
    transaction. ``chunks`` is consumed while that COPY is open: producing a chunk must not
    use ``conn``.
    """
    started = time.monotonic()
    source = _source_file(conn, ledger_id)
    lock_partner_dataset(conn, partner_code=source.partner_code, dataset=source.dataset)
    done = _already_loaded(conn, ledger_id)
    if done is not None:
        log.info("file %s is already in core; nothing to load", ledger_id)
        return done
    ensure_partner(conn, partner_code=source.partner_code)
    target = target_of(source.dataset)
    replaced = sorted({int(other) for other in supersedes if int(other) != ledger_id})
    cursor = _driver_connection(conn).cursor()
    try:
        stage = _Stage.create(cursor, target=target, ledger_id=ledger_id)
        batch = _Batch()

        def accept(chunk: DeidentifiedTable) -> pd.DataFrame:
            _check_chunk(chunk, source=source)
            stage.check_columns(chunk.frame)
            batch.add(chunk)
            return chunk.frame

        stage.copy_chunks(cursor, chunks, accept=accept)
        _warn_on_new_key(conn, source=source, fingerprint=batch.fingerprint)
        merge = _Merge(cursor, target=target, stage=stage, source=source)
        result = merge.run(batch=batch, replaced=replaced)
        _write_audit(
            cursor, source=source, batch=batch, merge=merge, result=result, started=started
        )
        stage.drop(cursor)
    except psycopg.Error as exc:
        raise _without_values(exc) from None
    finally:
        cursor.close()
    log.info(
        "file %s (%s, %s): %s rows in %s chunk(s) loaded in %.1fs: %s inserted, %s updated, "
        "%s deleted, %s withheld",
        ledger_id,
        source.partner_code,
        source.dataset,
        batch.rows,
        batch.chunks,
        time.monotonic() - started,
        result.inserted,
        result.updated,
        result.deleted,
        result.withheld,
    )
    return result


def known_record_keys(
    conn: Connection, *, partner_code: str, dataset: str, keys: Sequence[str]
) -> set[str]:
    """Those of ``keys`` that are current records of ``partner_code`` in ``dataset``."""
    if not keys:
        return set()
    target = target_of(dataset)
    query = sql.SQL(
        "select {key} from {current} where partner_code = %s and {key} = any(%s)"
    ).format(key=sql.Identifier(target.key), current=sql.Identifier("core", target.current))
    with _driver_connection(conn).cursor() as cursor:
        cursor.execute(query, (partner_code, list(keys)))
        return {str(row[0]) for row in cursor.fetchall()}


# The file being loaded ---------------------------------------------------------------------


@dataclass(frozen=True)
class _SourceFile:
    ledger_id: int
    partner_code: str
    dataset: str
    period_start: date | None


def _source_file(conn: Connection, ledger_id: int) -> _SourceFile:
    """The ledger row of the file, locked against deletion until the transaction ends."""
    row = conn.execute(
        text(
            "select partner_code, dataset, period_start from ops.file_ledger "
            "where id = :id for key share"
        ),
        {"id": ledger_id},
    ).first()
    if row is None:
        raise LoadError(
            f"ledger id {ledger_id} is not in ops.file_ledger", code="unknown-ledger-id"
        )
    if row.dataset not in FACT_TABLES:
        raise LoadError(f"ledger id {ledger_id} has no loadable dataset", code="unknown-dataset")
    return _SourceFile(ledger_id, row.partner_code, row.dataset, row.period_start)


def _already_loaded(conn: Connection, ledger_id: int) -> LoadResult | None:
    row = conn.execute(
        text("select rows_withheld from ops.load_audit where ledger_id = :id"), {"id": ledger_id}
    ).first()
    return None if row is None else LoadResult(0, 0, 0, int(row.rows_withheld))


def _check_chunk(chunk: DeidentifiedTable, *, source: _SourceFile) -> None:
    if (chunk.partner_code, chunk.dataset) != (source.partner_code, source.dataset):
        raise LoadError(
            f"ledger id {source.ledger_id} is a {source.dataset} file of {source.partner_code}; "
            f"the rows given are {chunk.dataset} of {chunk.partner_code}",
            code="ledger-mismatch",
        )


def _warn_on_new_key(conn: Connection, *, source: _SourceFile, fingerprint: str | None) -> None:
    """Warn when the partner's previous load used another pseudonym key: keys will not match."""
    if fingerprint is None:
        return
    previous = conn.execute(
        text(
            "select key_fingerprint from ops.load_audit where partner_code = :p "
            "order by ledger_id desc limit 1"
        ),
        {"p": source.partner_code},
    ).scalar()
    if previous is not None and previous != fingerprint:
        log.warning(
            "partner %s: pseudonym key %s differs from the previous load's %s; its record and "
            "person keys will not match earlier ones until core is re-keyed",
            source.partner_code,
            fingerprint,
            previous,
        )


@dataclass
class _Batch:
    """What the chunks of one file add up to, besides their rows."""

    chunks: int = 0
    rows: int = 0
    withheld: Counter[date] = field(default_factory=Counter)
    withdrawn_keys: set[str] = field(default_factory=set)
    withheld_persons: set[tuple[date, str]] = field(default_factory=set)
    fingerprint: str | None = None

    def add(self, chunk: DeidentifiedTable) -> None:
        if self.fingerprint not in (None, chunk.key_fingerprint):
            raise LoadError(
                "the chunks of one file were de-identified with different keys",
                code="mixed-pseudonym-keys",
            )
        self.fingerprint = chunk.key_fingerprint
        self.chunks += 1
        self.rows += len(chunk.frame)
        for month, count in chunk.withheld_no_consent.items():
            if count > 0:
                self.withheld[_as_date(month)] += int(count)
        self.withdrawn_keys.update(getattr(chunk, "withheld_record_keys", ()) or ())
        self.withheld_persons.update(
            (_as_date(month), token) for month, token in chunk.withheld_persons
        )

    @property
    def withheld_total(self) -> int:
        return sum(self.withheld.values())


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


# Staging -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stage:
    """The temporary staging table of one load: like ``staging.<dataset>``, dropped at commit."""

    table: sql.Identifier
    touched: sql.Identifier
    columns: tuple[str, ...]
    types: dict[str, str]

    @classmethod
    def create(cls, cursor: psycopg.Cursor[Any], *, target: Target, ledger_id: int) -> _Stage:
        template = sql.Identifier("staging", target.staging)
        cursor.execute(
            "select a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute a "
            "where a.attrelid = %s::regclass and a.attnum > 0 and not a.attisdropped "
            "order by a.attnum",
            (f"staging.{target.staging}",),
        )
        described = cursor.fetchall()
        table = sql.Identifier(f"pata_stage_{ledger_id}")
        touched = sql.Identifier(f"pata_touched_{ledger_id}")
        cursor.execute(sql.SQL("set local work_mem = {}").format(sql.Literal(_LOAD_WORK_MEM)))
        cursor.execute(
            sql.SQL(
                "create temporary table {} (like {} including defaults including constraints) "
                "on commit drop"
            ).format(table, template)
        )
        cursor.execute(
            sql.SQL("create temporary table {} ({} text not null) on commit drop").format(
                touched, sql.Identifier(target.key)
            )
        )
        return cls(
            table=table,
            touched=touched,
            columns=tuple(str(name) for name, _ in described),
            types={str(name): str(kind) for name, kind in described},
        )

    def copy_chunks(
        self,
        cursor: psycopg.Cursor[Any],
        chunks: Iterable[Any],
        *,
        accept: Callable[[Any], pd.DataFrame],
    ) -> None:
        """COPY every chunk (``accept(chunk)``: its checked frame) in ONE COPY statement.

        One COPY for the whole file, so PostgreSQL parses and stores the rows already sent
        while the next chunk is produced (read, validated, de-identified) here: the queued
        writer sends from a thread, at most its queue's worth of blocks ahead. An error
        raised while producing or accepting a chunk ends the COPY normally (the rows staged
        so far stay in the temporary table, which the caller's rollback discards) and is
        re-raised after it: the text of the exception never travels to the server, whose
        log would otherwise get it as the COPY's failure message.
        """
        statement = sql.SQL("copy {} ({}) from stdin (format csv)").format(
            self.table, sql.SQL(", ").join(sql.Identifier(name) for name in self.columns)
        )
        failure: BaseException | None = None
        chunk_iterator = iter(chunks)
        with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
            while True:
                try:
                    chunk = next(chunk_iterator, _NO_MORE)
                    if chunk is _NO_MORE:
                        break
                    frame = accept(chunk)
                    del chunk
                except BaseException as exc:  # re-raised below, once the COPY is over
                    failure = exc
                    break
                for block in csv_blocks(frame, columns=self.columns, types=self.types):
                    copy.write(block)
                del frame
        if failure is not None:
            raise failure

    def check_columns(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` when its columns are exactly the staging table's, else a LoadError."""
        names = [str(name) for name in frame.columns]
        missing = [name for name in self.columns if name not in names]
        unexpected = [name for name in names if name not in self.types]
        if missing or unexpected:
            raise LoadError(
                "the de-identified columns do not match the staging table: "
                f"missing {missing or 'none'}, unexpected {unexpected or 'none'}",
                code="staging-columns-mismatch",
            )
        return frame

    def drop(self, cursor: psycopg.Cursor[Any]) -> None:
        """Drop the staging tables now (not at commit): one transaction may load more files."""
        cursor.execute(sql.SQL("drop table {}, {}").format(self.table, self.touched))


def csv_blocks(
    frame: pd.DataFrame,
    *,
    columns: Sequence[str],
    types: dict[str, str],
    rows_per_block: int = COPY_BLOCK_ROWS,
) -> Iterator[memoryview]:
    """The rows of ``frame`` as PostgreSQL CSV (no header; empty unquoted = NULL), in blocks.

    Text is always quoted (so an empty text stays an empty text), dates are ISO dates,
    booleans true/false, and a multi-select (``text[]``; its codes joined by ';' in the
    frame) an array literal. Cells are encoded by Arrow kernels and joined per row.
    """
    for start in range(0, len(frame), rows_per_block):
        part = frame.iloc[start : start + rows_per_block]
        cells = [_encode_column(part[name], types[name], name=name) for name in columns]
        yield _join_rows(cells)


def _encode_column(series: pd.Series, sql_type: str, *, name: str) -> pa.Array:
    """The CSV text of each cell of one column (empty for NULL)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = _as_sql_type(pa.array(series, from_pandas=True), sql_type, name=name)
    if sql_type == "text[]":
        # Codes are letters, digits, '_' and '-' (the contracts' code lists): no quoting.
        elements = pc.replace_substring(array.cast(pa.string()), MULTICODE_SEPARATOR, ",")
        return pc.fill_null(pc.binary_join_element_wise('"{', elements, '}"', ""), "")
    if sql_type == "text":
        text_values = array.cast(pa.string())
        quoted = pc.binary_join_element_wise(
            '"', pc.replace_substring(text_values, '"', '""'), '"', ""
        )
        return pc.fill_null(quoted, "")
    return pc.fill_null(pc.cast(array, pa.string()), "")


def _join_rows(cells: Sequence[pa.Array]) -> memoryview:
    """Join the encoded cells of each row with commas, end rows with newlines: one block."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = pc.binary_join_element_wise(*cells, ",")
    rows = pc.binary_join_element_wise(rows, "\n", "")
    if isinstance(rows, pa.ChunkedArray):  # Arrow-backed columns of a file read in blocks
        rows = rows.combine_chunks()
    _, offsets, data = rows.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int32, count=len(rows) + 1, offset=rows.offset * 4)
    return memoryview(data)[int(bounds[0]) : int(bounds[-1])]


def _as_sql_type(array: pa.Array, sql_type: str, *, name: str) -> pa.Array:
    """An Arrow array whose CSV text PostgreSQL reads as ``sql_type``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    try:
        if sql_type == "date" and not pa.types.is_date(kind):
            if pa.types.is_timestamp(kind):
                return pc.cast(array, pa.date32())
            return pc.cast(pc.cast(array, pa.timestamp("s")), pa.date32())
        if sql_type in ("integer", "smallint", "bigint") and not pa.types.is_integer(kind):
            return pc.cast(array, pa.int64())
        if sql_type in ("text", "text[]") and not (
            pa.types.is_string(kind) or pa.types.is_large_string(kind)
        ):
            return pc.cast(array, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        # Arrow's message quotes the offending value: say only which column.
        raise LoadError(
            f"column {name} holds values that are not {sql_type}", code="invalid-staging-value"
        ) from None
    return array


# Merge -------------------------------------------------------------------------------------


class _Merge:
    """The set-based statements that turn the staged rows into versions in core."""

    def __init__(
        self,
        cursor: psycopg.Cursor[Any],
        *,
        target: Target,
        stage: _Stage,
        source: _SourceFile,
    ) -> None:
        self.cursor = cursor
        self.target = target
        self.stage = stage
        self.source = source
        self.period: date | None = None
        self.not_current = 0
        self.names = {
            "fact": sql.Identifier("core", target.fact),
            "current": sql.Identifier("core", target.current),
            "stage": stage.table,
            "touched": stage.touched,
            "key": sql.Identifier(target.key),
        }

    def _run(self, template: str, params: dict[str, Any], **extra: sql.Composable) -> int:
        self.cursor.execute(sql.SQL(template).format(**self.names, **extra), params)
        return max(self.cursor.rowcount, 0)

    def run(self, *, batch: _Batch, replaced: Sequence[int]) -> LoadResult:
        deleted = self._delete_replaced(replaced) if replaced else 0
        if batch.withdrawn_keys:
            deleted += self._delete_withdrawn(sorted(batch.withdrawn_keys))
        if replaced:
            self._restore_best_remaining()
        self._insert_withheld(batch)
        if not batch.rows:
            return LoadResult(inserted=0, updated=0, deleted=deleted, withheld=batch.withheld_total)
        if batch.rows >= ANALYZE_FROM_ROWS:
            # Statistics of the key only: the merge joins on it (all columns would cost more
            # than the merge on a wide table).
            self._run("analyze {stage} ({key})", {})
        self.period = self._source_period()
        params = {"partner": self.source.partner_code, "ledger": self.source.ledger_id}
        params["period"] = self.period
        stored = self._insert_versions(params)
        new_records, replaced_current = self._point_to_new_versions(params)
        self.not_current = stored - new_records - replaced_current
        return LoadResult(
            inserted=new_records,
            updated=stored - new_records,
            deleted=deleted,
            withheld=batch.withheld_total,
        )

    def _delete_replaced(self, replaced: Sequence[int]) -> int:
        """Delete exactly the versions of the superseded files; remember their records."""
        params = {"partner": self.source.partner_code, "ledgers": list(replaced)}
        deleted = self._run(
            """
            with gone as (
                delete from {fact} f
                where f.partner_code = %(partner)s and f.ledger_id = any(%(ledgers)s)
                returning f.{key}
            )
            insert into {touched} ({key}) select {key} from gone
            """,
            params,
        )
        self._run(
            "delete from {current} where partner_code = %(partner)s "
            "and ledger_id = any(%(ledgers)s)",
            params,
        )
        for table in ("withheld_no_consent", "withheld_person"):
            self._run(
                "delete from {table} where partner_code = %(partner)s "
                "and dataset = %(dataset)s and ledger_id = any(%(ledgers)s)",
                {**params, "dataset": self.source.dataset},
                table=sql.Identifier("core", table),
            )
        return deleted

    def _delete_withdrawn(self, keys: Sequence[str]) -> int:
        """Records whose consent is withheld now lose every version."""
        params = {"partner": self.source.partner_code, "keys": list(keys)}
        self._run(
            "delete from {current} where partner_code = %(partner)s and {key} = any(%(keys)s)",
            params,
        )
        return self._run(
            "delete from {fact} where partner_code = %(partner)s and {key} = any(%(keys)s)", params
        )

    def _restore_best_remaining(self) -> None:
        """Records whose standing version was superseded fall back to their best remaining one."""
        self._run(
            """
            insert into {current} (partner_code, {key}, ledger_id, source_period)
            select distinct on (v.{key}) v.partner_code, v.{key}, v.ledger_id, v.source_period
            from {fact} v
            where v.partner_code = %(partner)s and v.{key} in (select t.{key} from {touched} t)
            order by v.{key}, v.source_period desc, v.ledger_id desc
            on conflict (partner_code, {key}) do nothing
            """,
            {"partner": self.source.partner_code},
        )

    def _source_period(self) -> date | None:
        if self.source.period_start is not None:
            return self.source.period_start
        self.cursor.execute(sql.SQL("select max(period_month) from {}").format(self.stage.table))
        row = self.cursor.fetchone()
        return None if row is None else row[0]

    def _insert_versions(self, params: dict[str, Any]) -> int:
        """Store every staged row as a version of its record (append-only)."""
        columns = sql.SQL(", ").join(sql.Identifier(name) for name in self.stage.columns)
        staged = sql.SQL(", ").join(sql.Identifier("s", name) for name in self.stage.columns)
        return self._run(
            """
            insert into {fact} (partner_code, {columns}, source_period, ledger_id, loaded_at)
            select %(partner)s, {staged}, %(period)s, %(ledger)s, now()
            from {stage} s
            """,
            params,
            columns=columns,
            staged=staged,
        )

    def _point_to_new_versions(self, params: dict[str, Any]) -> tuple[int, int]:
        """Make this file's versions stand where they are the latest; (new, replaced) records.

        Two set-based statements (a hash join each) rather than INSERT ... ON CONFLICT, whose
        row-by-row speculative insertion is several times slower on a million rows; loads of
        one partner and dataset are serialised, so nothing can slip in between.
        """
        replaced = self._run(
            """
            update {current} m set ledger_id = %(ledger)s, source_period = %(period)s
            from {stage} s
            where m.partner_code = %(partner)s and m.{key} = s.{key}
              and (m.source_period, m.ledger_id) < (%(period)s::date, %(ledger)s::bigint)
            """,
            params,
        )
        new = self._run(
            """
            insert into {current} (partner_code, {key}, ledger_id, source_period)
            select %(partner)s, s.{key}, %(ledger)s, %(period)s
            from {stage} s
            where not exists (
                select 1 from {current} m
                where m.partner_code = %(partner)s and m.{key} = s.{key})
            """,
            params,
        )
        return new, replaced

    def _insert_withheld(self, batch: _Batch) -> None:
        """The withheld persons and counts of the file: one statement each (arrays unnested)."""
        if not batch.withheld:
            return
        persons = sorted(batch.withheld_persons)
        self.cursor.execute(
            "insert into core.withheld_person "
            "(ledger_id, partner_code, dataset, period_month, person_token) "
            "select %s, %s, %s, p.month, p.token "
            "from unnest(%s::date[], %s::text[]) as p (month, token) on conflict do nothing",
            (
                self.source.ledger_id,
                self.source.partner_code,
                self.source.dataset,
                [month for month, _token in persons],
                [token for _month, token in persons],
            ),
        )
        counts = sorted(batch.withheld.items())
        self.cursor.execute(
            "insert into core.withheld_no_consent "
            "(ledger_id, partner_code, dataset, period_month, withheld_count) "
            "select %s, %s, %s, c.month, c.n "
            "from unnest(%s::date[], %s::integer[]) as c (month, n) "
            "on conflict (ledger_id, period_month) do nothing",
            (
                self.source.ledger_id,
                self.source.partner_code,
                self.source.dataset,
                [month for month, _n in counts],
                [n for _month, n in counts],
            ),
        )


def _write_audit(
    cursor: psycopg.Cursor[Any],
    *,
    source: _SourceFile,
    batch: _Batch,
    merge: _Merge,
    result: LoadResult,
    started: float,
) -> None:
    cursor.execute(
        "insert into ops.load_audit (ledger_id, partner_code, dataset, key_fingerprint, "
        "source_period, chunks, rows_staged, rows_inserted, rows_updated, rows_not_current, "
        "rows_deleted, rows_withheld, seconds) "
        "values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            source.ledger_id,
            source.partner_code,
            source.dataset,
            batch.fingerprint or "",
            merge.period,
            batch.chunks,
            batch.rows,
            result.inserted,
            result.updated,
            merge.not_current,
            result.deleted,
            result.withheld,
            round(time.monotonic() - started, 3),
        ),
    )


# Driver-level plumbing ---------------------------------------------------------------------


def _driver_connection(conn: Connection) -> psycopg.Connection[Any]:
    """The psycopg connection under a SQLAlchemy one (COPY needs the driver's API)."""
    driver = conn.connection.driver_connection
    if not isinstance(driver, psycopg.Connection):
        raise LoadError("the warehouse load needs a psycopg (3) connection", code="wrong-driver")
    return driver


def _without_values(exc: Exception) -> Exception:
    """A data or integrity error as a :class:`LoadError` naming what failed, never a value."""
    sqlstate = getattr(exc, "sqlstate", None) or ""
    if not sqlstate.startswith(_VALUE_BEARING_SQLSTATE_CLASSES):
        return exc
    diag = getattr(exc, "diag", None)
    where = []
    for label, attribute in (("table", "table_name"), ("column", "column_name")):
        value = getattr(diag, attribute, None)
        if value:
            where.append(f"{label} {value}")
    constraint = getattr(diag, "constraint_name", None)
    if constraint:
        where.append(f"constraint {constraint}")
    context = _COPY_CONTEXT.search(getattr(diag, "context", None) or "")
    if context:
        where.append(f"staged row {context['line']}")
        if context["column"]:
            where.append(f"column {context['column']}")
    detail = ", ".join(where) or "no position"
    return LoadError(
        f"the warehouse refused the file's rows: {type(exc).__name__} (SQLSTATE {sqlstate}; "
        f"{detail})",
        code=_SQLSTATE_CODES.get(sqlstate, "invalid-staging-value"),
    )
