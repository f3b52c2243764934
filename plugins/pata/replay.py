"""Process a received file again from its raw copy (``pata replay``).

For a fixed column mapping, a corrected contract or a new pseudonymisation key. The replay
is a new ledger row for the same bytes (the duplicate check is skipped on purpose) that keeps
the original **upload time**: among the uploads for a period the latest upload wins
(:class:`pata.file_run.FileRun`), so a replay takes the place of the file it replays but never
of a correction the partner uploaded after it (a replay of a file already superseded ends
``superseded`` again). Its ETag names the row it replays and the replay's ordinal
(``replay-of-<id>-<n>``), so two replays are two rows, never one mistaken for the other.
"""

from __future__ import annotations

import logging
from contextlib import closing

from sqlalchemy import text

from pata import ledger
from pata.errors import PataError
from pata.file_outcome import FileOutcome, Upload
from pata.ports import Ports
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)


def replay_file(
    ledger_id: int, *, settings: Settings | None = None, ports: Ports | None = None
) -> FileOutcome:
    """Replay the file of ledger row ``ledger_id`` from the raw archive."""
    from botocore.exceptions import ClientError

    from pata.pipeline import process_path
    from pata.spool import spool
    from pata.storage import s3_client
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    with get_engine(role="pipeline", settings=settings).connect() as conn:
        entry = ledger.get(conn, ledger_id)
        raw_key = conn.execute(
            text("select raw_key from ops.file_ledger where id = :id"), {"id": ledger_id}
        ).scalar()
        earlier_replays = conn.execute(
            text(
                "select count(*) from ops.file_ledger where object_key = :key "
                "and object_etag like :prefix"
            ),
            {"key": entry.object_key, "prefix": f"replay-of-{ledger_id}-%"},
        ).scalar_one()
    if not raw_key:
        raise PataError(f"file {ledger_id} has no raw copy to replay", code="no-raw-copy")
    try:
        body = s3_client(settings).get_object(Bucket=settings.raw_bucket, Key=raw_key)["Body"]
    except ClientError as exc:
        raise PataError(
            f"the raw copy of file {ledger_id} is gone (purged after the retention period?)",
            code="raw-copy-purged",
        ) from exc
    with closing(body), spool(body) as spooled:
        upload = Upload(
            key=entry.object_key,
            etag=f"replay-of-{ledger_id}-{earlier_replays + 1}",
            size=spooled.size,
            uploaded_at=entry.uploaded_at,  # never "now": see the module docstring
        )
        log.info("replaying file %s (partner %s, %s)", ledger_id, entry.partner_code, entry.dataset)
        return process_path(
            spooled.path,
            upload=upload,
            sha256=spooled.sha256,
            settings=settings,
            replay=True,
            ports=ports,
        )
