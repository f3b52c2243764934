"""The benchmark's own logic, fast: stage clock, options, exports cache, results and table.

No stack and no timing asserts: the measured parts run for real only in ``make bench``
(baseline B on a tiny file is the exception, it needs nothing but pyarrow).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pata.bench import parts, results
from pata.bench.__main__ import main, parse_options
from pata.bench.exports import cached_exports
from pata.bench.latency import attribute_work, split_latency, summarise
from pata.bench.stages import STAGES, StageClock, instrumented

TINY = 200


@pytest.fixture(scope="module")
def tiny_exports(tmp_path_factory: pytest.TempPathFactory):
    cache = tmp_path_factory.mktemp("bench-exports")
    return cache, cached_exports(cache_dir=cache, rows=TINY, files=2, end=date(2025, 2, 28), seed=3)


def _document(arrow_run: dict, *, rows: int = TINY) -> dict:
    """A results document as the runner builds it, from one real and several stand-in parts."""
    clock = StageClock()
    clock.seconds["load"] = 1.5
    stages = clock.shares(total_seconds=2.0)
    pipeline = {
        "seconds": 2.0,
        "cpu_seconds": 1.5,
        "status": "loaded",
        "stages": stages,
        "import_seconds": 4.0,
        "overrides": {},
        "peak_rss_bytes": 400 * 1024**2,
    }
    copy = {"seconds": 0.5, "cpu_seconds": 0.1, "peak_rss_bytes": 50 * 1024**2}
    entry = {
        "rows": rows,
        "bytes": 1000,
        "files": ["a.csv"],
        "repeats": 1,
        "copy": results.summarise_runs([copy], rows=rows),
        "arrow": results.summarise_runs([arrow_run], rows=rows),
        "pipeline": results.summarise_runs([pipeline], rows=rows),
    }
    entry["ratio_pipeline_to_copy"] = results.ratio(entry["pipeline"], entry["copy"])
    big_run = {"seconds": None, "peak_rss_bytes": 9 * 1024**3, "failed": "memory-guard"}
    big_run["process_seconds"] = 12.0
    drop = {
        "t0": 100.0,
        "ingest": {"queued": 103.0, "start": 104.0, "end": 110.0, "tasks": []},
        "indicators": {"queued": 111.0, "start": 112.0, "end": 120.0, "tasks": []},
    }
    drop.update(split_latency(drop))
    document = {
        "schema": results.SCHEMA,
        "started_at": "2025-01-01T00:00:00+00:00",
        "finished_at": "2025-01-01T00:10:00+00:00",
        "duration_seconds": 600.0,
        "options": {},
        "machine": {
            "nproc": 2,
            "memory_total_bytes": 8 * 1024**3,
            "cpu_model": "test CPU",
            "load_average_start": [0.5, 0.4, 0.3],
            "load_average_end": [1.0, 0.8, 0.5],
        },
        "export": {"partner": "bd-mukti", "dataset": "cases"},
        "throughput": [entry],
        "formats": [
            {
                "format": "xlsx",
                "partner": "np-sahayog",
                "rows": rows,
                "bytes": 2000,
                "copy": results.summarise_runs([copy], rows=rows),
                "pipeline": results.summarise_runs(
                    [{**pipeline, "peak_rss_bytes": 2 * 1024**3}], rows=rows
                ),
            }
        ],
        "linkage_enabled": False,
        "big": {"rows": 5 * rows, "pipeline": results.summarise_runs([big_run], rows=5 * rows)},
        "latency": {**summarise([drop]), "runs": [drop]},
    }
    document["targets"] = results.targets(document)
    return document


class TestStageClock:
    def test_nested_calls_count_for_their_own_stage_only(self):
        clock = StageClock()
        inner = clock.wrap("deidentify", lambda value: value + 1)
        outer = clock.wrap("load", lambda values: [inner(value) for value in values])
        assert outer([1, 2, 3]) == [2, 3, 4]
        assert clock.calls["load"] == 1
        assert clock.calls["deidentify"] == 3
        shares = clock.shares(total_seconds=10.0)
        assert list(shares) == list(STAGES)
        assert shares["other"]["seconds"] >= 0

    def test_a_generator_is_timed_item_by_item(self):
        clock = StageClock()

        def batches():
            yield from range(4)

        timed = clock.wrap("read", batches)
        assert list(timed()) == [0, 1, 2, 3]
        # The call itself, four items and the final StopIteration.
        assert clock.calls["read"] == 6

    def test_instrumentation_wraps_the_pipeline_functions_and_puts_them_back(self):
        import pata.adapters
        import pata.layouts.reading
        import pata.pipeline  # loaded, so its names are rewired too

        original = pata.layouts.reading.iter_partner_batches
        load = pata.adapters.SqlWarehouse.load
        with instrumented(StageClock()) as wrapped:
            for name in (
                "pata.layouts.reading.iter_partner_batches",
                "pata.validation.validator.FileValidator.add",
                "pata.deid.deidentify",
                "pata.linkage.readtime.ReadTimeEncoder.add",
                "pata.adapters.SqlWarehouse.load",
                "pata.adapters.SqlLedger.*",
            ):
                assert name in wrapped, name
            assert pata.layouts.reading.iter_partner_batches is not original
            assert pata.adapters.SqlWarehouse.load is not load
        assert pata.layouts.reading.iter_partner_batches is original
        assert pata.adapters.SqlWarehouse.load is load

    def test_every_stage_target_exists_in_the_code(self):
        """A renamed function would silently leave its stage unmeasured."""
        import importlib

        from pata.bench.stages import STAGE_TARGETS

        for targets in STAGE_TARGETS.values():
            for target in targets:
                module_name, name = target.split(":")
                owner = importlib.import_module(module_name)
                for part in name.split("."):
                    if part != "*":
                        owner = getattr(owner, part)

    def test_a_wrapped_method_still_binds_to_its_instance(self):
        import pata.validation.validator

        original = pata.validation.validator.FileValidator.add
        clock = StageClock()
        with instrumented(clock):
            wrapped = pata.validation.validator.FileValidator.add
            assert wrapped is not original
            assert wrapped.__wrapped__ is original
        assert pata.validation.validator.FileValidator.add is original


class TestOptions:
    def test_defaults_are_the_issue_sizes(self):
        options = parse_options([])
        assert options.sizes == (100_000, 1_000_000)
        assert (options.big, options.latency_drops, options.repeats) == (5_000_000, 5, 3)

    def test_quick_fills_only_what_is_not_given(self):
        options = parse_options(["--quick", "--sizes", "5000,1000"])
        assert options.sizes == (1000, 5000)
        assert (options.big, options.latency_drops, options.repeats) == (0, 0, 1)
        assert options.out.name == "quick-results.json"
        assert options.out != parse_options([]).out


class TestExports:
    def test_files_get_distinct_periods_and_come_from_the_cache_the_second_time(self, tiny_exports):
        cache, first = tiny_exports
        assert [export.rows for export in first] == [TINY, TINY]
        assert len({export.period for export in first}) == 2
        again = cached_exports(cache_dir=cache, rows=TINY, files=2, end=date(2025, 2, 28), seed=3)
        assert all(export.cached for export in again)
        assert [export.path for export in again] == [export.path for export in first]

    def test_the_big_file_is_copies_of_the_base_with_new_ids_cut_at_the_row_count(
        self, tiny_exports, tmp_path: Path
    ):
        import csv

        from pata.bench.runner import _scaled_big_export

        _, (base, _second) = tiny_exports
        big = _scaled_big_export(base, rows=2 * TINY + 50, month=date(2026, 3, 1), cache=tmp_path)
        assert big.path.name == f"{base.partner}_{base.dataset}_2026-03.csv"
        assert (big.rows, big.period) == (2 * TINY + 50, "2026-03")

        def rows_of(path: Path) -> list[list[str]]:
            with path.open(encoding="utf-8", newline="") as stream:
                return list(csv.reader(stream))

        source, scaled = rows_of(base.path), rows_of(big.path)
        assert scaled[0] == source[0]
        records = scaled[1:]
        assert len(records) == 2 * TINY + 50
        ids = [record[0] for record in records]
        assert len(set(ids)) == len(ids)
        assert not set(ids) & {record[0] for record in source[1:]}
        expected = [
            [
                f"{row[0][: row[0].index('-C-') + 3]}R{copy}-{row[0][row[0].index('-C-') + 3 :]}",
                *row[1:],
            ]
            for copy in range(3)
            for row in source[1:]
        ][: 2 * TINY + 50]
        assert records == expected
        again = _scaled_big_export(base, rows=2 * TINY + 50, month=date(2026, 3, 1), cache=tmp_path)
        assert again.path == big.path and again.cached == base.cached


class TestTargets:
    @staticmethod
    def _peak_target(big_peak: int, failed: str | None) -> dict:
        small = {"seconds": 2.0, "cpu_seconds": 1.0, "peak_rss_bytes": 400 * 1024**2}
        big = {"seconds": None if failed else 9.0, "peak_rss_bytes": big_peak}
        if failed:
            big["failed"] = failed
        document = {
            "throughput": [
                {"rows": 10, "pipeline": results.summarise_runs([small], rows=10)},
            ],
            "big": {"rows": 50, "pipeline": results.summarise_runs([big], rows=50)},
        }
        return next(t for t in results.targets(document) if "peak RSS" in t["name"])

    def test_a_stopped_big_file_under_the_target_is_not_counted_as_met(self):
        assert self._peak_target(1024**3, "timeout")["met"] is None

    def test_a_stopped_big_file_over_the_target_misses_it(self):
        assert self._peak_target(2 * 1024**3, "timeout")["met"] is False

    def test_a_finished_big_file_under_the_target_meets_it(self):
        assert self._peak_target(1024**3, None)["met"] is True


class TestResults:
    def test_a_document_from_a_tiny_run_passes_the_schema_and_round_trips(
        self, tiny_exports, tmp_path: Path
    ):
        _, exports = tiny_exports
        arrow_run = parts.arrow_baseline(path=exports[0].path)
        assert arrow_run["rows"] == TINY
        document = _document(arrow_run)
        out = tmp_path / "results.json"
        results.write_document(document, out=out)
        loaded = json.loads(out.read_text())
        results.check_document(loaded)
        assert loaded["throughput"][0]["ratio_pipeline_to_copy"] == 4.0
        assert {target["name"] for target in loaded["targets"]} == {
            "pipeline / raw COPY, 1M CSV rows (issue 15)",
            "pipeline / raw COPY, 1M CSV rows (programme goal)",
            "load stage / raw COPY, 1M CSV rows (issue 18)",
            "pipeline peak RSS, any size and format (bytes)",
            "median drop-to-indicator latency (s)",
        }

    def test_the_load_stage_and_the_other_formats_count_against_their_targets(self, tiny_exports):
        _, exports = tiny_exports
        document = _document(parts.arrow_baseline(path=exports[0].path))
        assert results.load_ratio(document["throughput"][0]["pipeline"], {"seconds": 0.5}) == 3.0
        peak = next(t for t in document["targets"] if "peak RSS" in t["name"])
        assert peak["value"] == 9 * 1024**3  # the big file's (stopped) lower bound
        document["big"] = None
        peak = next(t for t in results.targets(document) if "peak RSS" in t["name"])
        assert (peak["value"], peak["met"]) == (2 * 1024**3, False)  # the XLSX run's

    def test_a_document_missing_a_part_is_refused(self, tiny_exports):
        _, exports = tiny_exports
        document = _document(parts.arrow_baseline(path=exports[0].path))
        del document["throughput"][0]["pipeline"]["runs_seconds"]
        with pytest.raises(ValueError, match="runs_seconds"):
            results.check_document(document)

    def test_the_table_shows_every_part_the_stages_the_latency_and_the_targets(self, tiny_exports):
        _, exports = tiny_exports
        table = results.format_table(_document(parts.arrow_baseline(path=exports[0].path)))
        for text in (
            "A: COPY (floor)",
            "B: pyarrow read",
            "pipeline",
            "stages: read",
            "de-identify",
            "4.0×",
            "stopped (memory-guard)",
            "peak RSS at least 9.00 GiB",
            "median 20.0 s",
            "trigger 15%",
            "xlsx COPY of twin",
            "xlsx pipeline",
            "load stage alone: 3.0× COPY",
            "read-time linkage OFF",
            "not measured",
            "NOT met",
        ):
            assert text in table, text

    def test_latency_is_split_into_trigger_scheduling_and_work(self):
        drop = {
            "t0": 0.0,
            "ingest": {"queued": 2.0, "start": 3.0, "end": 8.0, "tasks": []},
        }
        split = split_latency(drop)
        assert split["measured_to"] == "pata_ingest run end"
        assert split["split"] == {"trigger": 2.0, "scheduling": 1.0, "work": 5.0}

    def test_overlapping_tasks_split_the_work_without_counting_an_instant_twice(self):
        tasks = [
            {"task_id": "process", "start": 1.0, "end": 5.0},
            {"task_id": "refresh", "start": 6.0, "end": 9.0},
            {"task_id": "microdata", "start": 6.0, "end": 11.0},
            {"task_id": "publish", "start": 11.5, "end": 12.0},
        ]
        spent = attribute_work(tasks, start=0.0, end=12.0)
        assert spent == {
            "process": 4.0,
            "refresh": 3.0,
            "other_tasks": 2.5,
            "between_tasks": 2.5,
        }
        assert sum(spent.values()) == 12.0

    def test_show_prints_the_table_of_a_results_file(self, tiny_exports, tmp_path, capsys):
        _, exports = tiny_exports
        out = tmp_path / "results.json"
        results.write_document(_document(parts.arrow_baseline(path=exports[0].path)), out=out)
        assert main(["--show", str(out)]) == 0
        assert "A: COPY (floor)" in capsys.readouterr().out
