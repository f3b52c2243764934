"""A big CSV file lives on disk, never whole in the pipeline's memory.

The peak resident memory of a process processing a 300+ MB file (chunked path, read-time
record linkage on) grows by far less than the file's size; a dropzone object and a raw
copy are streamed through a private spool file that is gone afterwards, and the raw
archive holds the exact bytes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from pata.settings import Settings
from pata.spool import SPOOL_PREFIX
from pata.storage import s3_client
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

PARTNER = "my-pelita"  # its cases CSV has a free-text comment column (dropped by de-id)
PERIOD_END = date(2021, 1, 31)  # a month no other test loads
CHUNK_BYTES = 16 * 1024**2
BIG_BYTES = 320 * 1024**2
COMMENT_CHARS = 16000

CHILD = textwrap.dedent(
    """
    import json
    import sys
    from pathlib import Path

    from pata.pipeline import process_local_file


    def peak() -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM")


    warm, big, partner = sys.argv[1:4]
    first = process_local_file(Path(warm), partner=partner, dataset="cases")
    before = peak()
    second = process_local_file(Path(big), partner=partner, dataset="cases")
    print(json.dumps({"warm": first.as_dict(), "big": second.as_dict(),
                      "before": before, "after": peak()}))
    """
)


def _spool_files() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith(SPOOL_PREFIX)}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, list[str], list[list[str]]]:
    """A clean month of the partner's cases: its path, header and rows."""
    from pata.synth import generate

    out = tmp_path_factory.mktemp("streaming-exports")
    manifest = generate(
        out=out,
        partners=[PARTNER],
        datasets=["cases"],
        months=1,
        rows_per_file=200,
        seed=7,
        defects=0.0,
        end=PERIOD_END,
    )
    (record,) = [f for f in manifest.files if f.dataset == "cases"]
    path = out / record.path
    with path.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream, delimiter=";"))
    return path, header, rows


def _grown(
    base: tuple[Path, list[str], list[list[str]]], directory: Path, *, target_bytes: int, tag: str
) -> Path:
    """The base month's rows repeated, each with a unique case number and a long comment,
    until the file holds ``target_bytes``; the same file name (period) as the base."""
    source, header, rows = base
    case_id, comment = header.index("No. Kes"), header.index("Catatan")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / source.name
    filler = ("Catatan susulan kes " * (COMMENT_CHARS // 20 + 1))[:COMMENT_CHARS]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(header)
        index = 0
        while stream.tell() < target_bytes:
            row = list(rows[index % len(rows)])
            row[case_id] = f"{row[case_id]}-{tag}{index:07d}"
            row[comment] = filler
            writer.writerow(row)
            index += 1
    return path


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
def test_a_big_file_is_never_whole_in_memory(local_stack: Settings, base, tmp_path) -> None:
    """Peak RSS while processing a 320 MB CSV (after a warm-up run on a 40 MB one, in
    batches of the same size) grows by far less than the file's size."""
    warm = _grown(base, tmp_path / "warm", target_bytes=40 * 1024**2, tag="W")
    big = _grown(base, tmp_path / "big", target_bytes=BIG_BYTES, tag="B")
    size = big.stat().st_size
    # Read-time linkage is on: the file's persons are encoded while it is read and their
    # encodings stored with the load; matching them is the linkage step's, after the load.
    env = {**os.environ, "PATA_CHUNK_BYTES": str(CHUNK_BYTES), "PATA_LINKAGE_ENABLED": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(warm), str(big), PARTNER],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["warm"]["status"] == "loaded", result
    assert result["big"]["status"] == "loaded", result
    assert result["big"]["rows_valid"] == result["big"]["rows_total"] > 15_000
    grown = result["after"] - result["before"]
    # Holding the file's bytes (as the pipeline once did) alone grows the peak by `size`;
    # in batches it grows by the file-wide state and the upload's parts (~70 MiB here).
    print(f"peak RSS {result['before']} -> {result['after']} for {size} bytes")
    assert grown < size / 2, (
        f"peak RSS grew by {grown / 1024**2:.0f} MiB for a {size / 1024**2:.0f} MiB file "
        f"(from {result['before'] / 1024**2:.0f} MiB)"
    )
    with get_engine(role="owner", settings=local_stack).connect() as conn:
        encoded = conn.execute(
            text("select count(*) from linkage.record_encoding where ledger_id = :id"),
            {"id": result["big"]["ledger_id"]},
        ).scalar_one()
    # Every person row the file loaded was encoded (a row withheld for lack of consent is
    # not loaded and leaves no encoding).
    assert encoded == result["big"]["rows_valid"] - result["big"]["rows_withheld"] > 15_000


def _sha256_of_object(settings: Settings, bucket: str, key: str) -> tuple[str, dict]:
    response = s3_client(settings).get_object(Bucket=bucket, Key=key)
    digest = hashlib.sha256()
    for block in response["Body"].iter_chunks(1024**2):
        digest.update(block)
    return digest.hexdigest(), response


def test_dropzone_and_replay_are_spooled_archived_whole_and_cleaned_up(
    local_stack: Settings, base, tmp_path, monkeypatch
) -> None:
    """A dropzone object above the multipart threshold and its replay: the raw copy holds
    the exact bytes (server-side encrypted), and no spool file is left behind."""
    from pata.pipeline import process_object
    from pata.replay import replay_file

    spool_dir = tmp_path / "tmp"  # tempfile's directory for this test alone
    spool_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool_dir))

    path = _grown(base, tmp_path / "drop", target_bytes=40 * 1024**2, tag="D")
    data = path.read_bytes()
    key = f"{PARTNER}/incoming/cases/{path.name}"
    s3_client(local_stack).upload_file(str(path), local_stack.dropzone_bucket, key)
    small = local_stack.model_copy(update={"chunk_bytes": CHUNK_BYTES})
    spooled: list[Path] = []
    mkstemp = tempfile.mkstemp

    def recording_mkstemp(*args, **kwargs):
        handle, name = mkstemp(*args, **kwargs)
        if Path(name).name.startswith(SPOOL_PREFIX):
            spooled.append(Path(name))
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", recording_mkstemp)

    outcome = process_object(key, settings=small)

    assert outcome.status == "loaded", outcome
    assert [p.parent for p in spooled] == [spool_dir]
    assert _spool_files() == set()
    with get_engine(role="owner", settings=local_stack).connect() as conn:
        sha256, raw_key, size = conn.execute(
            text("select sha256, raw_key, size_bytes from ops.file_ledger where id = :id"),
            {"id": outcome.ledger_id},
        ).one()
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert size == len(data)
    assert raw_key == f"{PARTNER}/{sha256[:2]}/{sha256}"
    archived, response = _sha256_of_object(local_stack, local_stack.raw_bucket, raw_key)
    assert archived == sha256
    assert response["ServerSideEncryption"] == "AES256"

    replayed = replay_file(outcome.ledger_id, settings=small)

    assert replayed.status == "loaded", replayed
    assert replayed.rows_loaded == outcome.rows_loaded
    assert len(spooled) == 2
    assert _spool_files() == set()
