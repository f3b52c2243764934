"""Cells typed by their contract column: cleaning, parsing by distinct value, problems.

Every cell is cleaned (Unicode NFC, whitespace collapsed, outer whitespace stripped: noise,
never a defect) and typed by its column's contract type, with the partner's value labels
mapped to canonical codes. A cell that cannot be typed never raises: it becomes null and a
positioned, value-free :class:`~pata.validation.problems.Problem`. Parsing works on the
distinct values of a column, not on each row, so a 100,000-row file costs as much Python as
its few thousand distinct values. :mod:`pata.conform` applies it to every column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pata.contracts import MULTICODE_SEPARATOR, Column
from pata.registry import PartnerDataset
from pata.validation.problems import PROBLEM_KINDS, Problem, codes_hint, where
from pata.validation.suites import INTEGER_PATTERN, ISO_DATE_FORMAT, NUMBER_PATTERN

BOOLEAN_WORDS: Mapping[str, str] = {
    "true": "true",
    "false": "false",
    "yes": "true",
    "no": "false",
    "y": "true",
    "n": "false",
    "1": "true",
    "0": "false",
}
_SPACES = r"[\s\p{Z}\x{200b}\x{feff}]+"
_INT64_MAX = 2**63 - 1
_INTEGER = re.compile(INTEGER_PATTERN)
_NUMBER = re.compile(NUMBER_PATTERN)


def header_key(text: str) -> str:
    """The form two headers or labels are compared in: NFC, case-folded, whitespace collapsed."""
    collapsed = " ".join(text.split())
    return unicodedata.normalize("NFC", collapsed).casefold()


def clean_text(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """NFC, every run of whitespace one space, no outer whitespace; empty becomes null."""
    text = pc.utf8_normalize(values, form="NFC")
    text = pc.replace_substring_regex(text, pattern=_SPACES, replacement=" ")
    text = pc.utf8_trim_whitespace(text)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def clean_cells(values: pa.ChunkedArray) -> pd.Series:
    """One column's cells cleaned (:func:`clean_text`) as a pandas string series."""
    cleaned = clean_text(values.cast(pa.string()))
    return pd.Series(cleaned.to_pandas(), dtype="string")


def empty_cells(column: Column, index: pd.Index) -> pd.Series:
    """An all-null column of the column's dtype (a contract column absent from the file)."""
    return pd.Series(pd.NA, index=index, dtype=_DTYPES[column.type])


