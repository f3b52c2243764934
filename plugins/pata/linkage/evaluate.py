"""Quality and speed of the linkage on synthetic truth (``pata linkage evaluate``).

A population of persons (:func:`pata.synth.crossborder.linkage_population`: about 5 % of
them reported by two or three partners of different countries, with the variations the
issue lists) is encoded and linked in memory with the code the pipeline uses. Pairs of
records are scored against the truth: a true pair is two records of one person, a found
pair two records in one cluster. Precision, recall and F1 are over pairs (with the recall
by variation, and the false pairs by kind and by variation); the time to link
is matching and clustering, the time to encode is reported beside it (in the pipeline it is
spent while each file is read).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from pata.linkage.encoding import Encoder, Person
from pata.linkage.matching import (
    MATCH_THRESHOLD,
    NO_BIRTH_THRESHOLD,
    Records,
    clusters,
    match_records,
)
from pata.linkage.secret import LinkageKey

if TYPE_CHECKING:
    from pata.synth.crossborder import Appearance


@dataclass(frozen=True)
class Evaluation:
    """Figures of one evaluation run (no identifying value)."""

    persons: int
    records: int
    true_pairs: int
    found_pairs: int
    correct_pairs: int
    encode_seconds: float
    link_seconds: float
    threshold: float
    no_birth_threshold: float
    by_variation: tuple[tuple[str, int, int], ...] = ()
    """(variation, true pairs with it on either record, of them found), most missed first."""
    missed_by_kind: tuple[tuple[str, int], ...] = ()
    """(kind of pair, true pairs missed of that kind), most first (:func:`pair_kind`)."""
    false_by_kind: tuple[tuple[str, int], ...] = ()
    """(kind of pair, false pairs found of that kind), most first: whether the two records
    are of one partner, and how their birth dates compare."""
    false_by_variation: tuple[tuple[str, int], ...] = ()
    """(variation, false pairs found with it on either record), most first."""

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def lines(self) -> list[str]:
        return [
            f"persons {self.persons}, records {self.records}",
            f"threshold {self.threshold:.2f} (no birth date: {self.no_birth_threshold:.2f})",
            f"true pairs {self.true_pairs}, found {self.found_pairs}, correct {self.correct_pairs}",
            f"precision {self.precision:.4f}",
            f"recall    {self.recall:.4f}",
            f"F1        {self.f1:.4f}",
            f"encode {self.encode_seconds:.1f} s, link {self.link_seconds:.1f} s",
            "recall by variation (either record of a true pair):",
            *(
                f"  {name:<30} {found:>6} of {total:<6} {found / total:.3f}"
                for name, total, found in self.by_variation
            ),
            "missed pairs by kind:",
            *(f"  {name:<40} {count:>6}" for name, count in self.missed_by_kind),
            "false pairs by kind:",
            *(f"  {name:<40} {count:>6}" for name, count in self.false_by_kind),
            "false pairs by variation (either record):",
            *(f"  {name:<30} {count:>6}" for name, count in self.false_by_variation),
        ]


def pairs_of(groups: Iterable[Iterable[int]]) -> set[tuple[int, int]]:
    """Every unordered pair of positions within each group."""
    found: set[tuple[int, int]] = set()
    for group in groups:
        members = sorted(group)
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                found.add((first, second))
    return found


def cluster_pairs(labels: np.ndarray) -> set[tuple[int, int]]:
    """The record pairs that share a cluster label."""
    groups: dict[int, list[int]] = defaultdict(list)
    for position, label in enumerate(labels.tolist()):
        groups[label].append(position)
    return pairs_of(g for g in groups.values() if len(g) > 1)


def recall_by_variation(
    truth: set[tuple[int, int]],
    found: set[tuple[int, int]],
    variants: list[tuple[str, ...]],
) -> tuple[tuple[str, int, int], ...]:
    """Per variation: the true pairs with it on either record, and how many were found."""
    total: dict[str, int] = defaultdict(int)
    hit: dict[str, int] = defaultdict(int)
    for first, second in truth:
        for name in set(variants[first]) | set(variants[second]):
            total[name] += 1
            hit[name] += (first, second) in found
    rows = [(name, total[name], hit[name]) for name in total]
    return tuple(sorted(rows, key=lambda row: (row[2] / row[1], row[0])))


def pair_kind(first: Appearance, second: Appearance) -> str:
    """How a pair of records compares: one partner or two, and their birth dates."""
    where = "one partner" if first.partner == second.partner else "two partners"
    a, b = first.written.birthdate, second.written.birthdate
    if a is None and b is None:
        dates = "no birth dates"
    elif a is None or b is None:
        dates = "one birth date missing"
    else:
        dates = "same birth date" if a == b else "other birth dates"
    return f"{where}, {dates}"


def false_pairs(
    pairs: set[tuple[int, int]], population: list[Appearance]
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """Pairs (false or missed) counted by :func:`pair_kind` and by variation on either
    record."""
    kinds: Counter[str] = Counter()
    variations: Counter[str] = Counter()
    for first, second in pairs:
        kinds[pair_kind(population[first], population[second])] += 1
        for name in set(population[first].variants) | set(population[second].variants):
            variations[name] += 1
    return tuple(kinds.most_common()), tuple(variations.most_common())


def evaluate(
    *,
    persons: int = 100_000,
    seed: int = 0,
    key: LinkageKey | None = None,
    threshold: float = MATCH_THRESHOLD,
    no_birth_threshold: float = NO_BIRTH_THRESHOLD,
) -> Evaluation:
    """Encode and link a synthetic population; score it against its truth."""
    from pata.synth.crossborder import linkage_population

    population = linkage_population(persons, seed=seed)
    key = key or LinkageKey(np.random.default_rng(seed).bytes(32), source="evaluation")
    encoder = Encoder(key)
    started = time.perf_counter()
    people = [
        Person.of(
            first_name=a.written.first_name,
            second_name=a.written.second_name,
            birthdate=a.written.birthdate,
            gender=a.written.gender,
            citizenship=a.written.citizenship,
        )
        for a in population
    ]
    records = Records.of(
        encoder.encode(people),
        [encoder.birth_block(p) for p in people],
        [encoder.name_blocks(p) for p in people],
    )
    encoded = time.perf_counter()
    matches = match_records(records, threshold=threshold, no_birth_threshold=no_birth_threshold)
    labels = clusters(
        len(records),
        matches,
        parties=[a.partner for a in population],
    )
    linked = time.perf_counter()
    by_person: dict[int, list[int]] = defaultdict(list)
    for position, appearance in enumerate(population):
        by_person[appearance.person].append(position)
    truth = pairs_of(g for g in by_person.values() if len(g) > 1)
    found = cluster_pairs(labels)
    false_by_kind, false_by_variation = false_pairs(found - truth, population)
    missed_by_kind, _ = false_pairs(truth - found, population)
    return Evaluation(
        persons=persons,
        records=len(population),
        true_pairs=len(truth),
        found_pairs=len(found),
        correct_pairs=len(truth & found),
        encode_seconds=encoded - started,
        link_seconds=linked - encoded,
        threshold=threshold,
        no_birth_threshold=no_birth_threshold,
        by_variation=recall_by_variation(truth, found, [a.variants for a in population]),
        missed_by_kind=missed_by_kind,
        false_by_kind=false_by_kind,
        false_by_variation=false_by_variation,
    )
