"""An independent conformance checker for synthetic exports, written for the tests.

It reads a generated file the way a careful reader would (BOM-detected encoding, sniffed
delimiter, openpyxl, JSON array or lines), maps headers and labels through the partner
registry, and checks every row against the dataset contract. It shares no code with the
generator, so when both agree the generator, the registry and the contracts agree.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pata.contracts import Contract
from pata.periods import Period
from pata.registry import PartnerDataset, load_registry

_INTEGER = re.compile(r"^-?\d+$")

# This checker reads header-then-records files; a partner sending the HTCDS toolkit workbook
# (registry `layout:`) is generated and checked through the real layout by tests/unit/layouts.
HEADER_PARTNERS = sorted(
    code
    for code, partner in load_registry().partners.items()
    if all(spec.layout is None for spec in partner.datasets.values())
)


def norm(text: str) -> str:
    return text.strip().casefold()


def read_table(path: Path) -> tuple[list[str], list[list[Any]]]:
    """Headers and raw rows of a CSV, XLSX or JSON partner file."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
        width = len(rows[0])  # read-only rows stop at their last non-empty cell
        return [str(h) for h in rows[0]], [row + [None] * (width - len(row)) for row in rows[1:]]
    data = path.read_bytes()
    if path.suffix == ".json":
        text = data.decode("utf-8")
        records = (
            json.loads(text)
            if text.lstrip().startswith("[")
            else [json.loads(line) for line in text.splitlines() if line.strip()]
        )
        headers = list(records[0]) if records else []
        assert all(list(record) == headers for record in records), (
            "JSON keys differ between records"
        )
        return headers, [[record[h] for h in headers] for record in records]
    if data.startswith(b"\xff\xfe"):
        text = data[2:].decode("utf-16-le")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        text = data.decode("utf-8")
    first_line = text.split("\n", 1)[0]
    delimiter = max("\t;,", key=first_line.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return rows[0], [[cell if cell != "" else None for cell in row] for row in rows[1:]]


@dataclass
class Findings:
    """What the checker found in one file."""

    file_defects: set[tuple[str, str]] = field(default_factory=set)  # (code, column)
    row_defects: set[tuple[int, str]] = field(default_factory=set)  # (row, code)
    rows: int = 0
    values: dict[int, dict[str, Any]] = field(default_factory=dict)  # row -> canonical values
    exact: bool = True  # every text cell is trimmed and uses an exact label or code


def check_file(
    path: Path,
    *,
    spec: PartnerDataset,
    contract: Contract,
    period: Period,
    case_ids: set[str],
) -> Findings:
    """Check one partner file against its contract and the partner's mappings."""
    headers, rows = read_table(path)
    found = Findings(rows=len(rows))
    canonical = [spec.column_map.get(header) for header in headers]
    for header, name in zip(headers, canonical, strict=True):
        if name is None:
            found.file_defects.add(("extra-column", header))
    for name in contract.required_columns:
        if name not in canonical:
            found.file_defects.add(("missing-column", name))
    seen_rows: set[tuple[Any, ...]] = set()
    seen_ids: set[Any] = set()
    date_format = spec.date_format or "%Y-%m-%d"
    for offset, raw in enumerate(rows):
        row = offset + 2
        codes: set[str] = set()
        values: dict[str, Any] = {}
        for name, cell in zip(canonical, raw, strict=True):
            if name is None:
                continue
            value, problem, exact = _read_cell(cell, contract, spec, name, date_format)
            found.exact = found.exact and exact
            values[name] = value
            if problem:
                codes.add(problem)
        for name in contract.required_columns:
            if name in values and values[name] is None and _is_empty(raw[canonical.index(name)]):
                codes.add("missing-value")
        if any(isinstance(value, date) and value > period.end for value in values.values()):
            codes.add("future-date")
        for rule in contract.rules:
            if rule.kind == "date_order":
                first, second = (values.get(c) for c in rule.columns)
                if isinstance(first, date) and isinstance(second, date) and first > second:
                    codes.add(rule.code)
            elif rule.kind == "sum_equals" and rule.target in values:
                parts = [values.get(part) for part in rule.parts]
                total = values[rule.target]
                readable = all(p is None or isinstance(p, int) for p in parts)
                if isinstance(total, int) and readable and sum(p or 0 for p in parts) != total:
                    codes.add(rule.code)
            elif rule.kind == "references" and rule.column in values:
                reference = values[rule.column]
                if reference is not None and reference not in case_ids:
                    codes.add(rule.code)
        key = tuple(raw)
        record_id = values.get(contract.record_id)
        if key in seen_rows:
            codes = {"duplicate-row"}
        elif record_id in seen_ids:
            codes.add("duplicate-record-id")
        seen_rows.add(key)
        seen_ids.add(record_id)
        found.values[row] = values
        found.row_defects.update((row, code) for code in codes)
    return found


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _read_cell(
    cell: Any, contract: Contract, spec: PartnerDataset, name: str, date_format: str
) -> tuple[Any, str | None, bool]:
    """(canonical value, defect code or None, exact) of one cell."""
    column = contract.column(name)
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, None, True
    labels = spec.value_map.get(name, {})
    if isinstance(cell, str):
        exact = cell == cell.strip()
        text = cell.strip()
    else:
        exact, text = True, str(cell)
    if column.type in ("code", "multicode"):
        accepted = {norm(label): code for label, code in labels.items()}
        accepted.update({norm(code): code for code in column.codes})
        tokens = text.split(";") if column.type == "multicode" else [text]
        mapped = []
        for token in tokens:
            code = accepted.get(norm(token))
            if code is None:
                return None, "unknown-code", exact
            exact = exact and (token in labels or token in column.codes)
            mapped.append(code)
        return tuple(mapped) if column.type == "multicode" else mapped[0], None, exact
    if column.type == "boolean":
        if isinstance(cell, bool):
            return cell, None, True
        truth = {norm(label): code == "true" for label, code in labels.items()}
        truth.update({"true": True, "false": False})
        if norm(text) not in truth:
            return None, "type-error", exact
        return truth[norm(text)], None, exact and (text in labels or text in ("true", "false"))
    if column.type == "integer":
        if isinstance(cell, bool):
            return None, "type-error", exact
        if isinstance(cell, int):
            number = cell
        elif _INTEGER.match(text):
            number = int(text)
        else:
            return None, "type-error", exact
        low, high = column.minimum, column.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            return number, "out-of-range", exact
        return number, None, exact
    if column.type == "date":
        if isinstance(cell, datetime):
            return cell.date(), None, True
        if isinstance(cell, date):
            return cell, None, True
        try:
            return datetime.strptime(text, date_format).date(), None, exact
        except ValueError:
            return None, "type-error", exact
    return text, None, exact
