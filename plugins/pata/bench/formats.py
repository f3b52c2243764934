"""The other formats: 1,000,000 ``cases`` rows as XLSX and as JSON, each against its own COPY.

A spreadsheet or JSON file cannot be COPYed as it is, so each format's floor is the COPY of
the *same records* written as CSV (:func:`csv_twin`: the partner's own reader turns the
file into a CSV next to it, once, outside every clock). The pipeline then runs on the
original file, end to end, in its own subprocess like every other part, which also gives
the format's peak memory. The exports come from ``pata.synth`` for the partners whose
registry entry sends ``cases`` in that format.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from pata.bench.exports import BENCH_DATASET, Export, cached_exports

log = logging.getLogger(__name__)

FORMAT_PARTNERS: dict[str, str] = {"xlsx": "np-sahayog", "json": "ph-bayanihan"}
"""Per format, a partner whose registry entry sends ``cases`` in it (config/partners.yaml)."""
FORMAT_END = date(2025, 6, 1)
"""The month of each format's file (its own partner: no other file of the run shares it)."""
SEED_OFFSET = 200


def submit_format_exports(
    pool: ProcessPoolExecutor, *, formats: tuple[str, ...], rows: int, seed: int, cache: Path
) -> dict[str, Future[list[Export]]]:
    """Queue one export per format (``format-<name>``), generated in the pool."""
    return {
        f"format-{name}": pool.submit(
            cached_exports,
            cache_dir=cache,
            rows=rows,
            files=1,
            end=FORMAT_END,
            seed=seed + SEED_OFFSET,
            partner=FORMAT_PARTNERS[name],
            dataset=BENCH_DATASET,
        )
        for name in formats
    }


def csv_twin(export: Export) -> Path:
    """The records of ``export`` as a CSV with a header (made once, next to the file)."""
    import pyarrow.csv as pacsv

    from pata.layouts.reading import iter_partner_batches
    from pata.readers import ReadLimits
    from pata.registry import load_registry

    target = export.path.with_name(export.path.stem + ".twin.csv")
    if target.exists():
        return target
    partner = load_registry().partner(export.partner)
    scratch = target.with_suffix(".partial")
    writer = None
    try:
        for raw in iter_partner_batches(
            export.path,
            filename=export.path.name,
            partner=partner,
            dataset=export.dataset,
            batch_rows=50_000,
            limits=ReadLimits(max_bytes=8 * 1024**3, max_sheet_cells=(export.rows + 1) * 100),
        ):
            table = raw.table.drop_columns(
                [name for name in raw.table.column_names if name.startswith("__")]
            )
            if writer is None:
                writer = pacsv.CSVWriter(str(scratch), table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    scratch.rename(target)
    return target


def measure_format(
    name: str,
    export: Export,
    *,
    rss_cap: int,
    timeout: float,
    echo: Callable[[str], None],
) -> dict[str, Any]:
    """COPY of the CSV twin, then the pipeline on the file itself."""
    from pata.bench.isolation import run_part
    from pata.bench.results import load_ratio, ratio, summarise_runs

    twin = csv_twin(export)
    echo(f"  {export.rows:,} rows {name}: copy (its CSV twin)")
    copy = run_part("copy", path=twin, rss_cap_bytes=rss_cap, timeout_seconds=timeout)
    echo(f"  {export.rows:,} rows {name}: pipeline")
    pipeline = run_part(
        "pipeline",
        path=export.path,
        partner=export.partner,
        dataset=export.dataset,
        max_rows=export.rows,
        rss_cap_bytes=rss_cap,
        timeout_seconds=timeout,
    )
    entry: dict[str, Any] = {
        "format": name,
        "partner": export.partner,
        "rows": export.rows,
        "bytes": export.size_bytes,
        "csv_twin_bytes": twin.stat().st_size,
        "file": export.path.name,
        "generate_seconds": round(export.generate_seconds, 1),
        "export_cached": export.cached,
        "copy": summarise_runs([copy], rows=export.rows),
        "pipeline": summarise_runs([pipeline], rows=export.rows),
    }
    entry["ratio_pipeline_to_copy"] = ratio(entry["pipeline"], entry["copy"])
    entry["ratio_load_to_copy"] = load_ratio(entry["pipeline"], entry["copy"])
    return entry
