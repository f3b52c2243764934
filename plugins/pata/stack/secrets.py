"""Secrets the embedded stack generates for itself under ``.pata/secrets`` (mode 0600)."""

from __future__ import annotations

import base64
import hashlib
import hmac
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


def database_password_name(role: str) -> str:
    """File name, under the secrets directory, of a database login's password."""
    return f"pg-{role}.password"


def database_password(settings: Settings, role: str) -> str:
    """The password of a login of the embedded PostgreSQL, generated on first use."""
    return read_secret(settings, database_password_name(role), lambda: secrets.token_urlsafe(24))


def write_secret(settings: Settings, name: str, value: str) -> Path:
    """Write (or replace) ``name`` with ``value``, mode 0600 from the first byte."""
    directory = settings.secrets_dir
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    path = directory / name
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return path


def remove_secret(settings: Settings, name: str) -> bool:
    path = settings.secrets_dir / name
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """PostgreSQL's SCRAM-SHA-256 verifier of ``password`` (what ``\\password`` sends): the
    server stores it as is, so the password itself never reaches the server or its log."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")
    encode = base64.b64encode
    return (
        f"SCRAM-SHA-256${iterations}:{encode(salt).decode()}"
        f"${encode(stored_key).decode()}:{encode(server_key).decode()}"
    )
