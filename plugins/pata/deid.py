"""De-identification of a file's valid rows, as the dataset contract says, before any write.

Input: the typed table of the valid rows (canonical column names, ``__row``). Output: a
:class:`DeidentifiedTable` whose frame holds only the columns of :func:`output_columns`:

- ``drop``: no column; direct identifiers (names, phones, identity numbers, notes) end here;
- ``pseudonymize``: ``record_key`` for the record id, ``<name>_key`` for another id, each an
  HMAC-SHA256 under the pipeline's key (:mod:`pata.keys`) scoped to the partner;
- the contract's person key columns: ``person_key``, the same for the same person in any
  file of the same partner;
- ``generalize:age_band``: ``age_band`` (CTDC bands, age at the row's period date) and
  ``is_minor``; ``generalize:month``: ``<name>_month`` (a ``_date`` suffix dropped);
  ``generalize:province``: nothing, the row's own ``province`` column is the generalised place;
- ``keep``: the value; a multi-select becomes its codes in code-list order (``text[]`` in
  the warehouse: a multi-select is stored once, never as a column per code);

Every value is worked out once per distinct value (ids, name parts, answers), then taken
row by row with vectorised indexing: no Python loop per row.
- rows without consent leave no row: they are counted per month, nothing more.

No function here logs or raises with a cell value: positions, column names and codes only.
"""

from __future__ import annotations

import bisect
import functools
import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from pata.contracts import MULTICODE_SEPARATOR, Column, Contract, load_contract
from pata.errors import ConfigError, PataError
from pata.keys import PseudonymKey

log = logging.getLogger(__name__)

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
_SQL_TYPES = {
    "string": "text",
    "code": "text",
    "integer": "integer",
    "number": "numeric",
    "boolean": "boolean",
    "date": "date",
}
_PANDAS_DTYPES = {
    "text": "string",
    "integer": "Int64",
    "numeric": "Float64",
    "boolean": "boolean",
    "date": "datetime64[s]",
    "smallint": "Int16",
    "text[]": "string",
}
_POSITIONS_SHOWN = 10
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
        return _PANDAS_DTYPES[self.sql_type]


@dataclass(repr=False)
class DeidentifiedTable:
    """The de-identified rows of one file, ready for staging, and what was withheld.

    ``withheld_no_consent`` maps the first day of a month of the period column to the number
    of rows withheld for lack of consent (for ``core.withheld_no_consent``).
    ``withheld_record_keys`` holds the record pseudonyms of those rows, for the load only: a
    row loaded earlier whose consent is now withdrawn must be deleted. Never store them.
    ``withheld_persons`` holds, per withheld row, its month and a one-way token of its person
    (:func:`withheld_person_tokens`): stored so that a person counts once per period.
    """

    dataset: str
    partner_code: str
    frame: pd.DataFrame
    withheld_no_consent: dict[date, int]
    key_fingerprint: str
    withheld_record_keys: tuple[str, ...] = field(default=())
    withheld_persons: tuple[tuple[date, str], ...] = field(default=())

    @property
    def withheld_total(self) -> int:
        """Rows withheld for lack of consent, all months together."""
        return sum(self.withheld_no_consent.values())

    def __repr__(self) -> str:
        return (
            f"DeidentifiedTable(dataset={self.dataset}, partner_code={self.partner_code}, "
            f"rows={len(self.frame)}, columns={len(self.frame.columns)}, "
            f"withheld={self.withheld_total}, key_fingerprint={self.key_fingerprint})"
        )


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
    births = _as_dates(births)
    references = _as_dates(references)
    known = births.notna() & references.notna()
    ages = pd.Series(pd.NA, index=births.index, dtype="Int64")
    if known.any():
        b, r = births[known], references[known]
        before_birthday = (r.dt.month * 100 + r.dt.day) < (b.dt.month * 100 + b.dt.day)
        years = r.dt.year - b.dt.year - before_birthday.astype(int)
        ages[known] = years.astype("int64")
    return ages.mask(ages < 0)


# Pseudonyms --------------------------------------------------------------------------------


def normalise_record_id(value: str) -> str:
    """An id as compared for pseudonyms: stripped, casefolded, inner whitespace collapsed."""
    return " ".join(str(value).casefold().split())


