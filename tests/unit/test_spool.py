"""Streaming hashes and private spool files: the same digests as hashing the bytes whole."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import tempfile
from pathlib import Path

import pytest

from pata.spool import SPOOL_PREFIX, hash_file, spool, spool_bytes

# Not a multiple of the block sizes, with every byte value.
DATA = bytes(range(256)) * 1031 + b"tail"


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tempfile's directory for this test alone (others may spool into /tmp meanwhile)."""
    directory = tmp_path / "tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def _spool_files() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith(SPOOL_PREFIX)}


@pytest.mark.parametrize("block", [7, 4096, len(DATA), 8 * 1024**2])
def test_spool_copies_and_hashes_block_by_block(block: int) -> None:
    before = _spool_files()
    assert not before
    with spool(io.BytesIO(DATA), md5=True, block=block) as spooled:
        assert spooled.path.read_bytes() == DATA
        assert spooled.size == len(DATA)
        assert spooled.sha256 == hashlib.sha256(DATA).hexdigest()
        assert spooled.digests.md5 == hashlib.md5(DATA, usedforsecurity=False).hexdigest()
        assert stat.S_IMODE(spooled.path.stat().st_mode) == 0o600
        assert spooled.path.parent == Path(tempfile.gettempdir())
        assert spooled.path.name.startswith(SPOOL_PREFIX)
        path = spooled.path
    assert not path.exists()
    assert _spool_files() == before


def test_spool_bytes_and_hash_file_agree(tmp_path: Path) -> None:
    source = tmp_path / "cases_2026-03.csv"
    source.write_bytes(DATA)
    digests = hash_file(source, md5=True, block=1000)
    assert digests.sha256 == hashlib.sha256(DATA).hexdigest()
    assert digests.md5 == hashlib.md5(DATA, usedforsecurity=False).hexdigest()
    assert digests.size == len(DATA)
    assert hash_file(source).md5 is None
    with spool_bytes(DATA) as spooled:
        assert spooled.digests == hash_file(source)


def test_empty_source() -> None:
    with spool(io.BytesIO(b"")) as spooled:
        assert spooled.size == 0
        assert spooled.sha256 == hashlib.sha256(b"").hexdigest()
        assert spooled.path.read_bytes() == b""


def test_spool_file_is_removed_when_the_body_fails() -> None:
    before = _spool_files()
    with pytest.raises(RuntimeError), spool(io.BytesIO(DATA)) as spooled:
        path = spooled.path
        assert path.exists()
        raise RuntimeError("processing failed")
    assert not path.exists()
    assert _spool_files() == before


class _BrokenStream:
    """A download that fails part-way (a dropped connection)."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, size: int = -1, /) -> bytes:
        self.reads += 1
        if self.reads > 2:
            raise ConnectionError("connection reset")
        return b"x" * min(size, 100)


def test_spool_file_is_removed_when_the_download_fails() -> None:
    before = _spool_files()
    with pytest.raises(ConnectionError), spool(_BrokenStream(), block=100):
        pytest.fail("the body must not run when the copy failed")
    assert _spool_files() == before
