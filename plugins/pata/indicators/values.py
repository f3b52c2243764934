"""From raw indicator cells to the rows of ``marts.indicator_values``.

The raw cells come from the SQL of each indicator: one row per partner, quarter,
disaggregation and category with an unsuppressed numerator (and, for a rate with its own
denominator, the denominator). Here, in pure pandas:

1. :func:`complete_cells` adds the zero cells (every category of a fixed breakdown, for
   every partner and quarter the partner reported on) and the linked denominators;
2. :func:`add_region` adds the regional roll-up, summed from the UNSUPPRESSED partner cells;
3. :func:`suppress_values` suppresses small cells (primary and complementary, through
   :mod:`pata.indicators.suppression`) and turns counts and rates into values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from pata.errors import PataError
from pata.indicators.catalogue import TOTAL, Catalogue, Indicator
from pata.indicators.suppression import COMPLEMENTARY, SMALL_CELL, Group, suppress

REGION = "region"
"""area_code of the regional roll-up (all partners)."""
PARTNER_LEVEL = "partner"
REGION_LEVEL = "region"
RAW_COLUMNS: tuple[str, ...] = (
    "indicator_code",
    "period_label",
    "partner_code",
    "disaggregation",
    "category",
    "numerator",
    "denominator",
)
"""Columns of a raw cells frame (one partner, quarter, disaggregation and category)."""
VALUE_COLUMNS: tuple[str, ...] = (
    "indicator_code",
    "period_label",
    "area_level",
    "area_code",
    "country_code",
    "disaggregation",
    "category",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "suppression_reason",
)
"""Columns of a values frame (what marts.indicator_values holds, less the bookkeeping)."""
RATE_NUMERATOR = "rate-numerator"
RATE_DENOMINATOR = "rate-denominator"
_CELL = ["indicator_code", "period_label", "area_code", "disaggregation", "category"]


class IndicatorError(PataError):
    """Computed cells contradict the catalogue (an unknown category, a negative complement)."""

    code = "indicator-error"


@dataclass(frozen=True)
class Coverage:
    """Which partner reported which dataset for which quarter, and each partner's country."""

    reported: frozenset[tuple[str, str, str]]
    """(partner_code, dataset, quarter label) with an accepted file for a period of the quarter."""
    countries: Mapping[str, str]
    """partner_code -> ISO country code."""


def empty_raw_cells() -> pd.DataFrame:
    """A raw cells frame with no row and the right columns and dtypes."""
    return _typed_raw(pd.DataFrame({name: [] for name in RAW_COLUMNS}))


def complete_cells(raw: pd.DataFrame, *, catalogue: Catalogue, coverage: Coverage) -> pd.DataFrame:
    """Raw cells with their zero cells and linked denominators; unknown categories raise."""
    frames = [_typed_raw(raw)]
    quarters = sorted({label for _, _, label in coverage.reported})
    for indicator in catalogue.indicators:
        partners_quarters = sorted(
            {(p, q) for p, d, q in coverage.reported if d in indicator.datasets and q in quarters}
        )
        if not partners_quarters:
            continue
        zero_rows = [
            (indicator.code, quarter, partner, disaggregation, category)
            for partner, quarter in partners_quarters
            for disaggregation, category in _fixed_cells(indicator)
        ]
        zeros = pd.DataFrame(zero_rows, columns=list(RAW_COLUMNS[:5]))
        zeros["numerator"] = 0
        zeros["denominator"] = (
            0 if indicator.is_rate and indicator.denominator_from is None else None
        )
        frames.append(_typed_raw(zeros))
    cells = pd.concat(frames, ignore_index=True)
    key = ["indicator_code", "period_label", "partner_code", "disaggregation", "category"]
    cells = cells.drop_duplicates(subset=key, keep="first").reset_index(drop=True)
    _check_categories(cells, catalogue)
    cells = _link_denominators(cells, catalogue)
    return cells.sort_values(key, kind="stable").reset_index(drop=True)


def add_region(cells: pd.DataFrame, *, countries: Mapping[str, str]) -> pd.DataFrame:
    """Partner cells with area columns, plus the regional roll-up summed from them."""
    partners = cells.copy()
    partners["area_level"] = PARTNER_LEVEL
    partners["area_code"] = partners["partner_code"]
    partners["country_code"] = partners["partner_code"].map(dict(countries)).astype("string")
    group = ["indicator_code", "period_label", "disaggregation", "category"]
    region = (
        partners.groupby(group, sort=True, dropna=False)
        .agg(
            numerator=("numerator", "sum"),
            denominator=("denominator", lambda s: s.sum(min_count=1)),
        )
        .reset_index()
    )
    region["partner_code"] = pd.NA
    region["area_level"] = REGION_LEVEL
    region["area_code"] = REGION
    region["country_code"] = pd.NA
    both = pd.concat([partners, region[partners.columns]], ignore_index=True)
    for name in ("numerator", "denominator"):
        both[name] = both[name].astype("Int64")
    for name in ("partner_code", "area_level", "area_code", "country_code"):
        both[name] = both[name].astype("string")
    return both


