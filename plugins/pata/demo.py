"""Demo seeding: on the first start of the embedded stack, drop a quarter of synthetic
exports from every partner into the dropzone, so a newcomer sees DAG runs, feedback
reports and indicators without typing anything more. ``PATA_DEMO=0`` turns it off; it is
always off when production settings are given."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from pata.settings import Settings

log = logging.getLogger(__name__)

MARKER = "demo-seeded"
DEMO_SEED = 2026
DEMO_DEFECT_RATE = 0.03


def seed_demo(settings: Settings) -> str | None:
    """Generate and upload the demo files once; return a one-line summary (None if done)."""
    if not settings.demo_enabled:
        return None
    marker = settings.home / MARKER
    if marker.exists():
        return None
    from pata.synth import generate
    from pata.uploads import drop_tree

    with tempfile.TemporaryDirectory(prefix="pata-demo-") as tmp:
        manifest = generate(out=Path(tmp), months=3, seed=DEMO_SEED, defects=DEMO_DEFECT_RATE)
        keys = drop_tree(Path(tmp), settings=settings)
    marker.write_text(f"{len(keys)} files\n")
    partners = sorted({f.partner for f in manifest.files})
    summary = (
        f"dropped {len(keys)} synthetic files from {len(partners)} partners "
        "(last quarter; watch pata_ingest in the UI)"
    )
    log.info("demo: %s", summary)
    return summary
