"""Pulled exports: ops.pulled_files remembers each remote file fetched from a partner's own
SFTP server, bucket or HTTPS endpoint (so an unchanged one is not fetched again and a
changed one is); ops.alerts learns the pull-failed kind.

(Branched from 0008; the lead re-chains it after the revisions merged before it.)

Revision ID: 0012_pull_sources
Revises: 0008_staging_key_checks
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0012_pull_sources"
down_revision = "0008_staging_key_checks"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
