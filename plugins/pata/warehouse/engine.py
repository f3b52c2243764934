"""SQLAlchemy engines for the warehouse, one per role, with a clear error when unreachable.

On the embedded server every role logs in with its own password (scram-sha-256, generated
under ``.pata/secrets/``; ``Settings.database_url`` puts it in the URL, which SQLAlchemy
never shows: ``render_as_string(hide_password=True)`` in every message here)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Literal

from pata.errors import ServiceUnreachable
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

Role = Literal["owner", "pipeline", "analyst", "auditor", "linkage"]


@functools.cache
def _engine(url: str, connect_args: tuple[tuple[str, str | int], ...]) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(
        url, pool_pre_ping=True, pool_size=4, max_overflow=4, connect_args=dict(connect_args)
    )


def connect_args(settings: Settings) -> dict[str, str | int]:
    """libpq options of every warehouse session: how long to wait, and to notice a dead peer.

    A connect timeout, so an unreachable server fails fast (a transient fault, retried by
    the DAG); ``statement_timeout`` and ``lock_timeout`` (row, table and advisory locks), so
    no statement or lock wait holds a worker forever; TCP keepalives, so a server that
    vanished mid-load (host down, network cut) is noticed in about a minute instead of the
    kernel's two hours. A URL's own ``options`` would be overridden: set the timeouts here.
    """
    statement_ms = settings.db_statement_timeout_seconds * 1000
    lock_ms = settings.db_lock_timeout_seconds * 1000
    return {
        "connect_timeout": settings.db_connect_timeout_seconds,
        "options": f"-c statement_timeout={statement_ms} -c lock_timeout={lock_ms}",
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }


def get_engine(*, role: Role = "pipeline", settings: Settings | None = None) -> Engine:
    """The (cached) engine of the warehouse for a role, with the session timeouts."""
    settings = settings or get_settings()
    args = tuple(sorted(connect_args(settings).items()))
    return _engine(settings.database_url("warehouse", role=role), args)


def check_warehouse(*, settings: Settings | None = None) -> None:
    """Raise ServiceUnreachable when the warehouse does not answer, naming where it looked."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    settings = settings or get_settings()
    engine = get_engine(role="owner", settings=settings)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise ServiceUnreachable(
            f"the warehouse at {where} does not answer ({type(exc.orig).__name__}). "
            "Check PATA_WAREHOUSE_URL, or unset it to use the embedded PostgreSQL."
        ) from exc