_DTYPES: Mapping[str, str] = {
    "string": "string",
    "code": "string",
    "multicode": "string",
    "date": "datetime64[s]",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


@dataclass
class ColumnTyping:
    """The typed values of one column, its canonical text, and which cells are wrong."""

    values: pd.Series
    text: pd.Series
    missing: np.ndarray
    bad_type: np.ndarray
    unknown: np.ndarray
    out_of_range: np.ndarray
    column: Column
    required: bool

    @property
    def error_mask(self) -> pd.Series:
        mask = self.bad_type | self.unknown | self.out_of_range
        if self.required:
            mask = mask | self.missing
        return pd.Series(mask, index=self.values.index)

    def problems(
        self, rows: np.ndarray, *, column: str, header: str | None, spec: PartnerDataset
    ) -> list[Problem]:
        found: list[Problem] = []
        for code, mask in (
            ("missing-value", self.missing if self.required else None),
            ("type-error", self.bad_type),
            ("unknown-code", self.unknown),
            ("out-of-range", self.out_of_range),
        ):
            if mask is None or not mask.any():
                continue
            what, fix = _explain(code, self.column, spec=spec)
            for row in rows[mask].tolist():
                found.append(
                    Problem(
                        code=code,
                        row=row,
                        column=column,
                        severity="error",
                        message=f"{where(row=row, column=column, header=header)}: {what}",
                        fix=fix,
                    )
                )
        return found


def type_column(column: Column, cells: pd.Series, *, spec: PartnerDataset) -> ColumnTyping:
    """Type one column's cleaned cells by its contract type; never raises on a bad cell."""
    converters: Mapping[str, Callable[..., ColumnTyping]] = {
        "string": _as_string,
        "code": _as_code,
        "multicode": _as_multicode,
        "date": _as_date,
        "integer": _as_integer,
        "number": _as_number,
        "boolean": _as_boolean,
    }
    return converters[column.type](column, cells, spec=spec)


def _typing(
    column: Column,
    values: pd.Series,
    text: pd.Series,
    *,
    bad_type: np.ndarray | None = None,
    unknown: np.ndarray | None = None,
    out_of_range: np.ndarray | None = None,
) -> ColumnTyping:
    none = np.zeros(len(values), dtype=bool)
    return ColumnTyping(
        values=values,
        text=text,
        missing=text.isna().to_numpy(),
        bad_type=none if bad_type is None else bad_type,
        unknown=none if unknown is None else unknown,
        out_of_range=none if out_of_range is None else out_of_range,
        column=column,
        required=column.required,
    )


def _by_distinct(cells: pd.Series, parse: Callable[[str], object]) -> tuple[np.ndarray, list]:
    """Parse each distinct cell once; return per-row positions into the parsed list (-1: null)."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return codes, [parse(value) for value in uniques]


def _as_string(column: Column, cells: pd.Series, *, spec: PartnerDataset) -> ColumnTyping:
    return _typing(column, cells, cells)


def _label_lookup(column: Column, spec: PartnerDataset) -> dict[str, str]:
    lookup = {header_key(code): code for code in column.codes}
    for label, code in spec.value_map.get(column.name, {}).items():
        lookup[header_key(label)] = code
    return lookup


def _as_code(column: Column, cells: pd.Series, *, spec: PartnerDataset) -> ColumnTyping:
    lookup = _label_lookup(column, spec)
    codes, parsed = _by_distinct(cells, lambda value: lookup.get(header_key(value)))
    canonical = _take(parsed, codes, dtype="string", index=cells.index)
    unknown = (cells.notna() & canonical.isna()).to_numpy()
    return _typing(column, canonical, canonical.fillna(cells), unknown=unknown)


def _as_multicode(column: Column, cells: pd.Series, *, spec: PartnerDataset) -> ColumnTyping:
    lookup = _label_lookup(column, spec)

    def parse(value: str) -> tuple[str | None, str | None]:
        tokens = [token.strip() for token in value.split(MULTICODE_SEPARATOR)]
        tokens = [token for token in tokens if token]
        if not tokens:
            return None, None  # only separators: an empty cell
        found = [lookup.get(header_key(token)) for token in tokens]
        if any(code is None for code in found):
            return None, value
        joined = MULTICODE_SEPARATOR.join(sorted({code for code in found if code}))
        return joined, joined

    codes, parsed = _by_distinct(cells, parse)
    canonical = _take([item[0] for item in parsed], codes, dtype="string", index=cells.index)
    text = _take([item[1] for item in parsed], codes, dtype="string", index=cells.index)
    unknown = (text.notna() & canonical.isna()).to_numpy()
    return _typing(column, canonical, text, unknown=unknown)


def _as_boolean(column: Column, cells: pd.Series, *, spec: PartnerDataset) -> ColumnTyping:
    lookup = dict(BOOLEAN_WORDS)
    for label, code in spec.value_map.get(column.name, {}).items():
        lookup[header_key(label)] = code
    codes, parsed = _by_distinct(cells, lambda value: lookup.get(header_key(value)))
    canonical = _take(parsed, codes, dtype="string", index=cells.index)
    bad = (cells.notna() & canonical.isna()).to_numpy()
    values = canonical.map({"true": True, "false": False}).astype("boolean")
    return _typing(column, values, canonical.fillna(cells), bad_type=bad)


def parse_date(text: str, *, date_format: str | None) -> date | None:
    """Read a date in the partner's format or ISO 8601 (a time of day is ignored)."""
    for fmt in (date_format, ISO_DATE_FORMAT):
        if fmt is None:
            continue
        candidate = text.split("T", 1)[0].split(" ", 1)[0] if fmt == ISO_DATE_FORMAT else text
        try:
            return datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    return None


def _as_date(column: Column, cells: pd.Series, *, spec: PartnerDataset) -> ColumnTyping:
    codes, parsed = _by_distinct(
        cells, lambda value: parse_date(value, date_format=spec.date_format)
    )
    days = np.array(
        [
            np.datetime64(day, "s") if day is not None else np.datetime64("NaT", "s")
            for day in parsed
        ]
        + [np.datetime64("NaT", "s")],
        dtype="datetime64[s]",
    )
    values = pd.Series(days[codes], index=cells.index, dtype="datetime64[s]")
    iso = [day.isoformat() if day is not None else None for day in parsed]
    text = _take(iso, codes, dtype="string", index=cells.index).fillna(cells)
    bad = (cells.notna() & values.isna()).to_numpy()
    return _typing(column, values, text, bad_type=bad)


def _parse_integer(text: str) -> int | None:
    if not _INTEGER.match(text):
        return None
    return int(text.split(".", 1)[0])


def _as_integer(column: Column, cells: pd.Series, *, spec: PartnerDataset) -> ColumnTyping:
    codes, parsed = _by_distinct(cells, _parse_integer)
    huge = [value is not None and abs(value) > _INT64_MAX for value in parsed]
    storable = [None if too_big else value for value, too_big in zip(parsed, huge, strict=True)]
    values = _take(storable, codes, dtype="Int64", index=cells.index)
    bad = (
        cells.notna() & _take(parsed, codes, dtype="object", index=cells.index).isna()
    ).to_numpy()
    beyond = np.array([*huge, False])[codes]
    out = _outside(values.astype("Float64"), column) | beyond
    return _typing(column, values, cells, bad_type=bad, out_of_range=out)


def _parse_number(text: str) -> float | None:
    return float(text) if _NUMBER.match(text) else None


def _as_number(column: Column, cells: pd.Series, *, spec: PartnerDataset) -> ColumnTyping:
    codes, parsed = _by_distinct(cells, _parse_number)
    values = _take(parsed, codes, dtype="Float64", index=cells.index)
    bad = (cells.notna() & values.isna()).to_numpy()
    return _typing(column, values, cells, bad_type=bad, out_of_range=_outside(values, column))


def _outside(values: pd.Series, column: Column) -> np.ndarray:
    out = pd.Series(False, index=values.index)
    if column.minimum is not None:
        out |= (values < column.minimum).fillna(False).astype(bool)
    if column.maximum is not None:
        out |= (values > column.maximum).fillna(False).astype(bool)
    return out.to_numpy(dtype=bool)


def _take(parsed: Sequence[object], codes: np.ndarray, *, dtype: str, index: pd.Index) -> pd.Series:
    """Spread parsed distinct values back over the rows (position -1 is null)."""
    table = np.empty(len(parsed) + 1, dtype=object)
    table[: len(parsed)] = list(parsed)
    table[len(parsed)] = None
    spread = table[codes]
    return pd.Series(spread, index=index, dtype=dtype)


# -- messages ---------------------------------------------------------------------------


def _explain(code: str, column: Column, *, spec: PartnerDataset) -> tuple[str, str]:
    """(what is wrong, how to fix it) for one cell problem of a column; never a value."""
    if code == "missing-value":
        return "this column is required and the cell is empty.", PROBLEM_KINDS[code].fix
    if code == "unknown-code":
        labels = list(spec.value_map.get(column.name, {}))
        what = "the value is not one of the allowed codes."
        if column.type == "multicode":
            what = (
                "at least one of the values is not an allowed code "
                f"(separate several codes with {MULTICODE_SEPARATOR})."
            )
        return what, codes_hint(column.codes, labels=labels)
    if code == "out-of-range":
        return "the value is outside the allowed range.", _range_fix(column)
    # type-error
    if column.type == "date":
        example = date(2031, 12, 25)
        forms = [example.strftime(spec.date_format)] if spec.date_format else []
        forms.append(example.isoformat())
        shown = " or ".join(dict.fromkeys(forms))
        return "the value is not a date that exists.", (
            f"Write the date like {shown} (day 25, month 12, year 2031), with a real day "
            "of the month."
        )
    if column.type == "boolean":
        labels = sorted(spec.value_map.get(column.name, {}).keys())
        own = f", or your labels {', '.join(labels)}" if labels else ""
        return "the value is not yes or no.", f"Write true or false (yes/no, 1/0{own})."
    if column.type == "integer":
        return "the value is not a whole number.", (
            "Write a whole number with digits only, for example 12: no words, units, "
            "ranges, '+' after the number or thousands separators."
        )
    return "the value is not a number.", (
        "Write a number with digits and a decimal point, for example 12.5: no words or units."
    )


def _range_fix(column: Column) -> str:
    def shown(bound: float) -> str:
        return str(int(bound)) if float(bound).is_integer() else str(bound)

    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f"Correct the value: it must be from {shown(low)} to {shown(high)}."
    if low is not None:
        return f"Correct the value: it must be at least {shown(low)}."
    if high is not None:
        return f"Correct the value: it must be at most {shown(high)}."
    return "Correct the value."
