"""Operations: submission calendar, alerts, retention log, raw purge flag, pipeline health.

Revision ID: 0005_ops_health
Revises: 0002_ops_ledger
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0005_ops_health"
down_revision = "0002_ops_ledger"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
