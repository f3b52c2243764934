"""Planting defects and noise in synthetic rows, the way real partner exports go wrong.

Each function changes one row so that it breaks exactly one check, under one of the stable
defect codes validation reports (``missing-value``, ``unknown-code``, ...), or returns None
when the row offers no place for that defect. Noise (outer whitespace, letter case) changes
a row without making it invalid: validation normalises it away.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pata.contracts import Contract, Rule
from pata.periods import Period

# Relative weights of the row-level defects, where a row can take them.
ROW_DEFECT_WEIGHTS: dict[str, int] = {
    "missing-value": 3,
    "unknown-code": 3,
    "type-error": 3,
    "date-order": 2,
    "future-date": 2,
    "duplicate-row": 2,
    "duplicate-record-id": 2,
    "sum-mismatch": 2,
    "unknown-case-reference": 2,
    "out-of-range": 2,
}
EXTRA_HEADERS = ("Column1", "Unnamed: 30", "Checked", "Verified (Y/N)")
_UNKNOWN_WORDS = ("TBC", "Other - specify", "Unknown", "see notes")
_NOT_A_NUMBER = ("approx. {n}", "{n} pax", "{n}+", "twelve")
_NOT_A_BOOLEAN = ("pending", "?", "ask again")
_NOT_A_DATE = ("unknown", "N.K.", "early {year}", "{bad}")


def normalise(text: str) -> str:
    """What validation compares: the text without outer whitespace, case-folded."""
    return text.strip().casefold()


@dataclass(frozen=True)
class DefectPlaces:
    """Where the columns a partner sends can take each kind of defect."""

    missing_value: tuple[str, ...]
    unknown_code: tuple[str, ...]
    type_error: tuple[str, ...]
    date_columns: tuple[str, ...]
    date_rules: tuple[Rule, ...]
    sum_rules: tuple[Rule, ...]
    reference_rules: tuple[Rule, ...]
    ranged: tuple[str, ...]

    @classmethod
    def of(cls, contract: Contract, sent: Sequence[str]) -> DefectPlaces:
        """The places in ``contract`` restricted to the ``sent`` canonical columns."""
        sent_set = set(sent)
        sum_rules = tuple(
            rule for rule in contract.rules if rule.kind == "sum_equals" and rule.target in sent_set
        )
        reference_rules = tuple(
            rule for rule in contract.rules if rule.kind == "references" and rule.column in sent_set
        )
        in_sums = {name for rule in sum_rules for name in (rule.target, *rule.parts)}
        references = {rule.column for rule in reference_rules}
        columns = [contract.column(name) for name in sent]
        return cls(
            missing_value=tuple(
                c.name
                for c in columns
                if c.required
                and c.name != contract.record_id
                and c.name not in in_sums
                and c.name not in references
            ),
            unknown_code=tuple(c.name for c in columns if c.is_coded),
            type_error=tuple(
                c.name
                for c in columns
                if c.type in ("date", "boolean")
                or (c.type in ("integer", "number") and c.name not in in_sums)
            ),
            date_columns=tuple(c.name for c in columns if c.type == "date"),
            date_rules=tuple(
                rule
                for rule in contract.rules
                if rule.kind == "date_order" and set(rule.columns) <= sent_set
            ),
            sum_rules=sum_rules,
            reference_rules=reference_rules,
            ranged=tuple(
                c.name
                for c in columns
                if (c.minimum is not None or c.maximum is not None)
                and not any(c.name == rule.target for rule in sum_rules)
            ),
        )

    def kinds(self, *, can_repeat: bool) -> list[str]:
        """The defect codes a row of this file can take."""
        available = {
            "missing-value": bool(self.missing_value),
            "unknown-code": bool(self.unknown_code),
            "type-error": bool(self.type_error),
            "date-order": bool(self.date_rules),
            "future-date": bool(self.date_columns),
            "duplicate-row": can_repeat,
            "duplicate-record-id": can_repeat,
            "sum-mismatch": bool(self.sum_rules),
            "unknown-case-reference": bool(self.reference_rules),
            "out-of-range": bool(self.ranged),
        }
        return [kind for kind, ok in available.items() if ok]


def future_date(day: date) -> date:
    """A date years ahead, as a typo makes it (2026 -> 2062), never a near one."""
    swapped = int(f"{day.year // 100}{day.year % 10}{day.year // 10 % 10}")
    year = swapped if swapped > day.year + 10 else day.year + 30
    return date(year, day.month, min(day.day, 28))


def plant_date_order(
    record: dict[str, Any],
    places: DefectPlaces,
    *,
    period: Period,
    period_column: str,
    rng: random.Random,
) -> str | None:
    """Make one date_order rule fail while every date stays within the period's past."""
    rules = list(places.date_rules)
    rng.shuffle(rules)
    for rule in rules:
        earlier, later = rule.columns
        first, second = record.get(earlier), record.get(later)
        if first is None or second is None:
            continue
        room_after = (period.end - second).days
        if room_after >= 1:
            record[earlier] = second + timedelta(days=rng.randint(1, min(room_after, 60)))
            return earlier
        lowest = period.start if later == period_column else first - timedelta(days=3650)
        room_before = (first - lowest).days
        if room_before >= 1:
            record[later] = first - timedelta(days=rng.randint(1, min(room_before, 60)))
            return later
    return None


