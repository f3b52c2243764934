"""Reporting periods: labels, file names, months and quarters."""

from __future__ import annotations

from datetime import date

import pytest

from pata.periods import (
    Period,
    PeriodError,
    last_complete_month,
    month_of,
    months_back,
    parse_period,
    period_from_filename,
    quarter_of,
)


class TestMonthOf:
    def test_month_covers_first_to_last_day(self) -> None:
        assert month_of(date(2026, 2, 14)) == Period(date(2026, 2, 1), date(2026, 2, 28), "2026-02")

    def test_leap_february_ends_on_the_29th(self) -> None:
        assert month_of(date(2028, 2, 1)).end == date(2028, 2, 29)

    def test_next_month_crosses_the_year(self) -> None:
        assert month_of(date(2026, 12, 5)).next().label == "2027-01"


class TestQuarterOf:
    @pytest.mark.parametrize(
        ("day", "label", "start", "end"),
        [
            (date(2026, 1, 1), "2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
            (date(2026, 8, 15), "2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
            (date(2026, 12, 31), "2026Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ],
    )
    def test_quarter_bounds_and_label(self, day: date, label: str, start: date, end: date) -> None:
        assert quarter_of(day) == Period(start, end, label)

    def test_quarter_has_three_months(self) -> None:
        labels = [month.label for month in quarter_of(date(2026, 5, 2)).months()]
        assert labels == ["2026-04", "2026-05", "2026-06"]

    def test_quarter_knows_it_is_a_quarter(self) -> None:
        assert quarter_of(date(2026, 5, 2)).is_quarter
        assert not month_of(date(2026, 5, 2)).is_quarter


class TestParsePeriod:
    def test_parses_a_month(self) -> None:
        assert parse_period("2026-07") == month_of(date(2026, 7, 1))

    def test_parses_a_quarter(self) -> None:
        assert parse_period("2026Q3") == quarter_of(date(2026, 7, 1))

    @pytest.mark.parametrize("label", ["2026-13", "2026-00", "2026Q5", "26-07", "2026/07", ""])
    def test_rejects_other_labels_with_a_coded_error(self, label: str) -> None:
        with pytest.raises(PeriodError) as caught:
            parse_period(label)
        assert caught.value.code == "invalid-period"

    def test_a_day_is_in_its_period(self) -> None:
        assert date(2026, 7, 31) in parse_period("2026-07")
        assert date(2026, 8, 1) not in parse_period("2026-07")


class TestPeriodFromFilename:
    @pytest.mark.parametrize(
        ("name", "label"),
        [
            ("kh-ksp_cases_2026-07.csv", "2026-07"),
            ("th-bsn_rehabilitation_2026Q3.xlsx", "2026Q3"),
            ("kh-ksp/incoming/cases/kh-ksp_cases_2026-07.json", "2026-07"),
            ("whatever name_2025-12.CSV", "2025-12"),
        ],
    )
    def test_reads_the_period_at_the_end_of_the_name(self, name: str, label: str) -> None:
        found = period_from_filename(name)
        assert found is not None and found.label == label

    @pytest.mark.parametrize(
        "name",
        [
            "cases.csv",
            "cases_2026-13.csv",
            "cases_2026Q0.csv",
            "cases_2026-07",
            "2026-07_cases.csv",
        ],
    )
    def test_none_when_the_name_has_no_valid_period(self, name: str) -> None:
        assert period_from_filename(name) is None


class TestMonthsBack:
    def test_counts_back_oldest_first(self) -> None:
        labels = [m.label for m in months_back(end=date(2026, 2, 10), count=3)]
        assert labels == ["2025-12", "2026-01", "2026-02"]

    def test_refuses_zero_months(self) -> None:
        with pytest.raises(PeriodError):
            months_back(end=date(2026, 2, 10), count=0)

    def test_last_complete_month_is_the_previous_one(self) -> None:
        assert last_complete_month(date(2026, 3, 1)).label == "2026-02"
        assert last_complete_month(date(2026, 1, 31)).label == "2025-12"
