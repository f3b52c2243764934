"""Secret keys: a type that never shows them, and the one order their sources are read in.

Every pseudonym of the warehouse (``record_key``, ``person_key``, ``<column>_key``) is an
HMAC-SHA256 under the pseudonym key (:class:`PseudonymKey`); the record-linkage encodings
are keyed by the programme's linkage secret (:class:`pata.linkage.secret.LinkageKey`).
Whoever holds either can recompute what it protects from a name and a birth date, so both
live outside the repo and outside the warehouse, are :class:`Secret` s (never logged,
printed or pickled), and are read by :func:`load_secret` from the sources of their
:class:`SecretSource`. docs/privacy.md says how to rotate them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
import string
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, NoReturn, Self, TypeVar

from pata.errors import PataError
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)

KEY_NAME = "pata_pseudonym_key"
"""Name of the Airflow Variable (or Connection, key in its password) holding the key."""
KEY_ENV_VARIABLE = "AIRFLOW_VAR_PATA_PSEUDONYM_KEY"
"""Airflow's environment form of the Variable; read directly too, so the CLI works."""
MIN_KEY_BYTES = 32
_HEX_DIGITS = frozenset(string.hexdigits)
GENERATE_HINT = "generate one with: openssl rand -hex 32"


class MissingKey(PataError):
    """No pseudonymisation key is configured where one is required."""

    code = "missing-pseudonym-key"


class InvalidKey(PataError):
    """A pseudonymisation key was found but is not a usable key (too short, not hex)."""

    code = "invalid-pseudonym-key"


