"""The warehouse's data dictionary, generated from its COMMENTs (``pata db docs``).

Every schema, table, view and column of the warehouse carries a COMMENT written with its
DDL (the migration test fails when one is missing), so the dictionary is always the
database's own description: nothing to keep in sync by hand. It reads the catalog only,
never a row, so it runs with the analyst's read-only login.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, bindparam, text

from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)

SCHEMAS: tuple[str, ...] = ("marts", "core", "ops", "staging", "linkage")
"""Schemas documented, in the order regional staff need them."""

_KINDS = {"v": "view", "m": "materialized view", "r": "table", "p": "partitioned table"}
_KIND_ORDER = {"v": 0, "m": 1, "r": 2, "p": 2}
_NO_COMMENT = "(no comment)"


@dataclass(frozen=True)
class ColumnEntry:
    """One documented column."""

    name: str
    type: str
    not_null: bool
    comment: str | None


@dataclass
class RelationEntry:
    """One documented table or view with its columns."""

    schema: str
    name: str
    kind: str
    comment: str | None
    columns: list[ColumnEntry] = field(default_factory=list)

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def read_catalog(
    conn: Connection, *, schemas: Sequence[str] = SCHEMAS
) -> tuple[dict[str, str | None], list[RelationEntry]]:
    """Schema comments and every table and view of ``schemas`` with its columns, in order."""
    schema_rows = conn.execute(
        text(
            "select nspname, obj_description(oid, 'pg_namespace') from pg_namespace "
            "where nspname in :schemas"
        ).bindparams(bindparam("schemas", expanding=True)),
        {"schemas": list(schemas)},
    ).all()
    schema_comments = {str(name): comment for name, comment in schema_rows}
    relation_rows = conn.execute(
        text(
            "select c.oid, n.nspname, c.relname, c.relkind, obj_description(c.oid, 'pg_class') "
            "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            "where n.nspname in :schemas and c.relkind in ('r', 'p', 'v', 'm')"
        ).bindparams(bindparam("schemas", expanding=True)),
        {"schemas": list(schemas)},
    ).all()
    relations = {
        int(oid): RelationEntry(schema=str(schema), name=str(name), kind=str(kind), comment=comment)
        for oid, schema, name, kind, comment in relation_rows
    }
    if relations:
        column_rows = conn.execute(
            text(
                "select a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), "
                "a.attnotnull, col_description(a.attrelid, a.attnum) from pg_attribute a "
                "where a.attrelid in :oids and a.attnum > 0 and not a.attisdropped "
                "order by a.attrelid, a.attnum"
            ).bindparams(bindparam("oids", expanding=True)),
            {"oids": list(relations)},
        ).all()
        for oid, name, kind, not_null, comment in column_rows:
            relations[int(oid)].columns.append(
                ColumnEntry(
                    name=str(name), type=str(kind), not_null=bool(not_null), comment=comment
                )
            )
    order = {schema: position for position, schema in enumerate(schemas)}
    ordered = sorted(
        relations.values(),
        key=lambda r: (order.get(r.schema, len(order)), _KIND_ORDER.get(r.kind, 3), r.name),
    )
    return schema_comments, ordered


def render_markdown(
    schema_comments: dict[str, str | None],
    relations: Sequence[RelationEntry],
    *,
    revision: str | None = None,
) -> str:
    """The dictionary as Markdown: a section per schema, a table of columns per relation."""
    lines = [
        "# PATA warehouse: data dictionary",
        "",
        "Generated from the database's COMMENTs by `pata db docs`"
        + (f" (schema revision `{revision}`)" if revision else "")
        + ". Do not edit: change the COMMENT in a migration and regenerate.",
        "",
        "Every row of `core` is de-identified and traceable to its source file (`ledger_id`).",
        "Regional staff read `marts` and the documented views of `core`; see docs/warehouse.md.",
        "",
    ]
    by_schema: dict[str, list[RelationEntry]] = {}
    for relation in relations:
        by_schema.setdefault(relation.schema, []).append(relation)
    schemas = [s for s in schema_comments if s in by_schema or schema_comments[s]]
    schemas += [s for s in by_schema if s not in schemas]
    lines += ["## Contents", ""]
    for schema in schemas:
        names = ", ".join(
            f"[`{r.name}`](#{_anchor(_heading(r))})" for r in by_schema.get(schema, [])
        )
        lines.append(f"- **{schema}**: {names or 'no tables yet'}")
    lines.append("")
    for schema in schemas:
        lines += [f"## Schema `{schema}`", "", _cell(schema_comments.get(schema)), ""]
        for relation in by_schema.get(schema, []):
            lines += [
                f"### {_heading(relation)}",
                "",
                _cell(relation.comment),
                "",
                "| Column | Type | Meaning |",
                "|---|---|---|",
            ]
            for column in relation.columns:
                kind_text = column.type + (", not null" if column.not_null else "")
                lines.append(f"| `{column.name}` | {kind_text} | {_cell(column.comment)} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def build_dictionary(conn: Connection, *, schemas: Sequence[str] = SCHEMAS) -> str:
    """Read the catalog through ``conn`` and return the dictionary as Markdown."""
    schema_comments, relations = read_catalog(conn, schemas=schemas)
    ordered_comments = {schema: schema_comments.get(schema) for schema in schemas}
    return render_markdown(ordered_comments, relations, revision=_revision(conn))


def write_dictionary(*, out: Path | None, settings: Settings | None = None) -> str:
    """Generate the dictionary with the read-only analyst login; write it to ``out`` if given.

    Returns the Markdown (the ``pata db docs`` command prints it when no file is given).
    """
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    with get_engine(role="analyst", settings=settings).connect() as conn:
        markdown = build_dictionary(conn)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(markdown, encoding="utf-8")
        log.info("data dictionary written to %s", out)
    return markdown


def _revision(conn: Connection) -> str | None:
    visible = conn.execute(
        text(
            "select to_regclass('public.alembic_version') is not null "
            "and has_table_privilege('public.alembic_version', 'select')"
        )
    ).scalar()
    if not visible:
        return None
    revisions = conn.execute(text("select version_num from public.alembic_version")).scalars()
    return ", ".join(sorted(str(revision) for revision in revisions)) or None


def _heading(relation: RelationEntry) -> str:
    return f"`{relation.qualified}` ({_KINDS.get(relation.kind, relation.kind)})"


def _cell(comment: str | None) -> str:
    """A comment as one Markdown table cell (pipes escaped, lines joined)."""
    if not comment:
        return _NO_COMMENT
    return " ".join(comment.split()).replace("|", "\\|")


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces as hyphens."""
    kept = "".join(ch for ch in heading.lower() if ch.isalnum() or ch in "-_ ")
    return kept.replace(" ", "-")
