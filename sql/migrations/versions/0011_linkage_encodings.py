"""linkage: Bloom-filter encodings of persons, their matches and clusters; the linkage role.

The views over these tables (core.person_clusters, marts.cross_border_*) are models in
sql/models/, re-created by `pata db upgrade` after the migrations.

Revision ID: 0011_linkage_encodings
Revises: 0008_staging_key_checks
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0011_linkage_encodings"
down_revision = "0010_partner_readers"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