def suppress_values(cells: pd.DataFrame, *, catalogue: Catalogue, threshold: int) -> pd.DataFrame:
    """The values frame: counts and rates, small cells suppressed at ``threshold``.

    ``cells`` is the output of :func:`add_region`. Suppressed rows show no number at all
    (value, numerator and denominator are null).
    """
    cells = cells.reset_index(drop=True)
    counts, protected, groups = _suppression_inputs(cells, catalogue)
    found = suppress(counts, protected=protected, groups=groups, threshold=threshold)
    reasons = {
        key: reason for key, reason in zip(counts.index, found.tolist(), strict=True) if reason
    }
    rows = []
    for record in cells.to_dict("records"):
        indicator = catalogue.indicator(record["indicator_code"])
        rows.append(_value_row(record, indicator, reasons))
    values = pd.DataFrame(rows, columns=list(VALUE_COLUMNS))
    values["value"] = values["value"].astype("Float64")
    for name in ("numerator", "denominator"):
        values[name] = values[name].astype("Int64")
    values["suppressed"] = values["suppressed"].astype(bool)
    for name in ("area_level", "area_code", "country_code", "suppression_reason"):
        values[name] = values[name].astype("string")
    return values


def build_values(
    raw: pd.DataFrame, *, catalogue: Catalogue, coverage: Coverage, threshold: int
) -> pd.DataFrame:
    """Raw cells -> completed -> regional roll-up -> suppressed values, in one call."""
    completed = complete_cells(raw, catalogue=catalogue, coverage=coverage)
    return suppress_values(
        add_region(completed, countries=coverage.countries),
        catalogue=catalogue,
        threshold=threshold,
    )


# -- completion ---------------------------------------------------------------------------


def _fixed_cells(indicator: Indicator) -> Iterable[tuple[str, str]]:
    yield TOTAL, TOTAL
    for disaggregation in indicator.disaggregations:
        for category in disaggregation.categories or ():
            yield disaggregation.name, category


def _check_categories(cells: pd.DataFrame, catalogue: Catalogue) -> None:
    for (code, name), found in cells.groupby(["indicator_code", "disaggregation"], sort=True):
        indicator = catalogue.indicator(str(code))
        disaggregation = indicator.disaggregation(str(name))
        if disaggregation.categories is None:
            continue
        unknown = sorted(set(found["category"]) - set(disaggregation.categories))
        if unknown:
            raise IndicatorError(
                f"{code}: categories {', '.join(map(str, unknown))} of {name} "
                "are not in the catalogue"
            )


