"""What the generator will write: one plan per file (partner x dataset x period), and the
seeds every file draws from (:func:`seed_of`: the same arguments give the same bytes)."""

# ruff: noqa: S311  (seeded, reproducible test data: random is the point, not a secret)
from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pata.contracts import DATASETS
from pata.errors import ConfigError
from pata.periods import Period, quarter_of
from pata.registry import Partner, PartnerDataset, Registry
from pata.synth.records import (
    CaseReference,
    Person,
)

# Rows per month when --rows-per-file is not given (quarterly files hold three months).
DEFAULT_MONTHLY_ROWS: dict[str, tuple[int, int]] = {
    "cases": (20, 80),
    "rehabilitation": (5, 25),
    "awareness_sessions": (6, 30),
    "network_events": (1, 5),
}
POOL_SIZE = 5000  # case references kept per partner for rehabilitation rows to point at
CROSS_BORDER_SHARE = 0.05  # of persons, reported by partners of two or three countries


@dataclass
class Planted:
    """A row placed on purpose: a cross-border appearance or a canary."""

    person: Person | None = None
    identified_on: date | None = None
    exploited_in: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    appearance: dict[str, Any] | None = None  # manifest entry completed when written
    canaries: list[dict[str, Any]] = field(default_factory=list)  # idem


@dataclass
class FilePlan:
    """One file to produce (or, for ``write=False``, to simulate for its case numbers)."""

    partner: Partner
    dataset: str
    spec: PartnerDataset
    period: Period
    rows: int
    format: str
    path: str
    write: bool = True
    planted: dict[int, Planted] = field(default_factory=dict)

    def free_slot(self, rng: random.Random) -> int | None:
        """A random row index not yet planted, while planted rows stay at most half the file."""
        if len(self.planted) >= max(1, self.rows // 2):
            return None
        free = [index for index in range(self.rows) if index not in self.planted]
        return rng.choice(free) if free else None


def choose_partners(registry: Registry, codes: Sequence[str] | None) -> list[Partner]:
    if not codes:
        return [registry.partners[code] for code in sorted(registry.partners)]
    return [registry.partner(code) for code in sorted(set(codes))]


def choose_datasets(names: Sequence[str] | None) -> tuple[str, ...]:
    if not names:
        return DATASETS
    unknown = sorted(set(names) - set(DATASETS))
    if unknown:
        raise ConfigError(f"unknown dataset(s) {', '.join(unknown)}", code="unknown-dataset")
    return tuple(name for name in DATASETS if name in names)


def seed_of(seed: int, *parts: str) -> int:
    digest = hashlib.sha256("/".join((str(seed), *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def periods_of(spec: PartnerDataset, window: Sequence[Period]) -> list[Period]:
    if spec.frequency == "monthly":
        return list(window)
    quarters = {quarter_of(month.start) for month in window}
    return sorted(q for q in quarters if window[0].start <= q.end <= window[-1].end)


def plan_files(
    partners: Sequence[Partner],
    wanted: Sequence[str],
    window: Sequence[Period],
    *,
    seed: int,
    rows_per_file: int | None,
) -> list[FilePlan]:
    plans: list[FilePlan] = []
    for partner in partners:
        needed = list(wanted)
        if "rehabilitation" in wanted and "cases" not in wanted and "cases" in partner.datasets:
            needed.append("cases")  # simulated, so enrolments point at real case numbers
        for dataset in DATASETS:
            if dataset not in needed or dataset not in partner.datasets:
                continue
            spec = partner.dataset(dataset)
            for period in periods_of(spec, window):
                rng = random.Random(seed_of(seed, partner.code, dataset, period.label, "plan"))
                low, high = DEFAULT_MONTHLY_ROWS[dataset]
                scale = 3 if period.is_quarter else 1
                rows = rows_per_file or rng.randint(low * scale, high * scale)
                fmt = spec.formats[0]
                if len(spec.formats) > 1 and rng.random() < 0.3:
                    fmt = rng.choice(spec.formats[1:])
                name = f"{partner.code}_{dataset}_{period.label}.{fmt}"
                plans.append(
                    FilePlan(
                        partner=partner,
                        dataset=dataset,
                        spec=spec,
                        period=period,
                        rows=rows,
                        format=fmt,
                        path=f"{partner.code}/incoming/{dataset}/{name}",
                        write=dataset in wanted,
                    )
                )
    return plans


class CasePool:
    """A bounded, seeded sample of a partner's clean, consented cases (reservoir sampling)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen = 0
        self.items: list[CaseReference] = []

    def slot(self) -> int | None:
        """Count one more case; the index to store it at, or None when it is not sampled."""
        self._seen += 1
        if len(self.items) < POOL_SIZE:
            self.items.append(None)  # type: ignore[arg-type]  # filled by the caller
            return len(self.items) - 1
        slot = self._rng.randrange(self._seen)
        return slot if slot < POOL_SIZE else None
