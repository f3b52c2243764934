"""Data Docs for data engineers: GX's validation pages, built from value-free results.

Each validated file's scrubbed GX result (``ValidationResult.gx_results``, see
:mod:`pata.validation.gx_run`: counts, configurations and verdicts only, never a value)
is rendered with Great Expectations' own page renderer into
``<PATA_HOME>/datadocs/validations/<suite>/<run>.html``; an index page lists every page in
the directory. :func:`publish_data_docs` also uploads the site to the reports bucket under
``datadocs/``. GX's pages load Bootstrap and jQuery from public CDNs when opened; they are
for engineers on the programme's network, unlike the partner reports, which load nothing.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pata import clock
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)

DATADOCS_PREFIX = "datadocs/"
_UNSAFE = re.compile(r"[^\w.\-]+")


def datadocs_dir(settings: Settings | None = None) -> Path:
    """Where Data Docs are built locally: ``<PATA_HOME>/datadocs``."""
    return (settings or get_settings()).home / "datadocs"


def safe_name(text: str) -> str:
    """A file-name-safe form of a run or suite name."""
    return _UNSAFE.sub("_", text).strip("._") or "run"


def build_data_docs(
    results: Mapping[str, Mapping[str, Any]], *, directory: Path | None = None
) -> list[Path]:
    """Render one page per run (run name -> ``gx_results``) and refresh the index.

    Returns the pages written (index last). Runs without a GX result (a file rejected
    before its suite ran) get no page; the index still lists every page on disk.
    """
    from pata.validation.gx_run import quiet_great_expectations

    quiet_great_expectations()
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResultSchema,
    )
    from great_expectations.render.renderer import ValidationResultsPageRenderer
    from great_expectations.render.view import DefaultJinjaPageView

    root = directory or datadocs_dir()
    written: list[Path] = []
    for run_name, gx_results in results.items():
        document = gx_results.get("validation_result")
        if not document:
            log.info("no GX result for run %s: no Data Docs page", safe_name(run_name))
            continue
        document = {
            **document,
            "meta": {
                **document.get("meta", {}),
                "run_id": {"run_name": run_name, "run_time": _now()},
            },
        }
        validation = ExpectationSuiteValidationResultSchema().load(document)
        page = DefaultJinjaPageView().render(ValidationResultsPageRenderer().render(validation))
        suite = safe_name(str(gx_results.get("suite") or document.get("suite_name") or "suite"))
        path = root / "validations" / suite / f"{safe_name(run_name)}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
        written.append(path)
    written.append(_write_index(root))
    log.info("Data Docs: %s page(s) written under %s", len(written), root)
    return written


def publish_data_docs(
    results: Mapping[str, Mapping[str, Any]], *, settings: Settings | None = None
) -> str:
    """Build the Data Docs locally and upload them to the reports bucket; return the index key."""
    from pata.storage import encryption_args, s3_client

    settings = settings or get_settings()
    root = datadocs_dir(settings)
    pages = build_data_docs(results, directory=root)
    s3 = s3_client(settings)
    for path in pages:
        key = DATADOCS_PREFIX + path.relative_to(root).as_posix()
        s3.put_object(
            Bucket=settings.reports_bucket,
            Key=key,
            Body=path.read_bytes(),
            ContentType="text/html; charset=utf-8",
            **encryption_args(settings),
        )
    index_key = DATADOCS_PREFIX + "index.html"
    log.info("Data Docs published: %s object(s) under %s", len(pages), DATADOCS_PREFIX)
    return index_key


def _now() -> str:
    return clock.now().replace(microsecond=0).isoformat()


def _write_index(root: Path) -> Path:
    """An index of every validation page on disk (names and links only)."""
    pages = sorted((root / "validations").glob("*/*.html"))
    rows = "\n".join(
        f'<tr><td>{html.escape(page.parent.name)}</td><td><a href="'
        f'{html.escape(page.relative_to(root).as_posix())}">{html.escape(page.stem)}</a></td>'
        f"<td>{datetime.fromtimestamp(page.stat().st_mtime, UTC):%Y-%m-%d %H:%M} UTC</td></tr>"
        for page in pages
    )
    index = root / "index.html"
    root.mkdir(parents=True, exist_ok=True)
    index.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>PATA Data Docs</title><style>body{font:15px/1.5 system-ui,sans-serif;"
        "margin:1rem auto;max-width:60rem;padding:0 1rem}table{border-collapse:collapse;"
        "width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}</style>"
        "</head><body><h1>PATA Data Docs</h1><p>Great Expectations validation results of "
        "partner files: counts only, never a value from a file.</p><table><thead><tr>"
        "<th>Suite</th><th>File (run)</th><th>Built</th></tr></thead><tbody>"
        f"{rows}</tbody></table></body></html>\n",
        encoding="utf-8",
    )
    return index
