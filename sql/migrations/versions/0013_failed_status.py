"""The final status ``failed``: a file not handled for a reason of ours (an internal error,
or transient faults past the retry budget), apart from ``rejected`` (its content or
placement); ``ops.file_ledger.attempts`` counts the runs of an upload; ops.alerts learns
the ``file-failed`` kind; ``ops.pipeline_health`` counts failed files apart.

Revision ID: 0013_failed_status
Revises: 0012_pull_sources
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0013_failed_status"
down_revision = "0012_pull_sources"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
