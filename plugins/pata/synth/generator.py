"""Generate a dropzone tree of synthetic partner exports and its ground-truth manifest.

``generate`` plans every file (partner x dataset x period: :mod:`.plans`), places the
planted rows (persons who appear in two countries' files, canaries: :mod:`.planting`), then
writes each file row by row (:mod:`.files`) in the partner's own format, headers, labels,
scripts and date format, planting defects and noise at the requested rate and recording
each one in the manifest. The same arguments give the same bytes: every file draws from its
own generator seeded from (seed, partner, dataset, period), nothing depends on the clock or
on dict order.
"""

# ruff: noqa: S311  (seeded, reproducible test data: random is the point, not a secret)
from __future__ import annotations

import logging
import random
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from pata import clock
from pata.contracts import DATASETS, Contract, load_contracts
from pata.errors import ConfigError
from pata.periods import last_complete_month, month_of, months_back
from pata.registry import Registry, load_registry
from pata.synth.files import CasePool, SyntheticFile
from pata.synth.manifest import Manifest
from pata.synth.plans import choose_datasets, choose_partners, plan_files, seed_of
from pata.synth.planting import plan_canaries, plan_cross_border

log = logging.getLogger(__name__)


def generate(
    *,
    out: Path,
    partners: Sequence[str] | None = None,
    months: int = 3,
    rows_per_file: int | None = None,
    seed: int = 0,
    defects: float = 0.0,
    end: date | None = None,
    datasets: Sequence[str] | None = None,
    canaries: bool = False,
    registry: Registry | None = None,
    contracts: Mapping[str, Contract] | None = None,
) -> Manifest:
    """Write synthetic exports under ``out`` in the dropzone layout, plus ``out/manifest.json``.

    Files go to ``out/<partner>/incoming/<dataset>/<partner>_<dataset>_<period>.<ext>``.
    ``end`` (default: the last complete month before today) is the last month covered and
    ``months`` counts back from it; quarterly datasets get the quarters that end in that
    window. ``defects`` is the share of rows given one defect (and of rows given noise);
    a few files also lose a required column or gain an unknown one.
    """
    registry = registry or load_registry()
    contracts = contracts or load_contracts()
    chosen = choose_partners(registry, partners)
    wanted = choose_datasets(datasets)
    if months < 1:
        raise ConfigError("months must be at least 1", code="invalid-argument")
    if rows_per_file is not None and rows_per_file < 1:
        raise ConfigError("rows per file must be at least 1", code="invalid-argument")
    if not 0.0 <= defects <= 0.5:
        raise ConfigError(
            "the defect rate is a share of rows from 0 to 0.5", code="invalid-argument"
        )
    last = month_of(end) if end else last_complete_month(clock.today())
    window = months_back(end=last.end, count=months)
    manifest = Manifest(
        seed=seed,
        generated_for={
            "partners": [partner.code for partner in chosen],
            "months": months,
            "rows_per_file": rows_per_file,
            "seed": seed,
            "defects": defects,
            "end": last.label,
            "window": [window[0].label, window[-1].label],
            "datasets": list(wanted),
            "canaries": canaries,
        },
    )
    plans = plan_files(chosen, wanted, window, seed=seed, rows_per_file=rows_per_file)
    plan_cross_border(plans, seed=seed, manifest=manifest)
    if canaries:
        plan_canaries(plans, seed=seed, manifest=manifest)
    out.mkdir(parents=True, exist_ok=True)
    for partner in chosen:
        pool = CasePool(random.Random(seed_of(seed, partner.code, "pool")))
        own = [plan for plan in plans if plan.partner.code == partner.code]
        own.sort(
            key=lambda plan: (
                plan.period.end,
                DATASETS.index(plan.dataset) if plan.dataset != "cases" else -1,
            )
        )
        for plan in own:
            run = SyntheticFile(
                plan, contracts[plan.dataset], seed=seed, defects=defects, pool=pool
            )
            record = run.write(out)
            if plan.write:
                manifest.files.append(record)
    manifest.cross_country_persons = [
        person
        for person in manifest.cross_country_persons
        if all(appearance.get("row") for appearance in person["appearances"])
    ]
    manifest.canaries = [canary for canary in manifest.canaries if canary.get("row")]
    manifest.files.sort(key=lambda record: record.path)
    manifest.write(out)
    log.info("wrote %s synthetic files under %s", len(manifest.files), out)
    return manifest
