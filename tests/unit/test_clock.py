"""The clock: one source of "now", frozen by PATA_NOW, and nothing else reads the time."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pata import clock

ROOT = Path(__file__).resolve().parents[2]
# Calls that read the calendar behind the clock's back.
FORBIDDEN = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today")}


def _clock_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in FORBIDDEN:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


class TestNothingReadsTheTimeButTheClock:
    def test_no_module_or_test_calls_now_or_today_directly(self):
        files = [
            path
            for folder in ("plugins", "dags", "tests")
            for path in (ROOT / folder).rglob("*.py")
            if path != ROOT / "plugins/pata/clock.py"
        ]
        assert len(files) > 100
        offenders = [hit for path in files for hit in _clock_reads(path)]
        assert offenders == [], "use pata.clock.now()/today() (or wall_now()): " + ", ".join(
            offenders
        )

    def test_the_guard_sees_each_spelling(self, tmp_path):
        sample = ROOT / "tests" / "_clock_guard_sample.py"
        sample.write_text(
            "import datetime as dt\nfrom datetime import date, datetime\n"
            "a = datetime.now()\nb = date.today()\nc = dt.datetime.utcnow()\nd = dt.date.today()\n"
        )
        try:
            assert len(_clock_reads(sample)) == 4
        finally:
            sample.unlink()


class TestFrozenClock:
    def test_the_suite_runs_on_a_frozen_day(self):
        assert clock.frozen() is not None

    def test_pata_now_sets_now_and_today(self, monkeypatch):
        monkeypatch.setenv("PATA_NOW", "2028-02-29T23:30:00+00:00")
        assert clock.now() == datetime(2028, 2, 29, 23, 30, tzinfo=UTC)
        assert clock.today() == date(2028, 2, 29)
        # Phnom Penh is UTC+7: already the 1st of March there.
        assert clock.today("Asia/Phnom_Penh") == date(2028, 3, 1)

    def test_a_date_alone_is_noon_utc(self, monkeypatch):
        monkeypatch.setenv("PATA_NOW", "2027-01-01")
        assert clock.now() == datetime(2027, 1, 1, 12, tzinfo=UTC)

    def test_a_naive_timestamp_is_utc(self, monkeypatch):
        monkeypatch.setenv("PATA_NOW", "2027-06-30T08:00:00")
        assert clock.now().tzinfo is not None
        assert clock.now() == datetime(2027, 6, 30, 8, tzinfo=UTC)

    def test_nonsense_is_a_clear_error(self, monkeypatch):
        monkeypatch.setenv("PATA_NOW", "yesterday")
        with pytest.raises(clock.ClockError, match="PATA_NOW"):
            clock.now()

    def test_unset_reads_the_machine(self, monkeypatch):
        monkeypatch.delenv("PATA_NOW")
        assert clock.frozen() is None
        assert abs((clock.now() - clock.wall_now()).total_seconds()) < 60

    def test_wall_now_is_never_frozen(self, monkeypatch):
        monkeypatch.setenv("PATA_NOW", "2001-01-01")
        assert clock.wall_now().year > 2001
