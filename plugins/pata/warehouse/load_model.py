"""What a warehouse load works with: its targets, the file being loaded, its result and error.

Shared by :mod:`pata.warehouse.load` (the transaction), :mod:`pata.warehouse.staging` (the
COPY) and :mod:`pata.warehouse.merge` (the set-based statements); no database access here.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from pata.contracts import load_contract
from pata.errors import PataError

if TYPE_CHECKING:
    from pata.deid import DeidentifiedTable

FACT_TABLES: dict[str, str] = {
    "awareness_sessions": "fact_awareness_session",
    "cases": "fact_case",
    "rehabilitation": "fact_rehabilitation_enrolment",
    "network_events": "fact_network_event",
}
"""Dataset -> its fact table in ``core`` (its staging template is ``staging.<dataset>``)."""


class LoadError(PataError):
    """A file cannot be loaded as it is; the message holds names and positions, never values."""

    code = "load-error"


@dataclass(frozen=True)
class LoadResult:
    """What a load changed in core, in rows (never values).

    ``inserted``: rows that brought a record new to core; ``updated``: rows that brought a
    new version of a record already there (current, or history when a later file stands);
    ``deleted``: versions deleted (superseded files, withdrawn consent); ``withheld``: rows
    of the file withheld for lack of consent, counted in ``core.withheld_no_consent``.
    ``inserted + updated`` is every de-identified row of the file.
    """

    inserted: int
    updated: int
    deleted: int
    withheld: int


@dataclass(frozen=True)
class Target:
    """Where a dataset goes: its staging template, fact table, version map and record key."""

    dataset: str
    staging: str
    fact: str
    key: str

    @property
    def current(self) -> str:
        """The table mapping each record to the version that stands."""
        return f"{self.fact}_current"


@functools.cache
def target_of(dataset: str) -> Target:
    """The :class:`Target` of a dataset, from its contract and the de-identification rules."""
    from pata.deid import RECORD_KEY

    contract = load_contract(dataset)
    record = contract.column(contract.record_id)
    key = RECORD_KEY if record.deid_action == "pseudonymize" else record.name.lower()
    return Target(dataset=dataset, staging=dataset, fact=FACT_TABLES[dataset], key=key)


# The file being loaded ---------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFile:
    """The ledger row of the file being loaded (ids and its period, never a value)."""

    ledger_id: int
    partner_code: str
    dataset: str
    period_start: date | None


@dataclass
class FileBatch:
    """What the chunks of one file add up to, besides their rows."""

    chunks: int = 0
    rows: int = 0
    withheld: Counter[date] = field(default_factory=Counter)
    withdrawn_keys: set[str] = field(default_factory=set)
    withheld_persons: set[tuple[date, str]] = field(default_factory=set)
    fingerprint: str | None = None

    def add(self, chunk: DeidentifiedTable) -> None:
        if self.fingerprint not in (None, chunk.key_fingerprint):
            raise LoadError(
                "the chunks of one file were de-identified with different keys",
                code="mixed-pseudonym-keys",
            )
        self.fingerprint = chunk.key_fingerprint
        self.chunks += 1
        self.rows += len(chunk.frame)
        for month, count in chunk.withheld_no_consent.items():
            if count > 0:
                self.withheld[as_date(month)] += int(count)
        self.withdrawn_keys.update(getattr(chunk, "withheld_record_keys", ()) or ())
        self.withheld_persons.update(
            (as_date(month), token) for month, token in chunk.withheld_persons
        )

    @property
    def withheld_total(self) -> int:
        return sum(self.withheld.values())


def as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value
