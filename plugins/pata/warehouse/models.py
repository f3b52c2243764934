"""Transformations as models: the views and functions in ``sql/models/``, re-created on every
upgrade.

One file per model, named ``<schema>.<relation>.sql``, in a layer folder: ``functions``
(SQL functions the views and indicator queries call), ``intermediate`` (the version that
stands of each record, worked out once) then ``marts`` (what people read). Each file
creates exactly the object it is named after, with its comments; privileges are not the
models' business: the access matrix (``config/access.yaml``) is applied after them.
:func:`apply_models` drops every model view (marts first) and creates them again (layers in
order), in one transaction: idempotent, and a view can change its columns freely. A
function is ``create or replace``d (so a change of its arguments or result type needs a
``drop function`` at the top of its file). The migrations keep only tables, roles and data
moves.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from psycopg import sql
from sqlalchemy import Connection

from pata.settings import REPO_ROOT

log = logging.getLogger(__name__)

MODELS_DIR = REPO_ROOT / "sql" / "models"
LAYERS = ("functions", "intermediate", "marts")
"""Model layers, in the order they are created (a layer reads only the ones before it; within
a layer, a model is created after the models it reads)."""
_COMMENTS_AND_LITERALS = re.compile(r"--[^\n]*|'(?:[^']|'')*'")
_READS = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)\b", re.IGNORECASE)
_AFTER_MODELS = MODELS_DIR / "inherit_column_comments.sql"
"""Run after each model: a view column without a comment takes its source column's."""


@dataclass(frozen=True)
class Model:
    """One model file and the view it creates."""

    path: Path
    schema: str
    name: str
    layer: str

    @property
    def is_view(self) -> bool:
        return self.layer != "functions"

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def model_files() -> list[Model]:
    """Every model, in creation order: layer by layer; in a layer, a model after those it
    reads (``from``/``join`` of another model of the layer), else by file name."""
    models: list[Model] = []
    for layer in LAYERS:
        found = []
        for path in sorted((MODELS_DIR / layer).glob("*.sql")):
            schema, _, name = path.stem.partition(".")
            found.append(Model(path=path, schema=schema, name=name, layer=layer))
        models.extend(_reads_first(found))
    return models


def _reads_first(models: list[Model]) -> list[Model]:
    """``models`` ordered so that each comes after the models of the list it reads."""
    by_name = {m.qualified: m for m in models}
    reads = {
        m.qualified: {
            name
            for name in _READS.findall(
                _COMMENTS_AND_LITERALS.sub(" ", m.path.read_text(encoding="utf-8"))
            )
            if name in by_name and name != m.qualified
        }
        for m in models
    }
    ordered: list[Model] = []
    placed: set[str] = set()
    while len(ordered) < len(models):
        ready = [m for m in models if m.qualified not in placed and reads[m.qualified] <= placed]
        if not ready:
            cycle = sorted(set(by_name) - placed)
            raise ValueError(f"models that read each other: {', '.join(cycle)}")
        ordered.append(ready[0])
        placed.add(ready[0].qualified)
    return ordered


def apply_models(conn: Connection) -> list[str]:
    """Drop and re-create every model view, replace every model function, within the
    caller's transaction; their names."""
    models = model_files()
    driver = conn.connection.driver_connection
    with driver.cursor() as cursor:  # type: ignore[union-attr]
        for model in reversed([m for m in models if m.is_view]):
            cursor.execute(
                sql.SQL("drop view if exists {}").format(sql.Identifier(model.schema, model.name))
            )
        inherit_comments = _AFTER_MODELS.read_text(encoding="utf-8")
        for model in models:
            cursor.execute(model.path.read_text(encoding="utf-8"))
            # Now, so that a model built on this one inherits the comments in turn.
            cursor.execute(inherit_comments)
            log.debug("model %s created", model.qualified)
    log.info("%s model(s) re-created", len(models))
    return [model.qualified for model in models]
