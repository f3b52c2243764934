"""The warehouse's access matrix (``config/access.yaml``): loaded, resolved, applied, documented.

The matrix is data: role x relation pattern x columns x rows -> allowed, default deny.
:func:`apply_access` makes the database say exactly that at the end of every
``pata db upgrade`` — after the migrations and the models, so relations that a later change
renames or adds are covered by their patterns — by revoking every privilege of the matrix's
roles in its schemas and granting what it allows, in one transaction. :func:`docs_table`
renders the same matrix for docs/privacy.md and docs/warehouse.md.

Partner logins, the members of ``pata_partner_reader`` made by a command, live in
:mod:`pata.partner_readers`.
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
from pata.settings import REPO_ROOT

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
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
"""What a role name of the matrix (or a partner login) may look like."""


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
    if not ROLE_NAME.match(name):
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
