"""How the facts are stored for the load: BRIN ``ledger_id`` indexes, roomier version maps.

Every fact table is append-only by file (a load inserts all the rows of one file in one
statement; a supersede deletes all the rows of some files), so ``ledger_id`` follows the
physical order of the rows. The B-tree on it cost one index entry per row at every load
(about 1.3 s and 56 MiB of WAL of a 900,000-row ``cases`` load); a BRIN index of block
ranges finds the same files' rows (the supersede and consent deletes,
``ledger_id = any(...)``) for a few pages and almost nothing per row loaded.

The ``<fact>_current`` maps get ``fillfactor`` 50 (was 70): a file that sends records
again (a partner's cumulative export) updates one map row per record, and an update stays
on its page (a HOT update, no new index entry) only when the page has room for the new
version. At 70 most of them moved to another page with a new primary-key entry: 900,268
re-sent ``cases`` records took 13 s of server CPU and 408 MiB of WAL; at 50, 4.5 s and
137 MiB. The price is space: the map's heap is ~45 % bigger (153 -> 220 MB for 900,268
records). Existing pages keep their layout until rewritten (``vacuum full`` or a
``cluster``); new pages follow the setting.

Revision ID: 0014_fact_load_storage
Revises: 0013_failed_status
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0014_fact_load_storage"
down_revision = "0013_failed_status"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
