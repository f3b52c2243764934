"""Progress of long commands on a terminal (rows, files, elapsed); silent in logs and CI.

:func:`progress` shows a ``rich`` progress bar on standard error when it is a terminal and
``CI`` is not set; otherwise it shows nothing (log lines tell the story there). Progress
lines hold counts only, never a value of a file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Progress:
    """One task's counter; :meth:`advance` adds done units (rows, files)."""

    def __init__(self, bar: Any = None, task: Any = None) -> None:
        self._bar = bar
        self._task = task

    def advance(self, amount: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, amount)

    def describe(self, text: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=text)


def interactive() -> bool:
    """Whether progress is shown: standard error is a terminal, and not under CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress(
    description: str, *, unit: str = "rows", total: int | None = None
) -> Iterator[Progress]:
    """A progress display for the ``with`` block (a no-op when not :func:`interactive`)."""
    if not interactive():
        yield Progress()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import Progress as RichProgress

    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    else:
        columns.append(TextColumn("{task.completed:,} " + unit))
    columns.append(TimeElapsedColumn())
    with RichProgress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(description, total=total)
        yield Progress(bar, task)
