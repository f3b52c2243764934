"""FileRun's decisions with in-memory ports: every ending is final, reported after the commit."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pata.file_outcome import Upload
from pata.file_run import FileRun
from pata.keys import PseudonymKey
from pata.ledger import FileStatus, LedgerEntry
from pata.linkage.secret import LinkageKey
from pata.ports import Ports
from pata.settings import get_settings

UPLOADED = datetime(2026, 11, 12, 8, 0, tzinfo=UTC)


class FakeLedger:
    """The ledger in a dict; a transaction's writes are kept only if it ends cleanly."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Any]] = {}
        self.summaries: dict[int, list[Any]] = {}
        self.ids = itertools.count(1)
        self.open = 0
        self.commits = 0
        self.rollbacks = 0

    @contextmanager
    def transaction(self) -> Iterator[dict[str, Any]]:
        tx: dict[str, Any] = {"rows": {}, "summaries": {}}
        self.open += 1
        try:
            yield tx
        except BaseException:
            self.rollbacks += 1
            raise
        else:
            for ledger_id, fields in tx["rows"].items():
                self.rows.setdefault(ledger_id, {}).update(fields)
            self.summaries.update(tx["summaries"])
            self.commits += 1
        finally:
            self.open -= 1

    def entry(self, ledger_id: int) -> LedgerEntry:
        row = self.rows[ledger_id]
        names = {f.name for f in dataclasses.fields(LedgerEntry)}
        return LedgerEntry(**{k: v for k, v in row.items() if k in names})

    def find_same_bytes(self, tx: Any, *, partner_code: str, dataset: str, sha256: str) -> Any:
        for ledger_id, row in sorted(self.rows.items()):
            same = (row["partner_code"], row["dataset"], row["sha256"]) == (
                partner_code,
                dataset,
                sha256,
            )
            if same and row["status"] != FileStatus.DUPLICATE:
                return self.entry(ledger_id)
        return None

    def insert(self, tx: Any, **fields: Any) -> LedgerEntry:
        ledger_id = next(self.ids)
        row = {
            "id": ledger_id,
            "partner_code": fields["partner_code"],
            "dataset": fields["dataset"],
            "object_key": fields["object_key"],
            "sha256": fields["sha256"],
            "status": fields["status"],
            "uploaded_at": fields["uploaded_at"],
            "period_label": fields["period_label"],
            "duplicate_of": fields.get("duplicate_of"),
            "error_code": fields.get("error_code"),
        }
        self.rows[ledger_id] = row  # an insert is visible at once (a serial id)
        return self.entry(ledger_id)

    def update(self, tx: Any, ledger_id: int, **fields: Any) -> None:
        tx["rows"].setdefault(ledger_id, {}).update(fields)

    def write_validation_summary(self, tx: Any, ledger_id: int, summary: Any) -> None:
        tx["summaries"][ledger_id] = list(summary)

    def loaded_for_period(self, tx: Any, **_: Any) -> list[LedgerEntry]:
        return []

    def mark_superseded(self, tx: Any, ids: Any, *, by: int) -> None:
        for ledger_id in ids:
            self.update(tx, ledger_id, status=FileStatus.SUPERSEDED)


@dataclasses.dataclass
class Loaded:
    inserted: int
    updated: int = 0


class FakeWarehouse:
    def __init__(self, *, fail_with: Exception | None = None) -> None:
        self.loaded_rows = 0
        self.encoded_rows = 0
        self.fail_with = fail_with

    def lock(self, tx: Any, **_: Any) -> None:
        pass

    def load(self, tx: Any, chunks: Any, *, ledger_id: int, supersedes: Any) -> Loaded:
        rows = sum(len(chunk.frame) for chunk in chunks)
        if self.fail_with is not None:
            raise self.fail_with
        self.loaded_rows += rows
        return Loaded(inserted=rows)

    def known_record_keys(self, **_: Any) -> set[str]:
        return set()

    def pseudonym_key(self) -> PseudonymKey:
        return PseudonymKey(b"k" * 32)

    def linkage_key(self) -> LinkageKey:
        return LinkageKey(b"l" * 32)

    def store_encodings(self, tx: Any, encodings: Any, **_: Any) -> None:
        self.encoded_rows += sum(batch.num_rows for batch in encodings)


