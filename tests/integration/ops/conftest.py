"""Operations tests: no notifier connection unless a test sets one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_notifier_connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No pata_smtp / pata_slack: alerts go to the log and ops.alerts only."""
    monkeypatch.delenv("AIRFLOW_CONN_PATA_SMTP", raising=False)
    monkeypatch.delenv("AIRFLOW_CONN_PATA_SLACK", raising=False)
    yield
