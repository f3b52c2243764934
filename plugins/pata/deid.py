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
- rows without consent leave no row: they are counted per month, nothing more.

Every value is worked out once per distinct value (ids, name parts, answers), then taken
row by row with vectorised indexing: no Python loop per row. The output columns, age bands
and dates are in :mod:`pata.deid_columns`, the pseudonyms in :mod:`pata.pseudonyms`; the
names other modules use are importable from here.

No function here logs or raises with a cell value: positions, column names and codes only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pata.contracts import MULTICODE_SEPARATOR, Column, Contract
from pata.deid_columns import (
    ADULT_AGE,
    AGE_BANDS,
    PANDAS_DTYPES,
    PERIOD_MONTH,
    PERSON_KEY,
    RECORD_KEY,
    ROW_COLUMN,
    SQL_TYPES,
    UNIT_SEPARATOR,
    UNKNOWN_AGE_BAND,
    WITHHELD_NAMESPACE,
    DeidentificationError,
    OutputColumn,
    age_band,
    age_bands,
    ages_at,
    as_dates,
    first_of_month,
    month_column_name,
    namespace_of,
    output_columns,
    outputs_of,
)
from pata.keys import PseudonymKey
from pata.pseudonyms import (
    normalise_person_text,
    normalise_record_id,
    per_distinct,
    person_keys,
    pseudonymize,
    pseudonymize_person,
    pseudonyms_of,
)

__all__ = [
    "AGE_BANDS",
    "PERIOD_MONTH",
    "PERSON_KEY",
    "RECORD_KEY",
    "UNKNOWN_AGE_BAND",
    "DeidentificationError",
    "DeidentifiedTable",
    "OutputColumn",
    "age_band",
    "ages_at",
    "deidentify",
    "month_column_name",
    "normalise_person_text",
    "normalise_record_id",
    "output_columns",
    "pseudonymize",
    "pseudonymize_person",
    "withheld_person_tokens",
]

log = logging.getLogger(__name__)

_POSITIONS_SHOWN = 10


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
    period = as_dates(rows[contract.period_column])
    _require_present(period, contract.period_column, positions, code="missing-period-date")
    _require_present(rows[contract.record_id], contract.record_id, positions, code="missing-id")

    consented = _consent(rows, contract)
    withheld_months = first_of_month(period[~consented])
    withheld = {
        timestamp.date(): int(count)
        for timestamp, count in withheld_months.value_counts().sort_index().items()
    }
    record = contract.column(contract.record_id)
    withheld_keys: tuple[str, ...] = ()
    if record.deid_action == "pseudonymize" and not consented.all():
        withheld_pseudonyms = pseudonyms_of(
            rows.loc[~consented, record.name],
            namespace=namespace_of(record, contract),
            partner_code=partner_code,
            key=key,
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
    built[PERIOD_MONTH] = first_of_month(as_dates(kept[contract.period_column]))
    if contract.person_key:
        built[PERSON_KEY] = person_keys(kept, contract=contract, partner_code=partner_code, key=key)
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
        person_keys(rows, contract=contract, partner_code=partner_code, key=key)
        if contract.person_key
        else pd.Series(pd.NA, index=rows.index, dtype="string")
    )
    if record.deid_action == "pseudonymize":
        persons = persons.fillna(
            pseudonyms_of(
                rows[record.name],
                namespace=namespace_of(record, contract),
                partner_code=partner_code,
                key=key,
            )
        )
    prefix = UNIT_SEPARATOR.join((partner_code, WITHHELD_NAMESPACE, ""))
    return per_distinct(persons, lambda person: key.digest((prefix + person).encode("utf-8")))


def _derive(
    column: Column, rows: pd.DataFrame, contract: Contract, partner_code: str, key: PseudonymKey
) -> dict[str, pd.Series]:
    action, rule, values = column.deid_action, column.deid_rule, rows[column.name]
    if action == "drop" or rule == "province":
        return {}
    if action == "pseudonymize":
        (output,) = outputs_of(column, contract)
        return {
            output.name: pseudonyms_of(
                values,
                namespace=namespace_of(column, contract),
                partner_code=partner_code,
                key=key,
            )
        }
    if rule == "age_band":
        ages = ages_at(values, rows[contract.period_column])
        return {"age_band": age_bands(ages), "is_minor": (ages < ADULT_AGE).astype("boolean")}
    if rule == "month":
        return {month_column_name(column.name): first_of_month(as_dates(values))}
    if column.type == "multicode":
        return {column.name.lower(): _chosen_codes(values, column)}
    if column.type == "date":
        return {column.name.lower(): as_dates(values)}
    dtype = PANDAS_DTYPES[SQL_TYPES[column.type]]
    return {column.name.lower(): values.astype(dtype)}


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
