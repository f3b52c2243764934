"""Run one measured part in its own subprocess, watching its memory from outside.

The child reports its own time and peak RSS; the parent polls the child's RSS as well, so a
part stopped at the memory guard (it would otherwise push a shared 2-core box into swap or
the OOM killer) still has an honest lower bound on its peak, and says it was stopped.
"""

from __future__ import annotations

import contextlib
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1


def run_part(
    part: str,
    *,
    path: Path,
    partner: str = "",
    dataset: str = "",
    max_rows: int = 0,
    rss_cap_bytes: int,
    timeout_seconds: float,
    timeline: bool = False,
) -> dict[str, Any]:
    """Run ``python -m pata.bench.parts`` for one part on one file; its result, annotated.

    ``timeline``: also keep the child's RSS once a second (``[seconds, MiB]`` pairs), to see
    whether memory grows with the file or levels off.
    """
    import psutil

    with tempfile.TemporaryDirectory(prefix="pata-bench-") as scratch:
        result_file = Path(scratch) / "result.json"
        argv = [
            sys.executable,
            "-m",
            "pata.bench.parts",
            "--part",
            part,
            "--file",
            str(path),
            "--result",
            str(result_file),
            "--partner",
            partner,
            "--dataset",
            dataset,
            "--max-rows",
            str(max_rows),
        ]
        started = time.monotonic()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        watched = psutil.Process(child.pid)
        polled_peak, stopped = 0, None
        samples: list[list[float]] = []
        while child.poll() is None:
            with contextlib.suppress(psutil.Error):
                rss = watched.memory_info().rss
                polled_peak = max(polled_peak, rss)
                elapsed = time.monotonic() - started
                if timeline and (not samples or elapsed - samples[-1][0] >= 1.0):
                    samples.append([round(elapsed, 1), round(rss / 1024**2)])
            if polled_peak > rss_cap_bytes:
                stopped = "memory-guard"
            elif time.monotonic() - started > timeout_seconds:
                stopped = "timeout"
            if stopped:
                child.kill()
                break
            time.sleep(POLL_SECONDS)
        output, _ = child.communicate()
        wall = time.monotonic() - started
        if stopped is None and child.returncode == 0 and result_file.exists():
            result: dict[str, Any] = json.loads(result_file.read_text())
        else:
            tail = (output or b"").decode(errors="replace")[-1500:]
            if stopped is None:
                log.warning("bench part %s failed (exit %s):\n%s", part, child.returncode, tail)
            result = {
                "seconds": None,
                "peak_rss_bytes": polled_peak,
                "failed": stopped or f"exit {child.returncode}",
            }
    result["polled_peak_rss_bytes"] = polled_peak
    if timeline:
        result["rss_timeline_mib"] = samples
    result["process_seconds"] = round(wall, 3)
    return result
