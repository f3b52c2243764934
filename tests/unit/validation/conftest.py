"""Fixtures of the validation tests (helpers live in ``validation_fixtures``)."""

from __future__ import annotations

import pytest
from validation_fixtures import canonical_partner

from pata.registry import Partner


@pytest.fixture
def partner() -> Partner:
    """A partner whose headers are the contracts' names and whose dates are ISO."""
    return canonical_partner()
