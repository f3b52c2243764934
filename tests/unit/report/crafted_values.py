"""Crafted published indicator values for report tests: consistent, with small cells.

Raw partner cells are drawn from a seeded generator so that breakdowns add up to their
totals (LP-1's to its recorded persons), LP-2's numerators stay under LP-1, and some
counts are small; they then go through the real completion, roll-up and suppression.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pandas as pd

from pata.indicators.catalogue import TOTAL, Catalogue, load_catalogue
from pata.indicators.values import RAW_COLUMNS, Coverage, build_values
from pata.registry import Registry, load_registry

QUARTERS = ("2025Q4", "2026Q1", "2026Q2", "2026Q3")
COUNTRIES = ("TH", "MY", "KH", "SA", "IN")


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    edges = [0, *cuts, total]
    return [edges[i + 1] - edges[i] for i in range(parts)]


def crafted_raw(catalogue: Catalogue, registry: Registry, *, seed: int = 3) -> pd.DataFrame:
    """Raw partner cells for every indicator, quarter and partner."""
    rng = random.Random(seed)
    rows: list[tuple[object, ...]] = []
    lp1: dict[tuple[str, str, str, str], int] = {}
    for quarter in QUARTERS:
        for partner in sorted(registry.partners):
            for indicator in catalogue.indicators:
                if indicator.denominator_from is not None:
                    continue
                scale = rng.choice((3, 8, 40, 120, 400))
                if indicator.is_rate:
                    denominator = rng.randint(0, scale)
                    numerator = rng.randint(0, denominator)
                    rows.append(
                        (indicator.code, quarter, partner, TOTAL, TOTAL, numerator, denominator)
                    )
                    for disaggregation in indicator.disaggregations:
                        ds = _split(rng, denominator, len(disaggregation.categories or ()))
                        left = numerator
                        for category, d in zip(disaggregation.categories or (), ds, strict=True):
                            n = (
                                min(d, left)
                                if category == disaggregation.categories[-1]
                                else rng.randint(0, min(d, left))
                            )
                            left -= n
                            rows.append(
                                (
                                    indicator.code,
                                    quarter,
                                    partner,
                                    disaggregation.name,
                                    category,
                                    n,
                                    d,
                                )
                            )
                    continue
                total = rng.randint(0, scale)
                rows.append((indicator.code, quarter, partner, TOTAL, TOTAL, total, None))
                recorded = total
                for disaggregation in indicator.disaggregations:
                    if disaggregation.name == "consent":
                        recorded, withheld = _split(rng, total, 2)
                        rows.append(
                            (
                                indicator.code,
                                quarter,
                                partner,
                                "consent",
                                "recorded",
                                recorded,
                                None,
                            )
                        )
                        rows.append(
                            (
                                indicator.code,
                                quarter,
                                partner,
                                "consent",
                                "withheld",
                                withheld,
                                None,
                            )
                        )
                        lp1[(quarter, partner, TOTAL, TOTAL)] = recorded
                for disaggregation in indicator.disaggregations:
                    if disaggregation.name == "consent":
                        continue
                    base = recorded if disaggregation.parts_of != (TOTAL, TOTAL) else total
                    categories = disaggregation.categories or COUNTRIES
                    if disaggregation.additive:
                        counts = _split(rng, base, len(categories))
                    else:
                        counts = [rng.randint(0, base) for _ in categories]
                    for category, count in zip(categories, counts, strict=True):
                        rows.append(
                            (
                                indicator.code,
                                quarter,
                                partner,
                                disaggregation.name,
                                category,
                                count,
                                None,
                            )
                        )
                        if indicator.code == "LP-1":
                            lp1[(quarter, partner, disaggregation.name, category)] = count
        for partner in sorted(registry.partners):
            for indicator in catalogue.indicators:
                link = indicator.denominator_from
                if link is None:
                    continue
                denominator = lp1.get((quarter, partner, TOTAL, TOTAL), 0)
                parts: dict[str, list[int]] = {}
                for disaggregation in indicator.disaggregations:
                    parts[disaggregation.name] = [
                        rng.randint(0, lp1.get((quarter, partner, disaggregation.name, c), 0))
                        for c in disaggregation.categories or ()
                    ]
                numerator = sum(next(iter(parts.values()), [rng.randint(0, denominator)]))
                rows.append((indicator.code, quarter, partner, TOTAL, TOTAL, numerator, None))
                for disaggregation in indicator.disaggregations:
                    for category, n in zip(
                        disaggregation.categories or (), parts[disaggregation.name], strict=True
                    ):
                        rows.append(
                            (
                                indicator.code,
                                quarter,
                                partner,
                                disaggregation.name,
                                category,
                                n,
                                None,
                            )
                        )
    return pd.DataFrame(rows, columns=list(RAW_COLUMNS))


def crafted_coverage(registry: Registry) -> Coverage:
    reported = frozenset(
        (partner, dataset, quarter)
        for partner in registry.partners
        for dataset in registry.partners[partner].datasets
        for quarter in QUARTERS
    )
    return Coverage(
        reported=reported, countries={c: p.country for c, p in registry.partners.items()}
    )


def crafted_values(
    *, audience: str = "published", threshold: int | None = None, seed: int = 3
) -> pd.DataFrame:
    """A published values frame (what read_indicator_values returns), several quarters."""
    catalogue, registry = load_catalogue(), load_registry()
    values = build_values(
        crafted_raw(catalogue, registry, seed=seed),
        catalogue=catalogue,
        coverage=crafted_coverage(registry),
        threshold=threshold or catalogue.published_threshold,
    )
    values["audience"] = audience
    values["refreshed_at"] = pd.Timestamp(datetime(2026, 10, 20, 6, 0, tzinfo=UTC))
    values["unit"] = [catalogue.indicator(c).unit for c in values["indicator_code"]]
    return values
