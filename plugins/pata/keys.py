"""The pseudonymisation key: where it is read from, and a type that never shows it.

Every pseudonym of the warehouse (``record_key``, ``person_key``, ``<column>_key``) is an
HMAC-SHA256 under one secret key. Whoever holds the key can recompute a pseudonym from a
name and a birth date, so the key lives outside the repo and outside the warehouse, and
nothing here ever logs, prints or pickles it. The order of the sources is in
:func:`load_pseudonym_key`; docs/privacy.md says how to rotate the key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import stat
import string
import sys
from pathlib import Path
from typing import Any, NoReturn

from pata.errors import PataError
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)

KEY_NAME = "pata_pseudonym_key"
"""Name of the Airflow Variable (or Connection, key in its password) holding the key."""
KEY_ENV_VARIABLE = "AIRFLOW_VAR_PATA_PSEUDONYM_KEY"
"""Airflow's environment form of the Variable; read directly too, so the CLI works."""
MIN_KEY_BYTES = 32
_HEX_DIGITS = frozenset(string.hexdigits)
_GENERATE_HINT = "generate one with: openssl rand -hex 32"


class MissingKey(PataError):
    """No pseudonymisation key is configured where one is required."""

    code = "missing-pseudonym-key"


class InvalidKey(PataError):
    """A pseudonymisation key was found but is not a usable key (too short, not hex)."""

    code = "invalid-pseudonym-key"


class PseudonymKey:
    """An HMAC-SHA256 key whose bytes never appear in a repr, a log line or a pickle."""

    __slots__ = ("_fingerprint", "_secret", "_source")

    def __init__(self, secret: bytes, *, source: str = "memory") -> None:
        if not isinstance(secret, bytes) or len(secret) < MIN_KEY_BYTES:
            raise InvalidKey(
                f"a pseudonym key must be at least {MIN_KEY_BYTES} bytes; {_GENERATE_HINT}"
            )
        self._secret = secret
        self._source = source
        self._fingerprint = hashlib.sha256(secret).hexdigest()[:8]

    @classmethod
    def from_text(cls, text: str, *, source: str) -> PseudonymKey:
        """Build a key from its hex text (as written by ``openssl rand -hex 32``)."""
        cleaned = "".join(text.split())
        if len(cleaned) % 2 or not set(cleaned) <= _HEX_DIGITS:
            raise InvalidKey(f"the pseudonym key from {source} is not hex text; {_GENERATE_HINT}")
        if len(cleaned) < 2 * MIN_KEY_BYTES:
            raise InvalidKey(
                f"the pseudonym key from {source} is shorter than {MIN_KEY_BYTES} bytes; "
                f"{_GENERATE_HINT}"
            )
        return cls(bytes.fromhex(cleaned), source=source)

    @property
    def fingerprint(self) -> str:
        """8 hex characters of the key's SHA-256: names the key version in audits."""
        return self._fingerprint

    @property
    def source(self) -> str:
        """Where the key was read from (a setting or path, never the key)."""
        return self._source

    def digest(self, message: bytes) -> str:
        """HMAC-SHA256 of ``message`` under this key, as 64 lowercase hex characters."""
        # hmac.digest: the one-shot C path (no HMAC object per message), same bytes.
        return hmac.digest(self._secret, message, "sha256").hex()

    def __repr__(self) -> str:
        return f"PseudonymKey(fingerprint={self._fingerprint}, source={self._source})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PseudonymKey):
            return NotImplemented
        return hmac.compare_digest(self._secret, other._secret)

    def __hash__(self) -> int:
        return hash(self._fingerprint)

    def __reduce__(self) -> NoReturn:
        # A key must not cross a task boundary (XCom, multiprocessing, a cache on disk).
        raise TypeError("a PseudonymKey cannot be pickled or serialised")

    def __copy__(self) -> PseudonymKey:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> PseudonymKey:
        return self


def load_pseudonym_key(*, settings: Settings | None = None) -> PseudonymKey:
    """The pseudonymisation key, from the first source that has one (docs/privacy.md, The key).

    1. ``PATA_PSEUDONYM_KEY_FILE`` (a file holding the key as hex): when set, the file must
       exist; there is no fall-back past an explicit setting.
    2. The embedded default only: ``<PATA_HOME>/secrets/pseudonym.key`` when it exists. It
       is a key file too: the key every pseudonym so far was made with.
    3. Inside an Airflow task only: the Variable ``pata_pseudonym_key``, else the password of
       the Connection ``pata_pseudonym_key``, through the configured secrets backend.
    4. ``AIRFLOW_VAR_PATA_PSEUDONYM_KEY`` read from the environment (works without Airflow).
    5. The embedded default only: that file, generated (mode 0600) now.

    A key file is never overridden: when a Variable (3, 4) holds another key as well, the
    file's key is used and a warning names both fingerprints. Otherwise :class:`MissingKey`:
    outside the embedded default a missing key stops the pipeline rather than producing
    pseudonyms under some accidental key. The key in use is logged by fingerprint.
    """
    settings = settings or get_settings()
    key = _first_key(settings)
    log.info("pseudonymisation key %s (from %s)", key.fingerprint, key.source)
    return key


