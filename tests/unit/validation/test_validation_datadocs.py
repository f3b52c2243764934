"""Data Docs for data engineers, built from the value-free GX results and published."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws
from validation_fixtures import TODAY, canonical_partner, case_row, raw_from_dicts

from pata.datadocs import build_data_docs, publish_data_docs, safe_name
from pata.settings import Settings
from pata.validation import validate


@pytest.fixture(scope="module")
def gx_results():
    rows = [case_row(1), case_row(2, prs_Gender="?")]
    result = validate(
        raw_from_dicts("cases", rows), partner=canonical_partner(), dataset="cases", today=TODAY
    )
    return result.gx_results


class TestBuildDataDocs:
    def test_one_gx_page_per_run_and_an_index(self, gx_results, tmp_path):
        pages = build_data_docs({"zz-test/cases_2026-06.csv#7": gx_results}, directory=tmp_path)
        page, index = pages
        assert page == tmp_path / "validations" / "pata.cases" / "zz-test_cases_2026-06.csv_7.html"
        html = page.read_text(encoding="utf-8")
        assert "pata.cases" in html and "expect_column_values_to_be_in_set" not in html
        assert "values must belong to this set" in html
        assert "zz-test_cases_2026-06.csv_7" in index.read_text(encoding="utf-8")

    def test_runs_without_gx_results_get_no_page(self, tmp_path):
        pages = build_data_docs({"wrong": {"skipped": "wrong-dataset"}}, directory=tmp_path)
        assert pages == [tmp_path / "index.html"]

    def test_names_are_made_safe_for_paths(self):
        assert safe_name("kh-ksp/../x y#1") == "kh-ksp_.._x_y_1"


class TestPublishDataDocs:
    def test_pages_are_uploaded_under_datadocs(self, gx_results, tmp_path, monkeypatch):
        with mock_aws():
            client = boto3.client("s3", region_name="us-east-1")
            client.create_bucket(Bucket="pata-reports")
            monkeypatch.setattr("pata.storage.s3_client", lambda settings=None: client)
            key = publish_data_docs({"run-1": gx_results}, settings=Settings(home=tmp_path))
            listed = client.list_objects_v2(Bucket="pata-reports", Prefix="datadocs/")
            keys = sorted(item["Key"] for item in listed["Contents"])
        assert key == "datadocs/index.html"
        assert keys == ["datadocs/index.html", "datadocs/validations/pata.cases/run-1.html"]
        assert (tmp_path / "datadocs" / "index.html").is_file()
