"""Synthetic trees shared by the generator tests (generated once per test session)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from synth_conformance import HEADER_PARTNERS

from pata.synth import Manifest, generate

END = date(2026, 6, 1)


@pytest.fixture(scope="session")
def clean_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("clean")
    return out, generate(out=out, months=3, seed=11, end=END, partners=HEADER_PARTNERS)


@pytest.fixture(scope="session")
def defective_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("defective")
    return out, generate(
        out=out,
        months=3,
        seed=12,
        end=END,
        defects=0.15,
        canaries=True,
        partners=HEADER_PARTNERS,
    )
