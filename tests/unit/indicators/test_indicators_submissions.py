"""DQ-1: submissions on time, late, missing, not yet due, before the first file."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from pata.indicators.submissions import submission_cells
from pata.periods import parse_period
from pata.registry import load_registry


def ledger(*files: tuple[str, str, str, str, datetime]) -> pd.DataFrame:
    return pd.DataFrame(
        files, columns=["partner_code", "dataset", "period_label", "status", "uploaded_at"]
    )


def cells(frame: pd.DataFrame, *, now: datetime, quarter: str = "2026Q3") -> dict:
    found = submission_cells(
        frame, registry=load_registry(), quarters=[parse_period(quarter)], now=now
    )
    return {(r.partner_code, r.category): (r.numerator, r.denominator) for r in found.itertuples()}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class TestSubmissions:
    # kh-ksp sends cases monthly, due on the 10th of the next month (Asia/Phnom_Penh, UTC+7).
    def test_on_time_late_and_missing_months(self):
        frame = ledger(
            ("kh-ksp", "cases", "2026-07", "loaded", at("2026-08-09T10:00")),
            ("kh-ksp", "cases", "2026-08", "partially_loaded", at("2026-09-12T10:00")),
        )
        found = cells(frame, now=at("2026-11-29T00:00"))
        assert found[("kh-ksp", "cases")] == (1, 3)  # July on time, August late, September missing
        assert found[("kh-ksp", "total")] == (1, 3)

    def test_the_due_day_counts_in_the_partners_timezone(self):
        # 2026-08-10T20:00 UTC is already 11 August in Phnom Penh: late.
        late = ledger(("kh-ksp", "cases", "2026-07", "loaded", at("2026-08-10T20:00")))
        on_time = ledger(("kh-ksp", "cases", "2026-07", "loaded", at("2026-08-10T16:00")))
        now = at("2026-08-20T00:00")
        assert cells(late, now=now)[("kh-ksp", "cases")] == (0, 1)
        assert cells(on_time, now=now)[("kh-ksp", "cases")] == (1, 1)

    def test_periods_not_yet_due_count_only_once_received(self):
        frame = ledger(("kh-ksp", "cases", "2026-07", "loaded", at("2026-08-01T00:00")))
        found = cells(frame, now=at("2026-09-05T00:00"))  # August due 10 September
        assert found[("kh-ksp", "cases")] == (1, 1)

    def test_rejected_and_duplicate_files_are_not_a_submission(self):
        frame = ledger(
            ("kh-ksp", "cases", "2026-07", "rejected", at("2026-08-02T00:00")),
            ("kh-ksp", "cases", "2026-07", "duplicate", at("2026-08-03T00:00")),
            ("kh-ksp", "cases", "2026-07", "loaded", at("2026-08-20T00:00")),
        )
        found = cells(frame, now=at("2026-08-25T00:00"))
        assert found[("kh-ksp", "cases")] == (0, 1)

    def test_the_first_accepted_upload_decides_even_if_superseded_later(self):
        frame = ledger(
            ("kh-ksp", "cases", "2026-07", "superseded", at("2026-08-05T00:00")),
            ("kh-ksp", "cases", "2026-07", "loaded", at("2026-09-01T00:00")),
        )
        assert cells(frame, now=at("2026-09-05T00:00"))[("kh-ksp", "cases")] == (1, 1)

    def test_periods_before_the_first_file_are_not_expected(self):
        frame = ledger(("kh-ksp", "cases", "2026-09", "loaded", at("2026-10-01T00:00")))
        assert cells(frame, now=at("2026-11-29T00:00"))[("kh-ksp", "cases")] == (1, 1)

    def test_quarterly_datasets_expect_one_submission(self):
        # kh-ksp sends network_events quarterly, due on the 15th after the quarter.
        frame = ledger(("kh-ksp", "network_events", "2026Q3", "loaded", at("2026-10-14T00:00")))
        assert cells(frame, now=at("2026-11-29T00:00"))[("kh-ksp", "network_events")] == (1, 1)

    def test_partners_without_files_have_no_cell(self):
        frame = ledger(("kh-ksp", "cases", "2026-07", "loaded", at("2026-08-01T00:00")))
        assert not any(p == "th-bsn" for p, _ in cells(frame, now=at("2026-11-29T00:00")))
