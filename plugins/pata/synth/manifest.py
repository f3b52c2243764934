"""The ground truth of a synthetic run: ``manifest.json``.

For every file: where it is, what it holds, how many rows validation should accept, and
each defect and each bit of harmless noise that was planted, by spreadsheet row (header =
row 1, first record = row 2; for JSON record n is row n + 1). Also the persons who appear
in two countries' files with their true identity, and the canary values a leak audit
searches for. The manifest holds identifying values on purpose: it is test data about
fictitious people and never goes near the pipeline's outputs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Defect:
    """A planted problem: ``row`` is None for a file-level defect; ``column`` is canonical.

    For ``extra-column`` the column is the partner's header text (it has no canonical name).
    """

    row: int | None
    column: str | None
    code: str


@dataclass(frozen=True)
class Noise:
    """A harmless irregularity (outer whitespace, letter case) validation must accept."""

    row: int
    column: str
    kind: str


@dataclass
class FileRecord:
    """One generated file and what validation should make of it."""

    path: str
    partner: str
    dataset: str
    period: str
    format: str
    encoding: str | None
    delimiter: str | None
    layout: str | None
    rows: int
    expected_valid_rows: int
    headers: list[str]
    sha256: str = ""
    defects: list[Defect] = field(default_factory=list)
    noise: list[Noise] = field(default_factory=list)


@dataclass
class Manifest:
    """Everything a synthetic run wrote, and the truth about it."""

    seed: int
    generated_for: dict[str, Any]
    files: list[FileRecord] = field(default_factory=list)
    cross_country_persons: list[dict[str, Any]] = field(default_factory=list)
    canaries: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, files sorted by path."""
        document = asdict(self)
        document["files"] = sorted(document["files"], key=lambda item: item["path"])
        return document

    def write(self, directory: Path) -> Path:
        """Write ``manifest.json`` into ``directory`` (UTF-8, stable layout) and return its path."""
        path = directory / MANIFEST_NAME
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
        path.write_text(text + "\n", encoding="utf-8")
        return path

    def file(self, path: str) -> FileRecord:
        """The record of the file at relative ``path`` (KeyError if none)."""
        for record in self.files:
            if record.path == path:
                return record
        raise KeyError(path)


def load_manifest(path: Path) -> Manifest:
    """Read a ``manifest.json`` written by :meth:`Manifest.write` (a file or its directory)."""
    file = path / MANIFEST_NAME if path.is_dir() else path
    document = json.loads(file.read_text(encoding="utf-8"))
    files = [
        FileRecord(
            **{
                **item,
                "defects": [Defect(**defect) for defect in item["defects"]],
                "noise": [Noise(**noise) for noise in item["noise"]],
            }
        )
        for item in document["files"]
    ]
    return Manifest(
        seed=document["seed"],
        generated_for=document["generated_for"],
        files=files,
        cross_country_persons=document["cross_country_persons"],
        canaries=document["canaries"],
    )
