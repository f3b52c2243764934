"""Schemas ops, staging, core, linkage, marts; the pipeline and analyst roles.

Revision ID: 0001_schemas_and_roles
Revises:
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0001_schemas_and_roles"
down_revision = None
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
