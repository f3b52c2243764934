"""Where a pulled partner's export is fetched from: the ``pull:`` block of the registry.

A partner that cannot upload gets, on the dataset it sends, a ``pull:`` block::

    pull:
      kind: sftp                    # sftp | s3 | https
      connection: pata_pull_np_sahayog   # Airflow connection: host, login, key or token
      path: /exports/cases          # sftp: the folder the partner's system writes to
      # s3:    bucket: ..., prefix: ..., endpoint: https://...  (endpoint optional)
      # https: url: /api/exports/cases_{period}.csv  (a path on the connection's host)
      window_days: 5                # looked for daily from the due date, this many days
      max_entries: 1000             # a listing longer than this is an alert, not a loop

The registry says *what* to fetch; the connection (``AIRFLOW_CONN_<ID>``) says where to log
in and with what, so no credential is ever in the repo. The schedule is derived from the
dataset's calendar: the export for a period is looked for on its due date and on each of
the following days of the window; after the window, the deadlines check's late alert takes
over (the calendar's due day of a pulled dataset is :attr:`PullSource.last_window_day`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, cast

from pata.errors import ConfigError
from pata.periods import Period, month_of, quarter_of

PullKind = Literal["sftp", "s3", "https"]
KINDS: tuple[str, ...] = ("sftp", "s3", "https")
DEFAULT_WINDOW_DAYS = 5
DEFAULT_MAX_ENTRIES = 1000
MAX_ENTRIES_LIMIT = 100_000
LAST_CRON_DAY = 28  # every month has it: the window never crosses into the next month
PULL_HOUR = 3  # local time of the daily look, after a partner's nightly export

_CONNECTION = re.compile(r"^[a-z][a-z0-9_]{0,99}$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_ENDPOINT = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?/?$")
_URL_PATH = re.compile(r"^/[A-Za-z0-9._~/{}-]*$")
_SUFFIX = re.compile(r"_\{period\}\.(csv|tsv|txt|xlsx|json|ndjson|jsonl)$")
_KEYS: Mapping[str, frozenset[str]] = {
    "sftp": frozenset({"path"}),
    "s3": frozenset({"bucket", "prefix", "endpoint"}),
    "https": frozenset({"url"}),
}
_COMMON = frozenset({"kind", "connection", "window_days", "max_entries"})


@dataclass(frozen=True)
class PullSource:
    """Where and when one partner dataset is pulled (credentials live in the connection)."""

    kind: PullKind
    connection: str
    frequency: str
    due_day: int
    window_days: int = DEFAULT_WINDOW_DAYS
    max_entries: int = DEFAULT_MAX_ENTRIES
    path: str | None = None
    bucket: str | None = None
    prefix: str = ""
    endpoint: str | None = None
    url: str | None = None

    @property
    def cron(self) -> str:
        """Daily at 03:00 local time on the window's days of the months a period falls due."""
        days = f"{self.due_day}-{self.last_window_day}"
        months = "*" if self.frequency == "monthly" else "1,4,7,10"
        return f"0 {PULL_HOUR} {days if self.window_days > 1 else self.due_day} {months} *"

    @property
    def where(self) -> str:
        """A short description of the source for logs and the DAG's docs (no credential)."""
        if self.kind == "sftp":
            return f"sftp://<{self.connection}>{self.path}"
        if self.kind == "s3":
            return f"s3://{self.bucket}/{self.prefix}"
        return f"https://<{self.connection}>{self.url}"

    def due_of(self, period: Period) -> date:
        """The period's due date (as ``pata.deadlines.due_date``): its window's first day."""
        return period.end + timedelta(days=self.due_day)

    @property
    def last_window_day(self) -> int:
        """Day of the month the window ends: the due day of the calendar's lateness check."""
        return self.due_day + self.window_days - 1

    def period_due(self, day: date) -> Period | None:
        """The period whose pull window holds ``day`` (partner's local date), if any."""
        period = _period_containing(day.replace(day=1) - timedelta(days=1), self.frequency)
        if 0 <= (day - self.due_of(period)).days < self.window_days:
            return period
        return None

    def url_for(self, period: Period) -> str:
        """The https path for a period (``{period}`` replaced by its label)."""
        if self.url is None:
            raise ConfigError("only an https source has a URL", code="pull-config")
        return self.url.replace("{period}", period.label)


