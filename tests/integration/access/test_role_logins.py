"""Every login tries to read every column of every relation of every schema: what it can read
is exactly what config/access.yaml allows, and a partner reader sees its own partner's rows.

Logins are real: each role of the matrix logs in with its own password (scram-sha-256), and
two partner readers (of kh-ksp and th-bsn) are made by ``pata access create-partner-reader``.
The warehouse holds the session's year of synthetic exports (``processed_year``).
"""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, pool, text
from sqlalchemy.exc import DBAPIError, OperationalError

from pata.access import Relation, load_matrix, read_catalogue, resolve
from pata.cli import main
from pata.partner_readers import PARTNER_GROUP
from pata.settings import ROLE_LOGINS, Settings
from pata.stack.secrets import database_password_name
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

PARTNERS = {"a": "kh-ksp", "b": "th-bsn"}
LOGIN_ROLES = ("pipeline", "analyst", "auditor", "linkage", "airflow")
INSUFFICIENT_PRIVILEGE = "42501"


def login(settings: Settings, user: str) -> Engine:
    password = (settings.secrets_dir / database_password_name(user)).read_text().strip()
    return create_engine(
        f"postgresql+psycopg://{user}:{password}@127.0.0.1:{settings.pg_port}/warehouse",
        poolclass=pool.NullPool,
    )


def every_relation(settings: Settings) -> list[Relation]:
    """Every relation of every schema but PostgreSQL's own catalogues."""
    with get_engine(role="owner", settings=settings).connect() as conn:
        schemas = conn.execute(
            text(
                "select nspname from pg_namespace where nspname not like 'pg\\_%' "
                "and nspname <> 'information_schema'"
            )
        ).scalars()
        return read_catalogue(conn, list(schemas))


def can_select(conn: Connection, statement: str) -> bool:
    """True when ``statement`` runs; False when refused for privilege (any other error fails)."""
    try:
        with conn.begin_nested():
            conn.execute(text(statement))
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        return False
    return True


def readable_columns(engine: Engine, relations: list[Relation]) -> set[tuple[str, str]]:
    """(relation, column) pairs the login can select, tried one by one ('' when it cannot
    even connect: then the set is empty)."""
    readable: set[tuple[str, str]] = set()
    try:
        conn = engine.connect()
    except OperationalError as exc:
        assert "permission denied for database" in str(exc)
        return readable
    with conn, conn.begin():
        for relation in relations:
            quoted = ".".join(f'"{part}"' for part in relation.name.split(".", 1))
            if can_select(conn, f"select * from {quoted} limit 0"):
                readable |= {(relation.name, c) for c in relation.columns}
                continue
            for column in relation.columns:
                if can_select(conn, f'select "{column}" from {quoted} limit 0'):
                    readable.add((relation.name, column))
    return readable


def allowed_columns(role: str, relations: list[Relation]) -> set[tuple[str, str]]:
    resolved = resolve(load_matrix(), relations)[role]
    by_name = {r.name: r for r in relations}
    return {
        (name, column)
        for name, access in resolved.items()
        if "select" in access.privileges
        for column in (access.columns if access.columns is not None else by_name[name].columns)
    }


@pytest.fixture(scope="module")
def partner_readers(processed_year: dict[str, Any]) -> Iterator[dict[str, str]]:
    """Logins of partner A and B, made with the CLI; revoked at the end."""
    settings = processed_year["settings"]
    logins = {}
    for which, partner in PARTNERS.items():
        assert main(["access", "create-partner-reader", "--partner", partner]) == 0
        logins[which] = "pata_reader_" + partner.replace("-", "_")
    yield logins
    for name in logins.values():
        main(["access", "revoke-partner-reader", "--login", name])
    assert not (settings.secrets_dir / database_password_name(logins["a"])).exists()


@pytest.fixture(scope="module")
def relations(processed_year: dict[str, Any]) -> list[Relation]:
    return every_relation(processed_year["settings"])


class TestEveryLoginReadsWhatTheMatrixAllows:
    @pytest.mark.parametrize("role", LOGIN_ROLES)
    def test_the_readable_columns_equal_the_matrix(
        self, processed_year: dict[str, Any], relations: list[Relation], role: str
    ):
        user = ROLE_LOGINS[role]
        engine = login(processed_year["settings"], user)
        try:
            readable = readable_columns(engine, relations)
        finally:
            engine.dispose()
        assert readable == allowed_columns(user, relations)
        # The intermediate model carries the person key: the pipeline's alone.
        assert (role == "pipeline") == (("core.current_cases", "person_key") in readable)
        if role in ("pipeline", "analyst", "auditor"):  # linkage's schema may still be empty
            assert readable, f"{user} reads nothing: the test would prove nothing"

    @pytest.mark.parametrize("which", sorted(PARTNERS))
    def test_a_partner_reader_reads_what_its_group_may(
        self,
        processed_year: dict[str, Any],
        relations: list[Relation],
        partner_readers: dict[str, str],
        which: str,
    ):
        engine = login(processed_year["settings"], partner_readers[which])
        try:
            readable = readable_columns(engine, relations)
        finally:
            engine.dispose()
        assert readable == allowed_columns(PARTNER_GROUP, relations)
        assert not any(column == "person_key" for _, column in readable)

    def test_no_role_but_the_pipeline_may_write(
        self, processed_year: dict[str, Any], relations: list[Relation]
    ):
        owner = get_engine(role="owner", settings=processed_year["settings"])
        resolved = resolve(load_matrix(), relations)
        with owner.connect() as conn:
            for role in (r.name for r in load_matrix().roles):
                for relation in relations:
                    if relation.kind not in ("r", "p"):
                        continue
                    granted = {
                        p
                        for p in ("insert", "update", "delete", "truncate")
                        if conn.execute(
                            text("select has_table_privilege(:r, cast(:t as regclass), :p)"),
                            {"r": role, "t": relation.name, "p": p},
                        ).scalar_one()
                    }
                    access = resolved[role].get(relation.name)
                    wanted = (access.privileges if access else set()) - {"select"}
                    assert granted == wanted, (role, relation.name)


