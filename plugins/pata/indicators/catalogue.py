"""The indicator catalogue (``config/indicators.yaml``): definitions as data, versioned.

Each indicator has a code, a name, its definition, numerator and denominator, unit, kind
(count or rate), whether the small-cell rule applies, the datasets and warehouse tables it
rests on, the SQL file that computes it, its period rule and its disaggregations (each a
list of categories). Loading checks the whole file, so a typo fails at start-up with a
message that says where.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from pata.contracts import DATASETS
from pata.errors import ConfigError
from pata.settings import REPO_ROOT

Kind = Literal["count", "rate"]
TOTAL = "total"
"""The disaggregation and the category of an indicator's overall value."""
QUERY_DIR = REPO_ROOT / "sql" / "marts" / "indicators"
UNITS: tuple[str, ...] = (
    "persons",
    "sessions",
    "communities",
    "events",
    "cases",
    "submissions",
    "percent",
)
_INDICATOR_KEYS = frozenset(
    {
        "code",
        "name",
        "line",
        "definition",
        "numerator",
        "denominator",
        "unit",
        "kind",
        "small_cells",
        "source",
        "datasets",
        "query",
        "denominator_from",
        "period_rule",
        "headline",
        "disaggregations",
    }
)


@dataclass(frozen=True)
class Disaggregation:
    """A breakdown of an indicator: its categories and the cell they add up to.

    ``categories`` is None for a dynamic breakdown (categories come from the data, e.g.
    countries). ``parts_of`` is the (disaggregation, category) cell the categories add up
    to, the total unless the catalogue says otherwise; ``additive`` is False when one unit
    can fall in several categories.
    """

    name: str
    label: str
    categories: tuple[str, ...] | None
    additive: bool = True
    parts_of: tuple[str, str] = (TOTAL, TOTAL)
    note: str = ""

    @property
    def dynamic(self) -> bool:
        """True when the categories are taken from the data."""
        return self.categories is None


@dataclass(frozen=True)
class DenominatorLink:
    """A rate whose denominator cells are the cells of a count indicator."""

    indicator: str
    total: tuple[str, str]


@dataclass(frozen=True)
class Indicator:
    """One programme indicator as the catalogue defines it."""

    code: str
    name: str
    line: str
    definition: str
    numerator: str
    denominator: str | None
    unit: str
    kind: Kind
    small_cells: bool
    source: tuple[str, ...]
    datasets: tuple[str, ...]
    query: str | None
    period_rule: str
    headline: bool
    disaggregations: tuple[Disaggregation, ...] = ()
    denominator_from: DenominatorLink | None = None

    @property
    def is_rate(self) -> bool:
        """True for a rate (a percentage of a denominator)."""
        return self.kind == "rate"

    def disaggregation(self, name: str) -> Disaggregation:
        """The breakdown called ``name``; a total-only pseudo-breakdown for ``total``."""
        if name == TOTAL:
            return Disaggregation(name=TOTAL, label="Total", categories=(TOTAL,), parts_of=("", ""))
        for item in self.disaggregations:
            if item.name == name:
                return item
        raise ConfigError(f"indicator {self.code} has no disaggregation {name!r}")

    def query_path(self) -> Path | None:
        """The SQL file computing the indicator, or None when it is computed in Python."""
        return None if self.query is None else QUERY_DIR / self.query


@dataclass(frozen=True)
class Catalogue:
    """Every indicator, in catalogue order, and the rules that apply to all."""

    version: str
    published_threshold: int
    suppression_note: str
    category_labels: Mapping[str, str]
    disaggregation_labels: Mapping[str, str]
    disaggregation_notes: Mapping[str, str]
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)

    def indicator(self, code: str) -> Indicator:
        """The indicator called ``code``; :class:`ConfigError` if none is."""
        for item in self.indicators:
            if item.code == code:
                return item
        raise ConfigError(f"unknown indicator {code!r}", code="unknown-indicator")

    @property
    def codes(self) -> tuple[str, ...]:
        """Indicator codes in catalogue order."""
        return tuple(item.code for item in self.indicators)

    def category_label(self, category: str) -> str:
        """A readable label of a category (the code itself when the catalogue has none)."""
        return self.category_labels.get(category, category)

    def disaggregation_label(self, name: str) -> str:
        """A readable label of a disaggregation."""
        return "Total" if name == TOTAL else self.disaggregation_labels.get(name, name)


