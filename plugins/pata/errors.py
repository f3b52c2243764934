"""Errors the pipeline raises on purpose, each with a stable kebab-case code.

Messages never carry a value read from a partner file: only positions, column names,
codes and settings. That keeps exceptions (which end up in task logs) free of PII.
"""

from __future__ import annotations


class PataError(Exception):
    """Base of every deliberate pipeline error."""

    code = "pata-error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class ConfigError(PataError):
    """A setting, a contract or the partner registry is wrong or missing."""

    code = "config-error"


class ServiceUnreachable(PataError):
    """A configured service (warehouse, S3, SQS) does not answer."""

    code = "service-unreachable"
