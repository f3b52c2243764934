"""Programme indicators: the catalogue, their computation and small-cell suppression.

``refresh_indicators()`` recomputes ``marts.indicator_values`` from ``core`` and ``ops`` in
one transaction (the indicators DAG calls it); ``load_catalogue()`` reads the definitions
(``config/indicators.yaml``); :mod:`pata.indicators.suppression` is the small-cell rule.
"""

from __future__ import annotations

from pata.indicators.catalogue import Catalogue, Indicator, load_catalogue
from pata.indicators.refresh import RefreshResult, read_indicator_values, refresh_indicators

__all__ = [
    "Catalogue",
    "Indicator",
    "RefreshResult",
    "load_catalogue",
    "read_indicator_values",
    "refresh_indicators",
]