class TestPartnerRowsAndMappings:
    @pytest.mark.parametrize("which", sorted(PARTNERS))
    def test_every_readable_row_is_its_own_partners(
        self,
        processed_year: dict[str, Any],
        relations: list[Relation],
        partner_readers: dict[str, str],
        which: str,
    ):
        user = partner_readers[which]
        engine = login(processed_year["settings"], user)
        resolved = resolve(load_matrix(), relations)[PARTNER_GROUP]
        seen: dict[str, set[str]] = {}
        try:
            with engine.connect() as conn:
                for name, access in resolved.items():
                    if access.columns is not None and "partner_code" not in access.columns:
                        continue
                    columns = access.columns or next(r.columns for r in relations if r.name == name)
                    if "partner_code" not in columns or name.startswith("core.dim_"):
                        continue
                    seen[name] = set(
                        conn.execute(text(f"select distinct partner_code from {name}")).scalars()
                    )
                mappings = conn.execute(
                    text("select role_name, partner_code from core.partner_reader")
                )
                assert mappings.all() == [(user, PARTNERS[which])]
        finally:
            engine.dispose()
        assert seen, "no partner-scoped relation was read"
        assert all(partners <= {PARTNERS[which]} for partners in seen.values()), seen
        assert seen["core.fact_case"] == {PARTNERS[which]}  # and it does see its own rows


class TestPartnerReaderCommand:
    def test_the_password_goes_to_a_private_file_never_to_the_output(
        self,
        processed_year: dict[str, Any],
        capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture,
    ):
        settings = processed_year["settings"]
        with caplog.at_level(logging.DEBUG):
            assert (
                main(
                    [
                        "access",
                        "create-partner-reader",
                        "--partner",
                        "bd-mukti",
                        "--login",
                        "probe_reader",
                    ]
                )
                == 0
            )
        out = capsys.readouterr()
        secret = settings.secrets_dir / database_password_name("probe_reader")
        password = secret.read_text().strip()
        try:
            assert stat.S_IMODE(secret.stat().st_mode) == 0o600
            assert len(password) >= 24
            for text_seen in (out.out, out.err, caplog.text):
                assert password not in text_seen
            assert str(secret) in out.out
            engine = login(settings, "probe_reader")
            with engine.connect() as conn:
                partners = set(
                    conn.execute(text("select partner_code from core.fact_case")).scalars()
                )
            engine.dispose()
            assert partners == {"bd-mukti"}
        finally:
            assert main(["access", "revoke-partner-reader", "--login", "probe_reader"]) == 0
        assert not secret.exists()
        with pytest.raises(OperationalError):
            create_engine(
                f"postgresql+psycopg://probe_reader:{password}@127.0.0.1:"
                f"{settings.pg_port}/warehouse",
                poolclass=pool.NullPool,
            ).connect()

    def test_a_role_that_is_not_a_partner_login_is_never_taken_over(
        self, processed_year: dict[str, Any], capsys: pytest.CaptureFixture[str]
    ):
        for name in ("pata_analyst", "postgres"):
            args = ["access", "create-partner-reader", "--partner", "kh-ksp", "--login", name]
            assert main(args) == 1
            assert "is not a partner reader's login" in capsys.readouterr().err
        analyst = login(processed_year["settings"], "pata_analyst")  # its password unchanged
        with analyst.connect() as conn:
            assert conn.execute(text("select current_user")).scalar_one() == "pata_analyst"
        analyst.dispose()

    def test_an_unknown_partner_is_a_coded_error(
        self, processed_year: dict[str, Any], capsys: pytest.CaptureFixture[str]
    ):
        assert main(["access", "create-partner-reader", "--partner", "zz-nobody"]) == 1
        assert "[access-matrix]" in capsys.readouterr().err


class TestPasswords:
    def test_a_login_without_its_password_is_refused(self, processed_year: dict[str, Any]):
        settings = processed_year["settings"]
        for user in ("postgres", "pata_analyst"):
            engine = create_engine(
                f"postgresql+psycopg://{user}@127.0.0.1:{settings.pg_port}/warehouse",
                poolclass=pool.NullPool,
            )
            with pytest.raises(OperationalError, match="password"):
                engine.connect()
