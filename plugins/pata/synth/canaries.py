"""Canary values: identifying values distinctive enough that finding one anywhere is a leak.

The leak audit searches the pipeline's logs, reports, warehouse and results for the values
listed under ``canaries`` in the manifest. A canary looks like what it stands for (a name in
the partner's script, a phone number, an identity number) but is a random string nobody has.
"""

from __future__ import annotations

import random
import unicodedata
from functools import cache

# Letters drawn for canary names, per ISO 15924 script: (first, last) code points.
_LETTER_RANGES = {
    "Khmr": (0x1780, 0x17A2),
    "Thai": (0x0E01, 0x0E2E),
    "Deva": (0x0915, 0x0939),
    "Beng": (0x0995, 0x09B9),
}


@cache
def _letters(script: str) -> tuple[str, ...]:
    first, last = _LETTER_RANGES[script]
    return tuple(chr(point) for point in range(first, last + 1) if unicodedata.name(chr(point), ""))


def canary_name(rng: random.Random, script: str) -> str:
    """A name-like word in ``script`` that no real person has."""
    if script in _LETTER_RANGES:
        return "".join(rng.choice(_letters(script)) for _ in range(7))
    return "Zq" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(7))


def canary_digits(rng: random.Random, count: int) -> str:
    """Random digits, the body of a canary phone or identity number."""
    return "".join(str(rng.randrange(10)) for _ in range(count))
