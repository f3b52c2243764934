"""Inline SVG charts for the quarterly report: no script, no font file, no network.

Each function returns an SVG fragment as :class:`markupsafe.Markup`, built from numbers and
labels that are escaped here, so the template can place it as is. Suppressed or missing
values are drawn as gaps and labelled, never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

PALETTE = ("#1f5f8b", "#c8553d", "#588157", "#8e6c8a", "#d49a2a", "#4a4e69")
_FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\""


@dataclass(frozen=True)
class Bar:
    """One bar: a label and a value (None when suppressed or missing)."""

    label: str
    value: float | None
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: a name and one value per period (None = gap)."""

    name: str
    values: tuple[float | None, ...]


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    missing: str = "suppressed",
) -> Markup:
    """A horizontal bar chart; a bar without value shows ``missing`` instead of a bar."""
    row, left, right, top = 24, 210, 90, 30
    height = top + row * max(1, len(bars)) + 10
    known = [b.value for b in bars if b.value is not None]
    scale_max = max(known) if known and max(known) > 0 else 1.0
    span = width - left - right
    parts = [_open(width, height, title), _title(title)]
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(_clip(bar.label, 32))}</text>"
        )
        if bar.value is None:
            parts.append(
                f'<text x="{left + 4}" y="{y + 15}" font-size="11" fill="#6b6b6b" '
                f'font-style="italic">{escape(missing)}</text>'
            )
            continue
        length = max(1.0, span * bar.value / scale_max) if bar.value > 0 else 0.0
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
            f'fill="{PALETTE[0]}"><title>{escape(bar.label)}: '
            f"{escape(_number(bar.value, unit))}</title></rect>"
        )
        parts.append(
            f'<text x="{left + length + 6:.1f}" y="{y + 15}" font-size="12">'
            f"{escape(_number(bar.value, unit))}{escape(bar.note)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def trend_chart(
    periods: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    height: int = 220,
) -> Markup:
    """A line chart over periods; a None value breaks the line (suppressed or no data)."""
    left, right, top, bottom = 56, 34, 30, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [v for s in series for v in s.values if v is not None]
    upper = _nice_ceiling(max(known) if known else 1.0)
    step_x = plot_w / max(1, len(periods) - 1)
    parts = [_open(width, height, title), _title(title)]
    for tick in range(5):
        value = upper * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#555">'
            f"{escape(_number(value, unit))}</text>"
        )
    for index, period in enumerate(periods):
        x = left + step_x * index if len(periods) > 1 else left + plot_w / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="10" '
            f'fill="#555">{escape(period)}</text>'
        )
    for number, line in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points: list[tuple[float, float, float]] = []
        for index, point in enumerate(line.values):
            if point is None:
                parts.append(_polyline(points, colour))
                points = []
                continue
            x = left + step_x * index if len(periods) > 1 else left + plot_w / 2
            y = top + plot_h - plot_h * (point / upper if upper else 0)
            points.append((x, y, point))
        parts.append(_polyline(points, colour))
        for index, point in enumerate(line.values):
            if point is None:
                continue
            x = left + step_x * index if len(periods) > 1 else left + plot_w / 2
            y = top + plot_h - plot_h * (point / upper if upper else 0)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>'
                f"{escape(line.name)} {escape(periods[index])}: {escape(_number(point, unit))}"
                "</title></circle>"
            )
    legend_y = height - 10
    for number, line in enumerate(series):
        x = left + number * 150
        colour = PALETTE[number % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 14}" y="{legend_y}" font-size="11">'
            f"{escape(_clip(line.name, 22))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def _polyline(points: list[tuple[float, float, float]], colour: str) -> str:
    if len(points) < 2:
        return ""
    coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
    return f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2"/>'


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {_FONT}>'
    )


def _title(title: str) -> str:
    return f'<text x="0" y="16" font-size="13" font-weight="600">{escape(title)}</text>'


def _number(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:.1f}%"
    return f"{value:,.0f}"


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
