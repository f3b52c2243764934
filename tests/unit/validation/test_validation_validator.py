"""The one validator gives the same verdict, problems and counts whatever the batch size."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from validation_fixtures import TODAY, canonical_partner, case_row

from pata.contracts import load_contract
from pata.readers import iter_raw_batches, read_raw
from pata.validation import FileValidator, validate


def _write(path: Path, rows: list[dict[str, str | None]]) -> Path:
    names = load_contract("cases").names
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row.get(name) is None else row.get(name) for name in names])
    return path


def _rows(bad: int = 0) -> list[dict[str, str | None]]:
    rows = [case_row(index) for index in range(40)]
    rows[3] = case_row(3, identification_date="2031-01-01")  # future date
    rows[9] = case_row(9, prs_Gender="Other-thing")  # not in the code list
    rows.insert(8, dict(rows[5]))  # row 10 repeats row 7 (same batch with batch_rows=7)
    rows.insert(16, dict(rows[2]))  # row 18 repeats row 4: another batch
    rows.insert(20, case_row(1, prs_FirstName="Someone"))  # row 22: id of row 3, other content
    rows.insert(30, case_row(12, province="PH-01"))  # row 32: id of row 14 (straddles)
    for index in range(bad):
        rows.append(case_row(100 + index, identification_date="not a date"))
    return rows


def _key(problem):
    return (problem.code, problem.row, problem.column, problem.severity, problem.message)


def _both(path: Path, *, share: float = 0.5, batch_rows: int = 7, max_listed: int = 1000):
    partner = canonical_partner()
    whole = validate(
        read_raw(path.read_bytes(), filename=path.name, dataset="cases"),
        partner=partner,
        dataset="cases",
        reject_invalid_share=share,
        today=TODAY,
    )
    validator = FileValidator(
        partner=partner,
        dataset="cases",
        reject_invalid_share=share,
        today=TODAY,
        max_listed=max_listed,
    )
    valid_rows = 0
    for batch in iter_raw_batches(path, filename=path.name, batch_rows=batch_rows):
        valid_rows += len(validator.add(batch))
    return whole, validator.finish(), valid_rows


def test_batches_give_the_whole_file_problems_and_verdict(tmp_path: Path) -> None:
    whole, batched, valid_rows = _both(_write(tmp_path / "cases_2026-03.csv", _rows()))
    assert whole.verdict == batched.verdict == "accepted"
    codes = {p.code for p in whole.problems}
    assert {"duplicate-row", "duplicate-record-id", "future-date"} <= codes
    assert [_key(p) for p in batched.problems] == [_key(p) for p in whole.problems]
    repeats = {(p.code, p.row) for p in batched.problems if p.code.startswith("duplicate")}
    assert repeats == {
        ("duplicate-row", 10),
        ("duplicate-row", 18),
        ("duplicate-record-id", 22),
        ("duplicate-record-id", 32),
    }
    assert (batched.rows_total, batched.rows_valid, batched.rows_invalid) == (
        whole.rows_total,
        whole.rows_valid,
        whole.rows_invalid,
    )
    assert valid_rows == len(whole.valid)
    assert batched.summary_by_code() == whole.summary_by_code()
    pairs = zip(batched.gx_results["results"], whole.gx_results["results"], strict=True)
    for mine, entry in pairs:
        assert (mine["expectation"], mine["code"]) == (entry["expectation"], entry["code"]), entry
        assert (mine["success"], mine["unexpected_count"], mine["observed_value"]) == (
            entry["success"],
            entry["unexpected_count"],
            entry["observed_value"],
        ), entry


def test_threshold_is_judged_on_the_whole_file(tmp_path: Path) -> None:
    whole, batched, _ = _both(_write(tmp_path / "cases_2026-03.csv", _rows(bad=60)), batch_rows=20)
    assert whole.verdict == batched.verdict == "rejected"
    assert whole.blocker == batched.blocker == "too-many-invalid-rows"
    assert [_key(p) for p in batched.problems] == [_key(p) for p in whole.problems]
    assert batched.rows_total == whole.rows_total and batched.rows_valid == 0


def test_listed_problems_are_capped_and_the_rest_counted(tmp_path: Path) -> None:
    whole, batched, _ = _both(
        _write(tmp_path / "cases_2026-03.csv", _rows(bad=30)),
        share=0.9,
        max_listed=5,
        batch_rows=20,
    )
    assert whole.verdict == batched.verdict == "accepted"
    codes = {p.code for p in whole.problems}
    capped = [c for c in codes if sum(p.code == c for p in whole.problems) > 5]
    assert capped  # the date problems of the 30 bad rows
    for code in capped:
        assert sum(p.code == code for p in batched.problems) <= 5 + 1  # + one summary problem
    assert sorted(s[:4] for s in batched.summary_by_code()) == sorted(
        s[:4] for s in whole.summary_by_code()
    )
    assert batched.rows_invalid == whole.rows_invalid


def test_header_blocker_on_the_first_batch(tmp_path: Path) -> None:
    path = tmp_path / "cases_2026-03.csv"
    rows = _rows()
    names = [n for n in load_contract("cases").names if n != "partner_case_id"]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(names)
        for row in rows:
            writer.writerow([row.get(name) or "" for name in names])
    partner = canonical_partner()
    validator = FileValidator(partner=partner, dataset="cases", today=TODAY)
    batches = iter_raw_batches(path, filename=path.name, batch_rows=7)
    assert len(validator.add(next(batches))) == 0
    assert validator.blocker == "missing-column"
    for batch in batches:
        validator.add(batch)
    whole = validate(
        read_raw(path.read_bytes(), filename=path.name),
        partner=partner,
        dataset="cases",
        today=TODAY,
    )
    result = validator.finish()
    assert result.verdict == whole.verdict == "rejected"
    assert result.blocker == whole.blocker
    assert [_key(p) for p in result.problems] == [_key(p) for p in whole.problems]


@pytest.mark.parametrize("batch_rows", [13, 1000])
def test_any_batch_size(tmp_path: Path, batch_rows: int) -> None:
    whole, batched, valid_rows = _both(
        _write(tmp_path / "cases_2026-03.csv", _rows()), batch_rows=batch_rows
    )
    assert [_key(p) for p in batched.problems] == [_key(p) for p in whole.problems]
    assert valid_rows == len(whole.valid)
