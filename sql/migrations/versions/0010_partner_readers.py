"""Partner readers by partner, not by country: core.partner_reader replaces core.country_reader.

A login made by ``pata access create-partner-reader`` is a member of pata_partner_reader and
has one row here per partner it reads. The row-level security policies themselves are not
in this migration: the access matrix (config/access.yaml) re-creates them at the end of
every ``pata db upgrade`` (``pata.access.apply_access``), over whatever tables the model has
then. Dropping core.country_reader drops 0003's per-country policies with it.

Revision ID: 0010_partner_readers
Revises: 0008_staging_key_checks
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0010_partner_readers"
down_revision = "0009_narrow_case_facts"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
