"""CSV and XLSX of the report's numbers, escaped against formula injection.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) as a formula. Every text cell that does is prefixed with an apostrophe
(OWASP's advice), and XLSX cells are written as strings, never formulas. Numbers stay
numbers. Only aggregate, already suppressed values reach these files.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pata.indicators.catalogue import Catalogue
from pata.registry import Registry

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS: tuple[str, ...] = (
    "period",
    "indicator_code",
    "indicator_name",
    "area_level",
    "area_code",
    "area_name",
    "country_code",
    "disaggregation",
    "disaggregation_label",
    "category",
    "category_label",
    "value",
    "numerator",
    "denominator",
    "unit",
    "suppressed",
    "suppression_reason",
    "catalogue_version",
)


def escape_formula(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell: text that a spreadsheet would run gets "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_rows(
    values: pd.DataFrame, *, catalogue: Catalogue, registry: Registry
) -> list[dict[str, Any]]:
    """The rows of the CSV and XLSX: one per published value, with readable labels."""
    rows = []
    for row in values.to_dict("records"):
        partner = registry.partners.get(str(row["area_code"]))
        suppressed = bool(row["suppressed"])
        rows.append(
            {
                "period": row["period_label"],
                "indicator_code": row["indicator_code"],
                "indicator_name": catalogue.indicator(row["indicator_code"]).name,
                "area_level": row["area_level"],
                "area_code": row["area_code"],
                "area_name": partner.name if partner else "Region (all partners)",
                "country_code": _plain(row.get("country_code")) or "",
                "disaggregation": row["disaggregation"],
                "disaggregation_label": catalogue.disaggregation_label(row["disaggregation"]),
                "category": row["category"],
                "category_label": catalogue.category_label(row["category"]),
                "value": None if suppressed else _number(row["value"]),
                "numerator": None if suppressed else _number(row["numerator"]),
                "denominator": None if suppressed else _number(row["denominator"]),
                "unit": catalogue.indicator(row["indicator_code"]).unit,
                "suppressed": "yes" if suppressed else "no",
                "suppression_reason": _plain(row.get("suppression_reason")) or "",
                "catalogue_version": catalogue.version,
            }
        )
    return rows


def write_csv(rows: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Write ``rows`` as UTF-8 CSV (with BOM, so spreadsheets read the scripts right)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow(
                ["" if row[c] is None else escape_formula(row[c]) for c in EXPORT_COLUMNS]
            )
    return path


def write_xlsx(
    rows: Sequence[Mapping[str, Any]], path: Path, *, catalogue: Catalogue, title: str
) -> Path:
    """Write ``rows`` to an XLSX workbook: the values, the definitions and the notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Indicators"
    _append(sheet, list(EXPORT_COLUMNS), bold=Font(bold=True))
    for row in rows:
        _append(sheet, [row[c] for c in EXPORT_COLUMNS])
    sheet.freeze_panes = "A2"
    definitions = workbook.create_sheet("Definitions")
    header = [
        "code",
        "name",
        "line",
        "definition",
        "numerator",
        "denominator",
        "unit",
        "period_rule",
        "disaggregations",
        "small_cells_suppressed",
        "source",
    ]
    _append(definitions, header, bold=Font(bold=True))
    for indicator in catalogue.indicators:
        _append(
            definitions,
            [
                indicator.code,
                indicator.name,
                indicator.line,
                indicator.definition,
                indicator.numerator,
                indicator.denominator or "",
                indicator.unit,
                indicator.period_rule,
                ", ".join(d.name for d in indicator.disaggregations),
                "yes" if indicator.small_cells else "no",
                ", ".join(indicator.source),
            ],
        )
    notes = workbook.create_sheet("Notes")
    _append(notes, [title])
    _append(notes, [f"Indicator catalogue {catalogue.version}"])
    _append(notes, [catalogue.suppression_note])
    _append(notes, ["Suppressed cells are empty, with suppressed = yes and the reason."])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _append(sheet: Any, values: Sequence[Any], *, bold: Any = None) -> None:
    """Append one row; text is escaped and stored as a string, never a formula."""
    sheet.append([None] * len(values))
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = escape_formula(value)
            cell.data_type = "s"
        else:
            cell.value = value
        if bold is not None:
            cell.font = bold


def _number(value: Any) -> int | float | None:
    value = _plain(value)
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value
