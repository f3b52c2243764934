"""Helpers for validation tests: a partner speaking the canonical names, raw tables, rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

import pyarrow as pa

from pata.contracts import DATASETS, load_contract
from pata.readers.model import ROW_COLUMN, FileProblem, RawTable
from pata.registry import Partner, PartnerDataset

TODAY = date(2026, 6, 30)


def canonical_partner(code: str = "zz-test", *, date_format: str | None = None) -> Partner:
    """A partner whose headers are the contract's names, with a few value labels."""
    datasets = {}
    for dataset in DATASETS:
        contract = load_contract(dataset)
        labels: dict[str, Mapping[str, str]] = {}
        if contract.has_column("prs_Gender"):
            labels["prs_Gender"] = MappingProxyType({"F": "Feminine", "M": "Masculine"})
        if contract.has_column("con_Consent"):
            labels["con_Consent"] = MappingProxyType({"oui": "true", "non": "false"})
        datasets[dataset] = PartnerDataset(
            dataset=dataset,
            frequency="monthly",
            due_day=10,
            formats=("csv",),
            column_map=MappingProxyType({name: name for name in contract.names}),
            value_map=MappingProxyType(labels),
            date_format=date_format,
        )
    return Partner(
        code=code,
        name="Test partner",
        country="PH",
        languages=("en",),
        timezone="Asia/Manila",
        currency="PHP",
        contact="data@test.example.org",
        datasets=MappingProxyType(datasets),
    )


def make_raw(
    headers: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    *,
    numbers: Sequence[int] | None = None,
    problems: Sequence[FileProblem] = (),
) -> RawTable:
    """A raw table as a reader returns it: string cells, ``__row`` from 2 unless given."""
    numbers = list(numbers) if numbers is not None else list(range(2, len(rows) + 2))
    columns = [
        pa.array([row[index] for row in rows], type=pa.string()) for index in range(len(headers))
    ]
    table = pa.Table.from_arrays(
        [*columns, pa.array(numbers, type=pa.int64())], names=[*headers, ROW_COLUMN]
    )
    return RawTable(
        headers=list(headers),
        table=table,
        format="csv",
        encoding="utf-8",
        delimiter=",",
        problems=list(problems),
    )


def case_row(index: int, **changes: str | None) -> dict[str, str | None]:
    """A valid ``cases`` row (canonical names, ISO dates) with ``changes`` applied."""
    row: dict[str, str | None] = {
        "partner_case_id": f"C-{index:05d}",
        "identification_date": "2026-03-15",
        "province": "PH-00",
        "prs_FirstName": f"Person{index}",
        "prs_SecondName": "Family",
        "prs_Birthdate": "2004-07-01",
        "prs_Gender": "Feminine",
        "prs_Citizenship": "PH",
        "vic_TraffickingStatus": "ActualVictimOfTrafficking",
        "vic_TypeOfExploitation": "ForcedLabour",
        "hte_Country": "MY",
        "cas_Status": "Active",
        "cas_OutgoingReferralDate": "2026-03-20",
        "con_Consent": "true",
    }
    row.update(changes)
    return row


def session_row(index: int, **changes: str | None) -> dict[str, str | None]:
    """A valid ``awareness_sessions`` row whose total is the sum of its parts."""
    row: dict[str, str | None] = {
        "session_id": f"S-{index:04d}",
        "session_date": "2026-05-02",
        "province": "PH-00",
        "target_group": "school",
        "topic": "safe-migration",
        "participants_female_under_18": "10",
        "participants_female_18_plus": "5",
        "participants_male_under_18": "8",
        "participants_male_18_plus": "2",
        "participants_total": "25",
    }
    row.update(changes)
    return row


def enrolment_row(index: int, **changes: str | None) -> dict[str, str | None]:
    """A valid ``rehabilitation`` row referring to case ``C-<index>``."""
    row: dict[str, str | None] = {
        "enrolment_id": f"E-{index:04d}",
        "partner_case_id": f"C-{index:05d}",
        "status_date": "2026-05-31",
        "prs_FirstName": f"Person{index}",
        "prs_Gender": "Masculine",
        "training_type": "driving",
        "training_hours": "120",
        "start_date": "2026-02-01",
        "end_date": "2026-04-30",
        "outcome": "completed",
        "con_Consent": "true",
    }
    row.update(changes)
    return row


def raw_from_dicts(
    dataset: str, rows: Sequence[Mapping[str, str | None]], *, headers: Sequence[str] | None = None
) -> RawTable:
    """A raw table of ``dataset`` with the given canonical rows (columns: the contract's)."""
    names = list(headers or load_contract(dataset).names)
    return make_raw(names, [[row.get(name) for name in names] for row in rows])
