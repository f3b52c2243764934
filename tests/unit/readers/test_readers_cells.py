"""Rendering of typed workbook and JSON values as text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pata.readers.cells import render_cell


class TestRenderCell:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (None, None),
            ("", None),
            (" ", " "),
            ("007", "007"),
            (True, "true"),
            (False, "false"),
            (12, "12"),
            (3.0, "3"),
            (-0.0, "0"),
            (2.5, "2.5"),
            (0.1, "0.1"),
            (1e20, "1e+20"),
            (float("nan"), "nan"),
            (Decimal("1.0"), "1"),
            (Decimal("1.50"), "1.50"),
            (Decimal("1E+3"), "1000"),
            (Decimal("1E-7"), "0.0000001"),
            (Decimal("1E+400"), "1E+400"),
            (dt.date(2024, 2, 29), "2024-02-29"),
            (dt.datetime(2024, 2, 29), "2024-02-29"),
            (dt.datetime(2024, 2, 29, 8, 5), "2024-02-29T08:05:00"),
            (dt.time(8, 5), "08:05:00"),
        ],
    )
    def test_renders_a_value_as_the_text_a_partner_reads(self, value: object, text: str) -> None:
        assert render_cell(value) == text
