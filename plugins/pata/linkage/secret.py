"""The programme's record-linkage secret: where it is read from, and a type that never shows it.

The Bloom-filter encodings of :mod:`pata.linkage.encoding` are keyed: whoever holds this
secret can encode a guessed name and birth date and look for it in the ``linkage`` schema.
It is therefore held like the pseudonym key (:mod:`pata.keys`) but is a *different* secret:
the pseudonym key is per-installation and rotates with a replay, the linkage secret is the
programme's, the same at every partner's pipeline run, and rotating it means re-encoding
every person (docs/privacy.md, "Record linkage: threat model").

Sources, first that has one (as :func:`pata.keys.load_pseudonym_key`):

1. ``PATA_LINKAGE_KEY_FILE`` (hex text); when set the file must exist;
2. inside an Airflow task: the Variable ``pata_linkage_key`` (or a Connection's password);
3. ``AIRFLOW_VAR_PATA_LINKAGE_KEY`` from the environment;
4. embedded default only: ``<PATA_HOME>/secrets/linkage.key``, generated (0600) on first use.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import string
from pathlib import Path
from typing import Any, NoReturn

from pata.errors import PataError
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)

KEY_NAME = "pata_linkage_key"
KEY_ENV_VARIABLE = "AIRFLOW_VAR_PATA_LINKAGE_KEY"
EMBEDDED_FILE = "linkage.key"
MIN_KEY_BYTES = 32
_HEX = frozenset(string.hexdigits)
_HINT = "generate one with: openssl rand -hex 32"


class MissingLinkageKey(PataError):
    """No linkage secret is configured where one is required."""

    code = "missing-linkage-key"


class InvalidLinkageKey(PataError):
    """A linkage secret was found but is not usable (too short, not hex)."""

    code = "invalid-linkage-key"


class LinkageKey:
    """The keyed hash functions of the Bloom-filter encodings; the secret never shows.

    Three sub-keys are derived from the secret (HMAC-SHA256 of a label), so the two hash
    functions of the double hashing and the blocking keys never share a key.
    """

    __slots__ = ("_block", "_fingerprint", "_first", "_second", "_source")

    def __init__(self, secret: bytes, *, source: str = "memory") -> None:
        if not isinstance(secret, bytes) or len(secret) < MIN_KEY_BYTES:
            raise InvalidLinkageKey(
                f"a linkage key must be at least {MIN_KEY_BYTES} bytes; {_HINT}"
            )
        self._first = hmac.digest(secret, b"pata-linkage clk h1", "sha256")
        self._second = hmac.digest(secret, b"pata-linkage clk h2", "sha256")
        self._block = hmac.digest(secret, b"pata-linkage blocking", "sha256")
        self._source = source
        self._fingerprint = hashlib.sha256(secret).hexdigest()[:8]

    @classmethod
    def from_text(cls, text: str, *, source: str) -> LinkageKey:
        """Build a key from hex text (``openssl rand -hex 32``)."""
        cleaned = "".join(text.split())
        if len(cleaned) % 2 or not set(cleaned) <= _HEX:
            raise InvalidLinkageKey(f"the linkage key from {source} is not hex text; {_HINT}")
        if len(cleaned) < 2 * MIN_KEY_BYTES:
            raise InvalidLinkageKey(
                f"the linkage key from {source} is shorter than {MIN_KEY_BYTES} bytes; {_HINT}"
            )
        return cls(bytes.fromhex(cleaned), source=source)

    @property
    def fingerprint(self) -> str:
        """8 hex characters of the secret's SHA-256: names the key version."""
        return self._fingerprint

    @property
    def source(self) -> str:
        return self._source

    def double_hash(self, feature: bytes) -> tuple[int, int]:
        """The two keyed hashes (h1, h2) of a feature, for ``h1 + i * h2`` bit positions."""
        first = hmac.digest(self._first, feature, "sha256")
        second = hmac.digest(self._second, feature, "sha256")
        return int.from_bytes(first[:8], "big"), int.from_bytes(second[:8], "big") | 1

    def block(self, message: bytes) -> str:
        """A keyed blocking key (16 hex): equal inputs give equal keys, nothing else shows."""
        return hmac.digest(self._block, message, "sha256")[:8].hex()

    def __repr__(self) -> str:
        return f"LinkageKey(fingerprint={self._fingerprint}, source={self._source})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LinkageKey):
            return NotImplemented
        return hmac.compare_digest(self._first, other._first)

    def __hash__(self) -> int:
        return hash(self._fingerprint)

    def __reduce__(self) -> NoReturn:
        raise TypeError("a LinkageKey cannot be pickled or serialised")

    def __copy__(self) -> LinkageKey:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> LinkageKey:
        return self


def load_linkage_key(*, settings: Settings | None = None) -> LinkageKey:
    """The linkage secret, from the first source that has one (see the module docstring)."""
    settings = settings or get_settings()
    if settings.linkage_key_file is not None:
        return _from_file(settings.linkage_key_file, setting="PATA_LINKAGE_KEY_FILE")
    from_airflow = _from_airflow()
    if from_airflow is not None:
        return from_airflow
    env_text = os.environ.get(KEY_ENV_VARIABLE, "")
    if env_text.strip():
        return LinkageKey.from_text(env_text, source=KEY_ENV_VARIABLE)
    if settings.embedded:
        from pata.stack.secrets import ensure_secret

        existed = (settings.secrets_dir / EMBEDDED_FILE).exists()
        path = ensure_secret(settings, EMBEDDED_FILE, lambda: secrets.token_hex(32))
        key = _from_file(path, setting="embedded default")
        if not existed:
            log.warning("generated a new embedded linkage key (fingerprint %s)", key.fingerprint)
        return key
    raise MissingLinkageKey(
        "no linkage key: set PATA_LINKAGE_KEY_FILE to a file holding the programme's linkage "
        f"secret, or the Airflow Variable {KEY_NAME} ({KEY_ENV_VARIABLE}); {_HINT}"
    )


def _from_file(path: Path, *, setting: str) -> LinkageKey:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise MissingLinkageKey(f"{setting} names {path}, which does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MissingLinkageKey(
            f"{setting} names {path}, which cannot be read ({type(exc).__name__})"
        ) from None
    return LinkageKey.from_text(text, source=f"{setting} {path}")


def _from_airflow() -> LinkageKey | None:
    import sys

    runner = sys.modules.get("airflow.sdk.execution_time.task_runner")
    if runner is None or getattr(runner, "SUPERVISOR_COMMS", None) is None:
        return None
    try:
        from airflow.sdk import Connection, Variable
        from airflow.sdk.exceptions import AirflowNotFoundException
    except ImportError:
        return None
    text = Variable.get(KEY_NAME, default=None)
    if text:
        return LinkageKey.from_text(str(text), source=f"Airflow Variable {KEY_NAME}")
    try:
        connection = Connection.get(KEY_NAME)
    except AirflowNotFoundException:
        return None
    password = getattr(connection, "password", None)
    if password:
        return LinkageKey.from_text(str(password), source=f"Airflow Connection {KEY_NAME}")
    return None
