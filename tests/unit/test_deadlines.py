"""Due dates, the latest overdue period, the look-back window and partner timezones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pata.deadlines import (
    DeadlineReport,
    LateSubmission,
    calendar_from_registry,
    due_date,
    latest_due_period,
    next_due_period,
    overdue_periods,
    partner_today,
)
from pata.periods import parse_period
from pata.registry import load_registry


class TestDueDate:
    def test_a_month_is_due_on_the_due_day_of_the_next_month(self):
        assert due_date(parse_period("2026-07"), due_day=15) == date(2026, 8, 15)

    def test_december_is_due_in_january_of_the_next_year(self):
        assert due_date(parse_period("2025-12"), due_day=10) == date(2026, 1, 10)

    def test_february_of_a_leap_year(self):
        assert due_date(parse_period("2028-02"), due_day=1) == date(2028, 3, 1)

    def test_a_quarter_is_due_in_the_month_after_it(self):
        assert due_date(parse_period("2026Q3"), due_day=20) == date(2026, 10, 20)
        assert due_date(parse_period("2026Q4"), due_day=28) == date(2027, 1, 28)


class TestLatestDuePeriod:
    def test_on_the_due_day_the_file_is_still_on_time(self):
        period = latest_due_period(today=date(2026, 8, 15), frequency="monthly", due_day=15)
        assert period.label == "2026-06"

    def test_the_day_after_the_due_day_the_period_is_overdue(self):
        period = latest_due_period(today=date(2026, 8, 16), frequency="monthly", due_day=15)
        assert period.label == "2026-07"

    def test_quarters(self):
        assert (
            latest_due_period(today=date(2026, 10, 20), frequency="quarterly", due_day=20).label
            == "2026Q2"
        )
        assert (
            latest_due_period(today=date(2026, 10, 21), frequency="quarterly", due_day=20).label
            == "2026Q3"
        )
        assert (
            latest_due_period(today=date(2027, 1, 5), frequency="quarterly", due_day=1).label
            == "2026Q4"
        )

    @pytest.mark.parametrize("frequency", ["monthly", "quarterly"])
    @pytest.mark.parametrize("due_day", [1, 10, 15, 28])
    def test_it_is_the_last_period_due_before_today_every_day_of_two_years(
        self, frequency, due_day
    ):
        day = date(2025, 1, 1)
        while day < date(2027, 1, 1):
            last = latest_due_period(today=day, frequency=frequency, due_day=due_day)
            following = last.next()
            assert due_date(last, due_day=due_day) < day, (day, last)
            assert due_date(following, due_day=due_day) >= day, (day, following)
            assert next_due_period(today=day, frequency=frequency, due_day=due_day) == following
            day += timedelta(days=1)


class TestOverduePeriods:
    def test_the_look_back_takes_the_periods_due_within_it_oldest_first(self):
        periods = overdue_periods(
            today=date(2026, 3, 20), frequency="monthly", due_day=15, lookback_days=92
        )
        # due 2026-01-15 (64 days ago), 2026-02-15 (33), 2026-03-15 (5); 2025-12-15 is 95 days
        assert [p.label for p in periods] == ["2025-12", "2026-01", "2026-02"]

    def test_a_short_look_back_takes_only_the_latest_period(self):
        periods = overdue_periods(
            today=date(2026, 3, 20), frequency="monthly", due_day=15, lookback_days=10
        )
        assert [p.label for p in periods] == ["2026-02"]

    def test_periods_before_expected_from_are_never_owed(self):
        periods = overdue_periods(
            today=date(2026, 3, 20),
            frequency="monthly",
            due_day=15,
            lookback_days=92,
            expected_from=date(2026, 1, 1),
        )
        assert [p.label for p in periods] == ["2026-01", "2026-02"]

    def test_the_latest_due_period_is_always_checked_however_long_ago_it_fell_due(self):
        periods = overdue_periods(
            today=date(2026, 3, 20), frequency="quarterly", due_day=1, lookback_days=10
        )
        # 2025Q4 fell due on 2026-01-01, 78 days ago: still the period a partner owes
        assert [p.label for p in periods] == ["2025Q4"]

    def test_the_default_look_back_adds_a_period_missed_while_the_scheduler_was_down(self):
        # on 2026-11-16 October fell due yesterday; September fell due 32 days ago
        periods = overdue_periods(today=date(2026, 11, 16), frequency="monthly", due_day=15)
        assert [p.label for p in periods] == ["2026-09", "2026-10"]
        periods = overdue_periods(today=date(2026, 11, 29), frequency="monthly", due_day=15)
        assert [p.label for p in periods] == ["2026-10"]

    def test_quarterly_look_back(self):
        periods = overdue_periods(
            today=date(2026, 11, 29), frequency="quarterly", due_day=20, lookback_days=92
        )
        assert [p.label for p in periods] == ["2026Q3"]


class TestPartnerToday:
    def test_today_is_the_partners_date_not_utc(self):
        instant = datetime(2026, 3, 15, 20, 0, tzinfo=UTC)
        assert partner_today(timezone="Asia/Phnom_Penh", now=instant) == date(2026, 3, 16)
        assert partner_today(timezone="Asia/Kathmandu", now=instant) == date(2026, 3, 16)
        assert partner_today(timezone="UTC", now=instant) == date(2026, 3, 15)

    def test_a_partner_east_of_utc_is_late_earlier(self):
        # 2026-03-15 20:00 UTC: already the 16th in Phnom Penh, February is overdue there
        instant = datetime(2026, 3, 15, 20, 0, tzinfo=UTC)
        bangkok = partner_today(timezone="Asia/Bangkok", now=instant)
        london = partner_today(timezone="Europe/London", now=instant)
        assert latest_due_period(today=bangkok, frequency="monthly", due_day=15).label == "2026-02"
        assert latest_due_period(today=london, frequency="monthly", due_day=15).label == "2026-01"

    def test_a_naive_instant_is_refused(self):
        with pytest.raises(ValueError):
            partner_today(timezone="UTC", now=datetime(2026, 3, 15))


class TestCalendarFromRegistry:
    def test_one_entry_per_partner_and_dataset_with_the_partner_timezone(self):
        registry = load_registry()
        entries = calendar_from_registry(registry)
        expected = sum(len(p.datasets) for p in registry.partners.values())
        assert len(entries) == expected
        assert len({(e.partner_code, e.dataset) for e in entries}) == expected
        for entry in entries:
            partner = registry.partner(entry.partner_code)
            assert entry.timezone == partner.timezone
            sent = partner.dataset(entry.dataset)
            # a pulled dataset is due once its pull window has passed
            assert entry.due_day == (
                sent.due_day if sent.pull is None else sent.pull.last_window_day
            )
            assert entry.frequency == sent.frequency


class TestDeadlineReport:
    def test_the_summary_names_codes_and_periods_only(self):
        late = LateSubmission(
            partner_code="kh-ksp",
            dataset="cases",
            period=parse_period("2026-02"),
            due=date(2026, 3, 15),
            days_late=5,
        )
        report = DeadlineReport(checked=3, late=(late,), alerts_raised=1, alerts_resolved=0)
        assert report.as_dict() == {
            "checked": 3,
            "late": ["kh-ksp/cases/2026-02"],
            "alerts_raised": 1,
            "alerts_resolved": 0,
        }