def _link_denominators(cells: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """A rate's denominator cell is the linked count's cell (its total: the linked total)."""
    for indicator in catalogue.indicators:
        link = indicator.denominator_from
        if link is None:
            continue
        base = cells[cells["indicator_code"] == link.indicator]
        wanted = {TOTAL} | {d.name for d in indicator.disaggregations}
        base = base[base["disaggregation"].isin(wanted - {TOTAL})]
        base_total = cells[
            (cells["indicator_code"] == link.indicator)
            & (cells["disaggregation"] == link.total[0])
            & (cells["category"] == link.total[1])
        ].assign(disaggregation=TOTAL, category=TOTAL)
        source = pd.concat([base, base_total], ignore_index=True)
        source = source[["period_label", "partner_code", "disaggregation", "category", "numerator"]]
        source = source.rename(columns={"numerator": "linked"})
        own = cells[cells["indicator_code"] == indicator.code]
        merged = own.merge(
            source, on=["period_label", "partner_code", "disaggregation", "category"], how="outer"
        )
        merged["indicator_code"] = indicator.code
        merged["numerator"] = merged["numerator"].fillna(0)
        merged["denominator"] = merged["linked"].fillna(0)
        merged = merged.drop(columns=["linked"])
        cells = pd.concat(
            [cells[cells["indicator_code"] != indicator.code], _typed_raw(merged)],
            ignore_index=True,
        )
    return cells


def _typed_raw(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.loc[:, list(RAW_COLUMNS)].copy()
    for name in RAW_COLUMNS[:5]:
        typed[name] = typed[name].astype("string")
    for name in ("numerator", "denominator"):
        typed[name] = pd.to_numeric(typed[name]).astype("Int64")
    return typed


# -- suppression ---------------------------------------------------------------------------


def _series(indicator: Indicator, part: str) -> str:
    return indicator.code if part == "count" else f"{indicator.code}:{part}"


def _suppression_inputs(
    cells: pd.DataFrame, catalogue: Catalogue
) -> tuple[pd.Series, pd.Series, list[Group]]:
    """The counts under the small-cell rule, indexed by (series, period, area, disaggregation,
    category), and the additive groups that tie them."""
    entries: dict[tuple[str, ...], int] = {}
    for record in cells.to_dict("records"):
        indicator = catalogue.indicator(record["indicator_code"])
        if not indicator.small_cells:
            continue
        where = (
            record["period_label"],
            record["area_code"],
            record["disaggregation"],
            record["category"],
        )
        numerator = int(record["numerator"])
        if not indicator.is_rate:
            entries[(_series(indicator, "count"), *where)] = numerator
            continue
        denominator = int(record["denominator"])
        if numerator > denominator:
            raise IndicatorError(
                f"{indicator.code} {record['period_label']} {record['area_code']}: the numerator "
                "exceeds the denominator"
            )
        entries[(_series(indicator, "numerator"), *where)] = numerator
        entries[(_series(indicator, "complement"), *where)] = denominator - numerator
        if indicator.denominator_from is None:
            entries[(_series(indicator, "denominator"), *where)] = denominator
    counts = pd.Series(entries, dtype="int64")
    counts.index = pd.Index(list(entries.keys()), tupleize_cols=False)
    protected = pd.Series(True, index=counts.index)
    groups = _groups(entries, catalogue)
    return counts, protected, groups


def _groups(entries: Mapping[tuple[str, ...], int], catalogue: Catalogue) -> list[Group]:
    groups: list[Group] = []
    by_series_cell: dict[tuple[str, str, str, str], list[tuple[str, ...]]] = {}
    by_series_area: dict[tuple[str, str, str, str], list[tuple[str, ...]]] = {}
    for key in entries:
        series, period, area, disaggregation, category = key
        by_series_cell.setdefault((series, period, disaggregation, category), []).append(key)
        by_series_area.setdefault((series, period, area, disaggregation), []).append(key)
    # Partners add up to the region, for every series and cell.
    for (series, period, disaggregation, category), keys in by_series_cell.items():
        total = (series, period, REGION, disaggregation, category)
        parts = tuple(k for k in keys if k[2] != REGION)
        if total in entries and parts:
            groups.append(Group(parts=parts, total=total))
    # Categories of an additive breakdown add up to their parts_of cell.
    for (series, period, area, disaggregation), keys in by_series_area.items():
        if disaggregation == TOTAL:
            continue
        indicator = catalogue.indicator(series.split(":")[0])
        spec = indicator.disaggregation(disaggregation)
        if not spec.additive:
            continue
        total = (series, period, area, *spec.parts_of)
        if total in entries:
            groups.append(Group(parts=tuple(keys), total=total))
    # A rate's numerator and complement add up to its denominator.
    for key in entries:
        series, period, area, disaggregation, category = key
        if not series.endswith(":numerator"):
            continue
        indicator = catalogue.indicator(series.split(":")[0])
        complement = (_series(indicator, "complement"), period, area, disaggregation, category)
        groups.append(Group(parts=(key, complement), total=_denominator_key(indicator, key)))
    return groups


def _denominator_key(indicator: Indicator, numerator_key: tuple[str, ...]) -> tuple[str, ...]:
    _series_name, period, area, disaggregation, category = numerator_key
    link = indicator.denominator_from
    if link is None:
        return (_series(indicator, "denominator"), period, area, disaggregation, category)
    if disaggregation == TOTAL:
        return (link.indicator, period, area, *link.total)
    return (link.indicator, period, area, disaggregation, category)


def _value_row(
    record: Mapping[str, object], indicator: Indicator, reasons: Mapping[tuple[str, ...], str]
) -> dict[str, object]:
    where = (
        str(record["period_label"]),
        str(record["area_code"]),
        str(record["disaggregation"]),
        str(record["category"]),
    )
    numerator = int(record["numerator"])  # type: ignore[call-overload]
    denominator = None if pd.isna(record["denominator"]) else int(record["denominator"])  # type: ignore[call-overload]
    reason: str | None = None
    if indicator.small_cells and not indicator.is_rate:
        reason = reasons.get((_series(indicator, "count"), *where))
    elif indicator.small_cells:
        numerator_key = (_series(indicator, "numerator"), *where)
        complement_key = (_series(indicator, "complement"), *where)
        denominator_key = _denominator_key(indicator, numerator_key)
        hidden = {
            name: reasons.get(key)
            for name, key in (("n", numerator_key), ("c", complement_key), ("d", denominator_key))
        }
        if hidden["d"]:
            reason = RATE_DENOMINATOR
        elif hidden["n"] or hidden["c"]:
            reason = RATE_NUMERATOR
    value: float | None
    if indicator.is_rate:
        value = None if not denominator else round(100.0 * numerator / denominator, 1)
    else:
        value = float(numerator)
    row = {name: record.get(name) for name in VALUE_COLUMNS}
    row.update(
        value=value,
        numerator=numerator,
        denominator=denominator,
        suppressed=reason is not None,
        suppression_reason=reason,
    )
    if reason is not None:
        row.update(value=None, numerator=None, denominator=None)
    return row


__all__ = [
    "COMPLEMENTARY",
    "REGION",
    "SMALL_CELL",
    "Coverage",
    "IndicatorError",
    "add_region",
    "build_values",
    "complete_cells",
    "empty_raw_cells",
    "suppress_values",
]
