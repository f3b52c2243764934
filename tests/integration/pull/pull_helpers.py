"""Helpers of the pull tests: a registry with a pull block where a test wants one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from types import MappingProxyType

from pata.pull.sources import PullSource
from pata.registry import Registry, load_registry


def with_pull(partner: str, dataset: str, source: PullSource) -> Registry:
    """The real registry with ``source`` as the pull block of one partner dataset."""
    registry = load_registry()
    template = registry.partner(partner)
    sent = replace(template.dataset(dataset), pull=source)
    changed = replace(template, datasets=MappingProxyType({**template.datasets, dataset: sent}))
    return Registry(partners=MappingProxyType({**registry.partners, partner: changed}))


def source(kind: str, connection: str, **where: object) -> PullSource:
    """A pull source on a monthly calendar due on the 15th (window 3 days)."""
    return PullSource(
        kind=kind,  # type: ignore[arg-type]
        connection=connection,
        frequency="monthly",
        due_day=15,
        window_days=3,
        **where,  # type: ignore[arg-type]
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
