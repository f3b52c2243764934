"""The partner guide (docs/feedback.md) explains every problem code and lists the codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pata.contracts import DATASETS, load_contract
from pata.validation.problems import PROBLEM_KINDS

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "feedback.md"


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
