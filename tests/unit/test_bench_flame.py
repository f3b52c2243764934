"""The flame graph of a cProfile run: every hot function drawn, widths as shares of time."""

from __future__ import annotations

import cProfile
import pstats
import re
from pathlib import Path

from pata.bench.flame import WIDTH, render_flame_svg


def _square_sum(n: int) -> int:
    return sum(i * i for i in range(n))


def _hot_loop() -> list[int]:
    return [_square_sum(20_000) for _ in range(30)]


def test_the_flame_graph_draws_the_hot_path(tmp_path: Path) -> None:
    profile = cProfile.Profile()
    profile.enable()
    _hot_loop()
    _square_sum(200_000)  # also called from outside the profiled caller: a second root
    profile.disable()
    out = render_flame_svg(pstats.Stats(profile), tmp_path / "flame.svg", title="a test")
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "test_bench_flame._hot_loop" in svg and "test_bench_flame._square_sum" in svg
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"', svg)]
    assert widths and max(widths) <= WIDTH
    roots = re.findall(r'y="(\d+)" width="([\d.]+)"', svg)
    bottom = max(int(y) for y, _ in roots)
    assert sum(float(w) for y, w in roots if int(y) == bottom) <= WIDTH + 1
