"""The partner registry: who sends what, when, in which shape (``config/partners.yaml``).

For every partner: its code (the S3 key prefix), country, languages, timezone, currency,
role mailbox, and for each dataset it sends the submission calendar, the file formats and
the mapping from its own column headers and value labels to the contract's canonical names
and codes. Loading checks all of it against the contracts, so a typo fails at start-up with
a message that says where, not in the middle of a partner's file.

Over 400 lines on purpose: the parser of one file's schema, each check next to the
field it checks, so the message for a typo is written beside the rule.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from pata.contracts import BOOLEAN_CODES, DATASETS, Contract, load_contracts
from pata.errors import ConfigError
from pata.pull.sources import PullSource, parse_pull_source

Frequency = Literal["monthly", "quarterly"]
FORMATS: tuple[str, ...] = ("csv", "xlsx", "json")
ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "utf-16")
DELIMITERS: tuple[str, ...] = (",", ";", "\t")
JSON_LAYOUTS: tuple[str, ...] = ("array", "lines")

_PARTNER_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_MAILBOX = re.compile(r"^[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
_PARTNER_KEYS = frozenset(
    {
        "code",
        "name",
        "country",
        "languages",
        "timezone",
        "currency",
        "contact",
        "values",
        "datasets",
    }
)
_DATASET_KEYS = frozenset(
    {
        "frequency",
        "due_day",
        "formats",
        "encoding",
        "delimiter",
        "json_layout",
        "date_format",
        "columns",
        "values",
        "pull",
        "layout",
    }
)


@dataclass(frozen=True)
class PartnerDataset:
    """How one partner sends one dataset: calendar, formats, header and value mappings.

    ``column_map`` maps the partner's exact header text to the canonical column; a partner
    whose system already speaks the contract's names gets the identity mapping.
    ``value_map`` maps, per canonical column, a partner label to the canonical code
    (booleans map to ``true``/``false``). ``encoding``, ``delimiter`` and ``json_layout``
    describe what the partner's exports usually look like; readers still detect them.
    """

    dataset: str
    frequency: Frequency
    due_day: int
    formats: tuple[str, ...]
    column_map: Mapping[str, str]
    value_map: Mapping[str, Mapping[str, str]]
    date_format: str | None
    encoding: str = "utf-8"
    delimiter: str = ","
    json_layout: str = "array"
    pull: PullSource | None = None
    layout: str | None = None
    """A workbook layout other than header-then-records (``htcds-toolkit``); see
    :mod:`pata.layouts`."""

    @property
    def headers(self) -> Mapping[str, str]:
        """Canonical column -> the partner's header, in the partner's column order."""
        return MappingProxyType(
            {canonical: header for header, canonical in self.column_map.items()}
        )

    def labels(self, column: str) -> Mapping[str, str]:
        """Canonical code -> the partner's first label for it, for one column (may be empty)."""
        labels: dict[str, str] = {}
        for label, code in self.value_map.get(column, {}).items():
            labels.setdefault(code, label)
        return labels


@dataclass(frozen=True)
class Partner:
    """A national partner agency and the datasets it sends."""

    code: str
    name: str
    country: str
    languages: tuple[str, ...]
    timezone: str
    currency: str
    contact: str
    datasets: Mapping[str, PartnerDataset] = field(default_factory=dict)

    def dataset(self, name: str) -> PartnerDataset:
        """How this partner sends ``name``; :class:`ConfigError` if it does not send it."""
        try:
            return self.datasets[name]
        except KeyError:
            raise ConfigError(
                f"partner {self.code} does not send dataset {name!r}", code="unknown-dataset"
            ) from None


@dataclass(frozen=True)
class Registry:
    """Every registered partner, by code."""

    partners: Mapping[str, Partner]

    def partner(self, code: str) -> Partner:
        """The partner called ``code``; :class:`ConfigError` if none is registered."""
        try:
            return self.partners[code]
        except KeyError:
            raise ConfigError(f"unknown partner {code!r}", code="unknown-partner") from None


def registry_file() -> Path:
    """The registry file: ``$PATA_REGISTRY_FILE`` or the repo's ``config/partners.yaml``."""
    override = os.environ.get("PATA_REGISTRY_FILE")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "config" / "partners.yaml"


def load_registry(path: Path | None = None, *, contracts_directory: Path | None = None) -> Registry:
    """Load the partner registry and check it against the contracts (cached per file)."""
    file = (path or registry_file()).resolve()
    folder = None if contracts_directory is None else contracts_directory.resolve()
    return _load_registry_file(str(file), None if folder is None else str(folder))


