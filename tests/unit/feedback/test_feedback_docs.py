"""The partner guide (docs/feedback.md) explains every problem code and lists the codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pata.contracts import DATASETS, load_contract
from pata.validation.problems import PROBLEM_KINDS

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "feedback.md"
PLUGINS = Path(__file__).resolve().parents[3] / "plugins" / "pata"


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_every_problem_code_is_explained(guide):
    missing = [code for code in PROBLEM_KINDS if f"`{code}`" not in guide]
    assert missing == []


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_short_code_list_and_rule_is_listed(guide, dataset):
    contract = load_contract(dataset)
    for column in contract.columns:
        assert f"`{column.name}`" in guide
        if column.is_coded and len(column.codes) <= 30:
            for code in column.codes:
                assert f"`{code}`" in guide, (column.name, code)
    for rule in contract.rules:
        assert rule.description in guide


# A code raised while reading or attributing a file: ``blocker("code", ...)``,
# ``FileProblem(code="code", ...)`` or ``PataError(..., code="code")``.
RAISED = re.compile(r'(?:blocker\(\s*|FileProblem\(\s*|code=)"([a-z]+(?:-[a-z0-9]+)+)"')
PARTNER_FACING = [
    *sorted((PLUGINS / "readers").glob("*.py")),
    PLUGINS / "layouts" / "reading.py",
    PLUGINS / "attribution.py",
]


def test_every_code_a_partner_file_can_be_stopped_with_has_a_title_and_fix():
    """A reader's code without a kind reached the report as its bare code
    ("Reason: sheet-too-large (sheet-too-large)") with no fix."""
    raised = {code for path in PARTNER_FACING for code in RAISED.findall(path.read_text())}
    assert {"sheet-too-large", "zip-bomb", "unsupported-format"} <= raised  # the scan works
    assert sorted(raised - PROBLEM_KINDS.keys()) == []
    for code in raised:
        assert PROBLEM_KINDS[code].title != code