def normalise_person_text(value: str) -> str:
    """A name as compared for the person key: NFKC, casefolded, accent-free Latin, one space."""
    folded = unicodedata.normalize("NFKC", str(value)).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    kept: list[str] = []
    base_is_latin = False
    for char in decomposed:
        if unicodedata.combining(char):
            # Accents on Latin letters go; Khmer, Thai, Bengali... vowel signs are letters.
            if base_is_latin:
                continue
        else:
            base_is_latin = _is_latin(char)
        kept.append(char)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def pseudonymize(value: str, *, key: PseudonymKey, partner_code: str, namespace: str) -> str:
    """The stable pseudonym (64 hex) of an id of ``partner_code`` in ``namespace``.

    HMAC-SHA256(key, partner_code ␟ namespace ␟ normalised id). The namespace of a record id
    is its dataset, so ``record_key`` of a case equals ``partner_case_id_key`` of an
    enrolment referring to it.
    """
    normalised = normalise_record_id(value)
    if not normalised:
        raise DeidentificationError("an empty id cannot be pseudonymised", code="empty-id")
    message = UNIT_SEPARATOR.join((partner_code, namespace, normalised))
    return key.digest(message.encode("utf-8"))


def pseudonymize_person(
    parts: Sequence[str | date | None], *, key: PseudonymKey, partner_code: str
) -> str | None:
    """The person key (64 hex) of a person of ``partner_code``; None when every part is empty.

    HMAC-SHA256(key, partner_code ␟ "person" ␟ part ␟ part ...), names normalised by
    :func:`normalise_person_text`, dates as ISO ``YYYY-MM-DD``, an empty part as "".
    """
    texts = [_person_part(part) for part in parts]
    if not any(texts):
        return None
    message = UNIT_SEPARATOR.join((partner_code, PERSON_NAMESPACE, *texts))
    return key.digest(message.encode("utf-8"))


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
    columns = list(_outputs_of(record, contract))
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
        columns.extend(_outputs_of(column, contract))
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


def _outputs_of(column: Column, contract: Contract) -> list[OutputColumn]:
    action, rule, name = column.deid_action, column.deid_rule, column.name
    if action == "drop":
        return []
    if action == "pseudonymize":
        is_record = name == contract.record_id
        target = "this record" if is_record else f"the {_namespace(column, contract)} record"
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
    return [OutputColumn(name.lower(), _SQL_TYPES[column.type], column.description, name)]


def month_column_name(name: str) -> str:
    """The output name of a date generalised to its month: ``start_date`` -> ``start_month``."""
    base = name.lower()
    return f"{base.removesuffix('_date')}_month"


def _namespace(column: Column, contract: Contract) -> str:
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


# De-identification -------------------------------------------------------------------------


def deidentify(
    frame: pd.DataFrame, *, contract: Contract, partner_code: str, key: PseudonymKey
) -> DeidentifiedTable:
    """De-identify the valid rows of one file of ``partner_code`` as ``contract`` says."""
    if not partner_code:
        raise DeidentificationError("a partner code is required", code="missing-partner-code")
    columns = output_columns(contract)
    rows = _with_contract_columns(frame.reset_index(drop=True), contract)
    positions = _positions(rows)
    period = _as_dates(rows[contract.period_column])
    _require_present(period, contract.period_column, positions, code="missing-period-date")
    _require_present(rows[contract.record_id], contract.record_id, positions, code="missing-id")

    consented = _consent(rows, contract)
    withheld_months = _first_of_month(period[~consented])
    withheld = {
        timestamp.date(): int(count)
        for timestamp, count in withheld_months.value_counts().sort_index().items()
    }
    record = contract.column(contract.record_id)
    withheld_keys: tuple[str, ...] = ()
    if record.deid_action == "pseudonymize" and not consented.all():
        withheld_pseudonyms = _pseudonyms(
            rows.loc[~consented, record.name], record, contract, partner_code, key
        )
        withheld_keys = tuple(withheld_pseudonyms.dropna().tolist())
    withheld_persons: tuple[tuple[date, str], ...] = ()
    if not consented.all():
        tokens = withheld_person_tokens(
            rows.loc[~consented], contract=contract, partner_code=partner_code, key=key
        )
        pairs = pd.DataFrame({"month": withheld_months.dt.date, "token": tokens})
        withheld_persons = tuple(pairs.dropna().drop_duplicates().itertuples(False, None))

    kept = rows.loc[consented].reset_index(drop=True)
    built: dict[str, pd.Series] = {}
    for column in contract.columns:
        if column.name != contract.consent_column:
            built.update(_derive(column, kept, contract, partner_code, key))
    built[PERIOD_MONTH] = _first_of_month(_as_dates(kept[contract.period_column]))
    if contract.person_key:
        built[PERSON_KEY] = _person_keys(kept, contract, partner_code, key)
    result = pd.DataFrame(
        {c.name: built[c.name].astype(c.pandas_dtype) for c in columns}, index=kept.index
    )
    log.info(
        "de-identified %s rows of %s for %s (%s withheld without consent, key %s)",
        len(result),
        contract.dataset,
        partner_code,
        len(rows) - len(result),
        key.fingerprint,
    )
    return DeidentifiedTable(
        dataset=contract.dataset,
        partner_code=partner_code,
        frame=result,
        withheld_no_consent=withheld,
        key_fingerprint=key.fingerprint,
        withheld_record_keys=withheld_keys,
        withheld_persons=withheld_persons,
    )


