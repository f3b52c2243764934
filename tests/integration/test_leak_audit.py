"""The leak audit over a full year of synthetic exports with defects and canaries."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pata.audit import Canary, audit, run_audit
from pata.microdata import K_CHECK_QUERY
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration


class TestLeakAudit:
    def test_a_year_of_exports_leaves_no_canary_anywhere(self, local_stack, tmp_path):
        report = run_audit(
            settings=local_stack,
            months=12,
            seed=3,
            defects=0.05,
            work=tmp_path,
            include_airflow=False,
        )
        print("\n".join(report.summary_lines()))

        assert report.clean, [f"{h.kind} in {h.source}: {h.location}" for h in report.hits]
        assert report.canaries >= 20
        assert report.files.get("loaded", 0) + report.files.get("partially_loaded", 0) > 100
        assert report.files.get("rejected", 0) >= 1  # the canary file rejected whole
        assert report.sources["feedback reports"] > 100
        assert report.sources["data docs"] > 100
        assert report.suppression_rate is not None

    def test_the_shared_microdata_is_k_anonymous(self, local_stack):
        with get_engine(role="analyst", settings=local_stack).connect() as conn:
            rows = conn.execute(text("select count(*) from marts.case_microdata")).scalar_one()
            small = conn.execute(text(K_CHECK_QUERY), {"k": 11}).all()
        assert rows > 0
        assert small == []

    def test_the_audit_finds_a_planted_leak(self, local_stack):
        """The search itself works: a canary put into a report is found and located."""
        from pata.storage import s3_client

        canary = Canary("first-name", "ZqleakProbe77")
        s3_client(local_stack).put_object(
            Bucket=local_stack.reports_bucket, Key="probe/leak.txt", Body=b"x ZQLEAKPROBE77 y"
        )
        try:
            report = audit([canary], settings=local_stack, include_airflow=False)
        finally:
            s3_client(local_stack).delete_object(
                Bucket=local_stack.reports_bucket, Key="probe/leak.txt"
            )
        assert [(h.source, h.location) for h in report.hits] == [
            ("reports bucket", f"s3://{local_stack.reports_bucket}/probe/leak.txt")
        ]
