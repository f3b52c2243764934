"""Transformations as models: the views in ``sql/models/``, re-created on every upgrade.

One file per model, named ``<schema>.<relation>.sql``, in a layer folder: ``intermediate``
(the version that stands of each record, worked out once) then ``marts`` (what people
read). Each file creates exactly the view it is named after, with its comments and grants.
:func:`apply_models` drops every model view (marts first) and creates them again (layers in
order), in one transaction: idempotent, and a model can change its columns freely. The
migrations keep only tables, roles and data moves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from psycopg import sql
from sqlalchemy import Connection

from pata.settings import REPO_ROOT

log = logging.getLogger(__name__)

MODELS_DIR = REPO_ROOT / "sql" / "models"
LAYERS = ("intermediate", "marts")
"""Model layers, in the order they are created (a layer reads only the ones before it)."""
_AFTER_MODELS = MODELS_DIR / "inherit_column_comments.sql"
"""Run after each model: a view column without a comment takes its source column's."""


@dataclass(frozen=True)
class Model:
    """One model file and the view it creates."""

    path: Path
    schema: str
    name: str

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def model_files() -> list[Model]:
    """Every model, in creation order (layer, then file name)."""
    models: list[Model] = []
    for layer in LAYERS:
        for path in sorted((MODELS_DIR / layer).glob("*.sql")):
            schema, _, name = path.stem.partition(".")
            models.append(Model(path=path, schema=schema, name=name))
    return models


def apply_models(conn: Connection) -> list[str]:
    """Drop and re-create every model view within the caller's transaction; their names."""
    models = model_files()
    driver = conn.connection.driver_connection
    with driver.cursor() as cursor:  # type: ignore[union-attr]
        for model in reversed(models):
            cursor.execute(
                sql.SQL("drop view if exists {}").format(sql.Identifier(model.schema, model.name))
            )
        inherit_comments = _AFTER_MODELS.read_text(encoding="utf-8")
        for model in models:
            cursor.execute(model.path.read_text(encoding="utf-8"))
            # Now, so that a model built on this one inherits the comments in turn.
            cursor.execute(inherit_comments)
            log.debug("model %s created", model.qualified)
    log.info("%s model view(s) re-created", len(models))
    return [model.qualified for model in models]
