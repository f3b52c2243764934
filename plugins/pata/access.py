"""The warehouse's access matrix (``config/access.yaml``): loaded, resolved, applied, documented.

The matrix is data: role x relation pattern x columns x rows -> allowed, default deny.
:func:`apply_access` makes the database say exactly that at the end of every
``pata db upgrade`` — after the migrations and the models, so relations that a later change
renames or adds are covered by their patterns — by revoking every privilege of the matrix's
roles in its schemas and granting what it allows, in one transaction. :func:`docs_table`
renders the same matrix for docs/privacy.md and docs/warehouse.md.

Partner logins (``pata access create-partner-reader``) are members of
``pata_partner_reader``; the partner they read is a row of ``core.partner_reader``. They
live here too (hence a module over 400 lines): they are the matrix's one role whose
members are made by a command, and nothing else should create or drop them.
"""

from __future__ import annotations

import fnmatch
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pata.errors import PataError
from pata.settings import REPO_ROOT, Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

MATRIX_PATH = REPO_ROOT / "config" / "access.yaml"
PRIVILEGES = ("select", "insert", "update", "delete", "truncate")
WRITE_PRIVILEGES = frozenset(PRIVILEGES) - {"select"}
ROW_FILTERS: Mapping[str, str] = {
    # Fixed SQL, chosen by name from the matrix: never text taken from the file.
    "partner": (
        "partner_code in (select r.partner_code from core.partner_reader r "
        "where r.role_name = current_user)"
    ),
    "login": "role_name = current_user",
}
ROW_FILTER_COLUMNS: Mapping[str, str] = {"partner": "partner_code", "login": "role_name"}
KINDS = ("reference", "aggregate", "k_anonymous", "activity")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class AccessError(PataError):
    """The access matrix is malformed, or the database cannot be made to follow it."""

    code = "access-matrix"


@dataclass(frozen=True)
class Grant:
    """One line of the matrix: some relations, some privileges, maybe fewer columns or rows."""

    relations: tuple[str, ...]
    privileges: frozenset[str]
    excluded_relations: tuple[str, ...] = ()
    excluded_columns: frozenset[str] = frozenset()
    rows: str | None = None
    kind: str | None = None
    quasi_identifiers: tuple[str, ...] = ()
    why: str = ""

    def matches(self, relation: str) -> bool:
        return any(fnmatch.fnmatchcase(relation, p) for p in self.relations) and not any(
            fnmatch.fnmatchcase(relation, p) for p in self.excluded_relations
        )


@dataclass(frozen=True)
class Role:
    name: str
    login: bool
    description: str
    grants: tuple[Grant, ...]
    databases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Matrix:
    schemas: tuple[str, ...]
    roles: tuple[Role, ...]
    k_minimum: int = 11

    def role(self, name: str) -> Role:
        for role in self.roles:
            if role.name == name:
                return role
        raise AccessError(f"no role {name} in the access matrix")


@dataclass(frozen=True)
class Relation:
    """A relation of the database as the catalogue shows it."""

    name: str  # schema.name
    kind: str  # pg_class.relkind: r table, p partitioned, v view, m materialized view
    columns: tuple[str, ...]
    security_invoker: bool = False


@dataclass
class Access:
    """What one role may do on one relation, resolved from the matrix."""

    privileges: set[str] = field(default_factory=set)
    columns: set[str] | None = None  # None: every column
    rows: str | None = None
    grant: Grant | None = None  # the first grant that matched (its kind and reasons)


