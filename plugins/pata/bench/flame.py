"""A flame graph (SVG) of a cProfile run, so the next bottleneck is visible at a glance.

cProfile keeps caller → callee edges with their cumulative time, not whole stacks; the
graph is built from the edges: each function's box is split among its callees in
proportion to the time each edge took (the same approximation flameprof makes). Width is
cumulative time; a box narrower than ``min_share`` of the total is left out. Only function
names, files and times are drawn: no argument or value of the profiled run.
"""

from __future__ import annotations

import html
import pstats
from pathlib import Path

Func = tuple[str, int, str]

WIDTH = 1600
ROW = 17
MAX_DEPTH = 60


def render_flame_svg(
    stats: pstats.Stats, out: Path, *, title: str, min_share: float = 0.003
) -> Path:
    """Write the flame graph of ``stats`` to ``out``; return ``out``."""
    table = stats.stats  # type: ignore[attr-defined]
    callees: dict[Func, list[tuple[Func, float]]] = {}
    for func, (_cc, _nc, _tt, _ct, callers) in table.items():
        for caller, edge in callers.items():
            callees.setdefault(caller, []).append((func, float(edge[3])))
    # A root is what was called from outside the profile: its time beyond its callers' edges.
    roots = {
        func: float(entry[3]) - sum(float(edge[3]) for edge in entry[4].values())
        for func, entry in table.items()
    }
    roots = {func: seconds for func, seconds in roots.items() if seconds > 1e-6}
    total = sum(roots.values()) or 1.0
    boxes: list[tuple[float, int, float, Func, float]] = []

    def place(func: Func, x: float, width: float, depth: int, seen: frozenset[Func]) -> None:
        if width / total < min_share or depth > MAX_DEPTH:
            return
        boxes.append((x, depth, width, func, width))
        own = float(table[func][3]) or 1.0
        scale = min(1.0, width / own)
        for child, seconds in sorted(callees.get(func, []), key=lambda edge: -edge[1]):
            if child in seen:
                continue
            place(child, x, seconds * scale, depth + 1, seen | {child})
            x += seconds * scale

    x = 0.0
    for root, seconds in sorted(roots.items(), key=lambda item: -item[1]):
        place(root, x, seconds, 0, frozenset({root}))
        x += seconds
    depth = max((box[1] for box in boxes), default=0) + 1
    height = (depth + 2) * ROW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        'font-family="monospace" font-size="11">',
        f'<text x="4" y="{ROW - 4}">{html.escape(title)} — {total:.1f} s profiled '
        "(width: cumulative time; hover for details)</text>",
    ]
    for left, level, width, func, seconds in boxes:
        px, pw = left / total * WIDTH, max(width / total * WIDTH, 0.5)
        py = height - (level + 1) * ROW
        name = _name(func)
        hue = 20 + (hash(func[0]) % 40)
        label = html.escape(name if pw > 7 * len(name) else name[: max(0, int(pw / 7) - 1)])
        parts.append(
            f"<g><title>{html.escape(name)} ({html.escape(func[0])}:{func[1]}) "
            f"{seconds:.2f} s, {100 * seconds / total:.1f} %</title>"
            f'<rect x="{px:.1f}" y="{py}" width="{pw:.1f}" height="{ROW - 1}" '
            f'fill="hsl({hue},85%,60%)"/>'
            f'<text x="{px + 2:.1f}" y="{py + ROW - 5}">{label}</text></g>'
        )
    parts.append("</svg>")
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def _name(func: Func) -> str:
    filename, _line, name = func
    module = Path(filename).stem if filename not in ("~", "") else ""
    return f"{module}.{name}" if module else name
