"""linkage: Bloom-filter encodings of persons, their matches and clusters; the linkage role.

The cross-border marts (sql/marts/cross_border.sql) are created here too, after the tables
they read.

Revision ID: 0011_linkage_encodings
Revises: 0008_staging_key_checks
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0011_linkage_encodings"
# Written against 0008; the lead re-chains it after the 0009/0010 of other branches.
down_revision = "0010_partner_readers"
branch_labels = None
depends_on = None

_HERE = Path(__file__)
MART_FILE = _HERE.parents[2] / "marts" / "cross_border.sql"


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))
    run_sql_file(MART_FILE)


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
