"""A year of synthetic exports: loaded row counts equal the manifest, and loading the same
year again changes no row (issue 7's acceptance, on the session's shared processed year)."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from pata.pipeline import Upload, process_bytes
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration


def core_fingerprint(settings) -> str:
    """A checksum of every core fact table (row contents, in a stable order)."""
    digest = hashlib.sha256()
    with get_engine(role="owner", settings=settings).connect() as conn:
        tables = (
            conn.execute(
                text(
                    "select table_name from information_schema.tables where table_schema = 'core' "
                    "and table_type = 'BASE TABLE' and table_name like 'fact%' order by 1"
                )
            )
            .scalars()
            .all()
        )
        for table in tables:
            rows = conn.execute(
                text(
                    f"select md5(string_agg(t::text, '|' order by t::text)) from core.\"{table}\" t"
                )
            ).scalar()
            digest.update(f"{table}:{rows}".encode())
    return digest.hexdigest()


class TestYearLoad:
    def test_valid_rows_of_every_file_equal_the_manifest(self, processed_year):
        manifest, outcomes = processed_year["manifest"], processed_year["outcomes"]
        mismatched = {
            record.path: (outcomes[record.path].rows_valid, record.expected_valid_rows)
            for record in manifest.files
            if outcomes[record.path].rows_valid != record.expected_valid_rows
        }
        assert mismatched == {}
        loaded = [o for o in outcomes.values() if o.status in ("loaded", "partially_loaded")]
        assert len(loaded) >= len(manifest.files) - 10

    def test_loading_the_same_year_again_changes_no_row(self, processed_year):
        settings, root = processed_year["settings"], processed_year["root"]
        before = core_fingerprint(settings)
        statuses = set()
        for record in processed_year["manifest"].files:
            data = (root / record.path).read_bytes()
            first = processed_year["outcomes"][record.path]
            upload = Upload(
                key=record.path.replace(".", "-again.", 1),
                etag=hashlib.md5(data, usedforsecurity=False).hexdigest(),
                size=len(data),
                uploaded_at=processed_year["uploads"][record.path],
            )
            statuses.add(
                (first.status, process_bytes(data, upload=upload, settings=settings).status)
            )
        assert core_fingerprint(settings) == before
        assert {again for _, again in statuses} == {"duplicate"}
