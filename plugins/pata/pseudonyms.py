"""Pseudonyms: HMAC-SHA256 under the pipeline's key (:mod:`pata.keys`), scoped to a partner.

The one-value functions (:func:`pseudonymize`, :func:`pseudonymize_person`) define the
pseudonyms; the column functions (:func:`pseudonyms_of`, :func:`person_keys`) give the same
bytes for a whole column with one HMAC per distinct value and a vectorised take, so no
Python loop runs per row. Existing warehouses stay joinable only while these bytes never
change (``tests/unit/test_deid_fixture.py`` pins them on a fixed file).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd

from pata.contracts import Contract
from pata.deid_columns import (
    PERSON_NAMESPACE,
    UNIT_SEPARATOR,
    DeidentificationError,
    as_dates,
)
from pata.keys import PseudonymKey

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
    texts = [person_part(part) for part in parts]
    if not any(texts):
        return None
    message = UNIT_SEPARATOR.join((partner_code, PERSON_NAMESPACE, *texts))
    return key.digest(message.encode("utf-8"))


# Whole columns -----------------------------------------------------------------------------


def pseudonyms_of(
    values: pd.Series, *, namespace: str, partner_code: str, key: PseudonymKey
) -> pd.Series:
    """The pseudonym of each value ("string"; NA for a missing or blank id).

    One HMAC per distinct value, then a vectorised take: a referenced id repeats across rows.
    """
    prefix = (partner_code, namespace)

    def one(value: Any) -> str | None:
        # As pseudonymize() does, without normalising the id twice.
        normalised = normalise_record_id(value)
        if not normalised:
            return None
        return key.digest(UNIT_SEPARATOR.join((*prefix, normalised)).encode("utf-8"))

    return per_distinct(values, one)


def per_distinct(values: pd.Series, function: Callable[[Any], str | None]) -> pd.Series:
    """``function`` of each value, computed once per distinct value ("string"; NA for NA)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    results = pd.array([function(value) for value in distinct.tolist()] + [None], dtype="string")
    return pd.Series(results.take(codes), index=values.index, dtype="string")


def person_keys(
    rows: pd.DataFrame, *, contract: Contract, partner_code: str, key: PseudonymKey
) -> pd.Series:
    """One HMAC per distinct combination of the person key's parts (as pseudonymize_person)."""
    parts: list[pd.Series] = []
    for name in contract.person_key:
        values = rows[name]
        if contract.column(name).type == "date":
            values = as_dates(values)
        # Each part normalised once per distinct value ("" for an empty part).
        parts.append(per_distinct(values, person_part).fillna(""))
    combined = parts[0].str.cat(parts[1:], sep=UNIT_SEPARATOR)
    prefix = UNIT_SEPARATOR.join((partner_code, PERSON_NAMESPACE, ""))
    empty = UNIT_SEPARATOR * (len(parts) - 1)

    def one(texts: str) -> str | None:
        if texts == empty:
            return None
        return key.digest((prefix + texts).encode("utf-8"))

    return per_distinct(combined, one)


def person_part(part: Any) -> str:
    """One part of a person key as text: "" when empty, ISO for a date, a name normalised."""
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
