"""A private embedded PostgreSQL for the warehouse tests, migrated to head, dimensions seeded.

Until the shared fixtures of tests/conftest.py serve the warehouse alone, this starts its own
server (own PATA home, free port) once per session and stops it at the end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from pata.settings import Settings
from pata.stack import postgres
from pata.stack.processes import free_port
from pata.warehouse import migrations
from pata.warehouse.dimensions import seed_dimensions
from pata.warehouse.engine import get_engine

# Everything a test may have loaded; emptied before each test that asks for a clean core.
_LOADED_TABLES = (
    "core.fact_case",
    "core.fact_case_current",
    "core.fact_awareness_session",
    "core.fact_awareness_session_current",
    "core.fact_rehabilitation_enrolment",
    "core.fact_rehabilitation_enrolment_current",
    "core.fact_network_event",
    "core.fact_network_event_current",
    "core.withheld_no_consent",
    "core.partner_reader",
    "ops.load_audit",
    "ops.validation_summary",
    "ops.file_ledger",
)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of a running, migrated warehouse with its dimensions seeded."""
    settings = Settings(home=tmp_path_factory.mktemp("pata"), pg_port=free_port())
    postgres.start(settings)
    try:
        migrations.upgrade(settings=settings)
        with get_engine(role="owner", settings=settings).begin() as conn:
            seed_dimensions(conn)
        yield settings
    finally:
        for role in ("owner", "pipeline", "analyst"):
            get_engine(role=role, settings=settings).dispose()
        postgres.stop(settings)


@pytest.fixture
def owner(warehouse: Settings) -> Engine:
    """The migration owner's engine (sees every row; used to inspect, never to load)."""
    return get_engine(role="owner", settings=warehouse)


@pytest.fixture
def pipeline(warehouse: Settings) -> Engine:
    """The pipeline role's engine: what the ingest task loads with."""
    return get_engine(role="pipeline", settings=warehouse)


@pytest.fixture
def analyst(warehouse: Settings) -> Engine:
    """The analyst role's engine: what regional staff read with."""
    return get_engine(role="analyst", settings=warehouse)


@pytest.fixture
def clean_core(owner: Engine) -> Engine:
    """An empty warehouse (facts, ledger, audit), dimensions kept; returns the owner engine."""
    with owner.begin() as conn:
        conn.execute(text(f"truncate {', '.join(_LOADED_TABLES)} restart identity cascade"))
    return owner
