"""A file streamed in many batches loads what the same file in one batch loads, atomically."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import pytest
from lineage_counts import core_rows
from sqlalchemy import text

from pata.pipeline import process_local_file
from pata.settings import Settings
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

BOM = b"\xef\xbb\xbf"


def ledger_row(settings: Settings, ledger_id: int) -> dict:
    with get_engine(role="owner", settings=settings).connect() as conn:
        row = conn.execute(
            text("select * from ops.file_ledger where id = :id"), {"id": ledger_id}
        ).one()
        return dict(row._mapping)


def _compared(row: dict) -> tuple:
    keys = ("status", "error_code", "rows_total", "rows_valid", "rows_invalid", "rows_loaded")
    return tuple(row[key] for key in (*keys, "rows_withheld", "contract_version"))


def _summary(settings: Settings, ledger_id: int) -> list:
    with get_engine(role="owner", settings=settings).connect() as conn:
        rows = conn.execute(
            text(
                "select code, column_name, severity, problem_count, first_rows "
                "from ops.validation_summary "
                "where ledger_id = :id order by code, column_name"
            ),
            {"id": ledger_id},
        )
        return [tuple(r) for r in rows]


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory) -> Path:
    from pata.synth import generate

    out = tmp_path_factory.mktemp("chunked-exports")
    manifest = generate(
        out=out,
        partners=["bd-mukti"],
        datasets=["cases"],
        months=1,
        rows_per_file=80,
        seed=5,
        defects=0.05,
        end=date(2026, 10, 1),
    )
    (record,) = [f for f in manifest.files if f.dataset == "cases"]
    return out / record.path


def _variant(source: Path, tmp_path: Path, name: str, *, bom: bool, newline: bool) -> Path:
    """The same records in other bytes (a BOM, a final empty line): not a duplicate file."""
    data = source.read_bytes()
    path = tmp_path / name / source.name
    path.parent.mkdir()
    path.write_bytes((BOM if bom else b"") + data + (b"\n" if newline else b""))
    return path


def _batches_logged(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+) batches", text)]


def test_many_batches_load_what_one_batch_loads(local_stack, cases_file, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="pata.validation.validator"):
        whole = process_local_file(
            _variant(cases_file, tmp_path, "whole", bom=False, newline=False),
            partner="bd-mukti",
            dataset="cases",
            settings=local_stack,
        )
    assert _batches_logged(caplog.text) == [1]
    caplog.clear()
    assert whole.status in ("loaded", "partially_loaded"), whole
    assert whole.rows_loaded > 0
    whole_core = core_rows(local_stack, whole.ledger_id)
    chunked_settings = local_stack.model_copy(update={"chunk_bytes": 1000})
    with caplog.at_level(logging.INFO, logger="pata.validation.validator"):
        chunked = process_local_file(
            _variant(cases_file, tmp_path, "chunked", bom=True, newline=False),
            partner="bd-mukti",
            dataset="cases",
            settings=chunked_settings,
        )
    assert _batches_logged(caplog.text)[0] > 1
    assert chunked.status == whole.status, chunked
    assert chunked.rows_total == whole.rows_total
    assert chunked.rows_valid == whole.rows_valid
    assert chunked.rows_invalid == whole.rows_invalid
    assert chunked.rows_withheld == whole.rows_withheld
    assert core_rows(local_stack, chunked.ledger_id) == whole_core
    first, second = (
        ledger_row(local_stack, whole.ledger_id),
        ledger_row(local_stack, chunked.ledger_id),
    )
    assert second["key_fingerprint"] == first["key_fingerprint"]
    assert _summary(local_stack, chunked.ledger_id) == _summary(local_stack, whole.ledger_id)


def test_a_chunked_file_rejected_by_the_threshold_loads_nothing(local_stack, cases_file, tmp_path):
    strict = local_stack.model_copy(update={"reject_invalid_share": 0.0})
    whole = process_local_file(
        _variant(cases_file, tmp_path, "whole", bom=False, newline=True),
        partner="bd-mukti",
        dataset="cases",
        settings=strict,
    )
    assert whole.status == "rejected" and whole.error_code == "too-many-invalid-rows", whole
    chunked = process_local_file(
        _variant(cases_file, tmp_path, "chunked", bom=True, newline=True),
        partner="bd-mukti",
        dataset="cases",
        settings=strict.model_copy(update={"chunk_bytes": 1000}),
    )
    assert chunked.status == "rejected" and chunked.error_code == "too-many-invalid-rows"
    assert core_rows(local_stack, chunked.ledger_id) == 0
    first, second = (
        ledger_row(local_stack, whole.ledger_id),
        ledger_row(local_stack, chunked.ledger_id),
    )
    assert _compared(second) == _compared(first)
    assert _summary(local_stack, chunked.ledger_id) == _summary(local_stack, whole.ledger_id)
