"""The facts' ``ledger_id`` indexes become BRIN: a load appends one file's rows together.

Every fact table is append-only by file (a load inserts all the rows of one file in one
statement; a supersede deletes all the rows of some files), so ``ledger_id`` follows the
physical order of the rows. The B-tree on it cost one index entry per row at every load
(about 1.3 s and 56 MiB of WAL of a 900,000-row ``cases`` load); a BRIN index of block ranges finds
the same files' rows (the supersede and consent deletes, ``ledger_id = any(...)``) for a
few pages and almost nothing per row loaded.

Revision ID: 0014_brin_ledger_indexes
Revises: 0013_failed_status
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0014_brin_ledger_indexes"
down_revision = "0013_failed_status"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
