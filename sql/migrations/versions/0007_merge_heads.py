"""Join the independent branches (marts indicators, ops health, case microdata) into one head.

Revision ID: 0007_merge_heads
Revises: 0004_marts_indicators, 0005_ops_health, 0006_case_microdata
"""

from __future__ import annotations

revision = "0007_merge_heads"
down_revision = ("0004_marts_indicators", "0005_ops_health", "0006_case_microdata")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to do: a merge point only."""


def downgrade() -> None:
    """Nothing to do: a merge point only."""
