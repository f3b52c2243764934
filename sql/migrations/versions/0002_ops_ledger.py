"""The file ledger, validation summaries and the no-consent aggregate.

Revision ID: 0002_ops_ledger
Revises: 0001_schemas_and_roles
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0002_ops_ledger"
down_revision = "0001_schemas_and_roles"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