class FakeStore:
    def __init__(self) -> None:
        self.archived: list[str] = []

    def archive_raw(self, path: Path, *, partner_code: str, sha256: str) -> str:
        self.archived.append(sha256)
        return f"{partner_code}/{sha256}"


class FakePublisher:
    def __init__(self, ledger: FakeLedger) -> None:
        self.ledger = ledger
        self.published: list[tuple[str, str, bool]] = []

    def report_key(self, report: Any) -> str:
        return f"{report.partner}/feedback/{report.ledger_id}.json"

    def publish_report(self, report: Any) -> str:
        committed = self.ledger.open == 0
        self.published.append((self.report_key(report), report.status, committed))
        return self.report_key(report)

    def publish_data_docs(self, run_name: str, gx_results: dict[str, Any]) -> None:
        pass


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pata.synth import generate

    out = tmp_path_factory.mktemp("run-exports")
    manifest = generate(
        out=out,
        partners=["bd-mukti"],
        datasets=["cases"],
        months=1,
        rows_per_file=30,
        seed=3,
        defects=0.0,
    )
    (record,) = [f for f in manifest.files if f.dataset == "cases"]
    return out / record.path


def run(path: Path, *, key: str, warehouse: FakeWarehouse | None = None, ledger=None):
    ledger = ledger or FakeLedger()
    warehouse = warehouse or FakeWarehouse()
    publisher = FakePublisher(ledger)
    ports = Ports(ledger=ledger, warehouse=warehouse, store=FakeStore(), publisher=publisher)
    upload = Upload(key=key, etag="e", size=path.stat().st_size, uploaded_at=UPLOADED)
    outcome = FileRun(
        path=path,
        upload=upload,
        sha256="ab" * 32,
        settings=get_settings(),
        ports=ports,
    ).run()
    return outcome, ledger, warehouse, publisher


