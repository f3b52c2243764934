"""Partner logins: the members of ``pata_partner_reader``, each reading one partner's rows.

``pata access create-partner-reader`` makes a login (a member of the group, its password in
a 0600 file of the secrets directory) and a row of ``core.partner_reader`` naming the
partner it reads; row-level security does the rest. They are the access matrix's one role
whose members are made by a command, and nothing else should create or drop them.
:func:`readable_contents` reads, as each role and each login, everything it may read (the
leak audit searches it).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata.access import ROLE_NAME, AccessError, load_matrix
from pata.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

PARTNER_GROUP = "pata_partner_reader"


@dataclass(frozen=True)
class PartnerLogin:
    """A partner reader's login and where its password was written (never the password)."""

    login: str
    partner_code: str
    secret_path: Path | None


def partner_login_name(partner_code: str) -> str:
    """The default login of a partner's reader: ``pata_reader_<partner code>``."""
    return "pata_reader_" + re.sub(r"[^a-z0-9]+", "_", partner_code.lower()).strip("_")


def create_partner_reader(
    conn: Connection, *, partner_code: str, login: str | None, settings: Settings
) -> PartnerLogin:
    """Create (or renew the password of) ``login``, a member of pata_partner_reader that reads
    ``partner_code``'s rows; its new password goes to a 0600 file of the secrets directory."""
    import secrets as random_secrets

    from psycopg import sql
    from sqlalchemy import text

    from pata.stack.secrets import database_password_name, scram_verifier, write_secret

    name = login or partner_login_name(partner_code)
    if not ROLE_NAME.match(name) or name.startswith("pg_") or len(name) > 63:
        raise AccessError(f"{name!r} is not a usable login name (lowercase letters, digits, _)")
    known = conn.execute(
        text("select 1 from core.dim_partner where partner_code = :p"), {"p": partner_code}
    ).first()
    if known is None:
        raise AccessError(f"no partner {partner_code!r} in core.dim_partner (config/partners.yaml)")
    existing = conn.execute(text("select 1 from pg_roles where rolname = :n"), {"n": name}).first()
    if existing is not None and not _is_partner_login(conn, name):
        raise AccessError(f"the role {name} exists and is not a partner reader's login")
    password = random_secrets.token_urlsafe(24)
    driver: Any = conn.connection.driver_connection
    verb = "alter" if existing is not None else "create"
    driver.execute(
        sql.SQL(verb + " role {} login password {}").format(
            sql.Identifier(name), sql.Literal(scram_verifier(password))
        )
    )
    driver.execute(
        sql.SQL("grant {} to {}").format(sql.Identifier(PARTNER_GROUP), sql.Identifier(name))
    )
    conn.execute(
        text(
            "insert into core.partner_reader (role_name, partner_code) values (:r, :p) "
            "on conflict do nothing"
        ),
        {"r": name, "p": partner_code},
    )
    path = write_secret(settings, database_password_name(name), password)
    log.info("partner reader %s reads partner %s; password written to %s", name, partner_code, path)
    return PartnerLogin(login=name, partner_code=partner_code, secret_path=path)


def revoke_partner_reader(conn: Connection, *, login: str, settings: Settings) -> bool:
    """End ``login``'s sessions, drop it and its partner rows and its password file."""
    from psycopg import sql
    from sqlalchemy import text

    from pata.stack.secrets import database_password_name, remove_secret

    member = _is_partner_login(conn, login)
    conn.execute(text("delete from core.partner_reader where role_name = :r"), {"r": login})
    removed = remove_secret(settings, database_password_name(login))
    if not member:
        return removed
    conn.execute(
        text("select pg_terminate_backend(pid) from pg_stat_activity where usename = :r"),
        {"r": login},
    )
    driver: Any = conn.connection.driver_connection
    driver.execute(sql.SQL("drop owned by {}").format(sql.Identifier(login)))
    driver.execute(sql.SQL("drop role {}").format(sql.Identifier(login)))
    log.info("partner reader %s revoked", login)
    return True


def _is_partner_login(conn: Connection, name: str) -> bool:
    from sqlalchemy import text

    row = conn.execute(
        text(
            "select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid "
            "join pg_roles r on r.oid = m.member where g.rolname = :g and r.rolname = :r"
        ),
        {"g": PARTNER_GROUP, "r": name},
    ).first()
    return row is not None


def partner_logins(conn: Connection) -> list[tuple[str, str]]:
    """(login, partner code) of every partner reader."""
    from sqlalchemy import text

    rows = conn.execute(
        text("select role_name, partner_code from core.partner_reader order by 1, 2")
    ).all()
    return [(str(r[0]), str(r[1])) for r in rows]


def readable_contents(conn: Connection, schemas: Iterable[str]) -> Iterable[tuple[str, bytes]]:
    """As each role of the matrix and each partner login (``set local role``: the same
    privileges and row-level security as its own login), the text of every column of every
    relation it may read: what the leak audit searches per role."""
    from psycopg import sql
    from sqlalchemy import bindparam, text

    readable = text(
        """
        select n.nspname, c.relname, array_agg(a.attname::text order by a.attnum)
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname in :schemas and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and has_schema_privilege(:role, n.oid, 'usage')
          and has_column_privilege(:role, c.oid, a.attnum, 'select')
        group by 1, 2 order by 1, 2
        """
    ).bindparams(bindparam("schemas", expanding=True))
    roles = [r.name for r in load_matrix().roles] + [login for login, _ in partner_logins(conn)]
    driver: Any = conn.connection.driver_connection
    for role in roles:
        if conn.execute(text("select 1 from pg_roles where rolname = :r"), {"r": role}).first():
            relations = conn.execute(readable, {"schemas": list(schemas), "role": role}).all()
        else:
            relations = []
        for schema, name, columns in relations:
            query = sql.SQL("copy (select {} from {}) to stdout").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                sql.Identifier(schema, name),
            )
            with conn.begin_nested():
                driver.execute(sql.SQL("set local role {}").format(sql.Identifier(role)))
                with driver.cursor().copy(query) as copy:
                    blob = b"".join(bytes(chunk) for chunk in copy)
                driver.execute("reset role")
            yield f"{role}:{schema}.{name}", blob
