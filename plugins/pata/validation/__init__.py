"""Validation of partner files: GX suites from the contracts, row checks, the file verdict.

One validator, :class:`FileValidator`, takes a file's batches one by one: it conforms each
to its contract, runs the row-level checks (vectorised, exact positions) and the dataset's
Great Expectations suite (value-free results), keeps file-wide state (duplicates across
batches, counts, GX results merged), and decides once the file is read: rejected for a
file-level blocker, otherwise its invalid rows are quarantined and its valid rows go on.
``validate(raw, ...)`` is the same validator on a file read as one batch.

``Problem`` and the problem codes import cheaply; ``FileValidator``, ``validate`` and
``ValidationResult`` (pandas, and Great Expectations when run) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pata.validation.problems import PROBLEM_KINDS, Problem, ProblemKind, Severity

if TYPE_CHECKING:
    from pata.validation.validator import FileValidator, validate
    from pata.validation.verdict import ValidationResult

__all__ = [
    "PROBLEM_KINDS",
    "FileValidator",
    "Problem",
    "ProblemKind",
    "Severity",
    "ValidationResult",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name == "ValidationResult":
        from pata.validation import verdict

        return verdict.ValidationResult
    if name in ("FileValidator", "validate"):
        from pata.validation import validator

        return getattr(validator, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
