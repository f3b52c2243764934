"""Small-cell suppression of indicator counts: primary, then complementary.

Primary: a protected count from 1 to the threshold is suppressed (the CMS rule with
threshold 10 in anything published). Complementary: counts are tied by additive groups
(categories add up to their total; partners add up to the region; for a rate, the
numerator and its complement add up to the denominator). A group with exactly one
suppressed member would give that member away by subtraction, so another member is
suppressed, the smallest non-zero part first, until no group has exactly one. The result
never depends on the order of the rows.

Everything here is pure pandas and Python: no database, no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

SMALL_CELL = "small-cell"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Group:
    """Cells tied by ``sum(parts) == total`` (labels of the counts' index)."""

    parts: tuple[Hashable, ...]
    total: Hashable

    @property
    def members(self) -> tuple[Hashable, ...]:
        """The parts and the total."""
        return (*self.parts, self.total)


def primary_suppression(counts: pd.Series, *, protected: pd.Series, threshold: int) -> pd.Series:
    """True where a protected count is from 1 to ``threshold`` (zero is never suppressed)."""
    if threshold < 1:
        raise ValueError("the suppression threshold is at least 1")
    values = pd.to_numeric(counts, errors="raise").astype("int64")
    return protected.astype(bool) & (values >= 1) & (values <= threshold)


def suppress(
    counts: pd.Series,
    *,
    protected: pd.Series,
    groups: Iterable[Group],
    threshold: int,
) -> pd.Series:
    """The suppression reason of each count: ``small-cell``, ``complementary`` or None.

    ``counts`` holds non-negative integers; ``protected`` says which fall under the
    small-cell rule; ``groups`` tie cells by addition (labels of ``counts``' index, which
    must be unique). Only protected cells are ever suppressed.
    """
    if not counts.index.is_unique:
        raise ValueError("the counts' index must be unique")
    values = pd.to_numeric(counts, errors="raise").astype("int64")
    if (values < 0).any():
        raise ValueError("counts cannot be negative")
    labels = list(counts.index)
    value_of = dict(zip(labels, values.tolist(), strict=True))
    primary = primary_suppression(values, protected=protected, threshold=threshold).tolist()
    reason_of: dict[Hashable, str] = {
        label: SMALL_CELL for label, hit in zip(labels, primary, strict=True) if hit
    }
    eligible = {
        label for label, ok in zip(labels, protected.astype(bool).tolist(), strict=True) if ok
    }
    order = {label: position for position, label in enumerate(sorted(labels, key=_sort_key))}

    group_list = [g for g in groups if all(m in value_of for m in g.members)]
    by_member: dict[Hashable, list[int]] = defaultdict(list)
    for number, group in enumerate(group_list):
        for member in group.members:
            by_member[member].append(number)

    pending = list(range(len(group_list)))
    queued = set(pending)
    while pending:
        number = pending.pop()
        queued.discard(number)
        group = group_list[number]
        if sum(m in reason_of for m in group.members) != 1:
            continue
        chosen = _complement(group, reason_of, eligible, value_of, order)
        if chosen is None:
            continue  # nothing left to suppress: every other member is unprotected
        reason_of[chosen] = COMPLEMENTARY
        for other in by_member[chosen]:
            if other not in queued:
                pending.append(other)
                queued.add(other)
    return pd.Series([reason_of.get(label) for label in labels], index=counts.index, dtype="object")


def _complement(
    group: Group,
    suppressed: dict[Hashable, str],
    eligible: set[Hashable],
    value_of: dict[Hashable, int],
    order: dict[Hashable, int],
) -> Hashable | None:
    """The member to suppress next: non-zero first, a part before the total, smallest first."""
    candidates = [m for m in group.members if m not in suppressed and m in eligible]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda m: (value_of[m] == 0, m == group.total, value_of[m], order[m]),
    )


def _sort_key(label: Hashable) -> tuple[str, ...]:
    if isinstance(label, tuple):
        return tuple(str(part) for part in label)
    return (str(label),)


def unprotected_groups(groups: Sequence[Group], suppressed: Iterable[Hashable]) -> list[Group]:
    """The groups with exactly one suppressed member (empty after :func:`suppress`)."""
    hidden = set(suppressed)
    return [g for g in groups if sum(m in hidden for m in g.members) == 1]
