"""marts.case_microdata: k-anonymous case microdata for regional staff (pata.microdata).

Revision ID: 0006_case_microdata
Revises: 0003_core_model
"""

from __future__ import annotations

from pathlib import Path

from pata.warehouse.migrations import run_sql_file

revision = "0006_case_microdata"
down_revision = "0003_core_model"
branch_labels = None
depends_on = None

_HERE = Path(__file__)


def upgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))


def downgrade() -> None:
    run_sql_file(_HERE.with_name(f"{revision}.down.sql"))
