"""The vocabulary of de-identification: the output columns of a dataset, age bands, dates.

:func:`output_columns` says exactly which columns a de-identified table (and the staging
table in the warehouse) has for a contract, with their SQL types and meanings; the rest
are the small pure helpers :mod:`pata.deid` and :mod:`pata.pseudonyms` share. No function
here logs or raises with a cell value.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import pandas as pd

from pata.contracts import MULTICODE_SEPARATOR, Column, Contract, load_contract
from pata.errors import ConfigError, PataError

AGE_BANDS: tuple[str, ...] = (
    "0-8",
    "9-17",
    "18-20",
    "21-23",
    "24-26",
    "27-29",
    "30-38",
    "39-47",
    "48+",
)
"""CTDC ``ageBroad`` bands, youngest first."""
UNKNOWN_AGE_BAND = "unknown"
ADULT_AGE = 18
ROW_COLUMN = "__row"
UNIT_SEPARATOR = "\x1f"
PERSON_NAMESPACE = "person"
WITHHELD_NAMESPACE = "withheld"
PERIOD_MONTH = "period_month"
RECORD_KEY = "record_key"
PERSON_KEY = "person_key"

_BAND_LOWER_BOUNDS: tuple[int, ...] = (0, 9, 18, 21, 24, 27, 30, 39, 48)
SQL_TYPES = {
    "string": "text",
    "code": "text",
    "integer": "integer",
    "number": "numeric",
    "boolean": "boolean",
    "date": "date",
}
PANDAS_DTYPES = {
    "text": "string",
    "integer": "Int64",
    "numeric": "Float64",
    "boolean": "boolean",
    "date": "datetime64[s]",
    "smallint": "Int16",
    "text[]": "string",
}
_MAX_IDENTIFIER = 63  # PostgreSQL's NAMEDATALEN - 1


class DeidentificationError(PataError):
    """A row cannot be de-identified (a required id or date is missing)."""

    code = "deidentification-error"


@dataclass(frozen=True)
class OutputColumn:
    """One column of a de-identified table: its name, SQL type, meaning and source column(s)."""

    name: str
    sql_type: str
    description: str
    source: str

    @property
    def pandas_dtype(self) -> str:
        """The dtype of the column in :attr:`DeidentifiedTable.frame`."""
        return PANDAS_DTYPES[self.sql_type]


# Age bands ---------------------------------------------------------------------------------


def age_band(age: int | None) -> str:
    """The CTDC age band of an age in whole years; ``"unknown"`` for None."""
    if age is None or pd.isna(age):
        return UNKNOWN_AGE_BAND
    if age < 0:
        raise ValueError("an age cannot be negative")
    return AGE_BANDS[bisect.bisect_right(_BAND_LOWER_BOUNDS, int(age)) - 1]


def age_bands(ages: pd.Series) -> pd.Series:
    """The CTDC band of each age ("string"; ``"unknown"`` for NA), vectorised."""
    import numpy as np

    known = ages.notna().to_numpy()
    positions = np.searchsorted(
        _BAND_LOWER_BOUNDS, ages.fillna(0).to_numpy(dtype="int64"), side="right"
    )
    labels = np.array(AGE_BANDS, dtype=object)[positions - 1]
    bands = np.where(known, labels, UNKNOWN_AGE_BAND)
    return pd.Series(bands, index=ages.index, dtype="string")


def ages_at(births: pd.Series, references: pd.Series) -> pd.Series:
    """Age in whole years at each reference date ("Int64"; NA when unknown or negative)."""
    births = as_dates(births)
    references = as_dates(references)
    known = births.notna() & references.notna()
    ages = pd.Series(pd.NA, index=births.index, dtype="Int64")
    if known.any():
        b, r = births[known], references[known]
        before_birthday = (r.dt.month * 100 + r.dt.day) < (b.dt.month * 100 + b.dt.day)
        years = r.dt.year - b.dt.year - before_birthday.astype(int)
        ages[known] = years.astype("int64")
    return ages.mask(ages < 0)


# Output columns ----------------------------------------------------------------------------


def output_columns(contract: Contract) -> list[OutputColumn]:
    """The exact columns of :attr:`DeidentifiedTable.frame` for ``contract``, in order.

    Record id output first, then ``period_month``, then ``person_key`` (when the contract
    has a person key), then every other column's output in contract order. The consent
    column is never output.
    """
    record = contract.column(contract.record_id)
    if record.deid_action not in ("keep", "pseudonymize"):
        raise ConfigError(
            f"contract {contract.dataset}: the record id {record.name} must be kept or "
            "pseudonymised",
            code="invalid-record-id-deid",
        )
    columns = list(outputs_of(record, contract))
    columns.append(
        OutputColumn(
            PERIOD_MONTH,
            "date",
            f"First day of the month of {contract.period_column}: the reporting month of the row.",
            contract.period_column,
        )
    )
    if contract.person_key:
        columns.append(
            OutputColumn(
                PERSON_KEY,
                "text",
                "Pseudonym of the person (HMAC-SHA256 under the pipeline key of the partner and "
                f"the normalised {', '.join(contract.person_key)}): the same person in two files "
                "of one partner has the same key; not comparable across partners.",
                ",".join(contract.person_key),
            )
        )
    for column in contract.columns:
        if column.name in (contract.record_id, contract.consent_column):
            continue
        columns.extend(outputs_of(column, contract))
    names = [column.name for column in columns]
    too_long = [name for name in names if len(name) > _MAX_IDENTIFIER]
    if too_long:
        # PostgreSQL would silently truncate them, and two could then collide.
        raise ConfigError(
            f"contract {contract.dataset}: de-identified column name(s) longer than "
            f"{_MAX_IDENTIFIER} characters: {', '.join(too_long)}",
            code="output-column-name-too-long",
        )
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ConfigError(
            f"contract {contract.dataset}: de-identified column(s) {', '.join(duplicated)} "
            "would appear twice",
            code="duplicate-output-column",
        )
    return columns


def outputs_of(column: Column, contract: Contract) -> list[OutputColumn]:
    action, rule, name = column.deid_action, column.deid_rule, column.name
    if action == "drop":
        return []
    if action == "pseudonymize":
        is_record = name == contract.record_id
        target = "this record" if is_record else f"the {namespace_of(column, contract)} record"
        return [
            OutputColumn(
                RECORD_KEY if is_record else f"{name.lower()}_key",
                "text",
                f"Pseudonym of {name} (HMAC-SHA256 under the pipeline key, scoped to the "
                f"partner): identifies {target} without its id.",
                name,
            )
        ]
    if rule == "age_band":
        return [
            OutputColumn(
                "age_band",
                "text",
                f"CTDC age band ({', '.join(AGE_BANDS)}) at {contract.period_column}, from "
                f"{name}; unknown without it.",
                name,
            ),
            OutputColumn(
                "is_minor",
                "boolean",
                f"Under {ADULT_AGE} at {contract.period_column}; null when the age is unknown.",
                name,
            ),
        ]
    if rule == "month":
        return [
            OutputColumn(
                month_column_name(name),
                "date",
                f"First day of the month of {name}. {column.description}",
                name,
            )
        ]
    if rule == "province":
        return []  # the row's own province column is the generalised place
    if column.type == "multicode":
        return [
            OutputColumn(
                name.lower(),
                "text[]",
                f"The codes of {name} chosen, in code-list order, joined by "
                f"'{MULTICODE_SEPARATOR}' (text[] in the warehouse); null when unanswered, "
                "empty when no answer is a known code.",
                name,
            )
        ]
    return [OutputColumn(name.lower(), SQL_TYPES[column.type], column.description, name)]


def month_column_name(name: str) -> str:
    """The output name of a date generalised to its month: ``start_date`` -> ``start_month``."""
    base = name.lower()
    return f"{base.removesuffix('_date')}_month"


def namespace_of(column: Column, contract: Contract) -> str:
    """The pseudonym namespace: a record id's dataset; a reference gets its target's."""
    if column.name == contract.record_id:
        return contract.dataset
    for rule in contract.rules:
        if rule.kind == "references" and rule.column == column.name and rule.dataset:
            target = load_contract(rule.dataset)
            if rule.target == target.record_id:
                return target.dataset
            return f"{target.dataset}.{rule.target}"
    return f"{contract.dataset}.{column.name}"


# Dates -------------------------------------------------------------------------------------


def as_dates(values: pd.Series) -> pd.Series:
    """Dates as "datetime64[s]" at midnight (NaT when empty), whatever the input dtype."""
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        values = pd.to_datetime(values.astype(object).where(values.notna(), None))
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    return values.dt.normalize().astype("datetime64[s]")


def first_of_month(dates: pd.Series) -> pd.Series:
    """The first day of the month of each date ("datetime64[s]")."""
    return dates.dt.to_period("M").dt.to_timestamp().astype("datetime64[s]")
