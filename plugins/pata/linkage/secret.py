"""The programme's record-linkage secret: the keyed hashes of the encodings.

The Bloom-filter encodings of :mod:`pata.linkage.encoding` are keyed: whoever holds this
secret can encode a guessed name and birth date and look for it in the ``linkage`` schema.
It is therefore held like the pseudonym key — a :class:`pata.keys.Secret`, read from its
sources in the one order of :func:`pata.keys.load_secret` — but is a *different* secret: the
pseudonym key is per-installation and rotates with a replay, the linkage secret is the
programme's, the same at every partner's pipeline run, and rotating it means re-encoding
every person (docs/privacy.md, "Record linkage: threat model").

Its sources: ``PATA_LINKAGE_KEY_FILE``; the embedded default's ``linkage.key``; the Airflow
Variable ``pata_linkage_key`` (or a Connection's password); ``AIRFLOW_VAR_PATA_LINKAGE_KEY``;
the embedded default generates ``linkage.key`` (0600) on first use.
"""

from __future__ import annotations

import hmac
import logging

from pata.errors import PataError
from pata.keys import Secret, SecretSource, load_secret
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)

KEY_NAME = "pata_linkage_key"
EMBEDDED_FILE = "linkage.key"


class MissingLinkageKey(PataError):
    """No linkage secret is configured where one is required."""

    code = "missing-linkage-key"


class InvalidLinkageKey(PataError):
    """A linkage secret was found but is not usable (too short, not hex)."""

    code = "invalid-linkage-key"


class LinkageKey(Secret):
    """The keyed hash functions of the Bloom-filter encodings.

    Three sub-keys are derived from the secret (HMAC-SHA256 of a label), so the two hash
    functions of the double hashing and the blocking keys never share a key; the secret
    itself is not kept.
    """

    __slots__ = ("_block", "_first", "_second")
    kind = "linkage"
    invalid = InvalidLinkageKey

    def _keep(self, secret: bytes) -> None:
        self._first = hmac.digest(secret, b"pata-linkage clk h1", "sha256")
        self._second = hmac.digest(secret, b"pata-linkage clk h2", "sha256")
        self._block = hmac.digest(secret, b"pata-linkage blocking", "sha256")

    def _identity(self) -> bytes:
        return self._first

    def double_hash(self, feature: bytes) -> tuple[int, int]:
        """The two keyed hashes (h1, h2) of a feature, for ``h1 + i * h2`` bit positions."""
        first = hmac.digest(self._first, feature, "sha256")
        second = hmac.digest(self._second, feature, "sha256")
        return int.from_bytes(first[:8], "big"), int.from_bytes(second[:8], "big") | 1

    def block(self, message: bytes) -> str:
        """A keyed blocking key (16 hex): equal inputs give equal keys, nothing else shows."""
        return hmac.digest(self._block, message, "sha256")[:8].hex()


def load_linkage_key(*, settings: Settings | None = None) -> LinkageKey:
    """The linkage secret, from the first source that has one (:func:`pata.keys.load_secret`)."""
    settings = settings or get_settings()
    source = SecretSource(
        kind=LinkageKey,
        file=settings.linkage_key_file,
        file_setting="PATA_LINKAGE_KEY_FILE",
        airflow_name=KEY_NAME,
        embedded_file=EMBEDDED_FILE,
        missing=MissingLinkageKey,
    )
    key: LinkageKey = load_secret(source, settings=settings)
    log.info("linkage key %s (from %s)", key.fingerprint, key.source)
    return key
