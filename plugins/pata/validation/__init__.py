"""Validation of partner files: GX suites from the contracts, row checks, the file verdict.

``validate(raw, partner=..., dataset=...)`` conforms a raw table to its contract, runs the
row-level checks (vectorised, exact positions) and the dataset's Great Expectations suite
(value-free results), and decides: the file is rejected for a file-level blocker, otherwise
its invalid rows are quarantined and its valid rows go on.

``Problem`` and the problem codes import cheaply; ``validate`` and ``ValidationResult``
(pandas, and Great Expectations when run) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pata.validation.problems import PROBLEM_KINDS, Problem, ProblemKind, Severity

if TYPE_CHECKING:
    from pata.validation.verdict import ValidationResult, validate

__all__ = [
    "PROBLEM_KINDS",
    "Problem",
    "ProblemKind",
    "Severity",
    "ValidationResult",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in ("ValidationResult", "validate"):
        from pata.validation import verdict

        return getattr(verdict, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
