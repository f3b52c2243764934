"""``pata synth`` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pata.cli import main
from pata.synth import load_manifest


class TestSynthCommand:
    def test_writes_files_and_prints_a_line_per_dataset(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(
            [
                "synth",
                "--out",
                str(tmp_path),
                "--partners",
                "kh-ksp,th-bsn",
                "--months",
                "1",
                "--end",
                "2026-03",
                "--seed",
                "4",
                "--defects",
                "0.1",
            ]
        )
        assert code == 0
        lines = capsys.readouterr().out.splitlines()
        assert [line.split()[0] for line in lines[:4]] == [
            "awareness_sessions",
            "cases",
            "rehabilitation",
            "network_events",
        ]
        manifest = load_manifest(tmp_path)
        assert {r.partner for r in manifest.files} == {"kh-ksp", "th-bsn"}
        assert manifest.generated_for["end"] == "2026-03"

    def test_unknown_partner_exits_with_a_coded_message(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(["synth", "--out", str(tmp_path), "--partners", "xx-nobody"])
        assert code == 1
        assert "[unknown-partner]" in capsys.readouterr().err

    def test_bad_month_is_a_usage_error(self, tmp_path: Path) -> None:
        with pytest.raises(SystemExit):
            main(["synth", "--out", str(tmp_path), "--end", "March"])
