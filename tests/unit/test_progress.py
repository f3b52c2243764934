"""Progress shows on a terminal only; in logs and CI it is silent."""

from __future__ import annotations

import io
import sys

from pata.progress import interactive, progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_stderr_is_not_a_terminal(monkeypatch, capsys) -> None:
    monkeypatch.delenv("CI", raising=False)
    with progress("rows") as shown:
        shown.advance(10)
    assert capsys.readouterr() == ("", "")


def test_progress_is_silent_under_ci_even_on_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stderr", _Tty())
    monkeypatch.setenv("CI", "true")
    assert not interactive()


def test_progress_counts_rows_on_a_terminal(monkeypatch) -> None:
    terminal = _Tty()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    assert interactive()
    with progress("processing cases.csv") as shown:
        shown.advance(1_234)
        shown.advance(1)
    assert "processing cases.csv" in terminal.getvalue()
    assert "1,235 rows" in terminal.getvalue()
