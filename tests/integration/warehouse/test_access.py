"""Roles log in and prove what they can and cannot read; partner readers see their country."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, pool, text
from sqlalchemy.exc import ProgrammingError
from warehouse_frames import add_ledger_row, deidentified

from pata.settings import Settings
from pata.warehouse.load import load_file

pytestmark = pytest.mark.integration

ANALYST_READS = (
    "marts.records_by_month",
    "core.cases",
    "core.case_exploitation_types",
    "core.referrals",
    "core.awareness_sessions",
    "core.rehabilitation_enrolments",
    "core.network_events",
    "core.dim_partner",
    "core.dim_month",
    "core.dim_age_band",
)
ANALYST_DENIED = (
    "core.fact_case",
    "core.fact_case_current",
    "core.fact_awareness_session",
    "core.withheld_no_consent",
    "core.country_cases",
    "core.country_reader",
    "ops.file_ledger",
    "ops.load_audit",
    "ops.validation_summary",
    "staging.cases",
    "linkage.person_links",  # the schema itself is closed: no name in it resolves
)


def denied(engine: Engine, relation: str) -> bool:
    """True when reading ``relation`` fails with insufficient privilege (SQLSTATE 42501)."""
    with engine.connect() as conn:
        try:
            conn.execute(text(f"select * from {relation} limit 1"))
        except ProgrammingError as exc:
            return getattr(exc.orig, "sqlstate", None) == "42501"
    return False


def login(settings: Settings, role: str) -> Engine:
    return create_engine(
        f"postgresql+psycopg://{role}@127.0.0.1:{settings.pg_port}/warehouse",
        poolclass=pool.NullPool,
    )


@pytest.fixture
def two_countries(clean_core: Engine, pipeline: Engine) -> Engine:
    """Cases of a Cambodian (10) and a Thai (7) partner, sessions of the Cambodian one (5)."""
    for partner, dataset, count in (
        ("kh-ksp", "cases", 10),
        ("th-bsn", "cases", 7),
        ("kh-ksp", "awareness_sessions", 5),
    ):
        with pipeline.begin() as conn:
            ledger_id = add_ledger_row(conn, partner_code=partner, dataset=dataset)
            load_file(
                conn,
                deidentified(dataset, partner_code=partner, numbers=range(count)),
                ledger_id=ledger_id,
            )
    return clean_core


@pytest.fixture
def partner_readers(warehouse: Settings, owner: Engine) -> Iterator[dict[str, Engine]]:
    """Logins kh_reader (granted KH) and unlisted_reader (no country), both partner readers."""
    with owner.begin() as conn:
        for role in ("kh_reader", "unlisted_reader"):
            conn.execute(
                text(
                    "do $$ begin if not exists (select 1 from pg_roles where rolname = '"
                    + role
                    + "') then create role "
                    + role
                    + " login; end if; end $$"
                )
            )
            conn.execute(text(f"grant pata_partner_reader to {role}"))
        conn.execute(
            text(
                "insert into core.country_reader (role_name, country_code) "
                "values ('kh_reader', 'KH')"
            )
        )
    engines = {role: login(warehouse, role) for role in ("kh_reader", "unlisted_reader")}
    yield engines
    for engine in engines.values():
        engine.dispose()


class TestAnalyst:
    @pytest.mark.parametrize("relation", ANALYST_READS)
    def test_reads_marts_and_documented_core_views(
        self, two_countries: Engine, analyst: Engine, relation: str
    ):
        with analyst.connect() as conn:
            conn.execute(text(f"select * from {relation} limit 1")).all()

    @pytest.mark.parametrize("relation", ANALYST_DENIED)
    def test_cannot_read_facts_ops_staging_or_linkage(
        self, two_countries: Engine, analyst: Engine, relation: str
    ):
        assert denied(analyst, relation)

    def test_sees_every_partner_through_the_documented_views(
        self, two_countries: Engine, analyst: Engine
    ):
        with analyst.connect() as conn:
            counts = dict(
                conn.execute(
                    text("select partner_code, count(*) from core.cases group by partner_code")
                ).all()
            )
            person_key = conn.execute(
                text(
                    "select count(*) from information_schema.columns where table_schema = 'core' "
                    "and table_name = 'cases' and column_name = 'person_key'"
                )
            ).scalar_one()
        assert counts == {"kh-ksp": 10, "th-bsn": 7}
        assert person_key == 0

    def test_cannot_write(self, two_countries: Engine, analyst: Engine):
        with analyst.connect() as conn, pytest.raises(ProgrammingError) as raised:
            conn.execute(text("insert into core.dim_partner values ('xx', 'X', 'XX', 'UTC')"))
        assert getattr(raised.value.orig, "sqlstate", None) == "42501"


class TestPipeline:
    def test_writes_every_table_of_every_schema(self, owner: Engine):
        with owner.connect() as conn:
            missing = (
                conn.execute(
                    text(
                        "select n.nspname || '.' || c.relname from pg_class c "
                        "join pg_namespace n on n.oid = c.relnamespace "
                        "where n.nspname in ('ops', 'staging', 'core', 'linkage', 'marts') "
                        "and c.relkind in ('r', 'p') and not ("
                        "has_table_privilege('pata_pipeline', c.oid, 'select') and "
                        "has_table_privilege('pata_pipeline', c.oid, 'insert') and "
                        "has_table_privilege('pata_pipeline', c.oid, 'update') and "
                        "has_table_privilege('pata_pipeline', c.oid, 'delete'))"
                    )
                )
                .scalars()
                .all()
            )
        assert missing == []

    def test_reads_every_partner_row_it_wrote(self, two_countries: Engine, pipeline: Engine):
        with pipeline.connect() as conn:
            assert conn.execute(text("select count(*) from core.fact_case")).scalar_one() == 17


class TestPartnerReader:
    def test_sees_only_the_rows_of_its_countrys_partners(
        self, two_countries: Engine, partner_readers: dict[str, Engine]
    ):
        with partner_readers["kh_reader"].connect() as conn:
            cases = conn.execute(
                text("select partner_code, count(*) from core.country_cases group by 1")
            ).all()
            sessions = conn.execute(text("select count(*) from core.country_awareness_sessions"))
            direct = conn.execute(text("select distinct partner_code from core.fact_case"))
            assert dict(cases) == {"kh-ksp": 10}
            assert sessions.scalar_one() == 5
            assert direct.scalars().all() == ["kh-ksp"]

    def test_a_reader_without_a_country_sees_nothing(
        self, two_countries: Engine, partner_readers: dict[str, Engine]
    ):
        with partner_readers["unlisted_reader"].connect() as conn:
            assert conn.execute(text("select count(*) from core.country_cases")).scalar_one() == 0
            assert conn.execute(text("select count(*) from core.fact_case")).scalar_one() == 0

    @pytest.mark.parametrize(
        "relation", ["core.cases", "marts.records_by_month", "ops.file_ledger", "staging.cases"]
    )
    def test_cannot_read_regional_views_ops_or_staging(
        self, two_countries: Engine, partner_readers: dict[str, Engine], relation: str
    ):
        assert denied(partner_readers["kh_reader"], relation)

    def test_set_role_applies_the_same_policy(self, two_countries: Engine, partner_readers):  # type: ignore[no-untyped-def]
        with two_countries.begin() as conn:
            conn.execute(text("set local role kh_reader"))
            partners = conn.execute(text("select distinct partner_code from core.country_cases"))
            assert partners.scalars().all() == ["kh-ksp"]
