"""Narrow case facts: each multi-select stored once, as ``text[]``; withheld persons keyed.

``core.fact_case`` and the template ``staging.cases`` lose their 286 ``smallint`` flag
columns (``prs_citizenship__ad`` ... one per code) for four ``text[]`` columns holding the
codes chosen, in code-list order (null when unanswered, ``{}`` when every answer was
outside the code list). A loaded warehouse is moved: the fact table is rebuilt narrow (not
altered: dropped columns would keep their null-bitmap bytes in every row), the flags
folded into arrays. The views that read the flags are dropped here and re-created from
``sql/models/`` by ``pata db upgrade`` (pata.warehouse.models), which owns them from now on.

``core.withheld_person`` keys each withheld (non-consenting) row by a one-way token of its
person, so a person sent in several files is counted once per period.

Revision ID: 0009_narrow_case_facts
Revises: 0008_staging_key_checks
"""

from __future__ import annotations

from pathlib import Path

from alembic import op

from pata.warehouse.migrations import run_sql_file

revision = "0009_narrow_case_facts"
down_revision = "0008_staging_key_checks"
branch_labels = None
depends_on = None

_HERE = Path(__file__)
MULTI_SELECTS = (
    "prs_citizenship",
    "vic_typeofexploitation",
    "vic_methodsofcontrol",
    "vic_methodofrecruitment",
)
"""The multi-select columns of cases, as named in core (the contract name, lowercase)."""


def upgrade() -> None:
    bind = op.get_bind()
    run_sql_file(_HERE.with_name(f"{revision}.before.sql"))
    run_sql_file(_HERE.with_name(f"{revision}.up.sql"))
    arrays = {name: _array_of_flags(bind, name) for name in MULTI_SELECTS}
    kept = [
        "partner_code", "record_key", "period_month", "person_key", "identification_month",
        "province", "age_band", "is_minor", "prs_gender", "vic_traffickingstatus",
        "vic_traffickingstatusdecisionmakingorg", "vic_forcedlabourindustry",
        "vic_relationshiptotrafficker", "hte_country", "cas_status", "cas_referredorganisation",
        "cas_outgoingreferraldate_month", "legal_assistance", "legal_proceedings_stage",
        "source_period", "ledger_id", "loaded_at",
    ]  # fmt: skip
    columns = ", ".join([*kept, *arrays])
    selected = ", ".join([*(f"f.{name}" for name in kept), *arrays.values()])
    # Column names and codes come from the catalogue and the contract, never from data.
    bind.exec_driver_sql(
        f"insert into core.fact_case ({columns}) select {selected} from core.fact_case_wide f"
    )
    run_sql_file(_HERE.with_name(f"{revision}.after.sql"))


def downgrade() -> None:
    raise NotImplementedError(
        "0009_narrow_case_facts is not reversible in place: restore the backup taken before "
        "the upgrade (the flag columns of the wide model are not rebuilt)"
    )


def _array_of_flags(bind: object, name: str) -> str:
    """The SQL expression folding the ``<name>__<code>`` flags of a row into ``text[]``."""
    from pata.contracts import load_contract
    from pata.microdata import flag_column_name

    contract = load_contract("cases")
    column = next(c for c in contract.columns if c.name.lower() == name)
    present = {
        row[0]
        for row in bind.exec_driver_sql(  # type: ignore[attr-defined]
            "select attname from pg_attribute where attrelid = 'core.fact_case_wide'::regclass "
            "and attnum > 0 and not attisdropped and attname like %(prefix)s",
            {"prefix": f"{name}\\_\\_%"},
        )
    }
    flags = [(flag_column_name(column.name, code), code) for code in column.codes]
    unknown = present - {flag for flag, _ in flags}
    if unknown:
        raise RuntimeError(f"flag columns without a code in the contract: {sorted(unknown)}")
    chosen = [(flag, code) for flag, code in flags if flag in present]
    if not chosen:
        return "null::text[]"
    answered = ", ".join(f"f.{flag}" for flag, _ in chosen)
    codes = ", ".join(
        f"case when f.{flag} = 1 then '{code.replace(chr(39), chr(39) * 2)}' end"
        for flag, code in chosen
    )
    return (
        f"case when coalesce({answered}) is null then null "
        f"else array_remove(array[{codes}]::text[], null) end"
    )
