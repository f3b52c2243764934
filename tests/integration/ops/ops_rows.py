"""Helpers of the operations tests: test-only partners, ledger rows, alert rows.

The session's warehouse is shared with the other integration tests, so every test here
works on partner codes of its own (``zz-...``) or on periods no other test uses (2019).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import text

from pata.periods import parse_period
from pata.registry import Partner, PartnerDataset, Registry, load_registry
from pata.settings import Settings
from pata.warehouse.engine import get_engine


def ops_partner(
    code: str,
    *,
    timezone: str = "UTC",
    datasets: Mapping[str, tuple[str, int]] | None = None,
) -> Partner:
    """A registry partner for tests: kh-ksp's mappings, its own code, timezone, calendar."""
    template = load_registry().partner("kh-ksp")
    calendar = datasets or {"cases": ("monthly", 15)}
    sent: dict[str, PartnerDataset] = {
        name: replace(template.dataset(name), frequency=frequency, due_day=due_day)  # type: ignore[arg-type]
        for name, (frequency, due_day) in calendar.items()
    }
    return replace(template, code=code, timezone=timezone, datasets=MappingProxyType(sent))


def registry_of(*partners: Partner) -> Registry:
    return Registry(partners=MappingProxyType({p.code: p for p in partners}))


def add_ledger_row(
    settings: Settings,
    *,
    partner: str,
    dataset: str,
    period: str,
    status: str,
    received_at: datetime,
    rows_total: int | None = None,
    rows_invalid: int | None = None,
    rows_loaded: int | None = None,
    rows_withheld: int | None = None,
    raw_key: str | None = None,
    error_code: str | None = None,
) -> int:
    """Insert a ledger row as the pipeline would leave it (no file behind it)."""
    p = parse_period(period)
    with get_engine(role="owner", settings=settings).begin() as conn:
        return int(
            conn.execute(
                text(
                    "insert into ops.file_ledger (partner_code, dataset, object_key, size_bytes, "
                    "uploaded_at, received_at, status, period_label, period_start, period_end, "
                    "rows_total, rows_invalid, rows_loaded, rows_withheld, raw_key, error_code) "
                    "values (:partner, :dataset, :key, 10, :at, :at, :status, :label, :start, "
                    ":end, :total, :invalid, :loaded, :withheld, :raw, :error) returning id"
                ),
                {
                    "partner": partner,
                    "dataset": dataset,
                    "key": f"{partner}/incoming/{dataset}/{partner}_{dataset}_{period}.csv",
                    "at": received_at,
                    "status": status,
                    "label": p.label,
                    "start": p.start,
                    "end": p.end,
                    "total": rows_total,
                    "invalid": rows_invalid,
                    "loaded": rows_loaded,
                    "withheld": rows_withheld,
                    "raw": raw_key,
                    "error": error_code,
                },
            ).scalar_one()
        )


def alert_rows(settings: Settings, **where: Any) -> list[dict[str, Any]]:
    clause = " and ".join(f"{name} = :{name}" for name in where) or "true"
    with get_engine(role="owner", settings=settings).connect() as conn:
        rows = conn.execute(text(f"select * from ops.alerts where {clause} order by id"), where)
        return [dict(row._mapping) for row in rows]


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
