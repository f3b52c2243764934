"""What every pull source looks like to the pull: list, stat, download, through a hook.

One adapter per kind (:mod:`pata.pull.sftp`, :mod:`pata.pull.s3`, :mod:`pata.pull.https`)
wraps the Airflow provider's hook and turns its failures into a :class:`PullError` with a
stable code. Codes are what the data engineer reads in ``ops.alerts``; messages carry the
partner, the dataset and the source's configured place, never a credential or a file's
content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from pata.dropzone import SUPPORTED_SUFFIXES
from pata.errors import PataError
from pata.periods import Period, period_from_filename

# Codes that another try tomorrow (or in ten minutes) may fix; the others need a person.
TRANSIENT_CODES = frozenset({"pull-source-unreachable", "pull-file-changing"})


class PullError(PataError):
    """A partner source could not be read as configured."""

    code = "pull-failed"

    @property
    def transient(self) -> bool:
        """True when retrying later may succeed (unreachable host, a file being written)."""
        return self.code in TRANSIENT_CODES


@dataclass(frozen=True)
class RemoteFile:
    """One file on a partner's source, as the source describes it."""

    name: str
    path: str
    size: int
    mtime: datetime | None = None
    etag: str | None = None

    @property
    def version(self) -> tuple[int, datetime | None, str | None]:
        """What must not change while the file is read, and tells a new version apart."""
        return (self.size, self.mtime, self.etag)


class RemoteSource(Protocol):
    """A partner source opened through its hook (a context manager)."""

    def list_files(self, period: Period) -> list[RemoteFile]:
        """The export files for ``period`` (bounded listing; PullError on trouble)."""
        ...

    def stat(self, file: RemoteFile) -> RemoteFile | None:
        """The file as the source describes it now (None when it is gone)."""
        ...

    def download(self, file: RemoteFile, destination: Path) -> int:
        """Write the file's bytes to ``destination``; return how many were written."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def is_export_for(name: str, period: Period) -> bool:
    """True for a supported export file name that carries ``period`` (``cases_2026-07.csv``)."""
    return name.lower().endswith(SUPPORTED_SUFFIXES) and period_from_filename(name) == period


def check_plain_name(name: str, *, where: str) -> None:
    """Refuse a listed name that would point outside the configured folder."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or "\x00" in name:
        raise PullError(
            f"{where}: the source listed an entry that points outside the configured folder",
            code="pull-path-outside-source",
        )


def too_many_entries(*, where: str, limit: int) -> PullError:
    """The error for a listing longer than the source's ``max_entries``."""
    return PullError(
        f"{where}: the folder lists more than {limit} entries (max_entries); the pull stops "
        "rather than read an unbounded listing. Ask the partner to archive old exports, or "
        "raise max_entries in the registry.",
        code="pull-listing-too-large",
    )
