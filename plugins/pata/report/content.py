"""What the quarterly report shows, built from published indicator values.

:func:`build_content` turns the rows of ``marts.indicator_values`` (audience ``published``:
aggregates only, small cells already suppressed) into headline cards, trend charts,
per-country and breakdown tables, the data-quality section and the notes. Nothing here
reads a record: the report can only show what the mart holds.

Over 400 lines on purpose: one small builder per section of the report, each reading
the same published rows; split, the order of the report would live in several files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from markupsafe import Markup

from pata.indicators.catalogue import TOTAL, Catalogue, Indicator
from pata.periods import Period, parse_period
from pata.registry import Registry
from pata.report.charts import Bar, Series, bar_chart, trend_chart

SUPPRESSED_MARK = "s"
NOT_REPORTED_MARK = "–"
REGION = "region"
TREND_QUARTERS = 8
QUALITY_INDICATORS = ("DQ-1", "DQ-2")


@dataclass(frozen=True)
class Cell:
    """One table cell as shown: its text, and a kind the stylesheet and the tests use."""

    text: str
    kind: str = "number"  # number | suppressed | missing | label
    detail: str = ""


@dataclass(frozen=True)
class Table:
    """A titled table: column headings and rows of cells (first cell: the row label)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Headline:
    """A headline card: the regional value of an indicator this quarter and the last."""

    code: str
    name: str
    value: Cell
    previous: Cell
    change: str
    unit: str


@dataclass(frozen=True)
class Definition:
    """An indicator's definition, as the notes print it."""

    code: str
    name: str
    line: str
    definition: str
    numerator: str
    denominator: str | None
    unit: str
    period_rule: str
    disaggregations: tuple[str, ...]
    small_cells: bool
    source: str


@dataclass
class ReportContent:
    """Everything the template renders."""

    period: Period
    quarters: tuple[str, ...]
    generated_at: datetime
    refreshed_at: str
    catalogue_version: str
    threshold: int
    headlines: list[Headline] = field(default_factory=list)
    trend_charts: list[Markup] = field(default_factory=list)
    trend_table: Table | None = None
    country_table: Table | None = None
    breakdowns: list[Table] = field(default_factory=list)
    breakdown_charts: list[Markup] = field(default_factory=list)
    quality: list[Table] = field(default_factory=list)
    quality_charts: list[Markup] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    suppression_note: str = ""
    disaggregation_notes: list[tuple[str, str]] = field(default_factory=list)
    suppressed_cells: int = 0
    values_in_quarter: int = 0
    partners: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        """False when the mart holds nothing for the quarter."""
        return self.values_in_quarter > 0


def report_quarters(period: Period, *, count: int = TREND_QUARTERS) -> list[Period]:
    """The ``count`` quarters ending with ``period``, oldest first."""
    from datetime import timedelta

    from pata.periods import quarter_of

    quarters = [period]
    while len(quarters) < count:
        quarters.insert(0, quarter_of(quarters[0].start - timedelta(days=1)))
    return quarters


def build_content(
    values: pd.DataFrame,
    *,
    period: str,
    catalogue: Catalogue,
    registry: Registry,
    generated_at: datetime,
    threshold: int | None = None,
) -> ReportContent:
    """The report's content for quarter ``period`` from published values (several quarters)."""
    quarter = parse_period(period)
    quarters = [q.label for q in report_quarters(quarter)]
    values = values[values["period_label"].isin(quarters)]
    current = values[values["period_label"] == quarter.label]
    refreshed = (
        values["refreshed_at"].max() if "refreshed_at" in values and not values.empty else None
    )
    content = ReportContent(
        period=quarter,
        quarters=tuple(
            q for q in quarters if q in set(values["period_label"]) or q == quarter.label
        ),
        generated_at=generated_at,
        refreshed_at="" if refreshed is None or pd.isna(refreshed) else _moment(refreshed),
        catalogue_version=catalogue.version,
        threshold=threshold or catalogue.published_threshold,
        suppression_note=catalogue.suppression_note,
        suppressed_cells=int(current["suppressed"].sum()) if not current.empty else 0,
        values_in_quarter=len(current),
    )
    areas = _areas(current, registry)
    content.partners = [(code, name, country) for code, name, country in areas if code != REGION]
    lookup = _lookup(values)
    content.headlines = [
        _headline(indicator, lookup, quarter.label, quarters)
        for indicator in catalogue.indicators
        if indicator.headline
    ]
    content.trend_charts = [
        trend_chart(
            content.quarters,
            [
                Series(
                    "Region",
                    tuple(
                        _number(lookup, i.code, q, REGION, TOTAL, TOTAL) for q in content.quarters
                    ),
                )
            ],
            title=f"{i.code} {i.name}",
            unit=i.unit,
        )
        for i in catalogue.indicators
        if i.headline
    ]
    content.trend_table = _trend_table(catalogue, lookup, content.quarters)
    content.country_table = _country_table(catalogue, lookup, quarter.label, areas)
    for indicator in catalogue.indicators:
        if indicator.code in QUALITY_INDICATORS:
            continue
        for disaggregation in indicator.disaggregations:
            content.breakdowns.append(
                _breakdown_table(
                    indicator, disaggregation.name, lookup, quarter.label, areas, catalogue
                )
            )
    lp1 = _optional(catalogue, "LP-1")
    if lp1 is not None:
        content.breakdown_charts.append(
            _region_bars(lp1, "exploitation_type", lookup, quarter.label, catalogue)
        )
        content.breakdown_charts.append(
            _region_bars(lp1, "age_band", lookup, quarter.label, catalogue)
        )
    for code in QUALITY_INDICATORS:
        quality = _optional(catalogue, code)
        if quality is None:
            continue
        content.quality.append(_quality_table(quality, lookup, quarter.label, areas, catalogue))
        content.quality_charts.append(
            bar_chart(
                [
                    Bar(name, _number(lookup, code, quarter.label, area, TOTAL, TOTAL))
                    for area, name, _ in areas
                ],
                title=f"{code} {quality.name}, {quarter.label}",
                unit=quality.unit,
                missing="no data",
            )
        )
    content.definitions = [_definition(indicator, catalogue) for indicator in catalogue.indicators]
    used = sorted({d.name for i in catalogue.indicators for d in i.disaggregations})
    content.disaggregation_notes = [
        (catalogue.disaggregation_label(name), catalogue.disaggregation_notes.get(name, ""))
        for name in used
        if catalogue.disaggregation_notes.get(name)
    ]
    return content