def plant_future_date(
    record: dict[str, Any], places: DefectPlaces, *, rng: random.Random
) -> str | None:
    """Push one date years into the future, where no date_order rule would also fail."""
    candidates = []
    for name in places.date_columns:
        if record.get(name) is None:
            continue
        guarded = [
            rule
            for rule in places.date_rules
            if rule.columns[0] == name and record.get(rule.columns[1]) is not None
        ]
        if not guarded:
            candidates.append(name)
    if not candidates:
        return None
    name = rng.choice(candidates)
    record[name] = future_date(record[name])
    return name


def plant_sum_mismatch(
    record: dict[str, Any], places: DefectPlaces, contract: Contract, *, rng: random.Random
) -> str | None:
    """Make a total differ from the sum of its parts by a few units."""
    rule = rng.choice(places.sum_rules)
    assert rule.target is not None
    total = record.get(rule.target) or 0
    maximum = contract.column(rule.target).maximum or total + 10
    for delta in rng.sample((-3, -2, -1, 1, 2, 5, 10), 7):
        if 0 <= total + delta <= maximum:
            record[rule.target] = total + delta
            return rule.target
    return None


def plant_out_of_range(
    record: dict[str, Any], places: DefectPlaces, contract: Contract, *, rng: random.Random
) -> str | None:
    """Put a number outside its column's bounds; totals follow so no sum breaks too."""
    name = rng.choice(places.ranged)
    column = contract.column(name)
    if column.minimum is not None and (column.maximum is None or rng.random() < 0.6):
        value = int(column.minimum) - rng.randint(1, 5)
    else:
        assert column.maximum is not None
        value = int(column.maximum) + rng.randint(1, 500)
    record[name] = value
    for rule in places.sum_rules:
        if name in rule.parts and rule.target is not None:
            total = sum(record.get(part) or 0 for part in rule.parts)
            target = contract.column(rule.target)
            if not (target.minimum or 0) <= total <= (target.maximum or total):
                return None
            record[rule.target] = total
    return name


def unknown_label(rng: random.Random, valid: Sequence[str]) -> str:
    """A label that is not among ``valid`` even after normalisation: a typo or a stray word."""
    known = {normalise(label) for label in valid}
    sample = rng.choice(valid)
    typos = []
    if len(sample) > 3:
        position = rng.randrange(1, len(sample) - 1)
        typos.append(sample[:position] + sample[position + 1 :])
    typos.append(sample + "?")
    for candidate in (*typos, *_UNKNOWN_WORDS):
        if normalise(candidate) not in known and candidate.strip():
            return candidate
    return "Unknown-" + str(rng.randrange(100, 999))


def not_a_value(rng: random.Random, *, column_type: str, example: Any, date_format: str) -> str:
    """Text a cell of ``column_type`` cannot be read as (a type error)."""
    if column_type == "date":
        year = example.year if isinstance(example, date) else 2025
        bad = date_format.replace("%d", "31").replace("%m", "02").replace("%Y", str(year))
        return rng.choice(_NOT_A_DATE).format(year=year, bad=bad)
    if column_type == "boolean":
        return rng.choice(_NOT_A_BOOLEAN)
    number = example if isinstance(example, int) else rng.randint(2, 40)
    return rng.choice(_NOT_A_NUMBER).format(n=number)


def add_noise(rng: random.Random, text: str) -> tuple[str, str] | None:
    """Outer whitespace or a change of letter case; None when the text has no case to change."""
    if rng.random() < 0.5 or text.upper() == text.lower():
        return rng.choice((" ", "  ", "")) + text + rng.choice((" ", "  ", "\u00a0")), "whitespace"
    changed = text.lower() if text != text.lower() else text.upper()
    return (changed, "case") if changed != text else None


def label_sets(
    contract: Contract, value_map: Mapping[str, Mapping[str, str]], columns: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """Per coded column, every text validation accepts for it (labels and codes)."""
    accepted: dict[str, tuple[str, ...]] = {}
    for name in columns:
        column = contract.column(name)
        if column.is_coded:
            accepted[name] = (*value_map.get(name, {}).keys(), *column.codes)
    return accepted