class TestFileRun:
    def test_a_good_file_is_loaded_and_reported_after_the_commit(self, cases_file: Path) -> None:
        outcome, ledger, warehouse, publisher = run(
            cases_file, key=f"bd-mukti/incoming/cases/{cases_file.name}"
        )
        assert outcome.status == FileStatus.LOADED, outcome
        assert warehouse.loaded_rows == outcome.rows_loaded > 0
        # Every valid person row was encoded for the linkage, in the load's transaction.
        assert warehouse.encoded_rows >= warehouse.loaded_rows
        assert ledger.rows[outcome.ledger_id]["status"] == FileStatus.LOADED
        assert ledger.rows[outcome.ledger_id]["report_key"] == outcome.report_key
        assert publisher.published == [(outcome.report_key, "loaded", True)]

    def test_the_same_bytes_again_are_a_duplicate(self, cases_file: Path) -> None:
        key = f"bd-mukti/incoming/cases/{cases_file.name}"
        first, ledger, warehouse, _ = run(cases_file, key=key)
        second, *_ = run(cases_file, key=key, ledger=ledger, warehouse=warehouse)
        assert second.status == FileStatus.DUPLICATE
        assert second.error_code == "duplicate-file"
        assert warehouse.loaded_rows == first.rows_loaded

    def test_an_unknown_partner_is_rejected_with_its_code(self, cases_file: Path) -> None:
        outcome, ledger, warehouse, publisher = run(
            cases_file, key=f"zz-nobody/incoming/cases/{cases_file.name}"
        )
        assert (outcome.status, outcome.error_code) == ("rejected", "unknown-partner")
        assert ledger.rows[outcome.ledger_id]["status"] == FileStatus.REJECTED
        assert warehouse.loaded_rows == 0
        assert publisher.published == [(outcome.report_key, "rejected", True)]

    def test_an_unreadable_file_is_rejected_and_nothing_loaded(self, tmp_path: Path) -> None:
        path = tmp_path / "cases_2026-10.xlsx"
        path.write_bytes(b"PK\x03\x04 not a workbook")
        outcome, ledger, warehouse, publisher = run(
            path, key="bd-mukti/incoming/cases/cases_2026-10.xlsx"
        )
        assert (outcome.status, outcome.error_code) == ("rejected", "unreadable-file")
        assert warehouse.loaded_rows == 0
        assert ledger.rows[outcome.ledger_id]["error_code"] == "unreadable-file"
        assert publisher.published[-1][2] is True

    def test_a_file_of_another_dataset_rolls_its_load_back(
        self, cases_file: Path, tmp_path: Path
    ) -> None:
        path = tmp_path / "rehabilitation_2026-10.csv"
        path.write_bytes(cases_file.read_bytes())
        outcome, ledger, warehouse, publisher = run(
            path, key="bd-mukti/incoming/rehabilitation/rehabilitation_2026-10.csv"
        )
        assert outcome.status == FileStatus.REJECTED
        assert outcome.error_code in ("wrong-dataset", "missing-column")
        assert ledger.rollbacks == 1 and warehouse.loaded_rows == 0
        assert ledger.rows[outcome.ledger_id]["status"] == FileStatus.REJECTED
        assert publisher.published == [(outcome.report_key, "rejected", True)]

    def test_an_unexpected_error_ends_failed_not_rejected(self, cases_file: Path) -> None:
        failing = FakeWarehouse(fail_with=RuntimeError("boom: a value 0812345678"))
        outcome, ledger, _, publisher = run(
            cases_file, key=f"bd-mukti/incoming/cases/{cases_file.name}", warehouse=failing
        )
        assert (outcome.status, outcome.error_code) == ("failed", "internal-error")
        assert ledger.rows[outcome.ledger_id]["status"] == FileStatus.FAILED
        assert publisher.published == [(outcome.report_key, "failed", True)]

    def test_an_upload_past_its_run_budget_ends_failed_without_another_try(
        self, cases_file: Path
    ) -> None:
        from pata.faults import MAX_FILE_ATTEMPTS

        key = f"bd-mukti/incoming/cases/{cases_file.name}"
        ledger, warehouse = FakeLedger(), FakeWarehouse()
        first = ledger.insert(
            None,
            partner_code="bd-mukti",
            dataset="cases",
            object_key=key,
            sha256="ab" * 32,
            status=FileStatus.RECEIVED,
            uploaded_at=UPLOADED,
            period_label=None,
        )
        publisher = FakePublisher(ledger)
        ports = Ports(ledger=ledger, warehouse=warehouse, store=FakeStore(), publisher=publisher)
        upload = Upload(key=key, etag="e", size=cases_file.stat().st_size, uploaded_at=UPLOADED)

        def resume(attempts: int) -> Any:
            entry = dataclasses.replace(ledger.entry(first.id), attempts=attempts)
            return FileRun(
                path=cases_file,
                upload=upload,
                sha256="ab" * 32,
                settings=get_settings(),
                ports=ports,
                resume=entry,
            ).run()

        outcome = resume(MAX_FILE_ATTEMPTS)
        assert (outcome.status, outcome.error_code) == ("failed", "retries-exhausted")
        assert warehouse.loaded_rows == 0
        assert publisher.published == [(outcome.report_key, "failed", True)]
        assert ledger.rows[first.id]["status"] == FileStatus.FAILED

        ledger.rows[first.id]["status"] = FileStatus.RECEIVED
        assert resume(MAX_FILE_ATTEMPTS - 1).status == "loaded"
        assert ledger.rows[first.id]["attempts"] == MAX_FILE_ATTEMPTS

    def test_an_unreachable_database_is_raised_for_a_later_retry(self, cases_file: Path) -> None:
        from sqlalchemy.exc import OperationalError

        failing = FakeWarehouse(fail_with=OperationalError("select 1", {}, Exception("down")))
        with pytest.raises(OperationalError):
            run(cases_file, key=f"bd-mukti/incoming/cases/{cases_file.name}", warehouse=failing)
