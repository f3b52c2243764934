"""Warehouse migrations: Alembic revisions in ``sql/migrations/versions`` that run the
versioned DDL files beside them (``<revision>.up.sql`` / ``<revision>.down.sql``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from pata.settings import REPO_ROOT, Settings, get_settings

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = REPO_ROOT / "sql" / "migrations"


def alembic_config(settings: Settings | None = None) -> Config:
    from alembic.config import Config

    settings = settings or get_settings()
    config = Config()
    config.set_main_option("path_separator", "os")  # the non-deprecated way to split locations
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    # ConfigParser interpolation would mangle '%' in passwords
    url = settings.database_url("warehouse", role="owner").replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(*, settings: Settings | None = None, revision: str = "heads") -> None:
    """Apply every pending migration (idempotent: at head, nothing happens)."""
    from alembic import command

    from pata.warehouse.engine import check_warehouse

    check_warehouse(settings=settings)
    command.upgrade(alembic_config(settings), revision)
    _seed_dimensions_and_models(settings, revision=revision)
    _apply_access(settings)


def _seed_dimensions_and_models(settings: Settings | None, *, revision: str) -> None:
    """Bring the dimensions in line with the registry and contracts, re-create the model
    views of ``sql/models/`` (idempotent; models only at head, which they are written for)."""
    from pata.warehouse.dimensions import seed_dimensions
    from pata.warehouse.engine import get_engine
    from pata.warehouse.models import apply_models

    with get_engine(role="owner", settings=settings).begin() as conn:
        seed_dimensions(conn)
        if revision == "heads":
            apply_models(conn)


def _apply_access(settings: Settings | None) -> None:
    """The access matrix (config/access.yaml), last: it covers every relation the migrations
    and models left, and revokes what it does not allow (see docs/privacy.md, Access)."""
    from pata.access import apply_access, load_matrix
    from pata.warehouse.engine import get_engine

    settings = settings or get_settings()
    matrix = load_matrix()
    with get_engine(role="owner", settings=settings).begin() as conn:
        apply_access(conn, matrix)
    if settings.embedded:
        from pata.stack.postgres import set_login_passwords

        set_login_passwords(settings, [role.name for role in matrix.roles if role.login])


def downgrade(*, settings: Settings | None = None, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(settings), revision)


def current_revision(*, settings: Settings | None = None) -> str | None:
    """The applied revision(s), comma-separated when independent branches are applied."""
    from alembic.runtime.migration import MigrationContext

    from pata.warehouse.engine import get_engine

    with get_engine(role="owner", settings=settings).connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or None


def head_revision() -> str | None:
    """The head revision(s) of the scripts, in the same form as :func:`current_revision`."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return ",".join(sorted(heads)) or None


def run_sql_file(path: Path) -> None:
    """Execute one DDL file inside the running migration (called by revision modules)."""
    from alembic import op

    sql = path.read_text(encoding="utf-8")
    log.info("applying %s", path.name)
    op.get_bind().exec_driver_sql(sql)