# -- lookups ------------------------------------------------------------------------------

Lookup = Mapping[tuple[str, str, str, str, str], Mapping[str, Any]]


def _lookup(values: pd.DataFrame) -> Lookup:
    found: dict[tuple[str, str, str, str, str], Mapping[str, Any]] = {}
    for row in values.to_dict("records"):
        key = (
            row["indicator_code"],
            row["period_label"],
            row["area_code"],
            row["disaggregation"],
            row["category"],
        )
        found[key] = row
    return found


def _number(
    lookup: Lookup, code: str, period: str, area: str, name: str, category: str
) -> float | None:
    row = lookup.get((code, period, area, name, category))
    if row is None or row["suppressed"] or _missing(row["value"]):
        return None
    return float(row["value"])


def _cell(
    lookup: Lookup, indicator: Indicator, period: str, area: str, name: str, category: str
) -> Cell:
    row = lookup.get((indicator.code, period, area, name, category))
    if row is None:
        return Cell(NOT_REPORTED_MARK, "missing")
    if row["suppressed"]:
        return Cell(SUPPRESSED_MARK, "suppressed")
    if _missing(row["value"]):
        return Cell(NOT_REPORTED_MARK, "missing", "no denominator")
    if indicator.is_rate:
        detail = f"{int(row['numerator']):,} / {int(row['denominator']):,}"
        return Cell(f"{float(row['value']):.1f}%", "number", detail)
    return Cell(f"{float(row['value']):,.0f}", "number")


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _areas(current: pd.DataFrame, registry: Registry) -> list[tuple[str, str, str]]:
    """(area code, display name, country) of every partner in the quarter, then the region."""
    codes = sorted(set(current["area_code"]) - {REGION}) if not current.empty else []
    areas = []
    for code in codes:
        partner = registry.partners.get(code)
        name = f"{partner.name} ({partner.country})" if partner else code
        areas.append((code, name, partner.country if partner else ""))
    areas.append((REGION, "Region (all partners)", ""))
    return areas


def _optional(catalogue: Catalogue, code: str) -> Indicator | None:
    return next((i for i in catalogue.indicators if i.code == code), None)


# -- sections ------------------------------------------------------------------------------


def _headline(
    indicator: Indicator, lookup: Lookup, period: str, quarters: Sequence[str]
) -> Headline:
    previous_label = quarters[-2] if len(quarters) > 1 else None
    now = _cell(lookup, indicator, period, REGION, TOTAL, TOTAL)
    before = (
        _cell(lookup, indicator, previous_label, REGION, TOTAL, TOTAL)
        if previous_label
        else Cell(NOT_REPORTED_MARK, "missing")
    )
    a = _number(lookup, indicator.code, period, REGION, TOTAL, TOTAL)
    b = (
        _number(lookup, indicator.code, previous_label, REGION, TOTAL, TOTAL)
        if previous_label
        else None
    )
    if a is None or b is None:
        change = ""
    elif indicator.is_rate:
        change = f"{a - b:+.1f} points on {previous_label}"
    elif b:
        percent = 100.0 * (a - b) / b
        change = f"{percent:+.{1 if abs(percent) < 10 else 0}f}% on {previous_label}"
    else:
        change = ""
    return Headline(indicator.code, indicator.name, now, before, change, indicator.unit)


