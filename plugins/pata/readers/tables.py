"""Assemble the pyarrow tables a reader returns: string columns plus the ``__row`` column."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc

from pata.readers.model import ROW_COLUMN, RawTable


def table_from_rows(
    *, headers: Sequence[str], rows: Sequence[Sequence[str | None]], row_numbers: Sequence[int]
) -> pa.Table:
    """Build a table from rows of cell texts; rows shorter than the header get nulls."""
    columns = [
        pa.array([row[index] if index < len(row) else None for row in rows], type=pa.string())
        for index in range(len(headers))
    ]
    return pa.Table.from_arrays(
        [*columns, pa.array(row_numbers, type=pa.int64())], names=[*headers, ROW_COLUMN]
    )


def empty_table(*, headers: Sequence[str]) -> pa.Table:
    """Build a table with the given headers and no rows."""
    return table_from_rows(headers=headers, rows=[], row_numbers=[])


def drop_blank_rows(table: pa.Table) -> pa.Table:
    """Leave out the rows whose every cell is null (``__row`` aside)."""
    row_index = _row_index(table)
    cell_columns = [table.column(i) for i in range(table.num_columns) if i != row_index]
    if not cell_columns or table.num_rows == 0:
        return table
    blank = functools.reduce(pc.and_, (pc.is_null(column) for column in cell_columns))
    if not pc.any(blank).as_py():
        return table
    return table.filter(pc.invert(blank))


def _row_index(table: pa.Table) -> int:
    return table.num_columns - 1 if table.column_names[-1:] == [ROW_COLUMN] else -1


def split_batches(raw: RawTable, *, batch_rows: int) -> Iterator[RawTable]:
    """Cut a table into batches of at most ``batch_rows`` rows; problems go with the first."""
    starts = range(0, max(raw.table.num_rows, 1), batch_rows)
    for index, start in enumerate(starts):
        yield replace(
            raw,
            table=raw.table.slice(start, batch_rows),
            problems=raw.problems if index == 0 else [],
        )
