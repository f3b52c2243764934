"""Every defect the synthetic generator plants is found, with its code, row and column.

The generator's manifest is the ground truth: over a whole synthetic run (every partner,
dataset and format, two months, 10 % defective rows) the set of (row, column, code) errors
validation reports must equal the planted defects exactly (precision and recall 1.0).
A ``date-order`` defect is planted by moving either date of the pair, so for that code
the row must match and the column must be one of the rule's two dates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from pata.conform import conform
from pata.contracts import load_contract
from pata.layouts.reading import read_partner_table
from pata.readers import ReadLimits
from pata.registry import load_registry
from pata.synth import FileRecord, Manifest, generate
from pata.validation import ValidationResult, validate

SEED = 13
END = date(2026, 10, 1)  # the two months the seed was chosen for: any day's suite sees them
ROW_CODES = {
    "missing-value",
    "unknown-code",
    "type-error",
    "date-order",
    "future-date",
    "duplicate-row",
    "duplicate-record-id",
    "sum-mismatch",
    "unknown-case-reference",
    "out-of-range",
}
Key = tuple[int | None, str | None, str]


@dataclass
class Run:
    manifest: Manifest
    results: dict[str, ValidationResult]


def _date_order_columns(dataset: str) -> set[str]:
    return {
        c
        for rule in load_contract(dataset).rules
        if rule.kind == "date_order"
        for c in rule.columns
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("synthetic")
    manifest = generate(out=out, seed=SEED, defects=0.1, months=2, end=END)
    registry = load_registry()
    cases = load_contract("cases")
    known: dict[str, set[str]] = defaultdict(set)
    for record in manifest.files:
        if record.dataset != "cases":
            continue
        raw = read_partner_table(
            out / record.path,
            filename=Path(record.path).name,
            limits=ReadLimits(),
            partner=registry.partner(record.partner),
            dataset="cases",
        )
        conformed = conform(
            raw, contract=cases, partner_dataset=registry.partner(record.partner).dataset("cases")
        )
        if cases.record_id in conformed.text.columns:
            known[record.partner].update(conformed.text[cases.record_id].dropna())
    results = {}
    for record in manifest.files:
        raw = read_partner_table(
            out / record.path,
            filename=Path(record.path).name,
            limits=ReadLimits(),
            partner=registry.partner(record.partner),
            dataset=record.dataset,
        )
        results[record.path] = validate(
            raw,
            partner=registry.partner(record.partner),
            dataset=record.dataset,
            known_case_ids=lambda ids=frozenset(known[record.partner]): set(ids),
        )
    return Run(manifest=manifest, results=results)


def _planted(record: FileRecord) -> set[Key]:
    return {(d.row, d.column, d.code) for d in record.defects if d.row is not None}


def _found(result: ValidationResult) -> set[Key]:
    return {(p.row, p.column, p.code) for p in result.problems if p.severity == "error" and p.row}


def _rejected_for_missing_column(record: FileRecord) -> bool:
    return any(d.code == "missing-column" for d in record.defects)


class TestSyntheticRun:
    def test_the_run_plants_every_kind_of_defect(self, run):
        planted = {d.code for record in run.manifest.files for d in record.defects}
        assert planted >= ROW_CODES | {"missing-column", "extra-column"}, (
            f"seed {SEED} no longer plants {sorted(ROW_CODES - planted)}; pick another seed"
        )

    def test_precision_and_recall_are_one(self, run):
        true_positive = false_positive = false_negative = 0
        mismatches = []
        for record in run.manifest.files:
            if _rejected_for_missing_column(record):
                continue
            planted, found = _planted(record), _found(run.results[record.path])
            order = _date_order_columns(record.dataset)
            for row, column, code in [k for k in found if k[2] == "date-order"]:
                assert column in order
                if any(p[0] == row and p[2] == "date-order" for p in planted):
                    found.discard((row, column, code))
                    planted = {p for p in planted if not (p[0] == row and p[2] == "date-order")}
                    true_positive += 1
            true_positive += len(planted & found)
            false_positive += len(found - planted)
            false_negative += len(planted - found)
            if planted != found:
                mismatches.append((record.path, sorted(planted - found), sorted(found - planted)))
        assert mismatches == []
        assert (false_positive, false_negative) == (0, 0)
        assert true_positive > 50
        precision = true_positive / (true_positive + false_positive)
        recall = true_positive / (true_positive + false_negative)
        assert (precision, recall) == (1.0, 1.0)

    def test_a_file_missing_a_required_column_is_rejected_for_it(self, run):
        rejected = [r for r in run.manifest.files if _rejected_for_missing_column(r)]
        assert rejected
        for record in rejected:
            result = run.results[record.path]
            (column,) = [d.column for d in record.defects if d.code == "missing-column"]
            assert (result.verdict, result.blocker) == ("rejected", "missing-column")
            assert (None, column, "missing-column") in {
                (p.row, p.column, p.code) for p in result.problems
            }
            assert result.rows_valid == record.expected_valid_rows == 0

    def test_an_extra_column_is_a_warning_and_the_file_goes_on(self, run):
        extra = [r for r in run.manifest.files if any(d.code == "extra-column" for d in r.defects)]
        assert extra
        for record in extra:
            result = run.results[record.path]
            (header,) = [d.column for d in record.defects if d.code == "extra-column"]
            assert result.verdict == "accepted"
            assert (None, header, "extra-column", "warning") in {
                (p.row, p.column, p.code, p.severity) for p in result.problems
            }

    def test_valid_rows_are_the_manifests(self, run):
        for record in run.manifest.files:
            result = run.results[record.path]
            assert result.rows_total == record.rows, record.path
            assert result.rows_valid == record.expected_valid_rows, record.path

    def test_noise_is_accepted(self, run):
        noisy = 0
        for record in run.manifest.files:
            if _rejected_for_missing_column(record):
                continue
            flagged = {(p.row, p.column) for p in run.results[record.path].problems if p.row}
            for noise in record.noise:
                noisy += 1
                assert (noise.row, noise.column) not in flagged, (record.path, noise)
        assert noisy > 20