def load_matrix(path: Path = MATRIX_PATH) -> Matrix:
    """Read and check the matrix; every mistake is an :class:`AccessError` naming its place."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AccessError(f"cannot read the access matrix {path}: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("roles"), dict):
        raise AccessError(f"{path}: expected `schemas` and `roles` mappings")
    schemas = tuple(str(s) for s in raw.get("schemas") or ())
    roles = tuple(
        _role(name, spec or {}, schemas=schemas, where=f"{path}: roles.{name}")
        for name, spec in raw["roles"].items()
    )
    return Matrix(schemas=schemas, roles=roles, k_minimum=int(raw.get("k_minimum", 11)))


def _role(name: str, spec: dict[str, Any], *, schemas: tuple[str, ...], where: str) -> Role:
    if not _NAME.match(name):
        raise AccessError(f"{where}: a role name is lowercase letters, digits and _")
    grants = tuple(
        _grant(item, schemas=schemas, where=f"{where}.grants[{i}]")
        for i, item in enumerate(spec.get("grants") or ())
    )
    return Role(
        name=name,
        login=bool(spec.get("login", False)),
        description=str(spec.get("description", "")).strip(),
        grants=grants,
        databases=tuple(spec.get("databases") or ()),
    )


def _grant(item: dict[str, Any], *, schemas: tuple[str, ...], where: str) -> Grant:
    relations = tuple(item.get("relations") or ())
    privileges = frozenset(item.get("privileges") or ("select",))
    unknown = privileges - set(PRIVILEGES)
    if unknown:
        raise AccessError(f"{where}: unknown privileges {sorted(unknown)}")
    for pattern in relations:
        if pattern.split(".", 1)[0] not in schemas or "." not in pattern:
            raise AccessError(f"{where}: {pattern!r} is not in a schema of the matrix")
    rows = item.get("rows")
    if rows is not None and rows not in ROW_FILTERS:
        raise AccessError(f"{where}: rows must be one of {sorted(ROW_FILTERS)}")
    if rows is not None and privileges != {"select"}:
        raise AccessError(f"{where}: a row filter applies to reads only")
    kind = item.get("kind")
    if kind is not None and kind not in KINDS:
        raise AccessError(f"{where}: kind must be one of {list(KINDS)}")
    quasi = tuple(item.get("quasi_identifiers") or ())
    if (kind == "k_anonymous") != bool(quasi):
        raise AccessError(f"{where}: k_anonymous relations (only) name quasi_identifiers")
    return Grant(
        relations=relations,
        privileges=privileges,
        excluded_relations=tuple(item.get("except") or ()),
        excluded_columns=frozenset((item.get("columns") or {}).get("exclude") or ()),
        rows=rows,
        kind=kind,
        quasi_identifiers=quasi,
        why=str(item.get("why", "")),
    )


def resolve(matrix: Matrix, relations: Iterable[Relation]) -> dict[str, dict[str, Access]]:
    """Role -> relation -> what the matrix allows there (nothing allowed: absent).

    A role's grants add up: the union of their privileges and of their columns; a read that
    one grant allows on every row is not narrowed by another grant's row filter.
    """
    catalogue = list(relations)
    resolved: dict[str, dict[str, Access]] = {}
    for role in matrix.roles:
        allowed: dict[str, Access] = {}
        for relation in catalogue:
            reads: list[Grant] = []
            for grant in role.grants:
                if not grant.matches(relation.name):
                    continue
                access = allowed.setdefault(relation.name, Access(grant=grant))
                access.privileges |= grant.privileges
                if "select" in grant.privileges:
                    reads.append(grant)
            if reads:
                access = allowed[relation.name]
                if all(g.excluded_columns for g in reads):
                    access.columns = {
                        c for g in reads for c in relation.columns if c not in g.excluded_columns
                    }
                if all(g.rows is not None for g in reads):
                    access.rows = reads[0].rows
        resolved[role.name] = allowed
    return resolved


def read_catalogue(conn: Connection, schemas: Iterable[str]) -> list[Relation]:
    """Every table, view and materialized view of ``schemas`` with its columns."""
    from sqlalchemy import bindparam, text

    query = text(
        """
        select n.nspname || '.' || c.relname as name, c.relkind::text as kind,
               coalesce(array_agg(a.attname::text order by a.attnum)
                        filter (where a.attnum is not null), '{}') as columns,
               coalesce('security_invoker=true' = any(c.reloptions), false) as invoker
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname in :schemas and c.relkind in ('r', 'p', 'v', 'm', 'f')
        group by 1, 2, 4 order by 1
        """
    ).bindparams(bindparam("schemas", expanding=True))
    rows = conn.execute(query, {"schemas": list(schemas)}).all()
    return [Relation(r.name, r.kind, tuple(r.columns), bool(r.invoker)) for r in rows]


def apply_access(conn: Connection, matrix: Matrix | None = None) -> dict[str, int]:
    """Make the database's privileges in the matrix's schemas equal the matrix (idempotent).

    Runs inside the caller's transaction: nobody sees a half-applied state. Returns, per
    role, how many relations it may use now.
    """
    from pata.warehouse.grants import GrantStatements

    matrix = matrix or load_matrix()
    catalogue = read_catalogue(conn, matrix.schemas)
    resolved = resolve(matrix, catalogue)
    by_name = {r.name: r for r in catalogue}
    statements = GrantStatements(conn)
    statements.lock_for_access()
    for role in matrix.roles:
        statements.ensure_role(role.name, login=role.login, description=role.description)
    statements.revoke_from_public(schemas=matrix.schemas)
    for role in matrix.roles:
        statements.revoke_everything(role.name, schemas=matrix.schemas)
        for member in statements.members(role.name):  # partner logins hold nothing themselves
            statements.revoke_everything(member, schemas=matrix.schemas)
    for role in matrix.roles:
        allowed = resolved[role.name]
        if allowed:
            statements.grant_connect(role.name)
        for schema in sorted({name.split(".", 1)[0] for name in allowed}):
            statements.grant_usage(role.name, schema)
        for name, access in sorted(allowed.items()):
            relation = by_name[name]
            if access.rows is not None and relation.kind == "v" and not relation.security_invoker:
                raise AccessError(
                    f"{role.name} reads {name} with a row filter, but the view does not run "
                    "as the reader (security_invoker): it would bypass row-level security"
                )
            statements.grant(role.name, relation, access)
        if any(access.privileges & WRITE_PRIVILEGES for access in allowed.values()):
            statements.grant_sequences_and_temp(role.name, schemas=matrix.schemas)
    statements.replace_policies(resolved, by_name, row_filters=ROW_FILTERS)
    counts = {role: len(allowed) for role, allowed in resolved.items()}
    log.info("access matrix applied: %s", ", ".join(f"{r} {n}" for r, n in counts.items()))
    return counts


def analyst_relations(matrix: Matrix, relations: Iterable[Relation]) -> dict[str, Grant]:
    """The relations the analyst may read, each with the grant that says why (its kind)."""
    resolved = resolve(matrix, relations)["pata_analyst"]
    return {name: access.grant for name, access in resolved.items() if access.grant is not None}


def docs_table(matrix: Matrix | None = None) -> str:
    """The matrix as a Markdown table (generated into docs/privacy.md and docs/warehouse.md)."""
    matrix = matrix or load_matrix()
    lines = [
        "| role | login | may | relations | columns | rows |",
        "|---|---|---|---|---|---|",
    ]
    for role in matrix.roles:
        login = "yes" if role.login else "group"
        if not role.grants:
            where = ", ".join(f"database `{d}` (owner)" for d in role.databases) or "nothing"
            lines.append(f"| `{role.name}` | {login} | — | {where}; no warehouse access | | |")
        for grant in role.grants:
            relations = ", ".join(f"`{p}`" for p in grant.relations)
            if grant.excluded_relations:
                relations += " except " + ", ".join(f"`{p}`" for p in grant.excluded_relations)
            columns = (
                "all but " + ", ".join(f"`{c}`" for c in sorted(grant.excluded_columns))
                if grant.excluded_columns
                else "all"
            )
            rows = {None: "all", "partner": "own partner's", "login": "own login's"}[grant.rows]
            may = ", ".join(p for p in PRIVILEGES if p in grant.privileges)
            note = f" ({grant.kind}: {grant.why})" if grant.kind else ""
            lines.append(
                f"| `{role.name}` | {login} | {may} | {relations}{note} | {columns} | {rows} |"
            )
    lines.append(
        f"| everyone else | | nothing | schemas {', '.join(f'`{s}`' for s in matrix.schemas)}"
        " and the warehouse database itself (default deny) | | |"
    )
    return "\n".join(lines)


DOCS_BEGIN = "<!-- access-matrix:begin (generated by `pata access docs --write`) -->"
DOCS_END = "<!-- access-matrix:end -->"
DOCS_FILES = (REPO_ROOT / "docs" / "privacy.md", REPO_ROOT / "docs" / "warehouse.md")


def docs_with_table(text: str, table: str) -> str:
    """``text`` with the generated table between the markers (which must be there)."""
    start, end = text.find(DOCS_BEGIN), text.find(DOCS_END)
    if start < 0 or end < start:
        raise AccessError("the document has no access-matrix markers")
    return text[: start + len(DOCS_BEGIN)] + "\n" + table + "\n" + text[end:]


def stale_docs(matrix: Matrix | None = None, *, write: bool = False) -> list[Path]:
    """The docs whose matrix table differs from the generated one (rewritten when ``write``)."""
    table = docs_table(matrix)
    stale = []
    for path in DOCS_FILES:
        current = path.read_text(encoding="utf-8")
        wanted = docs_with_table(current, table)
        if wanted != current:
            stale.append(path)
            if write:
                path.write_text(wanted, encoding="utf-8")
    return stale


# Partner logins -------------------------------------------------------------------------------

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
    if not _NAME.match(name) or name.startswith("pg_") or len(name) > 63:
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
