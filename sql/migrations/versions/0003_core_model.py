"""Core model: conformed dimensions, versioned facts, staging templates, load audit, RLS, views.

Revision ID: 0003_core_model
Revises: 0002_ops_ledger
"""

from __future__ import annotations

from pathlib import Path

from alembic import op

from pata.warehouse.migrations import run_sql_file

revision = "0003_core_model"
down_revision = "0002_ops_ledger"
branch_labels = None
depends_on = None

_HERE = Path(__file__)
# The mart view as this revision created it (its live version is the model
# sql/models/marts/marts.records_by_month.sql); frozen beside the migration, byte for byte
# the file sql/marts/records_by_month.sql that this revision used to read.
MART_FILES = ("records_by_month",)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))
    for name in MART_FILES:
        run_sql_file(_HERE.with_name(f"{revision}.{name}.sql"))
    # Reference rows from the registry and the contracts, so a fresh warehouse can be
    # queried at once; pata.warehouse.dimensions.seed_dimensions re-seeds after changes.
    from pata.warehouse.dimensions import seed_dimensions

    seed_dimensions(op.get_bind())


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
