"""Conform a partner's raw table to its dataset contract: canonical columns, contract types.

The partner's headers are mapped to the contract's columns (exact header, or the same text
up to case and whitespace; the canonical names are always understood), then every column's
cells are typed by :mod:`pata.cells` (cleaned, parsed by distinct value, labels mapped to
codes). A cell that cannot be typed never raises: it becomes null in the typed frame and a
positioned, value-free :class:`~pata.validation.problems.Problem`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pata.cells import clean_cells, empty_cells, header_key, type_column
from pata.contracts import Contract
from pata.readers.model import ROW_COLUMN, RawTable
from pata.registry import PartnerDataset
from pata.validation.problems import PROBLEM_KINDS, Problem, where

log = logging.getLogger(__name__)


@dataclass
class Conformed:
    """A raw table typed by its contract, with the problems found on the way.

    ``frame`` has every contract column (absent from the file: all null) plus ``__row``;
    a cell with a problem is null there. ``text`` holds, for the contract columns found in
    the file, the canonical text of each cell (labels mapped to codes, dates as ISO when
    they could be read, anything unreadable as cleaned) — the view validation checks.
    ``cell_errors`` marks, per contract column, the cells with a cell problem. ``text``
    and ``frame`` hold partner values: they stay in memory and never go into a log,
    exception or report.
    """

    frame: pd.DataFrame
    problems: list[Problem]
    header_problems: list[Problem]
    text: pd.DataFrame = field(default_factory=pd.DataFrame)
    cell_errors: pd.DataFrame = field(default_factory=pd.DataFrame)
    headers: Mapping[str, str] = field(default_factory=dict)
    """Canonical column -> the header the partner used for it in this file."""
    header_row_recognised: bool = True
    """False when too few headers are known for the header row to be trusted as names."""

    @property
    def present(self) -> tuple[str, ...]:
        """The contract columns found in the file, in contract order."""
        return tuple(self.text.columns)


@dataclass(frozen=True)
class HeaderMapping:
    """How the headers of a file map to a contract's columns."""

    columns: Mapping[str, int]
    """Canonical column -> index of the (first) file column holding it."""
    duplicates: Mapping[str, tuple[int, ...]]
    """Canonical column -> every file column index holding it, when more than one."""
    extra: tuple[int, ...]
    """Indexes of the file columns that map to no contract column."""

    @property
    def matched(self) -> int:
        """How many contract columns the file has."""
        return len(self.columns)


def map_headers(
    headers: Sequence[str], *, contract: Contract, column_map: Mapping[str, str]
) -> HeaderMapping:
    """Map file headers to contract columns: the partner's headers, then canonical names."""
    lookup: dict[str, str] = {header_key(name): name for name in contract.names}
    lookup.update({header_key(header): canonical for header, canonical in column_map.items()})
    found: dict[str, list[int]] = {}
    extra: list[int] = []
    for index, header in enumerate(headers):
        canonical = lookup.get(header_key(header)) if header else None
        if canonical is None:
            extra.append(index)
        else:
            found.setdefault(canonical, []).append(index)
    return HeaderMapping(
        columns={name: indexes[0] for name, indexes in found.items()},
        duplicates={name: tuple(indexes) for name, indexes in found.items() if len(indexes) > 1},
        extra=tuple(extra),
    )