class Secret:
    """Key bytes that never appear in a repr, a log line, a copy or a pickle.

    A subclass names its ``kind`` (in messages), its ``invalid`` error, and keeps what it
    needs of the bytes in :meth:`_keep` (the bytes themselves, or keys derived from them);
    :meth:`_identity` is what two keys are compared by.
    """

    __slots__ = ("_fingerprint", "_source")
    kind: ClassVar[str] = "secret"
    invalid: ClassVar[type[PataError]] = InvalidKey

    def __init__(self, secret: bytes, *, source: str = "memory") -> None:
        if not isinstance(secret, bytes) or len(secret) < MIN_KEY_BYTES:
            raise self.invalid(
                f"a {self.kind} key must be at least {MIN_KEY_BYTES} bytes; {GENERATE_HINT}"
            )
        self._source = source
        self._fingerprint = hashlib.sha256(secret).hexdigest()[:8]
        self._keep(secret)

    def _keep(self, secret: bytes) -> None:
        raise NotImplementedError

    def _identity(self) -> bytes:
        raise NotImplementedError

    @classmethod
    def from_text(cls, text: str, *, source: str) -> Self:
        """Build a key from its hex text (as written by ``openssl rand -hex 32``)."""
        cleaned = "".join(text.split())
        if len(cleaned) % 2 or not set(cleaned) <= _HEX_DIGITS:
            raise cls.invalid(f"the {cls.kind} key from {source} is not hex text; {GENERATE_HINT}")
        if len(cleaned) < 2 * MIN_KEY_BYTES:
            raise cls.invalid(
                f"the {cls.kind} key from {source} is shorter than {MIN_KEY_BYTES} bytes; "
                f"{GENERATE_HINT}"
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

    def __repr__(self) -> str:
        return f"{type(self).__name__}(fingerprint={self._fingerprint}, source={self._source})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Secret)
        return hmac.compare_digest(self._identity(), other._identity())

    def __hash__(self) -> int:
        return hash(self._fingerprint)

    def __reduce__(self) -> NoReturn:
        # A key must not cross a task boundary (XCom, multiprocessing, a cache on disk).
        raise TypeError(f"a {type(self).__name__} cannot be pickled or serialised")

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self


class PseudonymKey(Secret):
    """The HMAC-SHA256 key of every pseudonym."""

    __slots__ = ("_secret",)
    kind = "pseudonym"
    invalid = InvalidKey

    def _keep(self, secret: bytes) -> None:
        self._secret = secret

    def _identity(self) -> bytes:
        return self._secret

    def digest(self, message: bytes) -> str:
        """HMAC-SHA256 of ``message`` under this key, as 64 lowercase hex characters."""
        # hmac.digest: the one-shot C path (no HMAC object per message), same bytes.
        return hmac.digest(self._secret, message, "sha256").hex()


SecretT = TypeVar("SecretT", bound=Secret)


@dataclass(frozen=True)
class SecretSource:
    """Where one kind of secret is configured (see :func:`load_secret` for the order)."""

    kind: type[Secret]
    file: Path | None
    """The value of the file setting (None: not set)."""
    file_setting: str
    """Its environment name, for messages (``PATA_PSEUDONYM_KEY_FILE``)."""
    airflow_name: str
    """The Airflow Variable (or Connection) holding the key as hex."""
    embedded_file: str
    """File name under the embedded default's secrets directory."""
    missing: type[PataError]

    @property
    def env_variable(self) -> str:
        """Airflow's environment form of the Variable."""
        return f"AIRFLOW_VAR_{self.airflow_name.upper()}"


def load_secret(source: SecretSource, *, settings: Settings) -> Any:
    """A secret, from the first of its sources that has one.

    1. The file setting (a file holding the key as hex): when set, the file must exist;
       there is no fall-back past an explicit setting.
    2. The embedded default only: ``<PATA_HOME>/secrets/<embedded_file>`` when it exists. It
       is a key file too: the key everything so far was made with.
    3. Inside an Airflow task only: the Variable, else the password of the Connection of
       that name, through the configured secrets backend.
    4. The Variable's ``AIRFLOW_VAR_*`` form read from the environment (works without
       Airflow).
    5. The embedded default only: that file, generated (mode 0600) now.

    A key file is never overridden: when a Variable (3, 4) holds another key as well, the
    file's key is used and a warning names both fingerprints. Otherwise ``source.missing``:
    outside the embedded default a missing key stops the pipeline rather than producing
    output under some accidental key.
    """
    if source.file is not None:
        key = _key_from_file(source, source.file, setting=source.file_setting)
        return _warn_if_a_variable_differs(source, key)
    if settings.embedded and (settings.secrets_dir / source.embedded_file).exists():
        return _warn_if_a_variable_differs(source, _embedded_key(source, settings))
    from_variable = _key_from_variable(source)
    if from_variable is not None:
        return from_variable
    if settings.embedded:
        return _embedded_key(source, settings)
    raise source.missing(
        f"no {source.kind.kind} key: set {source.file_setting} to a file holding the key, "
        f"or the Airflow Variable {source.airflow_name} (secrets backend or "
        f"{source.env_variable}); only the embedded default (no PATA_WAREHOUSE_URL, no "
        f"PATA_S3_ENDPOINT_URL) generates its own key; {GENERATE_HINT}"
    )


def load_pseudonym_key(*, settings: Settings | None = None) -> PseudonymKey:
    """The pseudonymisation key (:func:`load_secret`; docs/privacy.md, The key). The key in
    use is logged by fingerprint."""
    settings = settings or get_settings()
    source = SecretSource(
        kind=PseudonymKey,
        file=settings.pseudonym_key_file,
        file_setting="PATA_PSEUDONYM_KEY_FILE",
        airflow_name=KEY_NAME,
        embedded_file="pseudonym.key",
        missing=MissingKey,
    )
    key: PseudonymKey = load_secret(source, settings=settings)
    log.info("pseudonymisation key %s (from %s)", key.fingerprint, key.source)
    return key


def _key_from_variable(source: SecretSource) -> Secret | None:
    from_airflow = _key_from_airflow(source)
    if from_airflow is not None:
        return from_airflow
    env_text = os.environ.get(source.env_variable, "")
    if env_text.strip():
        _mask_in_airflow(env_text, name=source.airflow_name)
        return source.kind.from_text(env_text, source=source.env_variable)
    return None


def _warn_if_a_variable_differs(source: SecretSource, key: Secret) -> Secret:
    try:
        other = _key_from_variable(source)
    except source.kind.invalid:
        other = None
    if other is not None and other != key:
        log.warning(
            "the %s key %s from %s is used; %s holds another key (%s), "
            "which is ignored: remove one of them",
            source.kind.kind,
            key.fingerprint,
            key.source,
            other.source,
            other.fingerprint,
        )
    return key


def _mask_in_airflow(text: str, *, name: str) -> None:
    """Inside an Airflow task, have Airflow's secrets masker hide the key's text."""
    if not _inside_airflow_task():
        return
    try:
        from airflow.sdk.log import mask_secret
    except ImportError:
        return
    mask_secret(text.strip(), name=name)


def _key_from_file(source: SecretSource, path: Path, *, setting: str) -> Secret:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise source.missing(f"{setting} names {path}, which does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise source.missing(
            f"{setting} names {path}, which cannot be read ({type(exc).__name__})"
        ) from None
    _warn_if_readable_by_others(source, path)
    return source.kind.from_text(text, source=f"{setting} {path}")


def _embedded_key(source: SecretSource, settings: Settings) -> Secret:
    from pata.stack.secrets import ensure_secret

    existed = (settings.secrets_dir / source.embedded_file).exists()
    path = ensure_secret(settings, source.embedded_file, lambda: secrets.token_hex(32))
    key = _key_from_file(source, path, setting="embedded default")
    if not existed:
        log.warning(
            "generated a new embedded %s key %s (fingerprint %s)",
            source.kind.kind,
            path,
            key.fingerprint,
        )
    return key


def _warn_if_readable_by_others(source: SecretSource, path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning(
            "the %s key file %s is readable by others: chmod 600 it", source.kind.kind, path
        )


def _inside_airflow_task() -> bool:
    # The task runner is only imported (and its supervisor channel set) inside a running
    # task; checking sys.modules keeps the CLI and the tests free of an Airflow import.
    task_runner = sys.modules.get("airflow.sdk.execution_time.task_runner")
    return task_runner is not None and getattr(task_runner, "SUPERVISOR_COMMS", None) is not None


def _key_from_airflow(source: SecretSource) -> Secret | None:
    if not _inside_airflow_task():
        return None
    try:
        from airflow.sdk import Connection, Variable
        from airflow.sdk.exceptions import AirflowNotFoundException
    except ImportError:
        return None
    name = source.airflow_name
    text = Variable.get(name, default=None)
    if text:
        _mask_in_airflow(str(text), name=name)
        return source.kind.from_text(str(text), source=f"Airflow Variable {name}")
    try:
        connection = Connection.get(name)
    except AirflowNotFoundException:
        return None
    password = getattr(connection, "password", None)
    if password:
        _mask_in_airflow(str(password), name=name)
        return source.kind.from_text(str(password), source=f"Airflow Connection {name}")
    return None
