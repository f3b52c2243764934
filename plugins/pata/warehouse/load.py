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

import logging
import re
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, text

from pata.ledger import lock_key
from pata.warehouse.dimensions import ensure_partner
from pata.warehouse.load_model import (
    FACT_TABLES,
    FileBatch,
    LoadError,
    LoadResult,
    SourceFile,
    target_of,
)
from pata.warehouse.merge import Merge, write_audit
from pata.warehouse.staging import Stage

if TYPE_CHECKING:
    import pandas as pd

    from pata.deid import DeidentifiedTable

__all__ = [
    "FACT_TABLES",
    "LoadError",
    "LoadResult",
    "known_record_keys",
    "load_chunks",
    "load_file",
    "lock_partner_dataset",
    "target_of",
]

log = logging.getLogger(__name__)

_COPY_CONTEXT = re.compile(r"line (?P<line>\d+)(?:, column (?P<column>[A-Za-z0-9_]+))?")
_VALUE_BEARING_SQLSTATE_CLASSES = ("22", "23")
_SQLSTATE_CODES = {
    "23505": "duplicate-record-key",
    "23502": "missing-required-value",
    "23514": "constraint-violated",
}


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
        stage = Stage.create(cursor, target=target, ledger_id=ledger_id)
        batch = FileBatch()

        def accept(chunk: DeidentifiedTable) -> pd.DataFrame:
            _check_chunk(chunk, source=source)
            stage.check_columns(chunk.frame)
            batch.add(chunk)
            return chunk.frame

        stage.copy_chunks(cursor, chunks, accept=accept)
        _warn_on_new_key(conn, source=source, fingerprint=batch.fingerprint)
        merge = Merge(cursor, target=target, stage=stage, source=source)
        result = merge.run(batch=batch, replaced=replaced)
        write_audit(cursor, source=source, batch=batch, merge=merge, result=result, started=started)
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


def _source_file(conn: Connection, ledger_id: int) -> SourceFile:
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
    return SourceFile(ledger_id, row.partner_code, row.dataset, row.period_start)


def _already_loaded(conn: Connection, ledger_id: int) -> LoadResult | None:
    row = conn.execute(
        text("select rows_withheld from ops.load_audit where ledger_id = :id"), {"id": ledger_id}
    ).first()
    return None if row is None else LoadResult(0, 0, 0, int(row.rows_withheld))


def _check_chunk(chunk: DeidentifiedTable, *, source: SourceFile) -> None:
    if (chunk.partner_code, chunk.dataset) != (source.partner_code, source.dataset):
        raise LoadError(
            f"ledger id {source.ledger_id} is a {source.dataset} file of {source.partner_code}; "
            f"the rows given are {chunk.dataset} of {chunk.partner_code}",
            code="ledger-mismatch",
        )


def _warn_on_new_key(conn: Connection, *, source: SourceFile, fingerprint: str | None) -> None:
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
