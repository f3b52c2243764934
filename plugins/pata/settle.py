"""After a batch of files (one DAG run): alert on rejected and failed files, count what was
loaded."""

from __future__ import annotations

from typing import Any

from pata.ledger import LOADED_STATUSES, FileStatus


def settle_outcomes(outcomes: list[dict[str, Any]] | None) -> dict[str, int]:
    """Alert on the rejected and failed files of a run; count files, loaded, rejected, failed.

    The DAGs emit the warehouse asset only when ``loaded`` is above zero.
    """
    from pata.alerts.raising import alert_rejected_files

    done = [o for o in (outcomes or []) if o]
    rejected = [o for o in done if o["status"] == FileStatus.REJECTED and o["ledger_id"]]
    failed = [o for o in done if o["status"] == FileStatus.FAILED and o["ledger_id"]]
    if rejected or failed:
        alert_rejected_files(ledger_ids=[o["ledger_id"] for o in [*rejected, *failed]])
    loaded = [o for o in done if o["status"] in LOADED_STATUSES]
    return {
        "files": len(done),
        "loaded": len(loaded),
        "rejected": len(rejected),
        "failed": len(failed),
    }
