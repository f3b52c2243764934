"""The SQL that makes the database follow the access matrix (``pata.access.apply_access``).

Identifiers are composed with ``psycopg.sql`` (quoted by the driver), never formatted into
text; the row filters are fixed SQL chosen by name (``pata.access.ROW_FILTERS``). Every
statement runs on the caller's connection, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from psycopg import sql

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from pata.access import Access, Relation

_POLICY_PREFIX = "access_"
_LEGACY_POLICIES = ("pipeline_writes", "partner_reads_own_country")
_TABLES = frozenset({"r", "p"})


class GrantStatements:
    """The statements :func:`pata.access.apply_access` issues, one method per kind."""

    def __init__(self, conn: Connection) -> None:
        driver = conn.connection.driver_connection
        if driver is None:
            raise RuntimeError("the connection has no driver connection")
        self._driver: Any = driver
        self._database = sql.Identifier(self._scalar("select current_database()"))

    def _run(self, statement: sql.Composable, params: Mapping[str, Any] | None = None) -> None:
        self._driver.execute(statement, params)

    def _scalar(self, query: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self._driver.execute(query, params).fetchone()
        return None if row is None else row[0]

    def lock_for_access(self) -> None:
        """Serialise concurrent upgrades: two appliers would revoke each other's grants."""
        self._run(sql.SQL("select pg_advisory_xact_lock(hashtext('pata-access-matrix'))"))

    def ensure_role(self, name: str, *, login: bool, description: str) -> None:
        role = sql.Identifier(name)
        attribute = sql.SQL("login" if login else "nologin")
        exists = self._scalar("select 1 from pg_roles where rolname = %(n)s", {"n": name})
        verb = "alter" if exists else "create"
        self._run(sql.SQL(verb + " role {} {}").format(role, attribute))
        self._run(sql.SQL("comment on role {} is {}").format(role, sql.Literal(description)))

    def members(self, group: str) -> list[str]:
        rows = self._driver.execute(
            "select r.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid "
            "join pg_roles r on r.oid = m.member where g.rolname = %(g)s order by 1",
            {"g": group},
        ).fetchall()
        return [str(r[0]) for r in rows]

    def revoke_from_public(self, *, schemas: Iterable[str]) -> None:
        """Everyone else (PUBLIC): no connection, nothing in the matrix's schemas."""
        names = sql.SQL(", ").join(sql.Identifier(s) for s in schemas)
        self._run(
            sql.SQL("revoke connect, temporary on database {} from public").format(self._database)
        )
        self._run(sql.SQL("revoke all on schema {} from public").format(names))
        self._run(sql.SQL("revoke all on all tables in schema {} from public").format(names))
        self._run(sql.SQL("revoke all on all sequences in schema {} from public").format(names))

    def revoke_everything(self, name: str, *, schemas: Iterable[str]) -> None:
        """Every privilege of ``name`` in ``schemas`` (tables, columns, sequences, the
        schemas themselves, default privileges) and on the database."""
        role = sql.Identifier(name)
        names = sql.SQL(", ").join(sql.Identifier(s) for s in schemas)
        for column in self._column_grants(name, schemas):
            table, attname = column
            self._run(
                sql.SQL("revoke all ({}) on {} from {}").format(
                    sql.Identifier(attname), sql.SQL(table), role
                )
            )
        self._run(sql.SQL("revoke all on all tables in schema {} from {}").format(names, role))
        self._run(sql.SQL("revoke all on all sequences in schema {} from {}").format(names, role))
        self._run(sql.SQL("revoke all on schema {} from {}").format(names, role))
        self._run(sql.SQL("revoke all on database {} from {}").format(self._database, role))
        for kind in ("tables", "sequences"):
            self._run(
                sql.SQL(
                    "alter default privileges in schema {} revoke all on " + kind + " from {}"
                ).format(names, role)
            )

    def _column_grants(self, name: str, schemas: Iterable[str]) -> list[tuple[str, str]]:
        rows = self._driver.execute(
            """
            select c.oid::regclass::text, a.attname
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
            cross join lateral aclexplode(a.attacl) x
            where n.nspname = any(%(schemas)s) and x.grantee = %(name)s::regrole
            group by 1, 2
            """,
            {"schemas": list(schemas), "name": name},
        ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    def grant_connect(self, name: str) -> None:
        self._run(
            sql.SQL("grant connect on database {} to {}").format(
                self._database, sql.Identifier(name)
            )
        )

    def grant_usage(self, name: str, schema: str) -> None:
        self._run(
            sql.SQL("grant usage on schema {} to {}").format(
                sql.Identifier(schema), sql.Identifier(name)
            )
        )

    def grant(self, name: str, relation: Relation, access: Access) -> None:
        schema, table = relation.name.split(".", 1)
        target = sql.Identifier(schema, table)
        role = sql.Identifier(name)
        table_level = sorted(
            access.privileges - ({"select"} if access.columns is not None else set())
        )
        if table_level:
            privileges = sql.SQL(", ").join(sql.SQL(p) for p in table_level)
            self._run(sql.SQL("grant {} on {} to {}").format(privileges, target, role))
        if access.columns is not None and "select" in access.privileges and access.columns:
            columns = sql.SQL(", ").join(
                sql.Identifier(c) for c in relation.columns if c in access.columns
            )
            self._run(sql.SQL("grant select ({}) on {} to {}").format(columns, target, role))

    def grant_sequences_and_temp(self, name: str, *, schemas: Iterable[str]) -> None:
        role = sql.Identifier(name)
        names = sql.SQL(", ").join(sql.Identifier(s) for s in schemas)
        self._run(
            sql.SQL("grant usage, select, update on all sequences in schema {} to {}").format(
                names, role
            )
        )
        self._run(sql.SQL("grant temporary on database {} to {}").format(self._database, role))

    def replace_policies(
        self,
        resolved: Mapping[str, Mapping[str, Access]],
        relations: Mapping[str, Relation],
        *,
        row_filters: Mapping[str, str],
    ) -> None:
        """Row-level security: on every table a row filter applies to, RLS on and one policy
        per role that uses the table (the filter, or every row)."""
        from pata.access import ROW_FILTER_COLUMNS, AccessError

        filtered = {
            name
            for allowed in resolved.values()
            for name, access in allowed.items()
            if access.rows is not None and relations[name].kind in _TABLES
        }
        for name, relation in sorted(relations.items()):
            if relation.kind not in _TABLES:
                continue
            target = sql.Identifier(*name.split(".", 1))
            for policy in self._managed_policies(name):
                self._run(sql.SQL("drop policy {} on {}").format(sql.Identifier(policy), target))
            if name in filtered:
                self._run(sql.SQL("alter table {} enable row level security").format(target))
            elif not self._scalar(
                "select relrowsecurity from pg_class where oid = %(t)s::regclass", {"t": name}
            ):
                continue
            for role, allowed in sorted(resolved.items()):
                access = allowed.get(name)
                if access is None:
                    continue
                if access.rows is not None:
                    column = ROW_FILTER_COLUMNS[access.rows]
                    if column not in relation.columns:
                        raise AccessError(
                            f"{role} reads {name} by {access.rows}, but it has no {column} column"
                        )
                    rule = sql.SQL("for select to {} using (" + row_filters[access.rows] + ")")
                elif access.privileges == {"select"}:
                    rule = sql.SQL("for select to {} using (true)")
                else:
                    rule = sql.SQL("for all to {} using (true) with check (true)")
                self._run(
                    sql.SQL("create policy {} on {} ").format(
                        sql.Identifier(_POLICY_PREFIX + role), target
                    )
                    + rule.format(sql.Identifier(role))
                )

    def _managed_policies(self, table: str) -> list[str]:
        rows = self._driver.execute(
            "select polname from pg_policy where polrelid = %(t)s::regclass "
            "and (polname like %(prefix)s or polname = any(%(legacy)s))",
            {"t": table, "prefix": _POLICY_PREFIX + "%", "legacy": list(_LEGACY_POLICIES)},
        ).fetchall()
        return [str(r[0]) for r in rows]
