"""Import, once, what the pipeline's Airflow tasks need, so no task pays for it again.

The local stack runs the scheduler's LocalExecutor with ``[scheduler] mp_start_method =
forkserver`` and ``[scheduler] mp_forkserver_preload = pata.preload`` (see
:func:`pata.stack.airflow.airflow_env`). Python's forkserver imports this module once; every
executor worker is forked from it, and every task process is forked from a worker (a bare
``os.fork`` on Linux), so tasks start with Great Expectations, pandas, pyarrow and the
pipeline already imported, copy-on-write.

Why: importing Great Expectations alone costs 9 – 14 s of CPU on the 2-core box (measured
with ``time python -c "import great_expectations"``), and the ``process`` task of every
dropped file, the indicators ``refresh``, ``publish`` and ``microdata`` tasks each paid
their imports anew: that was most of the drop-to-indicator latency (BENCHMARKS.md).

Only imports here, no connections, threads or files: a forked child must not share them.
DAG files still never import Great Expectations at top level (the dag-processor does not
use this module).
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

MODULES: tuple[str, ...] = (
    "pandas",
    "pyarrow",
    "pyarrow.csv",
    "sqlalchemy",
    "psycopg",
    "boto3",
    "great_expectations",
    "great_expectations.render.renderer",
    "great_expectations.render.view",
    "pata.pipeline",
    "pata.file_run",
    "pata.adapters",
    "pata.readers",
    "pata.validation",
    "pata.validation.gx_run",
    "pata.validation.suites",
    "pata.validation.validator",
    "pata.datadocs",
    "pata.deid",
    "pata.keys",
    "pata.feedback",
    "pata.warehouse.load",
    "pata.warehouse.marts",
    "pata.indicators.refresh",
    "pata.report",
    "pata.report.content",
    "pata.microdata",
)
"""What the ingest and indicators tasks import (a missing one is only a slower task)."""


def preload(modules: tuple[str, ...] = MODULES) -> list[str]:
    """Import ``modules``; return the ones that failed (logged, never raised)."""
    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a failed preload must not stop the executor
            log.warning("preload: could not import %s", name, exc_info=True)
            failed.append(name)
    return failed


preload()
