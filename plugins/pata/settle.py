"""After a batch of files (one DAG run): alert on rejections, count what was loaded."""

from __future__ import annotations

from typing import Any

from pata.ledger import LOADED_STATUSES, FileStatus


def settle_outcomes(outcomes: list[dict[str, Any]] | None) -> dict[str, int]:
    """Alert on the rejected files of a run; count files, loaded and rejected.

    The DAGs emit the warehouse asset only when ``loaded`` is above zero.
    """
    from pata.alerts.raising import alert_rejected_files

    done = [o for o in (outcomes or []) if o]
    rejected = [
        o["ledger_id"] for o in done if o["status"] == FileStatus.REJECTED and o["ledger_id"]
    ]
    if rejected:
        alert_rejected_files(ledger_ids=rejected)
    loaded = [o for o in done if o["status"] in LOADED_STATUSES]
    return {"files": len(done), "loaded": len(loaded), "rejected": len(rejected)}
