"""The registry's pull: blocks: checked at load, a schedule from the calendar, one window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pata.errors import ConfigError
from pata.periods import parse_period
from pata.pull.fetch import pulled_sources
from pata.pull.remote import PullError, check_plain_name, is_export_for
from pata.pull.sources import parse_pull_source
from pata.registry import load_registry

DAGS = Path(__file__).resolve().parents[2] / "dags"


def parse(raw: dict, *, frequency: str = "monthly", due_day: int = 10):
    return parse_pull_source(raw, frequency=frequency, due_day=due_day, where="p dataset cases")


class TestParsePullSource:
    def test_an_sftp_block(self):
        source = parse({"kind": "sftp", "connection": "pata_pull_x", "path": "/exports/cases/"})
        assert (source.kind, source.path, source.window_days, source.max_entries) == (
            "sftp",
            "/exports/cases",
            5,
            1000,
        )

    def test_an_s3_block_with_an_endpoint(self):
        source = parse(
            {
                "kind": "s3",
                "connection": "pata_pull_x",
                "bucket": "agency-exports",
                "prefix": "pata/cases/",
                "endpoint": "https://s3.example.org",
            }
        )
        assert (source.bucket, source.prefix, source.endpoint) == (
            "agency-exports",
            "pata/cases/",
            "https://s3.example.org",
        )
        assert source.where == "s3://agency-exports/pata/cases/"

    def test_an_https_block_formats_the_period(self):
        source = parse(
            {"kind": "https", "connection": "pata_pull_x", "url": "/api/v1/cases_{period}.xlsx"}
        )
        assert source.url_for(parse_period("2026-07")) == "/api/v1/cases_2026-07.xlsx"

    @pytest.mark.parametrize(
        ("raw", "says"),
        [
            ({"kind": "ftp", "connection": "c", "path": "/x"}, "kind must be one of"),
            ({"kind": "sftp", "connection": "Bad-Id", "path": "/x"}, "connection must be"),
            ({"kind": "sftp", "connection": "c", "path": "exports"}, "absolute, normalised"),
            ({"kind": "sftp", "connection": "c", "path": "/a/../b"}, "absolute, normalised"),
            ({"kind": "sftp", "connection": "c", "path": "/x", "bucket": "b"}, "unknown key"),
            ({"kind": "sftp", "connection": "c", "path": "/x", "password": "p"}, "unknown key"),
            ({"kind": "s3", "connection": "c", "bucket": "B!"}, "bucket must be"),
            ({"kind": "s3", "connection": "c", "bucket": "bkt", "prefix": "a"}, "prefix must be"),
            ({"kind": "s3", "connection": "c", "bucket": "bkt", "endpoint": "ftp://x"}, "endpoint"),
            ({"kind": "https", "connection": "c", "url": "/cases.csv"}, "url must be"),
            ({"kind": "https", "connection": "c", "url": "https://h/c_{period}.csv"}, "url must"),
            ({"kind": "https", "connection": "c", "url": "/c_{period}_{x}.csv"}, "url must be"),
            ({"kind": "sftp", "connection": "c", "path": "/x", "window_days": 0}, "window_days"),
            ({"kind": "sftp", "connection": "c", "path": "/x", "window_days": 25}, "must end by"),
            ({"kind": "sftp", "connection": "c", "path": "/x", "max_entries": True}, "max_entries"),
        ],
    )
    def test_a_wrong_block_fails_at_load_with_where_and_what(self, raw, says):
        with pytest.raises(ConfigError, match=says) as caught:
            parse({"connection": "c", **raw} if "connection" not in raw else raw)
        assert "p dataset cases pull" in str(caught.value)
        assert caught.value.code == "pull-config"


class TestCalendar:
    def test_the_cron_covers_the_window_of_the_months_a_period_falls_due(self):
        monthly = parse({"kind": "sftp", "connection": "c", "path": "/x", "window_days": 3})
        quarterly = parse(
            {"kind": "sftp", "connection": "c", "path": "/x"}, frequency="quarterly", due_day=20
        )
        assert monthly.cron == "0 3 10-12 * *"
        assert quarterly.cron == "0 3 20-24 1,4,7,10 *"

    def test_a_day_is_in_the_window_of_at_most_one_period(self):
        source = parse({"kind": "sftp", "connection": "c", "path": "/x", "window_days": 3})
        labels = {
            day: (p.label if (p := source.period_due(date(2026, 8, day))) else None)
            for day in (9, 10, 12, 13)
        }
        assert labels == {9: None, 10: "2026-07", 12: "2026-07", 13: None}
        quarterly = parse(
            {"kind": "sftp", "connection": "c", "path": "/x"}, frequency="quarterly", due_day=15
        )
        assert quarterly.period_due(date(2026, 10, 15)).label == "2026Q3"
        assert quarterly.period_due(date(2026, 11, 15)) is None

    def test_a_pulled_dataset_falls_due_on_the_last_day_of_its_window(self):
        from dataclasses import replace

        from pata.deadlines import calendar_from_registry

        source = parse({"kind": "sftp", "connection": "c", "path": "/x", "window_days": 3})
        assert source.last_window_day == 12
        registry = load_registry()
        entries = {(e.partner_code, e.dataset): e for e in calendar_from_registry(registry)}
        assert entries[("np-sahayog", "cases")].due_day == 15 + 3 - 1  # pulled, window 3
        assert entries[("np-sahayog", "rehabilitation")].due_day == 15  # uploaded
        assert replace(source, window_days=1).last_window_day == source.due_day


class TestNames:
    def test_only_exports_of_the_period_count(self):
        july = parse_period("2026-07")
        assert is_export_for("np-sahayog_cases_2026-07.xlsx", july)
        assert not is_export_for("np-sahayog_cases_2026-06.xlsx", july)
        assert not is_export_for("cases_2026-07.pdf", july)

    @pytest.mark.parametrize("name", ["..", "a/b_2026-07.csv", "", "x\\y.csv"])
    def test_a_name_pointing_elsewhere_is_refused(self, name):
        with pytest.raises(PullError) as caught:
            check_plain_name(name, where="here")
        assert caught.value.code == "pull-path-outside-source"


class TestRegistryAndDags:
    def test_the_demo_partner_is_pulled_over_sftp(self):
        sources = {(p, d): s for p, d, _, s in pulled_sources(load_registry())}
        assert sources[("np-sahayog", "cases")].kind == "sftp"
        assert sources[("np-sahayog", "cases")].connection == "pata_pull_np_sahayog"

    def test_one_dag_per_source_tagged_by_partner_on_its_calendar(self):
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(DAGS / "pata_pull.py"))
        assert bag.import_errors == {}
        dag = bag.dags["pata_pull_np-sahayog_cases"]
        assert {"pull", "np-sahayog", "cases"} <= set(dag.tags)
        assert (dag.timetable.expression, str(dag.timetable.timezone)) == (
            "0 3 15-17 * *",
            "Asia/Kathmandu",
        )
        assert [t.task_id for t in dag.tasks] == ["fetch_cases_export"]
