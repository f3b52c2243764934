"""Integration fixtures shared by test modules: a year of synthetic exports, processed once.

The indicators test compares every indicator with the truth recomputed from these files;
the leak audit searches every output for the canaries planted in them. Processing a year
(~200 files) is the slowest part of the suite, so it happens once per session.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from pata.periods import parse_period
from pata.settings import Settings

YEAR_END = date(2023, 9, 30)  # 2022-10 .. 2023-09: periods no other test loads
YEAR_SEED = 2026
YEAR_DEFECTS = 0.02
_ORDER = {"cases": 0, "awareness_sessions": 1, "network_events": 2, "rehabilitation": 3}


def upload_time(path: str, *, period: str, due_day: int) -> datetime:
    """A deterministic upload time: a few days before or after the file's due date."""
    offset = int(hashlib.sha256(path.encode()).hexdigest(), 16) % 9 - 3  # -3 .. +5 days
    due = parse_period(period).end + timedelta(days=due_day)
    return datetime.combine(due + timedelta(days=offset), time(6, 0), tzinfo=UTC)


@pytest.fixture(scope="session")
def processed_year(
    local_stack: Settings, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Twelve months from every partner (defects and canaries planted), each file through
    ``pata.pipeline.process_bytes`` with an upload time around its due date."""
    from pata import dropzone
    from pata.pipeline import Upload, process_bytes
    from pata.registry import load_registry
    from pata.synth import generate

    registry = load_registry()
    root = tmp_path_factory.mktemp("year")
    # The indicator oracle (indicators/indicator_truth.py) re-reads every file as a plain
    # header-then-rows table; the HTCDS toolkit partner's workbooks have their own tests
    # (tests/integration/test_partner_toolkit.py), so the year leaves them out.
    header_partners = [
        code
        for code, partner in registry.partners.items()
        if not any(spec.layout for spec in partner.datasets.values())
    ]
    manifest = generate(
        out=root,
        months=12,
        seed=YEAR_SEED,
        defects=YEAR_DEFECTS,
        end=YEAR_END,
        canaries=True,
        partners=header_partners,
    )
    uploads: dict[str, datetime] = {}
    outcomes = {}
    for record in sorted(manifest.files, key=lambda f: (_ORDER[f.dataset], f.period, f.path)):
        data = (root / record.path).read_bytes()
        spec = registry.partner(record.partner).dataset(record.dataset)
        uploaded = upload_time(record.path, period=record.period, due_day=spec.due_day)
        uploads[record.path] = uploaded
        key = dropzone.DropKey(
            partner=record.partner, dataset=record.dataset, filename=Path(record.path).name
        ).key
        upload = Upload(
            key=key,
            etag=hashlib.md5(data, usedforsecurity=False).hexdigest(),
            size=len(data),
            uploaded_at=uploaded,
        )
        outcomes[record.path] = process_bytes(data, upload=upload, settings=local_stack)
    return {
        "root": root,
        "manifest": manifest,
        "uploads": uploads,
        "outcomes": outcomes,
        "registry": registry,
        "settings": local_stack,
    }
