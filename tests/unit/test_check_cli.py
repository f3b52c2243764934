"""``pata check``: the partner's offline pre-check, with exit codes a script can use."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pata.cli import main
from pata.contracts import load_contract

CASES = load_contract("cases")
REHABILITATION = load_contract("rehabilitation")


def case(index: int, **changes: str) -> dict[str, str]:
    row = {
        "partner_case_id": f"C-{index:04d}",
        "identification_date": "2026-03-15",
        "province": "PH-00",
        "prs_FirstName": f"Person{index}",
        "prs_Gender": "Feminine",
        "vic_TraffickingStatus": "ActualVictimOfTrafficking",
        "vic_TypeOfExploitation": "ForcedLabour",
        "hte_Country": "MY",
        "cas_Status": "Active",
        "con_Consent": "true",
    }
    row.update(changes)
    return row


def write_csv(path: Path, names, rows) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    writer.writerows([[row.get(name, "") for name in names] for row in rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def check(path: Path, *extra: str, dataset: str = "cases", partner: str = "ph-bayanihan") -> int:
    return main(["check", str(path), "--partner", partner, "--dataset", dataset, *extra])


class TestCheckCommand:
    def test_an_acceptable_file_exits_zero_and_writes_the_report(self, tmp_path, capsys):
        rows = [case(i) for i in range(5)] + [case(9, prs_Gender="Unknown?")]
        path = write_csv(tmp_path / "cases_2026-03.csv", CASES.names, rows)
        report = tmp_path / "out.html"
        assert check(path, "--report", str(report), "--json", str(tmp_path / "out.json")) == 0
        out = capsys.readouterr().out
        assert "ACCEPTED" in out and "unknown-code" in out and "prs_Gender: 1 rows 7" in out
        assert report.read_text(encoding="utf-8").startswith("<!doctype html>")
        document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        assert document["counts"] == {"rows_total": 6, "rows_valid": 5, "rows_invalid": 1}
        assert document["status"] == "accepted"

    def test_a_file_that_would_be_rejected_exits_one(self, tmp_path, capsys):
        names = [n for n in CASES.names if n != "cas_Status"]
        path = write_csv(tmp_path / "cases.csv", names, [case(1)])
        assert check(path, "--report", str(tmp_path / "r.html")) == 1
        out = capsys.readouterr().out
        assert "REJECTED" in out and "missing-column" in out and "cas_Status" in out

    def test_an_unreadable_file_exits_one_with_a_report(self, tmp_path, capsys):
        path = tmp_path / "empty.csv"
        path.write_bytes(b"")
        report = tmp_path / "r.html"
        assert check(path, "--report", str(report)) == 1
        assert "empty-file" in capsys.readouterr().out
        assert "empty-file" in report.read_text(encoding="utf-8")

    def test_the_default_report_goes_to_the_current_directory(self, tmp_path, monkeypatch):
        path = write_csv(tmp_path / "in.csv", CASES.names, [case(1)])
        monkeypatch.chdir(tmp_path)
        assert check(path) == 0
        assert (tmp_path / "in.csv.feedback.html").is_file()

    def test_case_numbers_are_checked_against_the_given_cases_files(self, tmp_path, capsys):
        cases = write_csv(tmp_path / "cases.csv", CASES.names, [case(1), case(2)])
        enrolment = {
            "enrolment_id": "E-1",
            "status_date": "2026-05-31",
            "prs_FirstName": "Person1",
            "prs_Gender": "Feminine",
            "training_type": "driving",
            "start_date": "2026-02-01",
            "outcome": "ongoing",
            "con_Consent": "true",
        }
        rows = [
            {**enrolment, "enrolment_id": f"E-{i}", "partner_case_id": f"C-{i:04d}"}
            for i in (1, 2, 3, 1)
        ]
        rows[3]["enrolment_id"] = "E-4"
        path = write_csv(tmp_path / "rehab.csv", REHABILITATION.names, rows)
        args = ("--report", str(tmp_path / "r.html"))
        assert check(path, *args, "--cases", str(cases), dataset="rehabilitation") == 0
        out = capsys.readouterr().out
        assert "unknown-case-reference" in out and "partner_case_id: 1 rows 4" in out
        assert check(path, *args, dataset="rehabilitation") == 0
        assert "reference-check-skipped" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("partner", "dataset", "code"),
        [("nobody", "cases", "unknown-partner"), ("ph-bayanihan", "nothing", "unknown-dataset")],
    )
    def test_unknown_partner_or_dataset_is_a_clear_error(
        self, tmp_path, capsys, partner, dataset, code
    ):
        path = write_csv(tmp_path / "x.csv", CASES.names, [case(1)])
        assert check(path, partner=partner, dataset=dataset) == 2
        assert f"[{code}]" in capsys.readouterr().err

    def test_a_missing_file_is_a_usage_error(self, tmp_path, capsys):
        assert check(tmp_path / "nowhere.csv") == 2
        err = capsys.readouterr().err
        assert "no such file" in err and "Traceback" not in err

    def test_an_internal_error_exits_two_without_a_traceback(self, tmp_path, capsys, monkeypatch):
        import pata.validation.validator as validator

        def broken(self, raw):
            raise RuntimeError("a value 0812345678 in the message")

        monkeypatch.setattr(validator.FileValidator, "add", broken)
        path = write_csv(tmp_path / "cases_2026-03.csv", CASES.names, [case(1)])
        assert check(path) == 2
        captured = capsys.readouterr()
        assert "internal error (RuntimeError)" in captured.err
        assert "0812345678" not in captured.err + captured.out
        assert "Traceback" not in captured.err


class TestStrangeFiles:
    """Odd bytes become coded, positioned problems, never exceptions."""

    def test_a_nul_character_in_a_cell_is_a_positioned_problem(self, tmp_path, capsys):
        path = write_csv(
            tmp_path / "cases_2026-03.csv",
            CASES.names,
            [case(1), case(2, prs_FirstName="Ma\x00ria"), case(3)],
        )
        assert check(path, "--json", str(tmp_path / "out.json")) == 0
        document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        [problem] = [p for p in document["problems"] if p["code"] == "nul-character"]
        assert (problem["row"], problem["column"]) == (3, "prs_FirstName")
        assert document["counts"]["rows_invalid"] == 1

    def test_a_sep_line_naming_an_unusable_delimiter_is_rejected(self, tmp_path, capsys):
        path = write_csv(tmp_path / "cases_2026-03.csv", CASES.names, [case(1)])
        path.write_bytes("sep=€\n".encode() + path.read_bytes())
        assert check(path) == 1
        assert "unsupported-delimiter" in capsys.readouterr().out

    def test_a_column_named_like_the_row_numbers_is_reported_not_fatal(self, tmp_path, capsys):
        rows = [{**case(i), "__row": "x"} for i in range(3)]
        path = write_csv(tmp_path / "cases_2026-03.csv", [*CASES.names, "__row"], rows)
        assert check(path, "--json", str(tmp_path / "out.json")) == 0
        document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        assert "reserved-column-name" in {p["code"] for p in document["problems"]}
        assert document["counts"]["rows_valid"] == 3
