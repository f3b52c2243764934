"""De-identification gives, bit for bit, what the row-by-row implementation gave.

The expected outputs in ``tests/unit/data/deid`` were captured from the implementation that
looped over rows in Python (commit e547669), on a fixed input and key: existing warehouses
stay joinable with what is loaded after the vectorised rewrite.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from deid_fixture import FIXTURE_DIR, FIXTURE_PARTNER, fixture_key, read_fixture_input

from pata.contracts import DATASETS, load_contract
from pata.deid import deidentify
from pata.microdata import flag_column_name


def expected_frame(dataset: str) -> pd.DataFrame:
    """The captured output, its 0/1 flags per code folded into the codes chosen (';').

    The rewrite stores a multi-select once (its codes, in code-list order) where the
    captured implementation wrote one flag column per code; every other column is as is.
    """
    frame = pd.read_csv(
        FIXTURE_DIR / f"{dataset}_expected.csv", dtype="string", keep_default_na=False
    )
    for column in load_contract(dataset).columns:
        if column.type != "multicode":
            continue
        names = [flag_column_name(column.name, code) for code in column.codes]
        flags = frame[names].to_numpy()
        unanswered = (flags == "").all(axis=1)
        chosen = [
            ";".join(code for code, flag in zip(column.codes, row, strict=True) if flag == "1")
            for row in flags
        ]
        position = list(frame.columns).index(names[0])
        frame = frame.drop(columns=names)
        folded = pd.Series(chosen, dtype="string").mask(pd.Series(unanswered), "")
        frame.insert(position, column.name.lower(), folded)
    return frame


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text pandas writes to CSV (what the fixture holds)."""
    return pd.read_csv(
        io.StringIO(frame.to_csv(index=False)), dtype="string", keep_default_na=False
    )


@pytest.mark.parametrize("dataset", DATASETS)
class TestAgainstTheCapturedOutput:
    def test_every_column_of_every_row_is_as_captured(self, dataset: str):
        contract = load_contract(dataset)
        table = deidentify(
            read_fixture_input(dataset), contract=contract, partner_code=FIXTURE_PARTNER,
            key=fixture_key(),
        )  # fmt: skip
        pd.testing.assert_frame_equal(as_text(table.frame), expected_frame(dataset))

    def test_withheld_counts_and_keys_are_as_captured(self, dataset: str):
        contract = load_contract(dataset)
        table = deidentify(
            read_fixture_input(dataset), contract=contract, partner_code=FIXTURE_PARTNER,
            key=fixture_key(),
        )  # fmt: skip
        counts = pd.read_csv(FIXTURE_DIR / f"{dataset}_withheld.csv", index_col=0)
        assert {str(k): v for k, v in table.withheld_no_consent.items()} == counts["rows"].to_dict()
        keys = pd.read_csv(FIXTURE_DIR / f"{dataset}_withheld_keys.csv", dtype="string")
        assert list(table.withheld_record_keys) == keys["record_key"].dropna().tolist()