@functools.lru_cache(maxsize=16)
def _load_registry_file(path: str, contracts_directory: str | None) -> Registry:
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"partner registry {file} not found", code="missing-registry")
    try:
        document = yaml.load(file.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        raise ConfigError(f"partner registry {file.name} is not valid YAML: {exc}") from None
    contracts = load_contracts(
        directory=None if contracts_directory is None else Path(contracts_directory)
    )
    return parse_registry(document, contracts=contracts, source=file.name)


def parse_registry(
    document: Any, *, contracts: Mapping[str, Contract], source: str = "registry"
) -> Registry:
    """Build a :class:`Registry` from its parsed YAML, checked against ``contracts``."""
    if not isinstance(document, dict) or set(document) - {"version", "partners"}:
        raise ConfigError(f"{source}: expected a mapping with 'version' and 'partners'")
    raw_partners = document.get("partners")
    if not isinstance(raw_partners, list) or not raw_partners:
        raise ConfigError(f"{source}: 'partners' must be a non-empty list")
    partners: dict[str, Partner] = {}
    for index, raw in enumerate(raw_partners, 1):
        partner = _parse_partner(raw, contracts, f"{source}: partner #{index}")
        if partner.code in partners:
            raise ConfigError(
                f"{source}: partner code {partner.code!r} is registered twice "
                f"(partner #{index} repeats an earlier one); partner codes must be unique",
                code="duplicate-partner",
            )
        partners[partner.code] = partner
    return Registry(partners=MappingProxyType(partners))


def _parse_partner(raw: Any, contracts: Mapping[str, Contract], where: str) -> Partner:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping")
    code = raw.get("code")
    if not isinstance(code, str) or not _PARTNER_CODE.match(code):
        raise ConfigError(
            f"{where}: code must be a lowercase slug like kh-ksp (it is an S3 prefix)"
        )
    where = f"{where} ({code})"
    _reject_unknown_keys(raw, _PARTNER_KEYS, where)
    for key in ("name", "country", "timezone", "currency", "contact"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ConfigError(f"{where}: {key} must be non-empty text")
    if not _COUNTRY.match(raw["country"]):
        raise ConfigError(f"{where}: country must be an ISO 3166 alpha-2 code such as KH")
    if not _CURRENCY.match(raw["currency"]):
        raise ConfigError(f"{where}: currency must be an ISO 4217 code such as KHR")
    if not _MAILBOX.match(raw["contact"]):
        raise ConfigError(f"{where}: contact must be a role mailbox (an e-mail address)")
    try:
        ZoneInfo(raw["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: unknown timezone {raw['timezone']!r}") from None
    languages = raw.get("languages")
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(item, str) and _LANGUAGE.match(item) for item in languages)
    ):
        raise ConfigError(f"{where}: languages must be a list of ISO 639 codes such as km")
    shared_values = raw.get("values") or {}
    if not isinstance(shared_values, dict):
        raise ConfigError(f"{where}: values must map canonical columns to label mappings")
    for column_name in shared_values:
        if not any(contract.has_column(column_name) for contract in contracts.values()):
            raise ConfigError(
                f"{where}: values given for {column_name!r}, which no contract has",
                code="unknown-contract-column",
            )
    raw_datasets = raw.get("datasets")
    if not isinstance(raw_datasets, dict) or not raw_datasets:
        raise ConfigError(f"{where}: datasets must map dataset names to their settings")
    datasets: dict[str, PartnerDataset] = {}
    for name, settings in raw_datasets.items():
        if name not in DATASETS:
            raise ConfigError(
                f"{where}: unknown dataset {name!r}; known: {', '.join(DATASETS)}",
                code="unknown-dataset",
            )
        datasets[name] = _parse_dataset(
            settings, contracts[name], shared_values, f"{where} dataset {name}"
        )
    return Partner(
        code=code,
        name=raw["name"].strip(),
        country=raw["country"],
        languages=tuple(languages),
        timezone=raw["timezone"],
        currency=raw["currency"],
        contact=raw["contact"],
        datasets=MappingProxyType(datasets),
    )


def _parse_dataset(raw: Any, contract: Contract, shared_values: Any, where: str) -> PartnerDataset:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping")
    _reject_unknown_keys(raw, _DATASET_KEYS, where)
    frequency = raw.get("frequency")
    if frequency not in ("monthly", "quarterly"):
        raise ConfigError(f"{where}: frequency must be monthly or quarterly")
    due_day = raw.get("due_day")
    if isinstance(due_day, bool) or not isinstance(due_day, int) or not 1 <= due_day <= 28:
        raise ConfigError(f"{where}: due_day must be a day of the month from 1 to 28")
    formats = raw.get("formats")
    if not isinstance(formats, list) or not formats or not set(formats) <= set(FORMATS):
        raise ConfigError(f"{where}: formats must be a list drawn from {', '.join(FORMATS)}")
    encoding = raw.get("encoding", "utf-8")
    if encoding not in ENCODINGS:
        raise ConfigError(f"{where}: encoding must be one of {', '.join(ENCODINGS)}")
    delimiter = raw.get("delimiter", ",")
    if delimiter not in DELIMITERS:
        raise ConfigError(f"{where}: delimiter must be ',', ';' or a tab")
    json_layout = raw.get("json_layout", "array")
    if json_layout not in JSON_LAYOUTS:
        raise ConfigError(f"{where}: json_layout must be array or lines")
    date_format = raw.get("date_format")
    if date_format is not None:
        _check_date_format(date_format, where)
    column_map = _parse_column_map(raw.get("columns"), contract, where)
    value_map = _parse_value_map(shared_values, raw.get("values"), contract, where)
    pull = None
    if raw.get("pull") is not None:
        pull = parse_pull_source(raw["pull"], frequency=frequency, due_day=due_day, where=where)
    layout = _parse_layout(raw.get("layout"), contract, formats, where)
    if layout is not None:  # the standard's picklist labels, under the partner's own
        from pata.layouts.htcds_toolkit import toolkit_value_labels

        for column_name, labels in toolkit_value_labels(contract).items():
            value_map[column_name] = {**labels, **value_map.get(column_name, {})}
    return PartnerDataset(
        dataset=contract.dataset,
        frequency=cast(Frequency, frequency),
        due_day=due_day,
        formats=tuple(formats),
        column_map=MappingProxyType(column_map),
        value_map=MappingProxyType({k: MappingProxyType(v) for k, v in value_map.items()}),
        date_format=date_format,
        encoding=encoding,
        delimiter=delimiter,
        json_layout=json_layout,
        pull=pull,
        layout=layout,
    )


def _parse_layout(raw: Any, contract: Contract, formats: list[str], where: str) -> str | None:
    from pata.layouts import LAYOUTS

    if raw is None:
        return None
    if raw not in LAYOUTS:
        raise ConfigError(f"{where}: layout must be one of {', '.join(LAYOUTS)}")
    if contract.dataset != "cases" or "xlsx" not in formats:
        raise ConfigError(f"{where}: layout {raw} is for cases sent as xlsx workbooks")
    return str(raw)


def _parse_column_map(raw: Any, contract: Contract, where: str) -> dict[str, str]:
    if raw is None:  # the partner's headers are the contract's names
        return {name: name for name in contract.names}
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(f"{where}: columns must map partner headers to canonical columns")
    mapped: dict[str, str] = {}
    for header, canonical in raw.items():
        if not isinstance(header, str) or not header.strip() or header != header.strip():
            raise ConfigError(f"{where}: header {header!r} must be non-empty, without outer spaces")
        if not isinstance(canonical, str) or not contract.has_column(canonical):
            raise ConfigError(
                f"{where}: header {header!r} maps to {canonical!r}, which is not a column of "
                f"contract {contract.dataset} {contract.version}",
                code="unknown-contract-column",
            )
        if canonical in mapped.values():
            raise ConfigError(f"{where}: two headers map to the same column {canonical!r}")
        mapped[header] = canonical
    missing = [name for name in contract.required_columns if name not in mapped.values()]
    if missing:
        raise ConfigError(
            f"{where}: required column(s) {', '.join(missing)} have no partner header",
            code="unmapped-required-column",
        )
    return mapped


def _parse_value_map(
    shared: Any, own: Any, contract: Contract, where: str
) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for layer, is_shared in ((shared, True), (own, False)):
        if layer in (None, {}):
            continue
        if not isinstance(layer, dict):
            raise ConfigError(f"{where}: values must map canonical columns to label mappings")
        for column_name, labels in layer.items():
            if not contract.has_column(column_name):
                if is_shared:  # partner-wide labels apply to the datasets that have the column
                    continue
                raise ConfigError(
                    f"{where}: values given for {column_name!r}, which is not a column of "
                    f"contract {contract.dataset} {contract.version}",
                    code="unknown-contract-column",
                )
            column = contract.column(column_name)
            allowed = column.codes if column.is_coded else BOOLEAN_CODES
            if column.type not in ("code", "multicode", "boolean"):
                raise ConfigError(
                    f"{where}: values apply to code and boolean columns, not {column_name}"
                )
            if not isinstance(labels, dict) or not labels:
                raise ConfigError(f"{where}: values of {column_name} must map labels to codes")
            for label, code in labels.items():
                text = str(code).lower() if isinstance(code, bool) else code
                if not isinstance(label, str) or not label.strip():
                    raise ConfigError(f"{where}: values of {column_name}: a label must be text")
                if text not in allowed:
                    raise ConfigError(
                        f"{where}: values of {column_name}: label {label!r} maps to {code!r}, "
                        f"which is not a code of {column_name}",
                        code="unknown-code",
                    )
            merged[column_name] = {
                str(label): str(code).lower() if isinstance(code, bool) else str(code)
                for label, code in labels.items()
            }
    return merged


def _check_date_format(date_format: Any, where: str) -> None:
    sample = date(2031, 12, 25)
    try:
        ok = (
            isinstance(date_format, str)
            and datetime.strptime(sample.strftime(date_format), date_format).date() == sample
        )
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"{where}: date_format must be a strptime format such as %d/%m/%Y")


def _reject_unknown_keys(document: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(str(key) for key in document if key not in allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key repeated in one mapping (YAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise ConfigError(
                    f"partner registry line {key_node.start_mark.line + 1}: key {key!r} repeated",
                    code="duplicate-key",
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)
