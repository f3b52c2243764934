"""Staging: the 64-hex key checks without a bounded-repetition regex (same rule, ~14x cheaper).

``check (k ~ '^[0-9a-f]{64}$')`` was evaluated for every staged row and was half the time
of the COPY into a staging table (two checks per cases row). ``length(k) = 64 and k !~
'[^0-9a-f]'`` accepts exactly the same values (64 characters, none outside 0-9a-f; NULL
passes as before).

Revision ID: 0008_staging_key_checks
Revises: 0007_merge_heads
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0008_staging_key_checks"
down_revision = "0007_merge_heads"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
