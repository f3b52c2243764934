"""Render the typed values of workbooks and JSON documents as the strings a table holds.

Typing against the dataset contract happens later; here a value only becomes the text a
partner would read: integers without a spurious ``.0``, dates as ISO ``YYYY-MM-DD``,
booleans as ``true``/``false``. Empty text becomes null.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

_EXACT_FLOAT_INTEGERS = 2**53
"""Above this a float's integer digits are rounding noise, so it keeps its float form."""

_MAX_DECIMAL_EXPONENT = 30
"""Largest exponent rendered as plain digits; ``1e1000000`` must not become a megabyte."""


def render_cell(value: object) -> str | None:
    """Render one cell value as text, or None when the cell is empty."""
    match value:
        case None:
            return None
        case str():
            return value or None
        case bool():
            return "true" if value else "false"
        case int():
            return str(value)
        case float():
            return _render_float(value)
        case Decimal():
            return _render_decimal(value)
        case dt.datetime():
            return _render_datetime(value)
        case dt.date() | dt.time():
            return value.isoformat()
        case _:
            return str(value)


def _render_float(value: float) -> str:
    if math.isfinite(value) and value.is_integer() and abs(value) < _EXACT_FLOAT_INTEGERS:
        return str(int(value))
    return repr(value)


def _render_decimal(value: Decimal) -> str:
    if not value.is_finite():
        return str(value)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite decimals have an integer exponent
    if abs(exponent) > _MAX_DECIMAL_EXPONENT:
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f")


def _render_datetime(value: dt.datetime) -> str:
    # Excel has no date type: a date is a datetime at midnight, shown as a date.
    if value.time() == dt.time(0) and value.tzinfo is None:
        return value.date().isoformat()
    return value.isoformat()