def catalogue_file() -> Path:
    """The catalogue: ``$PATA_INDICATORS_FILE`` or the repo's ``config/indicators.yaml``."""
    override = os.environ.get("PATA_INDICATORS_FILE")
    return Path(override) if override else REPO_ROOT / "config" / "indicators.yaml"


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and check the indicator catalogue (cached per file)."""
    return _load(str((path or catalogue_file()).resolve()))


@functools.cache
def _load(path: str) -> Catalogue:
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"indicator catalogue not found: {path}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"indicator catalogue {path} is not valid YAML: {exc}") from None
    return parse_catalogue(document, where=Path(path).name)


def parse_catalogue(document: Any, *, where: str = "indicators.yaml") -> Catalogue:
    """Build a :class:`Catalogue` from the parsed YAML, checking every rule."""
    if not isinstance(document, dict):
        raise ConfigError(f"{where}: the catalogue is a mapping")
    version = _text(document.get("version"), f"{where}: version")
    suppression = document.get("suppression") or {}
    threshold = suppression.get("published_threshold")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ConfigError(f"{where}: suppression.published_threshold must be a positive integer")
    shared = document.get("disaggregations") or {}
    if not isinstance(shared, dict):
        raise ConfigError(f"{where}: disaggregations is a mapping of name to label and note")
    labels = {str(k): str(v) for k, v in (document.get("categories") or {}).items()}
    raw_indicators = document.get("indicators")
    if not isinstance(raw_indicators, list) or not raw_indicators:
        raise ConfigError(f"{where}: indicators must be a non-empty list")
    indicators = tuple(
        _parse_indicator(raw, shared, f"{where}: indicators[{n}]")
        for n, raw in enumerate(raw_indicators)
    )
    codes = [item.code for item in indicators]
    if len(set(codes)) != len(codes):
        raise ConfigError(f"{where}: indicator codes must be unique")
    catalogue = Catalogue(
        version=version,
        published_threshold=threshold,
        suppression_note=" ".join(str(suppression.get("note", "")).split()),
        category_labels=labels,
        disaggregation_labels={str(k): str((v or {}).get("label", k)) for k, v in shared.items()},
        disaggregation_notes={
            str(k): " ".join(str((v or {}).get("note", "")).split()) for k, v in shared.items()
        },
        indicators=indicators,
    )
    for item in indicators:
        _check_links(item, catalogue, where)
    return catalogue


def _parse_indicator(raw: Any, shared: Mapping[str, Any], where: str) -> Indicator:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: an indicator is a mapping")
    unknown = sorted(set(raw) - _INDICATOR_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    code = _text(raw.get("code"), f"{where}: code")
    where = f"{where} ({code})"
    kind = raw.get("kind")
    if kind not in ("count", "rate"):
        raise ConfigError(f"{where}: kind must be count or rate")
    unit = raw.get("unit")
    if unit not in UNITS:
        raise ConfigError(f"{where}: unit must be one of {', '.join(UNITS)}")
    if (kind == "rate") != (unit == "percent"):
        raise ConfigError(f"{where}: a rate is in percent and only a rate is")
    small_cells = raw.get("small_cells")
    if small_cells not in ("suppress", "publish"):
        raise ConfigError(f"{where}: small_cells must be suppress or publish")
    datasets = tuple(str(d) for d in raw.get("datasets") or ())
    if not datasets or set(datasets) - set(DATASETS):
        raise ConfigError(f"{where}: datasets must list datasets of {', '.join(DATASETS)}")
    query = raw.get("query")
    if query is not None:
        query = str(query)
        if not (QUERY_DIR / query).is_file():
            raise ConfigError(f"{where}: query file sql/marts/indicators/{query} not found")
    denominator = raw.get("denominator")
    if kind == "rate" and not denominator:
        raise ConfigError(f"{where}: a rate needs a denominator")
    link = raw.get("denominator_from")
    denominator_from = None
    if link is not None:
        if kind != "rate" or not isinstance(link, dict):
            raise ConfigError(f"{where}: denominator_from is a mapping, for rates only")
        denominator_from = DenominatorLink(
            indicator=_text(link.get("indicator"), f"{where}: denominator_from.indicator"),
            total=_cell(link.get("total", f"{TOTAL}/{TOTAL}"), f"{where}: denominator_from.total"),
        )
    raw_disaggregations = raw.get("disaggregations") or {}
    if not isinstance(raw_disaggregations, dict):
        raise ConfigError(f"{where}: disaggregations is a mapping of name to categories")
    disaggregations = []
    for name, spec in raw_disaggregations.items():
        if name not in shared:
            raise ConfigError(f"{where}: disaggregation {name!r} is not defined at the top")
        disaggregations.append(_parse_disaggregation(str(name), spec, shared[name] or {}, where))
    return Indicator(
        code=code,
        name=_text(raw.get("name"), f"{where}: name"),
        line=_text(raw.get("line"), f"{where}: line"),
        definition=" ".join(_text(raw.get("definition"), f"{where}: definition").split()),
        numerator=" ".join(_text(raw.get("numerator"), f"{where}: numerator").split()),
        denominator=" ".join(str(denominator).split()) if denominator else None,
        unit=unit,
        kind=cast(Kind, kind),
        small_cells=small_cells == "suppress",
        source=tuple(str(s) for s in raw.get("source") or ()),
        datasets=datasets,
        query=query,
        period_rule=_text(raw.get("period_rule"), f"{where}: period_rule"),
        headline=bool(raw.get("headline", False)),
        disaggregations=tuple(disaggregations),
        denominator_from=denominator_from,
    )


def _parse_disaggregation(
    name: str, spec: Any, shared: Mapping[str, Any], where: str
) -> Disaggregation:
    if not isinstance(spec, dict):
        raise ConfigError(f"{where}: disaggregation {name} is a mapping with categories")
    raw = spec.get("categories")
    categories: tuple[str, ...] | None
    if raw == "dynamic":
        categories = None
    elif isinstance(raw, list) and raw:
        categories = tuple(str(c) for c in raw)
        if len(set(categories)) != len(categories) or TOTAL in categories:
            raise ConfigError(f"{where}: categories of {name} must be unique and not {TOTAL!r}")
    else:
        raise ConfigError(f"{where}: categories of {name} is a list or 'dynamic'")
    parts_of = _cell(spec.get("parts_of", f"{TOTAL}/{TOTAL}"), f"{where}: {name}.parts_of")
    return Disaggregation(
        name=name,
        label=str(shared.get("label", name)),
        categories=categories,
        additive=bool(spec.get("additive", True)),
        parts_of=parts_of,
        note=" ".join(str(shared.get("note", "")).split()),
    )


def _check_links(item: Indicator, catalogue: Catalogue, where: str) -> None:
    """parts_of and denominator_from must name cells that exist."""
    for disaggregation in item.disaggregations:
        _check_cell(item, disaggregation.parts_of, f"{where}: {item.code}.{disaggregation.name}")
    link = item.denominator_from
    if link is None:
        return
    try:
        base = catalogue.indicator(link.indicator)
    except ConfigError:
        raise ConfigError(
            f"{where}: {item.code} takes its denominator from unknown {link.indicator}"
        ) from None
    if base.kind != "count" or base.small_cells != item.small_cells:
        raise ConfigError(
            f"{where}: {item.code}'s denominator must be a count with the same cell rule"
        )
    _check_cell(base, link.total, f"{where}: {item.code}.denominator_from")
    for disaggregation in item.disaggregations:
        own = base.disaggregation(disaggregation.name)
        if own.categories != disaggregation.categories:
            raise ConfigError(
                f"{where}: {item.code}.{disaggregation.name} must have the categories of "
                f"{base.code}.{disaggregation.name}"
            )


def _check_cell(item: Indicator, cell: tuple[str, str], where: str) -> None:
    name, category = cell
    disaggregation = item.disaggregation(name)
    if disaggregation.categories is not None and category not in disaggregation.categories:
        raise ConfigError(f"{where}: {name}/{category} is not a cell of {item.code}")


def _cell(value: Any, where: str) -> tuple[str, str]:
    text = str(value)
    if text.count("/") != 1:
        raise ConfigError(f"{where}: a cell is written <disaggregation>/<category>")
    name, category = text.split("/")
    return name, category


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} must be a non-empty text")
    return value.strip()