def _period_containing(day: date, frequency: str) -> Period:
    return month_of(day) if frequency == "monthly" else quarter_of(day)


def parse_pull_source(raw: Any, *, frequency: str, due_day: int, where: str) -> PullSource:
    """Check one ``pull:`` block and build its :class:`PullSource` (ConfigError says where)."""
    where = f"{where} pull"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping", code="pull-config")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}", code="pull-config")
    unknown = sorted(str(k) for k in raw if k not in _COMMON | _KEYS[kind])
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}", code="pull-config")
    connection = raw.get("connection")
    if not isinstance(connection, str) or not _CONNECTION.match(connection):
        raise ConfigError(
            f"{where}: connection must be an Airflow connection id like pata_pull_kh_ksp "
            "(its credentials come from AIRFLOW_CONN_<ID>, never from the registry)",
            code="pull-config",
        )
    window = _bounded_int(raw, "window_days", DEFAULT_WINDOW_DAYS, 1, 28, where)
    if due_day + window - 1 > LAST_CRON_DAY:
        raise ConfigError(
            f"{where}: the window (due day {due_day} + {window} days) must end by day "
            f"{LAST_CRON_DAY} of the month; shorten window_days",
            code="pull-config",
        )
    max_entries = _bounded_int(raw, "max_entries", DEFAULT_MAX_ENTRIES, 1, MAX_ENTRIES_LIMIT, where)
    source = PullSource(
        kind=cast(PullKind, kind),
        connection=connection,
        frequency=frequency,
        due_day=due_day,
        window_days=window,
        max_entries=max_entries,
    )
    if kind == "sftp":
        return _with(source, path=_folder(raw.get("path"), where))
    if kind == "s3":
        return _with(source, **_bucket_fields(raw, where))
    return _with(source, url=_url_template(raw.get("url"), where))


def _with(source: PullSource, **changes: Any) -> PullSource:
    from dataclasses import replace

    return replace(source, **changes)


def _bounded_int(
    raw: Mapping[str, Any], key: str, default: int, low: int, high: int, where: str
) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(
            f"{where}: {key} must be a whole number from {low} to {high}", code="pull-config"
        )
    return value


def _folder(value: Any, where: str) -> str:
    if (
        not isinstance(value, str)
        or not value.startswith("/")
        or posixpath.normpath(value) != value.rstrip("/")
        or ".." in value.split("/")
    ):
        raise ConfigError(
            f"{where}: path must be an absolute, normalised folder such as /exports/cases",
            code="pull-config",
        )
    return value.rstrip("/") or "/"


def _bucket_fields(raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    bucket = raw.get("bucket")
    if not isinstance(bucket, str) or not _BUCKET.match(bucket):
        raise ConfigError(f"{where}: bucket must be an S3 bucket name", code="pull-config")
    prefix = raw.get("prefix", "")
    if (
        not isinstance(prefix, str)
        or prefix.startswith("/")
        or ".." in prefix.split("/")
        or (prefix and not prefix.endswith("/"))
    ):
        raise ConfigError(
            f"{where}: prefix must be a folder such as exports/cases/ (ending in /, no ..)",
            code="pull-config",
        )
    endpoint = raw.get("endpoint")
    if endpoint is not None and (not isinstance(endpoint, str) or not _ENDPOINT.match(endpoint)):
        raise ConfigError(
            f"{where}: endpoint must be an http(s) URL without a path", code="pull-config"
        )
    return {"bucket": bucket, "prefix": prefix, "endpoint": endpoint}


def _url_template(value: Any, where: str) -> str:
    if (
        not isinstance(value, str)
        or not _URL_PATH.match(value)
        or value.count("{period}") != 1
        or value.replace("{period}", "").count("{") + value.replace("{period}", "").count("}")
        or not _SUFFIX.search(value)
        or ".." in value.split("/")
    ):
        raise ConfigError(
            f"{where}: url must be a path on the connection's host ending in the file name "
            "with the period, such as /exports/cases_{period}.csv",
            code="pull-config",
        )
    return value
