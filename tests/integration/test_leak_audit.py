"""The leak audit over a full year of synthetic exports with defects and canaries.

The year is the session's shared one (tests/integration/conftest.py): canaries planted in
every partner's files, plus a quarantined canary row and a file rejected whole. After the
marts and the report are refreshed, every output is searched for every canary.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pata.audit import Canary, audit, canaries_from_manifest, extra_canary_files
from pata.microdata import K_CHECK_QUERY
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def audited(processed_year, tmp_path_factory):
    from pata.indicators import refresh_indicators
    from pata.pipeline import process_local_file
    from pata.report import publish_report
    from pata.warehouse.marts import refresh_case_microdata

    settings = processed_year["settings"]
    canaries = canaries_from_manifest(processed_year["manifest"].to_dict())
    extra = {}
    for path, partner, dataset, planted in extra_canary_files(
        tmp_path_factory.mktemp("canaries"), seed=5
    ):
        extra[path.name] = process_local_file(
            path, partner=partner, dataset=dataset, settings=settings
        )
        canaries.extend(planted)
    with get_engine(role="pipeline", settings=settings).begin() as conn:
        microdata = refresh_case_microdata(conn)
    refresh_indicators(settings=settings)
    publish_report(period="2023Q3", settings=settings)
    report = audit(canaries, settings=settings, include_airflow=False)
    report.suppression_rate = microdata.overall_rate
    report.microdata_lines = microdata.summary_lines()
    return {"report": report, "extra": extra, "microdata": microdata}


class TestLeakAudit:
    def test_no_canary_reaches_any_output(self, audited, processed_year):
        report = audited["report"]
        print("\n".join(report.summary_lines()))
        assert report.clean, [f"{h.kind} in {h.source}: {h.location}" for h in report.hits]
        assert report.canaries >= 20
        assert {"warehouse pg_dump", "feedback reports", "data docs", "reports bucket"} <= set(
            report.sources
        )
        assert report.sources["feedback reports"] >= 2 * len(processed_year["manifest"].files)

    def test_the_canary_files_took_the_quarantine_and_rejection_paths(self, audited):
        outcomes = {name: o.status for name, o in audited["extra"].items()}
        assert outcomes == {
            "audit-quarantined_2026-01.csv": "partially_loaded",  # the canary row quarantined
            "audit-rejected_2026-01.csv": "rejected",  # a required column missing
        }

    def test_the_shared_microdata_is_k_anonymous(self, audited, processed_year):
        with get_engine(role="analyst", settings=processed_year["settings"]).connect() as conn:
            rows = conn.execute(text("select count(*) from marts.case_microdata")).scalar_one()
            small = conn.execute(text(K_CHECK_QUERY), {"k": 11}).all()
        assert rows > 0
        assert small == []
        assert audited["microdata"].k_satisfied

    def test_the_audit_finds_a_planted_leak(self, local_stack):
        """The search itself works: a canary put into a report is found and located."""
        from pata.storage import s3_client

        canary = Canary("first-name", "ZqleakProbe77")
        s3 = s3_client(local_stack)
        s3.put_object(
            Bucket=local_stack.reports_bucket, Key="probe/leak.txt", Body=b"ZQLEAKPROBE77"
        )
        try:
            report = audit([canary], settings=local_stack, include_airflow=False)
        finally:
            s3.delete_object(Bucket=local_stack.reports_bucket, Key="probe/leak.txt")
        assert [(h.source, h.location) for h in report.hits] == [
            ("reports bucket", f"s3://{local_stack.reports_bucket}/probe/leak.txt")
        ]
