"""An upload's bytes on disk, never whole in memory: streaming hashes and private spool files.

The pipeline works on a file by its path (:func:`pata.pipeline.process_path`). A dropzone
object or a raw copy is streamed into a private temporary file (mode 0600, in tempfile's
directory, removed when the ``with`` block ends, also on error) while its SHA-256 (and MD5,
when an ETag is wanted) is computed block by block; a partner's local file is hashed the
same way where it lies. At most one block of the file is held in memory at a time.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

BLOCK_BYTES = 4 * 1024**2
"""Bytes read, hashed and written at a time."""

SPOOL_PREFIX = "pata-upload-"
"""Prefix of the spool files' names (never the partner's file name)."""


class Readable(Protocol):
    """A binary source read block by block (a file, an S3 ``StreamingBody``, ``BytesIO``)."""

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class Digests:
    """The size and hashes of a file's bytes (hex digests); safe to log."""

    size: int
    sha256: str
    md5: str | None = None


@dataclass(frozen=True)
class Spooled:
    """A private temporary copy of an upload and its digests."""

    path: Path
    digests: Digests

    @property
    def sha256(self) -> str:
        return self.digests.sha256

    @property
    def size(self) -> int:
        return self.digests.size


def _copy_hashing(source: Readable, sink: Any | None, *, md5: bool, block: int) -> Digests:
    sha = hashlib.sha256()
    md = hashlib.md5(usedforsecurity=False) if md5 else None
    size = 0
    while chunk := source.read(block):
        sha.update(chunk)
        if md is not None:
            md.update(chunk)
        if sink is not None:
            sink.write(chunk)
        size += len(chunk)
    return Digests(size=size, sha256=sha.hexdigest(), md5=md.hexdigest() if md else None)


def hash_file(path: Path, *, md5: bool = False, block: int = BLOCK_BYTES) -> Digests:
    """Size, SHA-256 (and MD5) of a file, read block by block."""
    with path.open("rb") as stream:
        return _copy_hashing(stream, None, md5=md5, block=block)


@contextmanager
def spool(source: Readable, *, md5: bool = False, block: int = BLOCK_BYTES) -> Iterator[Spooled]:
    """Copy ``source`` block by block into a private temporary file, hashing on the way.

    The file is created with mode 0600 (``tempfile.mkstemp``) and removed when the block
    ends, whatever happens; the caller reads it by its path meanwhile.
    """
    handle, name = tempfile.mkstemp(prefix=SPOOL_PREFIX)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            digests = _copy_hashing(source, stream, md5=md5, block=block)
        yield Spooled(path=path, digests=digests)
    finally:
        path.unlink(missing_ok=True)


@contextmanager
def spool_bytes(data: bytes, *, block: int = BLOCK_BYTES) -> Iterator[Spooled]:
    """:func:`spool` for bytes already in memory (``process_bytes``; tests)."""
    with spool(io.BytesIO(data), block=block) as spooled:
        yield spooled
