"""Secrets the embedded stack generates for itself under ``.pata/secrets`` (mode 0600)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from pata.settings import Settings

PSEUDONYM_KEY = "pseudonym.key"


def ensure_secret(settings: Settings, name: str, factory: Callable[[], str]) -> Path:
    """Create ``name`` with ``factory()`` once; never overwrite; return its path."""
    directory = settings.secrets_dir
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    path = directory / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    with os.fdopen(fd, "w") as handle:
        handle.write(factory())
    return path


def read_secret(settings: Settings, name: str, factory: Callable[[], str]) -> str:
    return ensure_secret(settings, name, factory).read_text().strip()


def ensure_pseudonym_key(settings: Settings) -> Path:
    """The embedded default's HMAC key: 32 random bytes, hex, generated on first start."""
    return ensure_secret(settings, PSEUDONYM_KEY, lambda: secrets.token_hex(32))