def _trend_table(catalogue: Catalogue, lookup: Lookup, quarters: Sequence[str]) -> Table:
    rows = []
    for indicator in catalogue.indicators:
        label = Cell(f"{indicator.code} {indicator.name}", "label")
        cells = [_cell(lookup, indicator, q, REGION, TOTAL, TOTAL) for q in quarters]
        rows.append((label, *cells))
    return Table(
        title="Regional totals by quarter",
        columns=("Indicator", *quarters),
        rows=tuple(rows),
        anchor="trends-table",
    )


def _country_table(
    catalogue: Catalogue, lookup: Lookup, period: str, areas: Sequence[tuple[str, str, str]]
) -> Table:
    rows = []
    for indicator in catalogue.indicators:
        label = Cell(f"{indicator.code} {indicator.name}", "label")
        rows.append(
            (label, *(_cell(lookup, indicator, period, a, TOTAL, TOTAL) for a, _, _ in areas))
        )
    return Table(
        title=f"Indicators by partner and country, {period}",
        columns=("Indicator", *(name for _, name, _ in areas)),
        rows=tuple(rows),
        anchor="countries-table",
    )


def _breakdown_table(
    indicator: Indicator,
    name: str,
    lookup: Lookup,
    period: str,
    areas: Sequence[tuple[str, str, str]],
    catalogue: Catalogue,
) -> Table:
    disaggregation = indicator.disaggregation(name)
    categories = list(disaggregation.categories or ())
    if disaggregation.dynamic:
        categories = sorted(
            {k[4] for k in lookup if k[0] == indicator.code and k[1] == period and k[3] == name}
        )
    rows = []
    parts_of = disaggregation.parts_of
    if parts_of != (TOTAL, TOTAL):
        label = Cell(
            f"{catalogue.disaggregation_label(parts_of[0])}: "
            f"{catalogue.category_label(parts_of[1])}",
            "label",
        )
        rows.append((label, *(_cell(lookup, indicator, period, a, *parts_of) for a, _, _ in areas)))
    else:
        rows.append(
            (
                Cell("Total", "label"),
                *(_cell(lookup, indicator, period, a, TOTAL, TOTAL) for a, _, _ in areas),
            )
        )
    for category in categories:
        label = Cell(catalogue.category_label(category), "label")
        rows.append(
            (label, *(_cell(lookup, indicator, period, a, name, category) for a, _, _ in areas))
        )
    note = disaggregation.note if not disaggregation.additive else ""
    heading = catalogue.disaggregation_label(name).lower()
    return Table(
        title=f"{indicator.code} {indicator.name}: by {heading}",
        columns=(catalogue.disaggregation_label(name), *(n for _, n, _ in areas)),
        rows=tuple(rows),
        note=note,
        anchor=f"{indicator.code}-{name}".lower(),
    )


def _region_bars(
    indicator: Indicator, name: str, lookup: Lookup, period: str, catalogue: Catalogue
) -> Markup:
    disaggregation = indicator.disaggregation(name)
    bars = [
        Bar(catalogue.category_label(c), _number(lookup, indicator.code, period, REGION, name, c))
        for c in disaggregation.categories or ()
    ]
    label = catalogue.disaggregation_label(name).lower()
    return bar_chart(
        bars,
        title=f"{indicator.code} by {label}, region, {period}",
        unit=indicator.unit,
    )


def _quality_table(
    indicator: Indicator,
    lookup: Lookup,
    period: str,
    areas: Sequence[tuple[str, str, str]],
    catalogue: Catalogue,
) -> Table:
    disaggregation = indicator.disaggregation("dataset")
    rows = [
        (
            Cell("All datasets", "label"),
            *(_cell(lookup, indicator, period, a, TOTAL, TOTAL) for a, _, _ in areas),
        )
    ]
    for category in disaggregation.categories or ():
        rows.append(
            (
                Cell(catalogue.category_label(category), "label"),
                *(_cell(lookup, indicator, period, a, "dataset", category) for a, _, _ in areas),
            )
        )
    return Table(
        title=f"{indicator.code} {indicator.name}, {period}",
        columns=("Dataset", *(n for _, n, _ in areas)),
        rows=tuple(rows),
        note=indicator.definition,
        anchor=indicator.code.lower(),
    )


def _definition(indicator: Indicator, catalogue: Catalogue) -> Definition:
    return Definition(
        code=indicator.code,
        name=indicator.name,
        line=indicator.line,
        definition=indicator.definition,
        numerator=indicator.numerator,
        denominator=indicator.denominator,
        unit=indicator.unit,
        period_rule=indicator.period_rule,
        disaggregations=tuple(
            catalogue.disaggregation_label(d.name) for d in indicator.disaggregations
        ),
        small_cells=indicator.small_cells,
        source=", ".join(indicator.source),
    )


def _moment(value: Any) -> str:
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return stamp.strftime("%Y-%m-%d %H:%M UTC")
