"""The HTCDS Excel toolkit layout: a case workbook exactly as IOM ships it, read as ``cases``.

A toolkit sheet does not start with its header: title rows come first, then (often hidden)
a row of HTCDS field names such as ``prs_FirstName``, then the row of labels people fill by
(``First Name``), then the records, then empty template rows that hold only their
pre-printed number or formatting. Other sheets hold instructions and picklists.

:func:`locate_header` finds the header in the first rows of a sheet and identifies every
column, by its field name or by its label. When the two disagree (a misspelt name, a name
that does not belong to its label, a column without a name) the label wins: it is what the
person who filled the column read. :func:`shape_rows` turns the records under it into the
``cases`` contract's columns:

- picklist labels stay as written; the registry adds the standard's labels to the partner's
  value labels, and conform maps them to value names whatever their case and spacing;
- a row is a record only when an identified column holds something other than the
  template's own numbering or an unticked checkbox;
- what the toolkit lacks is derived, each in one documented way (docs/contracts.md):
  ``partner_case_id`` <- the file's period and the workbook row (``2026-03-R12``), or the
  row alone for a file without a period; ``identification_date`` <- the Incoming Referral
  Date, else the first day of the file's period; ``province`` <- the Mailing
  State/Province (through the partner's province labels); ``hte_Country`` <- the partner's
  country when the toolkit's Country is empty;
- every other toolkit column (addresses, e-mail, phones but the mobile, case workers,
  free-text details, ...) is not read further: it never leaves this module.

The module is pure: rows in, rows out. :mod:`pata.layouts.reading` feeds it a workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pata.contracts import Contract
from pata.layouts.htcds_reference import (
    fields_by_label,
    fields_by_name,
    picklist_labels,
    text_key,
)
from pata.periods import Period
from pata.readers.headers import column_position
from pata.readers.model import FileProblem

LAYOUT = "htcds-toolkit"
HEADER_SEARCH_ROWS = 30
"""Non-empty rows of a sheet searched for the header."""
MIN_HEADER_MATCHES = 3
"""A row is a header row when at least this many of its cells are field names (or labels)."""

DERIVED_FROM: Mapping[str, str] = {
    "identification_date": "cas_IncomingReferralDate",
    "province": "prs_MailingState",
}
"""Contract column -> the toolkit field it is derived from when the toolkit lacks it."""
PICKLIST_OF: Mapping[str, str] = {"cas_ReferredOrganisation": "org_Type"}
"""Contract columns whose codes are another HTCDS field's picklist (a lookup in HTCDS)."""
UNTICKED = frozenset({"false", "no", "0", "☐", "□"})
"""Cell texts an empty template row may carry (an unticked checkbox): not a record."""

How = Literal["name", "label", "name-and-label", "label-over-name", "none"]

Row = tuple[int, Sequence[str | None]]
"""A sheet row: the row number a partner sees, and its cell texts (None: empty)."""


@dataclass(frozen=True)
class ColumnReading:
    """How one column of a toolkit sheet was identified and what it is used for."""

    index: int
    name: str | None
    label: str | None
    field: str | None
    how: How
    used_as: str | None
    """The contract column it fills (directly or by derivation); None: not read further."""

    def note(self) -> str:
        """One plain sentence for the feedback: where, what it was read as, and why."""
        shown = column_position(self.index)
        written = ", ".join(
            part
            for part in (
                f"labelled {self.label!r}" if self.label else "",
                f"field name {self.name!r}" if self.name else "",
            )
            if part
        )
        head = f"The {shown}" + (f", {written}," if written else "")
        if self.field is None:
            return f"{head} is not a field of the HTCDS toolkit; it was not read."
        reason = {
            "name": "by its field name",
            "label": "by its label",
            "name-and-label": "by its field name and label",
            "label-over-name": "by its label (its field name does not match it; the label wins)",
            "none": "",
        }[self.how]
        if self.used_as is None:
            return (
                f"{head} was read {reason} as {self.field}, which the cases dataset does "
                "not keep; it was not read further."
            )
        if self.used_as != self.field:
            return f"{head} was read {reason} as {self.field}; it gives {self.used_as}."
        return f"{head} was read {reason} as {self.field}."


