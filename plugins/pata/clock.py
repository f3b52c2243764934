"""The pipeline's one source of "now".

Everything that needs the current time or date (deadlines, report dates, the default end of
a synthetic run, the reference day of date checks, ledger timestamps) asks this module, never
``datetime.now()`` or ``date.today()`` directly (a unit test guards this). ``PATA_NOW`` set to
an ISO date or timestamp freezes the clock: the test suite sets it, so no test depends on the
day it runs, and ``make test-dates`` runs the date-sensitive tests on other days.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

ENV_VAR = "PATA_NOW"


class ClockError(ValueError):
    """``PATA_NOW`` is set to something that is not an ISO date or timestamp."""


def frozen() -> datetime | None:
    """The instant ``PATA_NOW`` freezes the clock at (UTC), or None when it is not set."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    try:
        if len(value) == len("2026-02-28"):  # a day alone: its noon, the same date everywhere
            instant = datetime.combine(date.fromisoformat(value), time(12, 0))
        else:
            instant = datetime.fromisoformat(value)
    except ValueError:
        raise ClockError(
            f"{ENV_VAR}={value!r} is not an ISO date (2028-02-29) or timestamp "
            "(2028-02-29T08:00:00+00:00)"
        ) from None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def now() -> datetime:
    """The current instant, timezone-aware, in UTC (``PATA_NOW`` when set)."""
    return frozen() or datetime.now(UTC)


def today(tz: str | tzinfo | None = None) -> date:
    """Today's date in ``tz`` (an IANA name such as ``Asia/Phnom_Penh``; default UTC)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else (tz or UTC)
    return now().astimezone(zone).date()


def wall_now() -> datetime:
    """The machine's real time (UTC), never frozen.

    Only for comparing with timestamps another system wrote at its real time, such as an
    object's ``LastModified`` in S3 (the sweep's age guard, the upload time of a local file,
    which must order with S3 uploads). Calendar decisions use :func:`now`.
    """
    return datetime.now(UTC)
