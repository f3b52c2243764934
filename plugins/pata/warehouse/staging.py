"""The staging side of a load: a temporary table like ``staging.<dataset>``, filled by ONE COPY.

The de-identified chunks of a file are turned into PostgreSQL CSV by Arrow kernels
(:func:`csv_blocks`) and sent in one ``COPY ... FROM STDIN`` while the next chunk is
produced; :mod:`pata.warehouse.merge` then turns the staged rows into versions in core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

from pata.contracts import MULTICODE_SEPARATOR
from pata.warehouse.load_model import LoadError, Target

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

COPY_BLOCK_ROWS = 20_000
"""Rows turned into CSV at a time: bounds the memory of the COPY whatever the frame size."""
LOAD_WORK_MEM = "256MB"
"""``work_mem`` of the load transaction (the merge's hash joins)."""
_NO_MORE: Any = object()


@dataclass(frozen=True)
class Stage:
    """The temporary staging table of one load: like ``staging.<dataset>``, dropped at commit."""

    table: sql.Identifier
    touched: sql.Identifier
    columns: tuple[str, ...]
    types: dict[str, str]

    @classmethod
    def create(cls, cursor: psycopg.Cursor[Any], *, target: Target, ledger_id: int) -> Stage:
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
        cursor.execute(sql.SQL("set local work_mem = {}").format(sql.Literal(LOAD_WORK_MEM)))
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

    Written by Arrow's CSV writer (C++): text is always quoted (so an empty text stays an
    empty text), dates are ISO dates, booleans true/false, and a multi-select (``text[]``;
    its codes joined by ';' in the frame) an array literal. About half the CPU of joining
    the cells with Arrow kernels, for the same bytes.
    """
    import pyarrow as pa
    from pyarrow import csv

    options = csv.WriteOptions(include_header=False, quoting_style="needed")
    for start in range(0, len(frame), rows_per_block):
        part = frame.iloc[start : start + rows_per_block]
        table = pa.Table.from_arrays(
            [copy_column(part[name], types[name], name=name) for name in columns],
            names=list(columns),
        )
        sink = pa.BufferOutputStream()
        csv.write_csv(table, sink, write_options=options)
        yield memoryview(sink.getvalue())


def copy_column(series: pd.Series, sql_type: str, *, name: str) -> pa.Array:
    """One column as the Arrow array whose CSV text PostgreSQL reads as ``sql_type``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = as_sql_type(pa.array(series, from_pandas=True), sql_type, name=name)
    if isinstance(array, pa.ChunkedArray):  # Arrow-backed columns of a file read in blocks
        array = array.combine_chunks()
    if sql_type == "text[]":
        # Codes are letters, digits, '_' and '-' (the contracts' code lists): no quoting
        # inside the literal; the writer quotes the literal itself.
        elements = pc.replace_substring(array.cast(pa.string()), MULTICODE_SEPARATOR, ",")
        return pc.binary_join_element_wise("{", elements, "}", "")
    return array


def as_sql_type(array: pa.Array, sql_type: str, *, name: str) -> pa.Array:
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
