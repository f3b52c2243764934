"""Helpers of the pull tests: a registry with a pull block where a test wants one."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType

from pata.pull.sources import PullSource
from pata.registry import Partner, Registry, load_registry

SFTP_CONN = "pata_pull_test_sftp"
S3_CONN = "pata_pull_test_bucket"
HTTP_CONN = "pata_pull_test_https"
TOKEN = "test-token-5b1f"
PARTNER_BUCKET = "partner-own-exports"


@dataclass
class Export:
    body: bytes
    modified: datetime
    grow_after_head: int = 0  # the next HEADs after this many report a bigger file


@dataclass
class HttpServer:
    port: int
    exports: dict[str, Export] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)


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


def pulled_partner(code: str, source: PullSource) -> Partner:
    """A test-only partner (kh-ksp's mappings, UTC) whose cases are pulled from ``source``."""
    template = load_registry().partner("kh-ksp")
    cases = replace(template.dataset("cases"), frequency="monthly", due_day=15, pull=source)
    return replace(template, code=code, timezone="UTC", datasets=MappingProxyType({"cases": cases}))


def registry_of(*partners: Partner) -> Registry:
    return Registry(partners=MappingProxyType({p.code: p for p in partners}))