def _first_key(settings: Settings) -> PseudonymKey:
    from pata.stack.secrets import PSEUDONYM_KEY

    if settings.pseudonym_key_file is not None:
        key = _key_from_file(settings.pseudonym_key_file, setting="PATA_PSEUDONYM_KEY_FILE")
        return _warn_if_a_variable_differs(key)
    embedded_file = settings.secrets_dir / PSEUDONYM_KEY
    if settings.embedded and embedded_file.exists():
        return _warn_if_a_variable_differs(_embedded_key(settings))
    from_variable = _key_from_variable()
    if from_variable is not None:
        return from_variable
    if settings.embedded:
        return _embedded_key(settings)
    raise MissingKey(
        "no pseudonymisation key: set PATA_PSEUDONYM_KEY_FILE to a file holding the key, "
        f"or the Airflow Variable {KEY_NAME} (secrets backend or {KEY_ENV_VARIABLE}); "
        "only the embedded default (no PATA_WAREHOUSE_URL, no PATA_S3_ENDPOINT_URL) "
        f"generates its own key; {_GENERATE_HINT}"
    )


def _key_from_variable() -> PseudonymKey | None:
    from_airflow = _key_from_airflow()
    if from_airflow is not None:
        return from_airflow
    env_text = os.environ.get(KEY_ENV_VARIABLE, "")
    if env_text.strip():
        _mask_in_airflow(env_text)
        return PseudonymKey.from_text(env_text, source=KEY_ENV_VARIABLE)
    return None


def _warn_if_a_variable_differs(key: PseudonymKey) -> PseudonymKey:
    try:
        other = _key_from_variable()
    except InvalidKey:
        other = None
    if other is not None and other != key:
        log.warning(
            "the pseudonymisation key %s from %s is used; %s holds another key (%s), "
            "which is ignored: remove one of them",
            key.fingerprint,
            key.source,
            other.source,
            other.fingerprint,
        )
    return key


def _mask_in_airflow(text: str) -> None:
    """Inside an Airflow task, have Airflow's secrets masker hide the key's text."""
    if not _inside_airflow_task():
        return
    try:
        from airflow.sdk.log import mask_secret
    except ImportError:
        return
    mask_secret(text.strip(), name=KEY_NAME)


def _key_from_file(path: Path, *, setting: str) -> PseudonymKey:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise MissingKey(f"{setting} names {path}, which does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MissingKey(
            f"{setting} names {path}, which cannot be read ({type(exc).__name__})"
        ) from None
    _warn_if_readable_by_others(path)
    return PseudonymKey.from_text(text, source=f"{setting} {path}")


def _embedded_key(settings: Settings) -> PseudonymKey:
    from pata.stack.secrets import PSEUDONYM_KEY, ensure_pseudonym_key

    existed = (settings.secrets_dir / PSEUDONYM_KEY).exists()
    path = ensure_pseudonym_key(settings)
    key = _key_from_file(path, setting="embedded default")
    if not existed:
        log.warning(
            "generated a new embedded pseudonymisation key %s (fingerprint %s)",
            path,
            key.fingerprint,
        )
    return key


def _warn_if_readable_by_others(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("the pseudonymisation key file %s is readable by others: chmod 600 it", path)


def _inside_airflow_task() -> bool:
    # The task runner is only imported (and its supervisor channel set) inside a running
    # task; checking sys.modules keeps the CLI and the tests free of an Airflow import.
    task_runner = sys.modules.get("airflow.sdk.execution_time.task_runner")
    return task_runner is not None and getattr(task_runner, "SUPERVISOR_COMMS", None) is not None


def _key_from_airflow() -> PseudonymKey | None:
    if not _inside_airflow_task():
        return None
    try:
        from airflow.sdk import Connection, Variable
        from airflow.sdk.exceptions import AirflowNotFoundException
    except ImportError:
        return None
    text = Variable.get(KEY_NAME, default=None)
    if text:
        _mask_in_airflow(str(text))
        return PseudonymKey.from_text(str(text), source=f"Airflow Variable {KEY_NAME}")
    try:
        connection = Connection.get(KEY_NAME)
    except AirflowNotFoundException:
        return None
    password = getattr(connection, "password", None)
    if password:
        _mask_in_airflow(str(password))
        return PseudonymKey.from_text(str(password), source=f"Airflow Connection {KEY_NAME}")
    return None
