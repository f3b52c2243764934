"""Partner file layouts other than "one header row, then records" (registry ``layout:``).

``htcds-toolkit``: the HTCDS Excel toolkit as IOM ships it (:mod:`pata.layouts.htcds_toolkit`).
:func:`pata.layouts.reading.read_partner_table` reads a file in its registered layout.
"""

from __future__ import annotations

LAYOUTS: tuple[str, ...] = ("htcds-toolkit",)
"""Every layout a registry dataset may name."""