def withheld_person_tokens(
    rows: pd.DataFrame, *, contract: Contract, partner_code: str, key: PseudonymKey
) -> pd.Series:
    """A one-way token of the person of each (withheld) row ("string"; NA without any key).

    HMAC-SHA256(key, partner_code ␟ "withheld" ␟ person key), the record pseudonym standing
    in for a person without any key part: the same person gives the same token in every
    file, and no token equals or can be joined to a ``person_key``.
    """
    record = contract.column(contract.record_id)
    persons = (
        _person_keys(rows, contract, partner_code, key)
        if contract.person_key
        else pd.Series(pd.NA, index=rows.index, dtype="string")
    )
    if record.deid_action == "pseudonymize":
        persons = persons.fillna(
            _pseudonyms(rows[record.name], record, contract, partner_code, key)
        )
    prefix = UNIT_SEPARATOR.join((partner_code, WITHHELD_NAMESPACE, ""))
    return _per_distinct(persons, lambda person: key.digest((prefix + person).encode("utf-8")))


def _derive(
    column: Column, rows: pd.DataFrame, contract: Contract, partner_code: str, key: PseudonymKey
) -> dict[str, pd.Series]:
    action, rule, values = column.deid_action, column.deid_rule, rows[column.name]
    if action == "drop" or rule == "province":
        return {}
    if action == "pseudonymize":
        (output,) = _outputs_of(column, contract)
        return {output.name: _pseudonyms(values, column, contract, partner_code, key)}
    if rule == "age_band":
        ages = ages_at(values, rows[contract.period_column])
        return {"age_band": age_bands(ages), "is_minor": (ages < ADULT_AGE).astype("boolean")}
    if rule == "month":
        return {month_column_name(column.name): _first_of_month(_as_dates(values))}
    if column.type == "multicode":
        return {column.name.lower(): _chosen_codes(values, column)}
    if column.type == "date":
        return {column.name.lower(): _as_dates(values)}
    dtype = _PANDAS_DTYPES[_SQL_TYPES[column.type]]
    return {column.name.lower(): values.astype(dtype)}


def _pseudonyms(
    values: pd.Series, column: Column, contract: Contract, partner_code: str, key: PseudonymKey
) -> pd.Series:
    """The pseudonym of each value ("string"; NA for a missing or blank id).

    One HMAC per distinct value, then a vectorised take: a referenced id repeats across rows.
    """
    prefix = (partner_code, _namespace(column, contract))

    def one(value: Any) -> str | None:
        # As pseudonymize() does, without normalising the id twice.
        normalised = normalise_record_id(value)
        if not normalised:
            return None
        return key.digest(UNIT_SEPARATOR.join((*prefix, normalised)).encode("utf-8"))

    return _per_distinct(values, one)


def _per_distinct(values: pd.Series, function: Callable[[Any], str | None]) -> pd.Series:
    """``function`` of each value, computed once per distinct value ("string"; NA for NA)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    results = pd.array([function(value) for value in distinct.tolist()] + [None], dtype="string")
    return pd.Series(results.take(codes), index=values.index, dtype="string")


def _person_keys(
    rows: pd.DataFrame, contract: Contract, partner_code: str, key: PseudonymKey
) -> pd.Series:
    """One HMAC per distinct combination of the person key's parts (as pseudonymize_person)."""
    parts: list[pd.Series] = []
    for name in contract.person_key:
        values = rows[name]
        if contract.column(name).type == "date":
            values = _as_dates(values)
        # Each part normalised once per distinct value ("" for an empty part).
        parts.append(_per_distinct(values, _person_part).fillna(""))
    combined = parts[0].str.cat(parts[1:], sep=UNIT_SEPARATOR)
    prefix = UNIT_SEPARATOR.join((partner_code, PERSON_NAMESPACE, ""))
    empty = UNIT_SEPARATOR * (len(parts) - 1)

    def one(texts: str) -> str | None:
        if texts == empty:
            return None
        return key.digest((prefix + texts).encode("utf-8"))

    return _per_distinct(combined, one)