@dataclass(frozen=True)
class ToolkitHeader:
    """Where a toolkit sheet's header is and how each of its columns was identified."""

    name_row: int | None
    label_row: int | None
    columns: tuple[ColumnReading, ...]

    @property
    def last_row(self) -> int:
        """The number of the header's last row; records come after it."""
        return max(row for row in (self.name_row, self.label_row) if row is not None)

    def notes(self) -> list[FileProblem]:
        """The column mapping as value-free notes (code ``column-mapped``) for the feedback."""
        rows = " and ".join(
            f"row {row} ({kind})"
            for row, kind in ((self.name_row, "field names"), (self.label_row, "labels"))
            if row is not None
        )
        header = FileProblem(
            code="column-mapped",
            message=f"The workbook was read in the HTCDS toolkit layout; its header is {rows}.",
        )
        return [
            header,
            *(
                FileProblem(code="column-mapped", message=reading.note(), column=reading.used_as)
                for reading in self.columns
                if reading.name or reading.label
            ),
        ]


@dataclass(frozen=True)
class ToolkitContext:
    """What derivation needs beyond the sheet: the contract, the partner's country, the period."""

    contract: Contract
    country: str
    period: Period | None
    aliases: Mapping[str, str]
    """The partner's own headers (registry ``columns``) -> contract column; read as labels."""


class HeaderNotFound(Exception):
    """No header in the rows searched; ``best`` is (row, matches) of the closest row."""

    def __init__(self, *, searched: int, last_row: int, best: tuple[int, int] | None) -> None:
        super().__init__("no toolkit header")
        self.searched = searched
        self.last_row = last_row
        self.best = best


def locate_header(rows: Sequence[Row], *, context: ToolkitContext) -> ToolkitHeader:
    """Find the header in the first rows of a sheet and identify each column.

    Raises :class:`HeaderNotFound` when no row has :data:`MIN_HEADER_MATCHES` field names
    or labels.
    """
    head = list(rows[:HEADER_SEARCH_ROWS])
    names = [_count(cells, _name_of) for _, cells in head]
    labels = [_count(cells, lambda text: _fields_labelled(text, context)) for _, cells in head]
    name_at = _best(names)
    label_at = _best(labels)
    if name_at is None and label_at is None:
        scores = [max(pair) for pair in zip(names, labels, strict=True)]
        best = max(range(len(scores)), key=lambda i: scores[i], default=None)
        raise HeaderNotFound(
            searched=len(head),
            last_row=head[-1][0] if head else 0,
            best=None if best is None or not scores[best] else (head[best][0], scores[best]),
        )
    name_cells = head[name_at][1] if name_at is not None else ()
    label_cells = head[label_at][1] if label_at is not None else ()
    width = max(len(name_cells), len(label_cells))
    readings = tuple(
        _identify(
            index,
            name=_cell(name_cells, index),
            label=_cell(label_cells, index),
            context=context,
        )
        for index in range(width)
    )
    return ToolkitHeader(
        name_row=head[name_at][0] if name_at is not None else None,
        label_row=head[label_at][0] if label_at is not None else None,
        columns=_first_of_each(readings),
    )


def output_columns(header: ToolkitHeader, *, context: ToolkitContext) -> list[str]:
    """The contract columns a shaped row holds, in contract order."""
    used = {reading.used_as for reading in header.columns if reading.used_as}
    derived = {"partner_case_id", "identification_date", "hte_Country"}
    return [name for name in context.contract.names if name in used or name in derived]


def shape_rows(
    header: ToolkitHeader, rows: Iterable[Row], *, context: ToolkitContext
) -> Iterator[tuple[int, list[str | None]]]:
    """The records under the header as cells of :func:`output_columns`, with their row numbers.

    Rows at or above the header and rows holding only template numbering or unticked boxes
    are left out.
    """
    columns = output_columns(header, context=context)
    direct = {r.used_as: r.index for r in header.columns if r.used_as and r.used_as == r.field}
    sources = {r.field: r.index for r in header.columns if r.field and r.used_as}
    identified = [r.index for r in header.columns if r.field is not None]
    for number, cells in rows:
        if number <= header.last_row or not _is_record(cells, identified):
            continue
        values: dict[str, str | None] = {
            name: _cell(cells, index) for name, index in direct.items()
        }
        _derive(values, number=number, cells=cells, sources=sources, context=context)
        yield number, [values.get(name) for name in columns]


