"""Reporting periods: the month or quarter a partner file reports on.

A partner file carries its period in its name, ``<anything>_<YYYY-MM>.<ext>`` for a monthly
file or ``<anything>_<YYYY>Q<n>.<ext>`` for a quarterly one. The period is what the
submission calendar (due dates, late files) and the warehouse (which file supersedes which)
are keyed on.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from pata.errors import PataError

_MONTH_LABEL = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
_QUARTER_LABEL = re.compile(r"^(?P<year>\d{4})Q(?P<quarter>[1-4])$")
_FILENAME = re.compile(r"_(?P<label>\d{4}-\d{2}|\d{4}Q[1-4])\.[A-Za-z0-9]+$")


class PeriodError(PataError):
    """A period label is not ``YYYY-MM`` or ``YYYYQn``."""

    code = "invalid-period"


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month or quarter, both ends included."""

    start: date
    end: date
    label: str

    @property
    def is_quarter(self) -> bool:
        """True for a quarter, false for a month."""
        return "Q" in self.label

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def months(self) -> Iterator[Period]:
        """The months of this period, in order (a month yields itself)."""
        current = month_of(self.start)
        while current.start <= self.end:
            yield current
            current = month_of(current.end + timedelta(days=1))

    def next(self) -> Period:
        """The period of the same kind that follows this one."""
        following = self.end + timedelta(days=1)
        return quarter_of(following) if self.is_quarter else month_of(following)


def month_of(day: date) -> Period:
    """The calendar month that contains ``day``."""
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(
        start=date(day.year, day.month, 1),
        end=date(day.year, day.month, last),
        label=f"{day.year:04d}-{day.month:02d}",
    )


def quarter_of(day: date) -> Period:
    """The calendar quarter that contains ``day``."""
    quarter = (day.month - 1) // 3 + 1
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return Period(
        start=date(day.year, first_month, 1),
        end=date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
        label=f"{day.year:04d}Q{quarter}",
    )


def parse_period(label: str) -> Period:
    """Parse ``YYYY-MM`` or ``YYYYQn``; raise :class:`PeriodError` otherwise."""
    text = label.strip()
    month = _MONTH_LABEL.match(text)
    if month:
        number = int(month["month"])
        if not 1 <= number <= 12:
            raise PeriodError(f"month {number} out of range in a period label")
        return month_of(date(int(month["year"]), number, 1))
    quarter = _QUARTER_LABEL.match(text)
    if quarter:
        return quarter_of(date(int(quarter["year"]), 3 * int(quarter["quarter"]) - 2, 1))
    raise PeriodError("a period label is YYYY-MM (month) or YYYYQn (quarter)")


def period_from_filename(name: str) -> Period | None:
    """The period a partner file name carries, or None when it carries none.

    Only the last path component counts; ``cases_2026-07.csv`` and
    ``x/y/kh-ksp_cases_2026Q3.xlsx`` are recognised.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    found = _FILENAME.search(base)
    if found is None:
        return None
    try:
        return parse_period(found["label"])
    except PeriodError:
        return None


def months_back(*, end: date, count: int) -> list[Period]:
    """The ``count`` months ending with the month of ``end``, oldest first."""
    if count < 1:
        raise PeriodError("the number of months must be at least 1", code="invalid-period")
    months = [month_of(end)]
    while len(months) < count:
        months.append(month_of(months[-1].start - timedelta(days=1)))
    return months[::-1]


def last_complete_month(today: date) -> Period:
    """The last month that ended before ``today``."""
    return month_of(today.replace(day=1) - timedelta(days=1))
