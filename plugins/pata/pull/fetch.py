"""Pull one partner dataset for one period: the body of every pull DAG (and of the tests).

For the period whose window holds the run's day, list the source (bounded), and for each
export file of that period not fetched before in this version: read it to a private
temporary file, describe it again, and write it to the dropzone only when it is complete
and unchanged (same size, modification time and ETag before and after, and as many bytes
as announced). It lands at ``<partner>/incoming/<dataset>/<original name>``, exactly where
a partner's upload would, so ingestion, the ledger, duplicates, supersession and feedback
treat it as one; ``ops.pulled_files`` remembers the version.

Any failure is one ``pull-failed`` alert per partner, dataset, period and code (raised
again, it changes nothing) and a :class:`~pata.pull.remote.PullError` for the task, which
says whether a retry can help. A period with no export is not a failure: after the window,
the deadlines check raises its late-submission alert.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pata.alerts.alert import Alert, error_code_of
from pata.alerts.raising import raise_alert
from pata.errors import ConfigError
from pata.periods import Period
from pata.pull.remote import PullError, RemoteFile, RemoteSource
from pata.pull.sources import PullSource
from pata.registry import Registry, load_registry
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)

SourceFactory = Callable[[PullSource, str], RemoteSource]


@dataclass
class PullReport:
    """What one pull did (codes, counts and dropzone keys; safe for XCom and logs)."""

    partner_code: str
    dataset: str
    period_label: str | None
    found: int = 0
    unchanged: int = 0
    fetched: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """A summary for XCom."""
        return {
            "partner": self.partner_code,
            "dataset": self.dataset,
            "period": self.period_label,
            "found": self.found,
            "unchanged": self.unchanged,
            "fetched": list(self.fetched),
        }


def open_source(source: PullSource, where: str) -> RemoteSource:
    """The adapter of the source's kind (each opens its provider hook lazily)."""
    if source.kind == "sftp":
        from pata.pull.sftp import SftpSource

        return SftpSource(source, where=where)
    if source.kind == "s3":
        from pata.pull.s3 import S3Source

        return S3Source(source, where=where)
    from pata.pull.https import HttpsSource

    return HttpsSource(source, where=where)


def pulled_sources(registry: Registry) -> list[tuple[str, str, str, PullSource]]:
    """(partner, dataset, partner timezone, source) for every dataset with a ``pull:`` block."""
    return [
        (partner.code, name, partner.timezone, sent.pull)
        for partner in registry.partners.values()
        for name, sent in sorted(partner.datasets.items())
        if sent.pull is not None
    ]


def pull_dataset(
    *,
    partner_code: str,
    dataset: str,
    day: date,
    period: Period | None = None,
    settings: Settings | None = None,
    registry: Registry | None = None,
    open_remote: SourceFactory = open_source,
) -> PullReport:
    """Fetch the export of the period whose window holds ``day`` (or of ``period``).

    ``day`` is the partner's local date of the run (the DAG passes its logical date).
    Raises :class:`PullError` after raising its alert.
    """
    settings = settings or get_settings()
    registry = registry or load_registry()
    sent = registry.partner(partner_code).dataset(dataset)
    if sent.pull is None:
        raise ConfigError(
            f"partner {partner_code} dataset {dataset} has no pull: block in the registry",
            code="pull-config",
        )
    source = sent.pull
    period = period or source.period_due(day)
    report = PullReport(partner_code, dataset, None if period is None else period.label)
    if period is None:
        log.info("pull %s/%s: %s is outside every pull window", partner_code, dataset, day)
        return report
    where = f"partner {partner_code} dataset {dataset} ({source.kind})"
    remote = open_remote(source, where)
    try:
        _pull_period(remote, source, period, report, settings=settings)
    except Exception as exc:
        error = exc if isinstance(exc, PullError) else None
        code = error.code if error else (error_code_of(exc) or "pull-failed")
        raise_alert(
            Alert.pull_failed(
                partner_code=partner_code,
                dataset=dataset,
                period_label=period.label,
                error_code=code,
            ),
            settings=settings,
        )
        if error is None:
            # never the message of an unexpected error: it could quote anything
            raise PullError(f"{where}: unexpected {type(exc).__name__}", code=code) from None
        raise
    finally:
        remote.close()
    log.info(
        "pull %s/%s %s: %s export(s) found, %s unchanged, %s fetched",
        partner_code,
        dataset,
        period.label,
        report.found,
        report.unchanged,
        len(report.fetched),
    )
    return report


def _pull_period(
    remote: RemoteSource,
    source: PullSource,
    period: Period,
    report: PullReport,
    *,
    settings: Settings,
) -> None:
    from pata.pull.record import already_pulled, record_pull
    from pata.uploads import drop_file
    from pata.warehouse.engine import get_engine

    engine = get_engine(role="pipeline", settings=settings)
    files = remote.list_files(period)
    report.found = len(files)
    for file in files:
        with engine.connect() as conn:
            if already_pulled(
                conn, partner_code=report.partner_code, dataset=report.dataset, file=file
            ):
                report.unchanged += 1
                continue
        with tempfile.TemporaryDirectory(prefix="pata-pull-") as folder:
            local = Path(folder) / file.name
            sha256 = _download_complete(remote, file, local)
            key = drop_file(
                local, partner=report.partner_code, dataset=report.dataset, settings=settings
            ).split("/", 1)[1]
        with engine.begin() as conn:
            record_pull(
                conn,
                partner_code=report.partner_code,
                dataset=report.dataset,
                source_kind=source.kind,
                file=file,
                sha256=sha256,
                period_label=period.label,
                object_key=key,
            )
        report.fetched.append(key)


def _download_complete(remote: RemoteSource, file: RemoteFile, local: Path) -> str:
    """Download ``file``; return its SHA-256 once it is known complete and unchanged."""
    written = remote.download(file, local)
    after = remote.stat(file)
    if after is None or after.version != file.version or (0 <= file.size != written):
        local.unlink(missing_ok=True)
        raise PullError(
            "an export changed while it was read (size or modification time differ before "
            "and after); it is not ingested and is fetched again on the next run",
            code="pull-file-changing",
        )
    digest = hashlib.sha256()
    with local.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