def toolkit_value_labels(contract: Contract) -> dict[str, dict[str, str]]:
    """Per contract column, the standard's picklist labels -> value names (for conform)."""
    labels: dict[str, dict[str, str]] = {}
    for column in contract.columns:
        source = PICKLIST_OF.get(column.name, column.name)
        found = {
            label: name for label, name in picklist_labels(source).items() if name in column.codes
        }
        if column.type == "boolean":
            found = {"x": "true", "✓": "true", "✔": "true", "☑": "true", "☒": "true", "☐": "false"}
        if found:
            labels[column.name] = found
    return labels


# -- identification ------------------------------------------------------------------------


def _name_of(text: str) -> tuple[str, ...]:
    found = fields_by_name().get(text_key(text))
    return (found,) if found else ()


def _fields_labelled(text: str, context: ToolkitContext) -> tuple[str, ...]:
    key = text_key(text)
    alias = next((c for h, c in context.aliases.items() if text_key(h) == key), None)
    if alias is not None:
        return (alias,)
    return fields_by_label().get(key, ())


def _count(cells: Sequence[str | None], identify: Callable[[str], tuple[str, ...]]) -> int:
    return sum(1 for cell in cells if cell and identify(cell))


def _best(scores: Sequence[int]) -> int | None:
    best = max(range(len(scores)), key=lambda i: (scores[i], -i), default=None)
    return best if best is not None and scores[best] >= MIN_HEADER_MATCHES else None


def _identify(
    index: int, *, name: str | None, label: str | None, context: ToolkitContext
) -> ColumnReading:
    named = _name_of(name)[0] if name and _name_of(name) else None
    if named is None and name and context.contract.has_column(name.strip()):
        named = name.strip()  # a contract addition the partner added to the toolkit
    candidates = _fields_labelled(label, context) if label else ()
    labelled: str | None
    if len(candidates) == 1:
        labelled = candidates[0]
    elif named in candidates:
        labelled = named
    else:
        labelled = None  # an ambiguous label ("Type") without a name to settle it
    how: How
    if labelled and named:
        field, how = labelled, "name-and-label" if labelled == named else "label-over-name"
    elif labelled:
        field, how = labelled, "label"
    elif named:
        field, how = named, "name"
    else:
        field, how = None, "none"
    return ColumnReading(
        index=index,
        name=name,
        label=label,
        field=field,
        how=how,
        used_as=_used_as(field, context),
    )


def _used_as(field: str | None, context: ToolkitContext) -> str | None:
    if field is None:
        return None
    if context.contract.has_column(field):
        return field
    return next((column for column, source in DERIVED_FROM.items() if source == field), None)


def _first_of_each(readings: Sequence[ColumnReading]) -> tuple[ColumnReading, ...]:
    """A field in two columns is read from the first; the second is noted as not read."""
    seen: set[str] = set()
    kept = []
    for reading in readings:
        if reading.field is not None and reading.field in seen:
            reading = ColumnReading(
                index=reading.index,
                name=reading.name,
                label=reading.label,
                field=None,
                how="none",
                used_as=None,
            )
        elif reading.field is not None:
            seen.add(reading.field)
        kept.append(reading)
    return tuple(kept)


# -- records -------------------------------------------------------------------------------


def _cell(cells: Sequence[str | None], index: int) -> str | None:
    if index >= len(cells):
        return None
    value = cells[index]
    if value is None:
        return None
    value = value.strip()
    return value or None


def _is_record(cells: Sequence[str | None], identified: Sequence[int]) -> bool:
    for index in identified:
        value = _cell(cells, index)
        if value is not None and text_key(value) not in UNTICKED:
            return True
    return False


def _derive(
    values: dict[str, str | None],
    *,
    number: int,
    cells: Sequence[str | None],
    sources: Mapping[str, int],
    context: ToolkitContext,
) -> None:
    def source(field: str) -> str | None:
        index = sources.get(field)
        return None if index is None else _cell(cells, index)

    period = context.period
    if not values.get("partner_case_id"):
        values["partner_case_id"] = f"{period.label}-R{number}" if period else f"R{number}"
    if not values.get("identification_date"):
        values["identification_date"] = source(DERIVED_FROM["identification_date"]) or (
            period.start.isoformat() if period else None
        )
    if not values.get("province"):
        values["province"] = source(DERIVED_FROM["province"])
    if not values.get("hte_Country"):
        values["hte_Country"] = context.country
