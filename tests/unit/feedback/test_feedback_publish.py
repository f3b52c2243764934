"""Publishing feedback reports to ``<partner>/feedback/`` in the dropzone bucket."""

from __future__ import annotations

import json

import boto3
import pandas as pd
import pytest
from moto import mock_aws

from pata.feedback import build_report, publish_report, report_keys
from pata.settings import Settings
from pata.validation import ValidationResult


def report(
    *,
    ledger_id: int | None = 42,
    sha256: str | None = "abcdef12" + "0" * 56,
    filename="kh-ksp_cases_2026-10.csv",
):
    validation = ValidationResult(
        dataset="cases",
        contract_version="1.0.0",
        verdict="accepted",
        blocker=None,
        rows_total=3,
        rows_valid=3,
        rows_invalid=0,
        valid=pd.DataFrame(),
        problems=[],
    )
    return build_report(
        result=validation,
        partner="kh-ksp",
        dataset="cases",
        filename=filename,
        ledger_id=ledger_id,
        status="loaded",
        sha256=sha256,
    )


class TestReportKeys:
    def test_keys_carry_the_file_stem_and_the_ledger_id(self):
        assert report_keys(report()) == (
            "kh-ksp/feedback/kh-ksp_cases_2026-10.42.json",
            "kh-ksp/feedback/kh-ksp_cases_2026-10.42.html",
        )

    def test_without_a_ledger_id_the_sha256_prefix_is_used(self):
        assert (
            report_keys(report(ledger_id=None))[0]
            == "kh-ksp/feedback/kh-ksp_cases_2026-10.abcdef12.json"
        )

    def test_odd_file_names_make_safe_keys(self):
        key = report_keys(report(filename="../my cases (v2).final.CSV"))[0]
        assert key == "kh-ksp/feedback/my_cases_v2_.final.42.json"


class TestPublishReport:
    @pytest.fixture
    def s3(self, monkeypatch):
        with mock_aws():
            client = boto3.client("s3", region_name="us-east-1")
            client.create_bucket(Bucket="pata-dropzone")
            monkeypatch.setattr("pata.storage.s3_client", lambda settings=None: client)
            yield client

    def test_json_and_html_are_written_next_to_the_partners_files(self, s3):
        key = publish_report(report(), settings=Settings())
        assert key == "kh-ksp/feedback/kh-ksp_cases_2026-10.42.json"
        stored = s3.get_object(Bucket="pata-dropzone", Key=key)
        assert stored["ContentType"] == "application/json; charset=utf-8"
        assert json.loads(stored["Body"].read())["status"] == "loaded"
        page = s3.get_object(Bucket="pata-dropzone", Key=key[:-5] + ".html")
        assert page["ContentType"] == "text/html; charset=utf-8"
        assert page["Body"].read().startswith(b"<!doctype html>")