def _chosen_codes(values: pd.Series, column: Column) -> pd.Series:
    """The codes of each answer, in code-list order, joined by the separator ("string").

    Worked out once per distinct answer, then taken by index; NA when unanswered, "" when
    no token of the answer is a known code. Unknown tokens are counted per row (a warning
    with their number, never their value).
    """
    import numpy as np

    codes_of_row, distinct = pd.factorize(values.astype("string"), use_na_sentinel=True)
    answers = pd.Series(distinct, dtype="string")
    text = answers.str.strip()
    answered = (text.notna() & (text != "")).to_numpy()
    tokens = text[answered].str.split(MULTICODE_SEPARATOR).explode().str.strip()
    tokens = tokens[tokens.notna() & (tokens != "")]
    outside = ~tokens.isin(column.codes)
    rows_per_answer = np.bincount(codes_of_row[codes_of_row >= 0], minlength=len(distinct))
    unknown = int(rows_per_answer[outside.index[outside.to_numpy()].to_numpy()].sum())
    if unknown:
        log.warning("%s: %s value(s) outside the code list ignored", column.name, unknown)
    position = {code: number for number, code in enumerate(column.codes)}
    known = tokens[~outside]
    order = known.map(position)
    joined = (
        pd.DataFrame({"answer": known.index, "order": order.to_numpy(), "code": known.to_numpy()})
        .drop_duplicates(["answer", "code"])
        .sort_values(["answer", "order"])
        .groupby("answer")["code"]
        .agg(MULTICODE_SEPARATOR.join)
    )
    per_answer = pd.Series(pd.NA, index=answers.index, dtype="string")
    per_answer[answered] = ""
    per_answer[joined.index] = joined.astype("string")
    results = pd.array([*per_answer.tolist(), pd.NA], dtype="string")
    return pd.Series(results.take(codes_of_row), index=values.index, dtype="string")


def _consent(rows: pd.DataFrame, contract: Contract) -> pd.Series:
    """True where the row may be kept: datasets without consent column keep every row."""
    if contract.consent_column is None:
        return pd.Series(True, index=rows.index)
    given = rows[contract.consent_column].astype("boolean").fillna(False)
    return given.astype(bool)


def _with_contract_columns(rows: pd.DataFrame, contract: Contract) -> pd.DataFrame:
    """The rows with every contract column; an absent optional column is empty."""
    for required in (contract.record_id, contract.period_column):
        if required not in rows.columns:
            raise DeidentificationError(
                f"{contract.dataset}: column {required} is missing", code="missing-column"
            )
    absent = [name for name in contract.names if name not in rows.columns]
    if absent:
        log.debug("%s: absent column(s) treated as empty: %s", contract.dataset, absent)
        rows = rows.assign(**{name: pd.Series(pd.NA, index=rows.index) for name in absent})
    return rows


def _positions(rows: pd.DataFrame) -> pd.Series:
    if ROW_COLUMN in rows.columns:
        return rows[ROW_COLUMN]
    return pd.Series(rows.index + 1, index=rows.index)


def _require_present(values: pd.Series, name: str, positions: pd.Series, *, code: str) -> None:
    missing = values.isna()
    if values.dtype == "string" or values.dtype == object:
        missing |= values.astype("string").str.strip().fillna("") == ""
    if missing.any():
        shown = ", ".join(str(p) for p in positions[missing].head(_POSITIONS_SHOWN))
        raise DeidentificationError(
            f"{int(missing.sum())} row(s) without {name} (rows {shown})", code=code
        )


def _as_dates(values: pd.Series) -> pd.Series:
    """Dates as "datetime64[s]" at midnight (NaT when empty), whatever the input dtype."""
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        values = pd.to_datetime(values.astype(object).where(values.notna(), None))
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    return values.dt.normalize().astype("datetime64[s]")


def _first_of_month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M").dt.to_timestamp().astype("datetime64[s]")


def _person_part(part: Any) -> str:
    if part is None or part is pd.NaT or (not isinstance(part, str) and pd.isna(part)):
        return ""
    if isinstance(part, pd.Timestamp):
        return part.date().isoformat()
    if isinstance(part, date):
        return part.isoformat()
    return normalise_person_text(str(part))


@functools.lru_cache(maxsize=4096)
def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")
