"""Blocked comparison of Bloom-filter encodings by Dice similarity, and clusters of records.

Pure and in memory (numpy), so the full linkage of the evaluation and the incremental
relinking of the warehouse (:mod:`pata.linkage.store`) run the same code.

Each filter holds two fields (:data:`pata.linkage.encoding.NAME_BITS`): the name, and the
birth date with sex and citizenship. They are compared field by field, because a record-
level Dice lets a shared birth date outvote two different names (most false matches of a
single filter were namesakes-in-part born on the same day).

- **First pass**: records sharing a birth block (keyed birth year and sex) are compared;
  a pair is a match when the name field's Dice reaches :data:`MATCH_THRESHOLD` and the
  dates are the same (date field Dice >= :data:`SAME_DATE`), or one name lies within the
  other (overlap >= :data:`HELD_NAME_OVERLAP`: a family name left out) and the dates are
  the same, or the Dice reaches the higher :data:`NEAR_DATE_NAME_THRESHOLD` and the dates
  are near: a day off or day and month swapped (Dice >= :data:`NEAR_DATE`), or one date
  known to the year only (its bits lie inside the other's: overlap >=
  :data:`YEAR_ONLY_OVERLAP`). The score is the name Dice (less
  :data:`NEAR_DATE_DISCOUNT` on near dates).
- **Second pass**: a record without a birth date is compared with the records sharing a
  name block (keyed sex and name-skeleton prefix); candidates are those whose name field
  overlaps its own by :data:`NO_BIRTH_RIVAL`, ranked by the name field's Dice (the same
  name written otherwise outranks a shorter name held inside it). It links to the best
  only when the best overlaps its name by :data:`NO_BIRTH_THRESHOLD` (a missing family
  name keeps the overlap) and leads the runner-up, which need not reach that bar, by
  :data:`NO_BIRTH_MARGIN` of Dice, or the runner-up is itself a first-pass match of the
  best. A name alone cannot tell two namesakes apart; this rule keeps it from merging
  them (and is why many records without a birth date stay unlinked: docs/privacy.md,
  "Linkage quality").
- **Default values**: an encoding held by more than :data:`MAX_IDENTICAL` records is
  a placeholder a partner's system writes (``Unknown``, a default birth date), or one
  record copied again and again, not a person: those records are left out of both passes
  (they stay unlinked). Each of them would otherwise match every other: quadratic matches
  held in memory (a 100 MB file of a few records repeated under new ids grew the
  indicators' linkage step past 16 GB), and one false person of thousands of records.
- **Clusters**: the matches, best first, joined by union-find unless two records of one
  partner would end in one cluster without matching each other (:func:`clusters`); a
  cluster is a person.

Dice of packed filters: ``2 |A & B| / (|A| + |B|)``, popcounts by ``numpy.bitwise_count``
over 64-bit words, compared block by block in slices that bound memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from pata.linkage.encoding import NAME_WORDS

MATCH_THRESHOLD = 0.70
"""Name Dice at or above which two records with the same birth date are the same person
(chosen on the synthetic truth: ``pata linkage evaluate``)."""
NEAR_DATE_NAME_THRESHOLD = 0.75
"""Name Dice at or above which two records with a *near* birth date (a day off, day and
month swapped, a year only) are the same person."""
SAME_DATE = 0.9
"""Dice of the date field (birth date, sex, citizenship) at which the dates are the same
(a citizenship recorded by one partner only leaves it above this)."""
YEAR_ONLY_OVERLAP = 0.95
"""Share of the smaller date field found in the other at which a year-only date (recorded
as 1 January, encoded as the year: :mod:`pata.linkage.encoding`) is near the other."""
NEAR_DATE = 0.36
"""Dice of the date field at which the dates are near (they share a two-day window, the
unordered day and month, or the year only is known)."""
HELD_NAME_OVERLAP = 0.95
"""Share of the smaller name field found in the other at which two records with the same
birth date match though their Dice is below the bar: one partner left a name out (a
missing family name), the rest is the same."""
HELD_NAME_FLOOR = 0.45
"""Name Dice below which a name held in the other is too small a part of it to match."""
NEAR_DATE_DISCOUNT = 0.1
"""Taken from the name Dice to score a match on near birth dates (a same-date match of
the same names outranks it)."""
NO_BIRTH_THRESHOLD = 0.86
"""Overlap at or above which a record without a birth date matches its best candidate."""
NO_BIRTH_RIVAL = 0.7
"""Overlap at or above which another record is a rival of the best candidate of a record
without a birth date (below :data:`NO_BIRTH_THRESHOLD`: a rival need not be a match to
make the best one doubtful)."""
NO_BIRTH_MARGIN = 0.05
"""Name Dice by which the best candidate of a record without a birth date must lead the
runner-up (unless the two are a first-pass match) for the record to link."""
SAME_PARTNER_THRESHOLD = 0.85
"""Score at or above which two records of one partner are a duplicate (see :func:`clusters`):
names of Dice 0.85 on the same birth date, 0.95 on a near one."""
MAX_IDENTICAL = 20
"""Records sharing one encoding above which the encoding is a default value, not a person
(see the module docstring). A person reported once by each of several partners, or twice
by one, stays far below it."""
_SLICE_CELLS = 1 << 19  # comparisons x words per slice (4 MiB of uint64: stays in cache)


@dataclass(frozen=True)
class Records:
    """Encodings to compare: packed filters and blocking keys, row ``i`` one record."""

    clks: np.ndarray  # (n, words) uint64
    birth_blocks: Sequence[str | None]
    name_blocks: Sequence[Sequence[str]]

    @classmethod
    def of(
        cls,
        clks: np.ndarray,
        birth_blocks: Sequence[str | None],
        name_blocks: Sequence[Sequence[str]],
    ) -> Records:
        """From packed ``uint8`` filters (n, bytes) or ``uint64`` words (n, words)."""
        matrix = np.ascontiguousarray(clks)
        if matrix.dtype == np.uint8:
            matrix = matrix.view(np.uint64) if len(matrix) else matrix.astype(np.uint64)
        return cls(matrix, birth_blocks, name_blocks)

    def __len__(self) -> int:
        return len(self.clks)

    @property
    def popcounts(self) -> np.ndarray:
        return np.bitwise_count(self.clks).sum(axis=1, dtype=np.int64)


@dataclass(frozen=True)
class Match:
    """Two record positions (``first < second`` for the first pass; the second pass puts
    the record without a birth date first), which pass found them, and the score."""

    first: int
    second: int
    pass_: int
    score: float


def dice(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dice coefficients of every row of ``a`` with every row of ``b`` (uint64 words)."""
    inter = _intersections(a, b)
    totals = np.bitwise_count(a).sum(1)[:, None] + np.bitwise_count(b).sum(1)[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, 2.0 * inter / totals, 0.0)


