"""Small-cell suppression on crafted tables: primary, complementary, and what a reader can
work out from what is published."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from pata.indicators.suppression import (
    COMPLEMENTARY,
    SMALL_CELL,
    Group,
    primary_suppression,
    suppress,
    unprotected_groups,
)


def run(counts: dict, groups: list[Group], *, threshold: int = 10, protected: set | None = None):
    series = pd.Series(counts)
    series.index = pd.Index(list(counts), tupleize_cols=False)
    guard = pd.Series([protected is None or k in protected for k in counts], index=series.index)
    reasons = suppress(series, protected=guard, groups=groups, threshold=threshold)
    return dict(zip(counts, reasons.tolist(), strict=True))


def table(rows: dict[str, dict[str, int]]) -> tuple[dict, list[Group]]:
    """A two-way table with margins: rows are partners (+ region), columns categories (+ total)."""
    counts: dict = {}
    columns = list(next(iter(rows.values())))
    for row, cells in rows.items():
        for column, value in cells.items():
            counts[(row, column)] = value
        counts[(row, "total")] = sum(cells.values())
    for column in [*columns, "total"]:
        counts[("region", column)] = sum(counts[(row, column)] for row in rows)
    groups = [Group(tuple((r, c) for c in columns), (r, "total")) for r in [*rows, "region"]]
    groups += [Group(tuple((r, c) for r in rows), ("region", c)) for c in [*columns, "total"]]
    return counts, groups


def recomputable(groups: list[Group], hidden: set) -> set:
    """The hidden cells that the published cells determine exactly.

    Each group gives one linear equation over the hidden cells (published cells are known
    constants). A hidden cell is determined when its unit vector lies in the row space of
    those equations: adding it does not raise the rank.
    """
    cells = sorted(hidden)
    if not cells:
        return set()
    position = {cell: n for n, cell in enumerate(cells)}
    rows = []
    for group in groups:
        row = np.zeros(len(cells))
        for part in group.parts:
            if part in position:
                row[position[part]] += 1
        if group.total in position:
            row[position[group.total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    system = np.array(rows)
    rank = np.linalg.matrix_rank(system)
    found = set()
    for cell, n in position.items():
        unit = np.zeros(len(cells))
        unit[n] = 1
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            found.add(cell)
    return found


class TestPrimary:
    def test_one_to_threshold_is_suppressed_zero_and_more_are_not(self):
        counts = pd.Series([0, 1, 5, 10, 11, 300])
        hit = primary_suppression(counts, protected=pd.Series([True] * 6), threshold=10)
        assert hit.tolist() == [False, True, True, True, False, False]

    def test_the_threshold_is_configurable(self):
        counts = pd.Series([3, 5, 6])
        hit = primary_suppression(counts, protected=pd.Series([True] * 3), threshold=5)
        assert hit.tolist() == [True, True, False]

    def test_unprotected_counts_are_never_suppressed(self):
        reasons = run({"a": 3, "b": 40, "t": 43}, [Group(("a", "b"), "t")], protected={"b", "t"})
        assert reasons == {"a": None, "b": None, "t": None}

    def test_negative_counts_are_refused(self):
        with pytest.raises(ValueError, match="negative"):
            run({"a": -1}, [])

    def test_a_threshold_below_one_is_refused(self):
        with pytest.raises(ValueError, match="at least 1"):
            run({"a": 1}, [], threshold=0)


class TestComplementary:
    def test_a_lonely_small_cell_gets_a_partner(self):
        reasons = run({"f": 40, "m": 3, "o": 25, "t": 68}, [Group(("f", "m", "o"), "t")])
        assert reasons["m"] == SMALL_CELL
        assert reasons["o"] == COMPLEMENTARY, "the smallest non-zero part is chosen"
        assert reasons["f"] is None and reasons["t"] is None, "the total stays published"

    def test_two_small_cells_protect_each_other(self):
        reasons = run({"a": 4, "b": 2, "c": 90, "t": 96}, [Group(("a", "b", "c"), "t")])
        assert [reasons[k] for k in "abct"] == [SMALL_CELL, SMALL_CELL, None, None]

    def test_zero_cells_are_chosen_last(self):
        reasons = run({"a": 4, "z": 0, "c": 50, "t": 54}, [Group(("a", "z", "c"), "t")])
        assert reasons["c"] == COMPLEMENTARY and reasons["z"] is None

    def test_a_two_way_table_leaves_no_cell_recomputable(self):
        counts, groups = table(
            {
                "kh": {"female": 30, "male": 4, "other": 0},
                "th": {"female": 22, "male": 15, "other": 2},
                "my": {"female": 12, "male": 12, "other": 0},
            }
        )
        reasons = run(counts, groups)
        hidden = {k for k, r in reasons.items() if r}
        assert {("kh", "male"), ("th", "other")} <= hidden
        assert unprotected_groups(groups, hidden) == []
        # The published margins and cells determine none of the hidden cells.
        assert recomputable(groups, hidden) == set()

    def test_the_result_does_not_depend_on_row_order(self):
        counts, groups = table(
            {
                "a": {"x": 3, "y": 14, "z": 22},
                "b": {"x": 17, "y": 1, "z": 40},
                "c": {"x": 9, "y": 30, "z": 0},
            }
        )
        first = run(counts, groups)
        keys = list(counts)
        random.Random(4).shuffle(keys)
        shuffled = run({k: counts[k] for k in keys}, list(reversed(groups)))
        assert first == shuffled

    @pytest.mark.parametrize("seed", range(12))
    def test_random_tables_never_leave_a_lonely_suppressed_cell(self, seed):
        rng = random.Random(seed)
        rows = {
            f"p{i}": {c: rng.choice((0, 1, 2, 5, 9, 12, 30, 80)) for c in ("f", "m", "o", "u")}
            for i in range(rng.randint(2, 6))
        }
        counts, groups = table(rows)
        reasons = run(counts, groups, threshold=rng.choice((5, 10)))
        hidden = {k for k, r in reasons.items() if r}
        assert unprotected_groups(groups, hidden) == []
        assert all(reasons[k] != SMALL_CELL or 1 <= counts[k] <= 10 for k in counts)

    @pytest.mark.parametrize("seed", range(40))
    def test_random_tables_cannot_be_solved_by_linear_algebra(self, seed):
        rng = random.Random(seed)
        rows = {
            f"p{i}": {c: rng.choice((0, 1, 3, 7, 11, 16, 60)) for c in ("f", "m", "o")}
            for i in range(rng.randint(2, 5))
        }
        counts, groups = table(rows)
        hidden = {k for k, r in run(counts, groups).items() if r}
        assert recomputable(groups, hidden) == set(), (rows, hidden)

    def test_without_complementary_suppression_the_cell_would_be_recomputable(self):
        _, groups = table({"a": {"f": 30, "m": 4}, "b": {"f": 25, "m": 40}})
        primary_only = {("a", "m")}
        assert recomputable(groups, primary_only) == primary_only
