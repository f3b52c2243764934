"""The fixed de-identification input of ``tests/unit/data/deid``, read as conform hands it over.

``<dataset>_input.csv`` are synthetic rows (names with accents, Khmer and Bengali script,
ids in several spellings, repeated people, missing dates, answers outside the code lists);
``<dataset>_expected.csv`` is what the row-by-row implementation (commit e547669) produced
for them under the fixed test key, so any later implementation can be held to the same
pseudonyms, bit for bit.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pata.contracts import load_contract
from pata.keys import PseudonymKey

FIXTURE_DIR = Path(__file__).parent / "data" / "deid"
FIXTURE_PARTNER = "kh-ksp"
_DTYPES = {
    "string": "string",
    "code": "string",
    "multicode": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


def fixture_key() -> PseudonymKey:
    """The fixed (public, test-only) key the expected pseudonyms were computed with."""
    return PseudonymKey(bytes(range(32)), source="test")


def read_fixture_input(dataset: str) -> pd.DataFrame:
    """The typed input frame of ``dataset``: canonical names, contract dtypes, ``__row``."""
    contract = load_contract(dataset)
    raw = pd.read_csv(FIXTURE_DIR / f"{dataset}_input.csv", dtype="string", keep_default_na=False)
    data: dict[str, pd.Series] = {}
    for column in contract.columns:
        values = raw[column.name].replace("", pd.NA)
        if column.type == "date":
            data[column.name] = pd.to_datetime(values).astype("datetime64[s]")
        elif column.type == "boolean":
            data[column.name] = values.map({"True": True, "False": False}).astype("boolean")
        elif column.type in ("integer", "number"):
            data[column.name] = pd.to_numeric(values).astype(_DTYPES[column.type])
        else:
            data[column.name] = raw[column.name].astype("string").mask(raw[column.name] == "")
    data["__row"] = pd.Series(range(2, len(raw) + 2), dtype="int64")
    return pd.DataFrame(data)