def conform(raw: RawTable, *, contract: Contract, partner_dataset: PartnerDataset) -> Conformed:
    """Apply the partner mapping and the contract's types; never raises on a bad cell."""
    mapping = map_headers(raw.headers, contract=contract, column_map=partner_dataset.column_map)
    recognised = header_row_recognised(raw.headers, mapping)
    shown = _shown_headers(raw.headers, mapping, contract=contract, spec=partner_dataset)
    header_problems = _header_problems(
        raw.headers, mapping, contract=contract, shown=shown, recognised=recognised
    )
    table = raw.table
    # The row numbers are the last column, by position: a partner's column may be named
    # like it (reported as reserved-column-name by the reader), never read as row numbers.
    row_numbers = table.column(table.num_columns - 1)
    rows = np.asarray(row_numbers.to_numpy(zero_copy_only=False), dtype="int64")
    index = pd.RangeIndex(len(rows))
    typed: dict[str, pd.Series] = {}
    texts: dict[str, pd.Series] = {}
    errors: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    for column in contract.columns:
        position = mapping.columns.get(column.name)
        if position is None:
            typed[column.name] = empty_cells(column, index)
            errors[column.name] = pd.Series(False, index=index)
            continue
        cells = clean_cells(table.column(position))
        cells.index = index
        typing = type_column(column, cells, spec=partner_dataset)
        typed[column.name] = typing.values
        texts[column.name] = typing.text
        errors[column.name] = typing.error_mask
        problems.extend(
            typing.problems(
                rows, column=column.name, header=shown.get(column.name), spec=partner_dataset
            )
        )
    frame = pd.DataFrame(typed, index=index)
    frame[ROW_COLUMN] = pd.Series(rows, index=index, dtype="int64")
    text = pd.DataFrame(texts, index=index)
    problems.sort(
        key=lambda problem: (problem.row or 0, contract.names.index(problem.column or ""))
    )
    log.info(
        "conformed %s rows of %s: %s of %s contract columns found, %s cell problems",
        len(frame),
        contract.dataset,
        len(texts),
        len(contract.columns),
        len(problems),
    )
    return Conformed(
        frame=frame,
        problems=problems,
        header_problems=header_problems,
        text=text,
        cell_errors=pd.DataFrame(errors, index=index),
        headers=shown,
        header_row_recognised=recognised,
    )


def header_row_recognised(headers: Sequence[str], mapping: HeaderMapping) -> bool:
    """True when at least half the named headers are known columns.

    Below that, the first row may be a record rather than column names, so its texts are
    never echoed in a report (they could be a person's name).
    """
    named = sum(1 for header in headers if header)
    return named > 0 and mapping.matched * 2 >= named


# -- headers --------------------------------------------------------------------------


def _shown_headers(
    headers: Sequence[str], mapping: HeaderMapping, *, contract: Contract, spec: PartnerDataset
) -> dict[str, str]:
    """Canonical column -> the header a partner knows it by (in the file, else registered)."""
    shown = {name: spec.headers.get(name, name) for name in contract.names}
    shown.update({name: headers[index] for name, index in mapping.columns.items()})
    return shown


def _header_problems(
    headers: Sequence[str],
    mapping: HeaderMapping,
    *,
    contract: Contract,
    shown: Mapping[str, str],
    recognised: bool,
) -> list[Problem]:
    from pata.readers.headers import column_position

    problems: list[Problem] = []
    for name in contract.required_columns:
        if name in mapping.columns:
            continue
        problems.append(
            Problem(
                code="missing-column",
                row=None,
                column=name,
                severity="error",
                message=f"{where(row=None, column=name, header=shown[name])}: this required "
                "column is not in the file (no header matches it).",
                fix=f"Add a column with the header {shown[name]} and fill it for every row, "
                "then send the file again.",
            )
        )
    for name, indexes in mapping.duplicates.items():
        places = ", ".join(column_position(i) for i in indexes)
        problems.append(
            Problem(
                code="duplicate-column",
                row=None,
                column=name,
                severity="error",
                message=f"{where(row=None, column=name, header=shown[name])}: {len(indexes)} "
                f"columns of the file hold this field ({places}).",
                fix=PROBLEM_KINDS["duplicate-column"].fix,
            )
        )
    for index in mapping.extra:
        header = headers[index]
        if not header:
            continue  # the reader reports blank-column-name
        problems.append(
            Problem(
                code="extra-column",
                row=None,
                # An unrecognised header row may be a record: never echo its texts.
                column=header if recognised else None,
                severity="warning",
                message=f"The {column_position(index)}"
                + (f" ({header})" if recognised else "")
                + f" is not a column of the {contract.dataset} dataset; it was ignored.",
                fix=PROBLEM_KINDS["extra-column"].fix,
            )
        )
    return problems
