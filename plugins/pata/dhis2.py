"""DHIS2 feed: published indicator values as a ``dataValueSets`` JSON payload.

The mapping (``config/dhis2.yaml``) says which data element, org unit and category option
combo each value goes to. Only published values (CMS rule: counts 1 to 10 suppressed) are
sent, and a suppressed cell is not sent at all. The payload is ready for
``POST /api/dataValueSets?dryRun=true`` (see :func:`import_url`); periods are DHIS2 ISO
periods (``2026Q3`` for a quarter, ``202607`` for a month).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import yaml

from pata.errors import ConfigError
from pata.periods import Period, parse_period
from pata.settings import REPO_ROOT

UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
DEFAULT_COC = "HllvX50cXC0"
"""DHIS2's default category option combo (and attribute option combo)."""
PARTS = ("value", "numerator", "denominator")


@dataclass(frozen=True)
class Dhis2Mapping:
    """Indicator -> data element(s), partner -> org unit, category -> category option combo."""

    data_set: str | None
    attribute_option_combo: str
    org_units: Mapping[str, str]
    data_elements: Mapping[str, Mapping[str, Mapping[str, str]]]
    """indicator -> breakdown -> {value|numerator|denominator: data element UID}."""
    category_option_combos: Mapping[str, Mapping[str, str]]


@dataclass
class DataValueSet:
    """A payload and what was left out of it (counts only)."""

    payload: dict[str, Any]
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        """Number of data values in the payload."""
        return len(self.payload["dataValues"])

    def write(self, path: Path) -> Path:
        """Write the payload as UTF-8 JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(self.payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return path


def mapping_file() -> Path:
    """The mapping: ``$PATA_DHIS2_MAPPING_FILE`` or the repo's ``config/dhis2.yaml``."""
    override = os.environ.get("PATA_DHIS2_MAPPING_FILE")
    return Path(override) if override else REPO_ROOT / "config" / "dhis2.yaml"


def load_mapping(path: Path | None = None) -> Dhis2Mapping:
    """Load and check the DHIS2 mapping (cached per file)."""
    return _load(str((path or mapping_file()).resolve()))


@functools.cache
def _load(path: str) -> Dhis2Mapping:
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"DHIS2 mapping not found: {path}") from None
    return parse_mapping(document, where=Path(path).name)


def parse_mapping(document: Any, *, where: str = "dhis2.yaml") -> Dhis2Mapping:
    """Build a :class:`Dhis2Mapping` from parsed YAML; every UID must be a DHIS2 UID."""
    if not isinstance(document, dict):
        raise ConfigError(f"{where}: the mapping is a YAML mapping")
    data_set = document.get("data_set")
    if data_set is not None:
        _uid(data_set, f"{where}: data_set")
    attribute = _uid(
        document.get("attribute_option_combo", DEFAULT_COC), f"{where}: attribute_option_combo"
    )
    org_units = {
        str(k): _uid(v, f"{where}: org_units.{k}")
        for k, v in (document.get("org_units") or {}).items()
    }
    if "region" not in org_units:
        raise ConfigError(f"{where}: org_units must map the region")
    elements: dict[str, dict[str, dict[str, str]]] = {}
    for code, breakdowns in (document.get("data_elements") or {}).items():
        if not isinstance(breakdowns, dict):
            raise ConfigError(f"{where}: data_elements.{code} maps breakdowns to UIDs")
        elements[str(code)] = {}
        for name, target in breakdowns.items():
            here = f"{where}: data_elements.{code}.{name}"
            if isinstance(target, str):
                elements[str(code)][str(name)] = {"value": _uid(target, here)}
            elif isinstance(target, dict) and target and set(target) <= set(PARTS):
                elements[str(code)][str(name)] = {
                    str(k): _uid(v, f"{here}.{k}") for k, v in target.items()
                }
            else:
                raise ConfigError(
                    f"{here}: a UID, or a mapping of value/numerator/denominator to UIDs"
                )
    combos = {
        str(name): {
            str(c): _uid(u, f"{where}: category_option_combos.{name}.{c}")
            for c, u in (cats or {}).items()
        }
        for name, cats in (document.get("category_option_combos") or {}).items()
    }
    return Dhis2Mapping(
        data_set=None if data_set is None else str(data_set),
        attribute_option_combo=attribute,
        org_units=org_units,
        data_elements=elements,
        category_option_combos=combos,
    )


def dhis2_period(period: Period) -> str:
    """The DHIS2 ISO period of a month (``202607``) or a quarter (``2026Q3``)."""
    if period.is_quarter:
        return period.label
    return period.start.strftime("%Y%m")


def build_data_value_set(
    values: pd.DataFrame, *, period: str, mapping: Dhis2Mapping, complete_date: str | None = None
) -> DataValueSet:
    """The dataValueSets payload of one quarter's PUBLISHED values.

    Suppressed cells, unmapped indicators, breakdowns, categories and org units are left
    out and counted in :attr:`DataValueSet.skipped`. Values are strings, as DHIS2 expects.
    """
    if "audience" in values and not values.empty and set(values["audience"]) != {"published"}:
        raise ConfigError("only published values (CMS rule) go to DHIS2", code="not-published")
    iso = dhis2_period(parse_period(period))
    rows = values[values["period_label"] == parse_period(period).label]
    data_values: list[dict[str, str]] = []
    skipped: Counter[str] = Counter()
    for row in rows.to_dict("records"):
        if bool(row["suppressed"]):
            skipped["suppressed"] += 1
            continue
        targets = mapping.data_elements.get(row["indicator_code"], {}).get(row["disaggregation"])
        if targets is None:
            skipped["unmapped-data-element"] += 1
            continue
        org_unit = mapping.org_units.get(str(row["area_code"]))
        if org_unit is None:
            skipped["unmapped-org-unit"] += 1
            continue
        combo = mapping.category_option_combos.get(row["disaggregation"], {}).get(row["category"])
        if combo is None:
            skipped["unmapped-category"] += 1
            continue
        for part, element in sorted(targets.items()):
            number = _part(row, part)
            if number is None:
                skipped["no-value"] += 1
                continue
            data_values.append(
                {
                    "dataElement": element,
                    "period": iso,
                    "orgUnit": org_unit,
                    "categoryOptionCombo": combo,
                    "attributeOptionCombo": mapping.attribute_option_combo,
                    "value": number,
                }
            )
    payload: dict[str, Any] = {}
    if mapping.data_set is not None:
        payload["dataSet"] = mapping.data_set
    if complete_date is not None:
        payload["completeDate"] = complete_date
    payload["period"] = iso
    payload["dataValues"] = data_values
    return DataValueSet(payload=payload, skipped=skipped)


def import_url(base_url: str, *, dry_run: bool = True) -> str:
    """The DHIS2 endpoint to POST the payload to (a dry run unless told otherwise)."""
    query = urlencode(
        {"dryRun": "true" if dry_run else "false", "importStrategy": "CREATE_AND_UPDATE"}
    )
    return f"{base_url.rstrip('/')}/api/dataValueSets?{query}"


def _part(row: Mapping[str, Any], part: str) -> str | None:
    value = row["value" if part == "value" else part]
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


def _uid(value: Any, where: str) -> str:
    if not isinstance(value, str) or not UID.match(value):
        raise ConfigError(
            f"{where} must be a DHIS2 UID (11 characters: a letter, then letters or digits)"
        )
    return value
