"""Synthetic de-identified tables (what pata.deid.deidentify returns) and ledger rows.

The frames follow pata.deid.output_columns exactly, with deterministic values so a test can
say which version of a record stands: ``version`` changes the values of every record.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import pandas as pd
from sqlalchemy import Connection, text

from pata.contracts import load_contract
from pata.deid import AGE_BANDS, DeidentifiedTable, OutputColumn, output_columns

FINGERPRINT = "0badc0de"


def pseudonym(*parts: object) -> str:
    """A stand-in for an HMAC pseudonym: 64 hex characters, stable for the same parts."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def record_key(partner_code: str, dataset: str, number: int) -> str:
    """The key of record ``number`` of a partner's dataset, as stored in core."""
    contract = load_contract(dataset)
    if contract.column(contract.record_id).deid_action == "pseudonymize":
        return pseudonym(partner_code, dataset, number)
    return f"{dataset[:3].upper()}-{number:07d}"


def deidentified(
    dataset: str,
    *,
    partner_code: str = "kh-ksp",
    numbers: Iterable[int],
    month: date = date(2026, 7, 1),
    version: int = 0,
    withheld: Mapping[date, int] | None = None,
    withdrawn: Sequence[int] = (),
) -> DeidentifiedTable:
    """A de-identified table of records ``numbers`` of ``dataset`` for ``partner_code``."""
    numbers = list(numbers)
    contract = load_contract(dataset)
    columns = output_columns(contract)
    data = {
        column.name: [_value(column, dataset, partner_code, n, month, version) for n in numbers]
        for column in columns
    }
    frame = pd.DataFrame(
        {c.name: pd.Series(data[c.name], dtype=c.pandas_dtype) for c in columns},
        index=range(len(numbers)),
    )
    if "participants_total" in frame.columns:
        parts = [
            c for c in frame.columns if c.startswith("participants_") and c != "participants_total"
        ]
        frame["participants_total"] = frame[parts].fillna(0).sum(axis=1).astype("Int64")
    return DeidentifiedTable(
        dataset=dataset,
        partner_code=partner_code,
        frame=frame,
        withheld_no_consent=dict(withheld or {}),
        key_fingerprint=FINGERPRINT,
        withheld_record_keys=tuple(record_key(partner_code, dataset, n) for n in withdrawn),
    )


def _value(
    column: OutputColumn, dataset: str, partner: str, n: int, month: date, version: int
) -> object:
    name, kind = column.name, column.sql_type
    contract = load_contract(dataset)
    if name == "record_key" or name == contract.column(contract.record_id).name.lower():
        return record_key(partner, dataset, n)
    if name == "person_key":
        return pseudonym(partner, "person", n)
    if name == "partner_case_id_key":
        return pseudonym(partner, "cases", n)
    if name == "period_month":
        return pd.Timestamp(month)
    if name == "age_band":
        return AGE_BANDS[(n + version) % len(AGE_BANDS)]
    if name == "is_minor":
        return (n + version) % len(AGE_BANDS) < 2
    if kind == "text[]":  # a multi-select: 0 to 3 codes in code-list order, or unanswered
        codes = contract.column(column.source).codes
        chosen = (n + version + zlib.crc32(name.encode()) % 7) % 4
        if chosen == 0 and n % 2:
            return None
        picked = sorted({(n * step + version) % len(codes) for step in range(1, chosen + 1)})
        return ";".join(codes[index] for index in picked)
    if kind == "date":
        return pd.Timestamp(month)
    if kind in ("integer", "numeric"):
        return (n * 7 + version) % 40 + 1
    if kind == "boolean":
        return (n + version) % 2 == 0
    source = contract.column(column.source) if contract.has_column(column.source) else None
    if source is not None and source.codes:
        return source.codes[(n + version) % len(source.codes)]
    return f"{name} {n} v{version}"


def add_ledger_row(
    conn: Connection,
    *,
    partner_code: str = "kh-ksp",
    dataset: str,
    period: date | None = date(2026, 7, 1),
    name: str = "file",
) -> int:
    """Record a received file in ops.file_ledger; return its ledger id."""
    label = None if period is None else f"{period.year:04d}-{period.month:02d}"
    return int(
        conn.execute(
            text(
                "insert into ops.file_ledger (partner_code, dataset, object_key, size_bytes, "
                "sha256, uploaded_at, period_label, period_start) values (:p, :d, :key, 1, :sha, "
                "now(), :label, :start) returning id"
            ),
            {
                "p": partner_code,
                "d": dataset,
                "key": f"{partner_code}/incoming/{dataset}/{name}_{label}.csv",
                "sha": pseudonym(partner_code, dataset, name, label),
                "label": label,
                "start": period,
            },
        ).scalar_one()
    )
