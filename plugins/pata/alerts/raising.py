"""Raising an alert: its ``ops.alerts`` row first (deduplicated), then one notification.

The row's ``dedup_key`` is unique, so raising the same event twice changes nothing; the
notification is claimed in the row, so it is sent at most once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pata import clock
from pata.alerts.alert import ERROR_CODE, PERIOD_LABEL, Alert, accepted
from pata.alerts.channels import AlertChannel, notify
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlertOutcome:
    """What raising an alert did: its row id, whether it was new, what carried it."""

    alert_id: int
    new: bool
    notified_via: tuple[str, ...] | None


def record_alert(conn: Connection, alert: Alert) -> tuple[int, bool]:
    """Insert the alert row unless its dedup_key exists; return (id, inserted)."""
    from sqlalchemy import text

    inserted = conn.execute(
        text(
            "insert into ops.alerts (kind, partner_code, dataset, period_label, ledger_id, "
            "error_code, dag_id, run_id, task_id, message, dedup_key) values (:kind, :partner, "
            ":dataset, :period, :ledger_id, :error_code, :dag_id, :run_id, :task_id, :message, "
            ":dedup_key) on conflict (dedup_key) do nothing returning id"
        ),
        {
            "kind": alert.kind,
            "partner": alert.partner_code,
            "dataset": alert.dataset,
            "period": alert.period_label,
            "ledger_id": alert.ledger_id,
            "error_code": alert.error_code,
            "dag_id": alert.dag_id,
            "run_id": alert.run_id,
            "task_id": alert.task_id,
            "message": alert.message,
            "dedup_key": alert.dedup_key,
        },
    ).scalar()
    if inserted is not None:
        return int(inserted), True
    existing = conn.execute(
        text("select id from ops.alerts where dedup_key = :k"), {"k": alert.dedup_key}
    ).scalar_one()
    return int(existing), False


def raise_alert(
    alert: Alert,
    *,
    settings: Settings | None = None,
    channels: Sequence[AlertChannel] | None = None,
) -> AlertOutcome:
    """Record the alert (idempotent) and notify it once.

    The row commits before anything is sent; notification is claimed by setting
    ``notified_at``, so concurrent or repeated calls send it at most once.
    """
    from sqlalchemy import text

    from pata.warehouse.engine import get_engine

    engine = get_engine(role="pipeline", settings=settings or get_settings())
    with engine.begin() as conn:
        alert_id, new = record_alert(conn, alert)
    with engine.begin() as conn:
        claimed = conn.execute(
            text(
                "update ops.alerts set notified_at = now() where id = :id "
                "and notified_at is null returning id"
            ),
            {"id": alert_id},
        ).scalar()
    if claimed is None:
        return AlertOutcome(alert_id=alert_id, new=new, notified_via=None)
    carried = notify(alert, channels=channels)
    with engine.begin() as conn:
        conn.execute(
            text("update ops.alerts set notified_via = :via where id = :id"),
            {"via": carried, "id": alert_id},
        )
    return AlertOutcome(alert_id=alert_id, new=new, notified_via=tuple(carried))


def alert_rejected_files(
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
    ledger_ids: Sequence[int] | None = None,
    within: timedelta = timedelta(days=2),
    channels: Sequence[AlertChannel] | None = None,
) -> int:
    """Raise a ``file-rejected`` alert for each rejected file, and a ``file-failed`` one for
    each failed file, not alerted yet; return how many.

    ``ledger_ids`` limits it to those files (the ingest DAG passes its outcomes); otherwise
    files received within ``within`` before ``now`` are considered. Partner and dataset are
    named only when the registry knows them (a stray folder name could be anything).
    """
    from sqlalchemy import bindparam, text

    from pata.registry import load_registry
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    now = now or clock.now()
    known = load_registry().partners
    clause = "l.id in :ids" if ledger_ids is not None else "l.received_at >= :since"
    statement = text(
        "select l.id, l.status, l.partner_code, l.dataset, l.period_label, l.error_code "
        "from ops.file_ledger as l where l.status in ('rejected', 'failed') and "
        + clause
        + " and not exists (select 1 from ops.alerts as a where a.kind = 'file-' || l.status "
        "and a.ledger_id = l.id) order by l.id"
    )
    params: dict[str, Any] = {}
    if ledger_ids is not None:
        if not ledger_ids:
            return 0
        statement = statement.bindparams(bindparam("ids", expanding=True))
        params["ids"] = list(ledger_ids)
    else:
        params["since"] = now - within
    with get_engine(role="pipeline", settings=settings).connect() as conn:
        rows = conn.execute(statement, params).all()
    raised = 0
    for row in rows:
        partner = row.partner_code if row.partner_code in known else None
        alert = Alert.file_ended(
            status=row.status,
            ledger_id=int(row.id),
            partner_code=partner,
            dataset=accepted(row.dataset, _safe_dataset),
            period_label=accepted(row.period_label, PERIOD_LABEL.match),
            error_code=accepted(row.error_code, ERROR_CODE.match),
        )
        if raise_alert(alert, settings=settings, channels=channels).new:
            raised += 1
    log.info("rejected or failed files: %s new alerts", raised)
    return raised


def _safe_dataset(value: str) -> bool:
    from pata.contracts import DATASETS

    return value in DATASETS
