"""Applying the matrix after an upgrade: idempotent, it revokes what the matrix does not allow,
and covers relations a later migration or model adds by their patterns (or denies them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from pata.access import AccessError, apply_access
from pata.settings import Settings
from pata.warehouse import migrations
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration


def privilege(owner: Engine, role: str, relation: str, what: str = "select") -> bool:
    with owner.connect() as conn:
        return bool(
            conn.execute(
                text("select has_table_privilege(:r, cast(:t as regclass), :p)"),
                {"r": role, "t": relation, "p": what},
            ).scalar_one()
        )


@pytest.fixture
def owner(local_stack: Settings) -> Iterator[Engine]:
    engine = get_engine(role="owner", settings=local_stack)
    yield engine
    with engine.begin() as conn:
        conn.execute(text("drop view if exists marts.probe_counts, core.country_probe"))
        conn.execute(text("drop table if exists core.probe_rows"))
    migrations.upgrade(settings=local_stack)


def test_an_upgrade_revokes_what_the_matrix_does_not_allow(local_stack: Settings, owner: Engine):
    with owner.begin() as conn:
        conn.execute(text("grant select on core.fact_case to pata_analyst"))
        conn.execute(text("grant select on ops.file_ledger to public"))
        conn.execute(text("grant insert on marts.indicator_values to pata_auditor"))
    assert privilege(owner, "pata_analyst", "core.fact_case")
    migrations.upgrade(settings=local_stack)
    assert not privilege(owner, "pata_analyst", "core.fact_case")
    assert not privilege(owner, "pata_linkage", "ops.file_ledger")  # public's grant is gone
    assert not privilege(owner, "pata_auditor", "marts.indicator_values", "insert")
    assert privilege(owner, "pata_auditor", "ops.file_ledger")


def test_new_relations_follow_their_patterns(local_stack: Settings, owner: Engine):
    with owner.begin() as conn:
        conn.execute(text("create view marts.probe_counts as select 1 as n"))
        conn.execute(text("create table core.probe_rows (partner_code text, person_key text)"))
    migrations.upgrade(settings=local_stack)
    assert privilege(owner, "pata_analyst", "marts.probe_counts")  # marts.*: aggregate
    assert not privilege(owner, "pata_analyst", "core.probe_rows")  # no pattern: denied
    assert privilege(owner, "pata_pipeline", "core.probe_rows", "insert")


def test_applying_twice_changes_nothing(local_stack: Settings, owner: Engine):
    acl = text(
        "select c.oid::regclass::text, c.relacl::text from pg_class c "
        "join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname in ('ops', 'staging', 'core', 'linkage', 'marts') order by 1"
    )
    with owner.begin() as conn:
        apply_access(conn)
        before = conn.execute(acl).all()
    with owner.begin() as conn:
        apply_access(conn)
        after = conn.execute(acl).all()
    assert before == after


def test_a_row_filter_through_a_view_running_as_its_owner_is_refused(owner: Engine):
    with owner.begin() as conn:
        conn.execute(
            text("create view core.country_probe as select partner_code from core.fact_case")
        )
    with pytest.raises(AccessError, match="security_invoker"), owner.begin() as conn:
        apply_access(conn)
