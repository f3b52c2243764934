"""Unit-test fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _work_in_a_temporary_directory(tmp_path, monkeypatch):
    """Commands that write next to the working directory (pata check's report) write into
    the test's own temporary directory, never into the checkout."""
    monkeypatch.chdir(tmp_path)
