"""A partner as it is, against the real stack: the HTCDS toolkit workbook is loaded through
the pipeline (PostgreSQL, S3 over HTTP), its feedback lists how columns were read and no
personal toolkit column reaches the warehouse; templates are published and never ingested."""

from __future__ import annotations

import json
from datetime import date

import pytest
from lineage_counts import core_rows
from sqlalchemy import text

from pata.pipeline import process_object
from pata.storage import s3_client
from pata.templates import publish_templates
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

PARTNER = "la-sengsavang"


def test_a_toolkit_workbook_is_loaded_with_its_column_mapping(local_stack, tmp_path):
    from pata.synth import generate

    manifest = generate(
        out=tmp_path, partners=[PARTNER], months=1, seed=5, end=date(2026, 9, 1), canaries=True
    )
    [record] = manifest.files
    s3 = s3_client(local_stack)
    s3.put_object(
        Bucket=local_stack.dropzone_bucket,
        Key=record.path,
        Body=(tmp_path / record.path).read_bytes(),
    )

    outcome = process_object(record.path)

    assert outcome.status == "loaded", outcome
    assert outcome.rows_total == record.rows == outcome.rows_valid
    assert core_rows(local_stack, outcome.ledger_id) > 0
    body = s3.get_object(Bucket=local_stack.dropzone_bucket, Key=outcome.report_key)["Body"]
    report = json.loads(body.read())
    assert any("gives province" in note for note in report["columns_read"])
    canaries = [c["value"] for c in manifest.canaries]
    assert canaries, "the workbook carries canary values"
    with get_engine(role="owner", settings=local_stack).connect() as conn:
        dumped = conn.execute(
            text("select string_agg(t::text, ' ') from core.fact_case t where ledger_id = :id"),
            {"id": outcome.ledger_id},
        ).scalar_one()
    text_seen = json.dumps(report, ensure_ascii=False) + (dumped or "")
    assert not [value for value in canaries if value in text_seen]
    assert "@mail.example" not in text_seen and "Case worker" not in text_seen


def test_templates_are_published_once_and_not_ingested(local_stack):
    written = publish_templates(local_stack)
    assert f"{PARTNER}/templates/{PARTNER}_cases_template.xlsx" in written
    assert "kh-ksp/templates/kh-ksp_cases_template.xlsx" in written
    assert publish_templates(local_stack) == []  # same bytes: nothing put again

    outcome = process_object("kh-ksp/templates/kh-ksp_cases_template.xlsx")

    assert outcome.status == "ignored"