def _intersections(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # uint16 holds any popcount of a 1024-bit filter and halves the summing traffic.
    return np.bitwise_count(a[:, None, :] & b[None, :, :]).sum(axis=2, dtype=np.uint16)


def match_records(
    records: Records,
    *,
    queries: np.ndarray | None = None,
    threshold: float = MATCH_THRESHOLD,
    no_birth_threshold: float = NO_BIRTH_THRESHOLD,
) -> list[Match]:
    """Every match involving a query record (all records when ``queries`` is None).

    ``queries``: a boolean mask; with one, the first pass compares the queries with their
    block, and the second pass re-decides every record without a birth date that is a
    query or shares a name block with one (a new record may be its better candidate).
    """
    n = len(records)
    if queries is None:
        queries = np.ones(n, dtype=bool)
    kept = ~default_values(records)
    if not kept.all():
        left_in = kept.tolist()
        records = Records(
            records.clks,
            [b if k else None for b, k in zip(records.birth_blocks, left_in, strict=True)],
            [b if k else () for b, k in zip(records.name_blocks, left_in, strict=True)],
        )
        queries = queries & kept
    popcounts = records.popcounts
    found = first_pass(records, queries=queries, popcounts=popcounts, threshold=threshold)
    deciding = no_birth_to_decide(records, queries=queries) & kept
    found += second_pass(
        records,
        deciding=deciding,
        popcounts=popcounts,
        first_pass_matches=found,
        threshold=no_birth_threshold,
    )
    return found


def default_values(records: Records, *, most: int = MAX_IDENTICAL) -> np.ndarray:
    """Records whose encoding more than ``most`` records share (a boolean mask)."""
    if len(records) <= most:
        return np.zeros(len(records), dtype=bool)
    rows = np.ascontiguousarray(records.clks)
    as_keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
    _, inverse, counts = np.unique(as_keys, return_inverse=True, return_counts=True)
    return np.asarray(counts[inverse.ravel()] > most)


def first_pass(
    records: Records, *, queries: np.ndarray, popcounts: np.ndarray, threshold: float
) -> list[Match]:
    """Matches within birth blocks that involve a query record (each pair once)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, block in enumerate(records.birth_blocks):
        if block is not None:
            blocks[block].append(index)
    found: list[Match] = []
    field_counts = (
        np.bitwise_count(records.clks[:, :NAME_WORDS]).sum(axis=1, dtype=np.int64),
        np.bitwise_count(records.clks[:, NAME_WORDS:]).sum(axis=1, dtype=np.int64),
    )
    for members_list in blocks.values():
        if len(members_list) < 2:
            continue
        members = np.asarray(members_list, dtype=np.int64)
        asking = members[queries[members]]
        if not len(asking):
            continue
        all_queries = len(asking) == len(members)
        words = records.clks.shape[1]
        step = max(1, _SLICE_CELLS // (len(members) * words))
        for start in range(0, len(asking), step):
            rows = asking[start : start + step]
            # All queries: compare each with the later members only (upper triangle).
            others = members[start:] if all_queries else members
            scores = _scores(records.clks, field_counts, rows, others, threshold)
            hit_rows, hit_cols = np.nonzero(scores > 0)
            for r, c in zip(hit_rows.tolist(), hit_cols.tolist(), strict=True):
                i, j = int(rows[r]), int(others[c])
                if i == j or (queries[j] and j < i):
                    continue  # itself, or a pair of two queries seen from the other side
                found.append(Match(min(i, j), max(i, j), 1, float(scores[r, c])))
    return found


def no_birth_to_decide(records: Records, *, queries: np.ndarray) -> np.ndarray:
    """Records without a birth date whose second-pass link must be (re)decided."""
    no_birth = np.array([block is None for block in records.birth_blocks], dtype=bool)
    if queries.all():
        return no_birth
    touched = {block for i in np.flatnonzero(queries).tolist() for block in records.name_blocks[i]}
    near = np.array([bool(touched.intersection(blocks)) for blocks in records.name_blocks])
    return no_birth & (queries | near)


def second_pass(
    records: Records,
    *,
    deciding: np.ndarray,
    popcounts: np.ndarray,
    first_pass_matches: Iterable[Match],
    threshold: float,
    margin: float = NO_BIRTH_MARGIN,
) -> list[Match]:
    """For each record without a birth date: its best, unambiguous candidate, if any."""
    members_of: dict[str, list[int]] = defaultdict(list)
    for index, blocks in enumerate(records.name_blocks):
        for block in blocks:
            members_of[block].append(index)
    # Candidates at or above the threshold, per deciding record, from every block it is in:
    # (name Dice, overlap).
    candidates: dict[int, dict[int, tuple[float, float]]] = defaultdict(dict)
    words = records.clks.shape[1]
    name_counts = np.bitwise_count(records.clks[:, :NAME_WORDS]).sum(axis=1, dtype=np.int64)
    for members_list in members_of.values():
        members = np.asarray(members_list, dtype=np.int64)
        asking = members[deciding[members]]
        if not len(asking) or len(members) < 2:
            continue
        step = max(1, _SLICE_CELLS // (len(members) * words))
        for start in range(0, len(asking), step):
            rows = asking[start : start + step]
            name_dice, overlap = _field_scores(
                records.clks[rows, :NAME_WORDS],
                records.clks[members, :NAME_WORDS],
                name_counts,
                rows,
                members,
            )
            hit_rows, hit_cols = np.nonzero(overlap >= min(threshold, NO_BIRTH_RIVAL))
            for r, c in zip(hit_rows.tolist(), hit_cols.tolist(), strict=True):
                i, j = int(rows[r]), int(members[c])
                if i != j:
                    candidates[i][j] = (float(name_dice[r, c]), float(overlap[r, c]))
    matched = {(m.first, m.second) for m in first_pass_matches}
    found: list[Match] = []
    for index, scored in candidates.items():
        # Ranked by Dice: a shorter name held inside this one (a namesake known by the given
        # name only) overlaps it wholly, but the same name written otherwise scores higher.
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))
        best, (best_dice, score) = ranked[0]
        if score < threshold:
            continue  # the best fits too loosely; rivals are gathered below the bar
        if len(ranked) > 1:
            runner, (runner_dice, _) = ranked[1]
            if best_dice - runner_dice < margin and (
                (min(best, runner), max(best, runner)) not in matched
            ):
                continue  # two namesakes fit about as well: do not guess
        found.append(Match(index, best, 2, score))
    return found


def _scores(
    clks: np.ndarray,
    counts: tuple[np.ndarray, np.ndarray],
    rows: np.ndarray,
    others: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """Field by field: the name Dice decides, at a bar set by how well the dates agree.

    Returns the pair's score where it is a match, else 0: the name Dice, less
    :data:`NEAR_DATE_DISCOUNT` when the dates are near rather than the same."""
    names, rest = counts
    name_dice, name_overlap = _field_scores(
        clks[rows, :NAME_WORDS], clks[others, :NAME_WORDS], names, rows, others
    )
    date_dice, date_overlap = _field_scores(
        clks[rows, NAME_WORDS:], clks[others, NAME_WORDS:], rest, rows, others
    )
    # A year-only date lies wholly inside the full date of that year: near, not the same.
    same = date_dice >= SAME_DATE
    near = ~same & ((date_dice >= NEAR_DATE) | (date_overlap >= YEAR_ONLY_OVERLAP))
    held = same & (name_overlap >= HELD_NAME_OVERLAP) & (name_dice >= HELD_NAME_FLOOR)
    match = (same & (name_dice >= threshold)) | held
    match |= near & (name_dice >= NEAR_DATE_NAME_THRESHOLD)
    score = np.where(near, name_dice - NEAR_DATE_DISCOUNT, name_dice)
    return np.where(match, np.maximum(score, 1e-6), 0.0)


def _field_scores(
    a: np.ndarray, b: np.ndarray, counts: np.ndarray, rows: np.ndarray, others: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Dice and overlap (``|A & B| / min(|A|, |B|)``) of one field of two sets of rows."""
    inter = _intersections(a, b)
    left, right = counts[rows][:, None], counts[others][None, :]
    dice_ = 2.0 * inter / np.maximum(left + right, 1)
    overlap = inter / np.maximum(np.minimum(left, right), 1)
    return dice_, overlap


def clusters(
    n: int,
    matches: Iterable[Match],
    *,
    parties: Sequence[str] | None = None,
    same_party_threshold: float = SAME_PARTNER_THRESHOLD,
) -> np.ndarray:
    """Clusters of ``n`` records from scored matches: a label per record, the smallest
    position in its cluster.

    Without ``parties``: connected components. With them (the partner of each record):
    greedy, best score first, as anonlink's solver does for several parties — two clusters
    join only if no partner has a record in both, except through a direct match of two
    records of that partner (a same-partner duplicate) with birth dates, scoring at least
    ``same_party_threshold`` (a partner's own records of different persons are many more
    than those of one person, and most near misses inside a partner are namesakes: the
    bar is higher than across partners, and a record without a birth date never joins
    another of its partner). A weak chain of namesakes thus cannot merge two
    persons a partner reported separately.
    """
    parent = np.arange(n, dtype=np.int64)
    members: dict[int, set[str]] = {}
    if parties is not None:
        members = {index: {party} for index, party in enumerate(parties)}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = int(parent[x])
        return x

    for match in sorted(matches, key=lambda m: (-m.score, m.first, m.second)):
        a, b = match.first, match.second
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        if parties is not None:
            if parties[a] == parties[b] and (
                match.pass_ == 2 or match.score < same_party_threshold
            ):
                continue
            shared = members[ra] & members[rb]
            if shared and not (parties[a] == parties[b] and shared == {parties[a]}):
                continue
            members[min(ra, rb)] = members[ra] | members[rb]
        parent[max(ra, rb)] = min(ra, rb)
    return np.array([root(i) for i in range(n)], dtype=np.int64)
