"""Collect row-positioned problems without letting a broken file flood a report."""

from __future__ import annotations

from collections import Counter

from pata.readers.model import FileProblem


class RowProblemLog:
    """Collects row problems, listing at most ``limit`` per code and counting the rest.

    Streaming readers call :meth:`take` after each batch; the summary of the problems that
    were only counted comes with :meth:`take_summary` at the end.
    """

    def __init__(self, *, limit: int) -> None:
        self._limit = limit
        self._listed: Counter[str] = Counter()
        self._unlisted: Counter[str] = Counter()
        self._pending: list[FileProblem] = []

    def add(self, problem: FileProblem) -> None:
        """Record one problem; past the limit for its code it is counted, not listed."""
        if self._listed[problem.code] < self._limit:
            self._listed[problem.code] += 1
            self._pending.append(problem)
        else:
            self._unlisted[problem.code] += 1

    @property
    def found_any(self) -> bool:
        """Tell whether any problem was ever recorded."""
        return bool(self._listed or self._unlisted)

    def take(self) -> list[FileProblem]:
        """Return the problems listed since the last call, and forget them."""
        pending, self._pending = self._pending, []
        return pending

    def take_summary(self) -> list[FileProblem]:
        """Return one summary problem per code that had more problems than were listed."""
        summary = [
            FileProblem(
                code=code,
                message=f"{count} more rows have the same problem ({code}) as the rows "
                "listed above; they are not listed one by one. Fix the listed rows the same "
                "way.",
            )
            for code, count in self._unlisted.items()
        ]
        self._unlisted.clear()
        return summary
