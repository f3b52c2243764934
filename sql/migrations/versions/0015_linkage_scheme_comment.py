"""``linkage.record_encoding.key_fingerprint`` also names the encoding scheme (``clk2``).

The read-time encoder's normalisation changed (inherent vowels, a phonetic form): an
encoding's ``key_fingerprint`` is now ``<secret fingerprint>/<scheme>``, so encodings of
two schemes are never compared. Only the column's comment changes here.

Revision ID: 0015_linkage_scheme_comment
Revises: 0014_fact_load_storage
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0015_linkage_scheme_comment"
down_revision = "0014_fact_load_storage"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
