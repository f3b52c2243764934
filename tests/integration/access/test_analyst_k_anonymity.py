"""Logged in as pata_analyst, on a year of synthetic data: every relation it can read is
reference, aggregate, activity or k-anonymous data (config/access.yaml says which), none has
a person or record key, and every group of a k-anonymous relation's quasi-identifiers holds
at least k = 11 rows."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from pata.access import analyst_relations, load_matrix, read_catalogue
from pata.settings import ROLE_LOGINS
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

ANALYST = ROLE_LOGINS["analyst"]


@pytest.fixture(scope="module")
def refreshed(processed_year: dict[str, Any]) -> dict[str, Any]:
    """The year, with the marts (indicators, case microdata) refreshed from it."""
    from pata.indicators import refresh_indicators
    from pata.warehouse.marts import refresh_case_microdata

    settings = processed_year["settings"]
    with get_engine(role="pipeline", settings=settings).begin() as conn:
        refresh_case_microdata(conn)
    refresh_indicators(settings=settings)
    return processed_year


def analyst_readable(settings: Any) -> dict[str, tuple[str, ...]]:
    """Relation -> columns the analyst login can select, asked of the server as the analyst."""
    with get_engine(role="analyst", settings=settings).connect() as conn:
        rows = conn.execute(
            text(
                "select table_schema || '.' || table_name, array_agg(column_name::text) "
                "from information_schema.column_privileges "
                "where grantee in (current_user, 'PUBLIC') and privilege_type = 'SELECT' "
                "and table_schema not in ('pg_catalog', 'information_schema') group by 1"
            )
        ).all()
    return {name: tuple(columns) for name, columns in rows}


def test_every_relation_the_analyst_reads_is_classified_and_keyless(refreshed):
    settings = refreshed["settings"]
    readable = analyst_readable(settings)
    with get_engine(role="owner", settings=settings).connect() as conn:
        catalogue = read_catalogue(conn, load_matrix().schemas)
    grants = analyst_relations(load_matrix(), catalogue)
    assert set(readable) == set(grants)
    for name, columns in readable.items():
        assert grants[name].kind is not None, f"{name}: no kind says why the analyst reads it"
        keys = [c for c in columns if c in ("person_key", "record_key") or c.endswith("_key")]
        assert keys == [], f"{name} shows keys {keys} to the analyst"
    assert "marts.case_microdata" in readable


def test_k_anonymous_relations_hold_k_rows_in_every_group(refreshed):
    settings = refreshed["settings"]
    matrix = load_matrix()
    readable = analyst_readable(settings)
    with get_engine(role="owner", settings=settings).connect() as conn:
        catalogue = read_catalogue(conn, matrix.schemas)
    checked = {}
    with get_engine(role="analyst", settings=settings).connect() as conn:
        for name, grant in analyst_relations(matrix, catalogue).items():
            if grant.kind != "k_anonymous":
                continue
            assert set(grant.quasi_identifiers) <= set(readable[name])
            quasi = ", ".join(f'"{c}"' for c in grant.quasi_identifiers)
            total = conn.execute(text(f"select count(*) from {name}")).scalar_one()
            smallest = conn.execute(
                text(f"select min(n) from (select count(*) as n from {name} group by {quasi}) g")
            ).scalar_one()
            checked[name] = (total, smallest)
            assert total > 1000, f"{name} holds {total} rows: the year did not reach it"
            assert smallest >= matrix.k_minimum, f"{name}: a group of {smallest} < k"
    assert "marts.case_microdata" in checked


def test_row_level_core_relations_are_closed_to_the_analyst(refreshed):
    """The issue's case: `select * from core.cases` (or what replaces it) is refused."""
    readable = analyst_readable(refreshed["settings"])
    with get_engine(role="owner", settings=refreshed["settings"]).connect() as conn:
        person_relations = conn.execute(
            text(
                "select distinct table_schema || '.' || table_name from information_schema.columns "
                "where column_name in ('person_key', 'record_key') "
                "and table_schema in ('core', 'staging', 'ops', 'linkage')"
            )
        ).scalars()
        leaking = sorted(set(person_relations) & set(readable))
    assert leaking == []
