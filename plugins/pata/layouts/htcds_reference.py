"""The HTCDS 2.0 field standard as data: field names, the labels people see, picklist labels.

Read from ``htcds-2.0-fields.tsv`` beside this module, a copy of the standard's field sheet
"HTCDS Field Standards 2.0" (HTCDS by the International Organization for Migration,
UNMigration/HTCDS on GitHub, licensed CC BY 4.0). Picklist value names and their labels are
separated by `` | `` in the same order. The toolkit layout, the templates and ``pata synth``
all take their names and labels from here, so the three agree with the standard and each
other.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

REFERENCE_FILE = Path(__file__).with_name("htcds-2.0-fields.tsv")


@dataclass(frozen=True)
class HtcdsField:
    """One HTCDS field: its name (with prefix), label, type and picklist (name -> label)."""

    name: str
    label: str
    section: str
    type: str
    picklist: Mapping[str, str]


def text_key(text: str) -> str:
    """How two names or labels are compared: NFC, case-folded, whitespace collapsed."""
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


@functools.cache
def htcds_fields() -> Mapping[str, HtcdsField]:
    """Every field of the standard, by field name, in the sheet's order."""
    fields: dict[str, HtcdsField] = {}
    with REFERENCE_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            names = _split(row["picklist_values"])
            labels = _split(row["picklist_labels"])
            picklist = (
                dict(zip(names, labels, strict=True))
                if names and len(names) == len(labels) and " " not in "".join(names)
                else {}
            )
            fields[row["field"]] = HtcdsField(
                name=row["field"],
                label=" ".join(row["label"].split()),
                section=row["section"],
                type=row["type"],
                picklist=MappingProxyType(picklist),
            )
    return MappingProxyType(fields)


@functools.cache
def fields_by_label() -> Mapping[str, tuple[str, ...]]:
    """Label key -> the field names that carry that label (several for "Type", "Longitude")."""
    found: dict[str, list[str]] = {}
    for item in htcds_fields().values():
        found.setdefault(text_key(item.label), []).append(item.name)
    return MappingProxyType({key: tuple(names) for key, names in found.items()})


@functools.cache
def fields_by_name() -> Mapping[str, str]:
    """Field-name key (case and spaces ignored) -> the field name."""
    return MappingProxyType({text_key(name): name for name in htcds_fields()})


def picklist_labels(field_name: str) -> Mapping[str, str]:
    """Picklist label -> value name for one field (empty for a field without a picklist)."""
    item = htcds_fields().get(field_name)
    if item is None:
        return {}
    return {label: name for name, label in item.picklist.items()}


def _split(text: str) -> list[str]:
    return [" ".join(part.split()) for part in text.split("|")] if text.strip() else []
