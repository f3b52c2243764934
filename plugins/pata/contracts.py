"""Dataset contracts: what each dataset's columns are, how to check them, how to de-identify them.

A contract is data (``contracts/<dataset>.yaml``); this module loads and checks it. Every
other step (reading, validation, de-identification, loading, the synthetic generator) takes
its column names, types, code lists and PII handling from here.

Over 400 lines on purpose: the loader of one YAML schema with its checks beside each
field, as in :mod:`pata.registry`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast, get_args

import yaml

from pata.errors import ConfigError

ColumnType = Literal["string", "integer", "number", "date", "boolean", "code", "multicode"]
PiiClass = Literal["direct", "quasi", "none"]
DeidAction = Literal["drop", "pseudonymize", "keep", "generalize"]
RuleKind = Literal["date_order", "sum_equals", "references"]

DATASETS: tuple[str, ...] = ("awareness_sessions", "cases", "rehabilitation", "network_events")
GENERALIZE_RULES: tuple[str, ...] = ("age_band", "month", "province")
MULTICODE_SEPARATOR = ";"
BOOLEAN_CODES: tuple[str, ...] = ("true", "false")

_COLUMN_TYPES = frozenset(get_args(ColumnType))
_PII_CLASSES = frozenset(get_args(PiiClass))
_RULE_KINDS = frozenset(get_args(RuleKind))
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_CONTRACT_KEYS = frozenset(
    {
        "dataset",
        "version",
        "grain",
        "description",
        "record_id",
        "period_column",
        "person_key",
        "consent_column",
        "standard",
        "additions",
        "columns",
        "rules",
    }
)
_COLUMN_KEYS = frozenset(
    {
        "name",
        "type",
        "required",
        "codes",
        "description",
        "pii",
        "deid",
        "unique",
        "minimum",
        "maximum",
    }
)
_RULE_KEYS = frozenset(
    {"code", "kind", "columns", "target", "parts", "column", "dataset", "description"}
)


@dataclass(frozen=True)
class Column:
    """One column of a dataset: type, constraints, PII class and de-identification action."""

    name: str
    type: ColumnType
    required: bool
    description: str
    pii: str
    deid: str
    codes: tuple[str, ...] = ()
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None

    @property
    def deid_action(self) -> DeidAction:
        """The de-identification action without its rule: drop, pseudonymize, keep, generalize."""
        return cast(DeidAction, self.deid.split(":", 1)[0])

    @property
    def deid_rule(self) -> str | None:
        """The generalisation rule (``age_band``, ``month``, ``province``) or None."""
        action, _, rule = self.deid.partition(":")
        return rule if action == "generalize" else None

    @property
    def is_coded(self) -> bool:
        """True when the column takes values from a code list (code or multicode)."""
        return self.type in ("code", "multicode")


@dataclass(frozen=True)
class Rule:
    """A cross-field rule; ``code`` is the defect code a violation is reported under."""

    code: str
    kind: str
    columns: tuple[str, ...] = ()
    target: str | None = None
    parts: tuple[str, ...] = ()
    column: str | None = None
    dataset: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Contract:
    """The contract of one dataset (see ``contracts/<dataset>.yaml``)."""

    dataset: str
    version: str
    grain: str
    description: str
    record_id: str
    period_column: str
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = ()
    person_key: tuple[str, ...] = ()
    consent_column: str | None = None
    standard: str | None = None
    additions: tuple[str, ...] = ()

    @functools.cached_property
    def _by_name(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    def column(self, name: str) -> Column:
        """The column called ``name``; :class:`ConfigError` if the contract has none."""
        found = self._by_name.get(name)
        if found is not None:
            return found
        raise ConfigError(
            f"contract {self.dataset} {self.version} has no column {name!r}",
            code="unknown-contract-column",
        )

    def has_column(self, name: str) -> bool:
        """True when the contract defines a column called ``name``."""
        return name in self._by_name

    @property
    def names(self) -> tuple[str, ...]:
        """Every column name, in contract order."""
        return tuple(column.name for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """The names of the required columns, in contract order."""
        return tuple(column.name for column in self.columns if column.required)


def contracts_dir() -> Path:
    """The directory holding the contracts: ``$PATA_CONTRACTS_DIR`` or the repo's ``contracts/``."""
    override = os.environ.get("PATA_CONTRACTS_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "contracts"


def load_contract(dataset: str, *, directory: Path | None = None) -> Contract:
    """Load and check the contract of ``dataset``; :class:`ConfigError` if unknown or invalid."""
    if dataset not in DATASETS:
        raise ConfigError(
            f"unknown dataset {dataset!r}; known datasets: {', '.join(DATASETS)}",
            code="unknown-dataset",
        )
    folder = (directory or contracts_dir()).resolve()
    return _load_contract_file(str(folder / f"{dataset}.yaml"), dataset)


def load_contracts(*, directory: Path | None = None) -> dict[str, Contract]:
    """Load every dataset's contract, keyed by dataset name, in :data:`DATASETS` order."""
    contracts = {name: load_contract(name, directory=directory) for name in DATASETS}
    _check_references(contracts)
    return contracts


@functools.lru_cache(maxsize=64)
def _load_contract_file(path: str, dataset: str) -> Contract:
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"contract file {file} not found", code="missing-contract")
    try:
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"contract file {file} is not valid YAML: {exc}") from None
    contract = parse_contract(document, source=file.name)
    if contract.dataset != dataset:
        raise ConfigError(f"{file.name} declares dataset {contract.dataset!r}, not {dataset!r}")
    return contract


def parse_contract(document: Any, *, source: str = "contract") -> Contract:
    """Build a :class:`Contract` from its parsed YAML and check it for consistency."""
    where = source
    _require_mapping(document, where)
    _reject_unknown_keys(document, _CONTRACT_KEYS, where)
    for key in ("dataset", "version", "grain", "description", "record_id", "period_column"):
        _require_text(document, key, where)
    if not _VERSION.match(str(document["version"])):
        raise ConfigError(f"{where}: version must look like 1.0.0")
    raw_columns = document.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise ConfigError(f"{where}: columns must be a non-empty list")
    columns = tuple(
        _parse_column(raw, f"{where}: column #{index}") for index, raw in enumerate(raw_columns, 1)
    )
    rules = tuple(
        _parse_rule(raw, f"{where}: rule #{index}")
        for index, raw in enumerate(document.get("rules") or [], 1)
    )
    contract = Contract(
        dataset=str(document["dataset"]),
        version=str(document["version"]),
        grain=str(document["grain"]),
        description=str(document["description"]),
        record_id=str(document["record_id"]),
        period_column=str(document["period_column"]),
        columns=columns,
        rules=rules,
        person_key=_text_tuple(document.get("person_key"), f"{where}: person_key"),
        consent_column=document.get("consent_column"),
        standard=document.get("standard"),
        additions=_text_tuple(document.get("additions"), f"{where}: additions"),
    )
    _check_contract(contract, where)
    return contract


def _parse_column(raw: Any, where: str) -> Column:
    _require_mapping(raw, where)
    _reject_unknown_keys(raw, _COLUMN_KEYS, where)
    for key in ("name", "type", "description", "pii", "deid"):
        _require_text(raw, key, where)
    name = str(raw["name"])
    where = f"{where} ({name})"
    if not _NAME.match(name):
        raise ConfigError(f"{where}: a column name is letters, digits and underscores")
    if raw["type"] not in _COLUMN_TYPES:
        raise ConfigError(f"{where}: type must be one of {', '.join(sorted(_COLUMN_TYPES))}")
    if not isinstance(raw.get("required"), bool):
        raise ConfigError(f"{where}: required must be true or false")
    if raw["pii"] not in _PII_CLASSES:
        raise ConfigError(f"{where}: pii must be direct, quasi or none")
    codes = _text_tuple(raw.get("codes"), f"{where}: codes")
    if raw["type"] in ("code", "multicode") and not codes:
        raise ConfigError(f"{where}: a {raw['type']} column needs a code list")
    if raw["type"] not in ("code", "multicode") and codes:
        raise ConfigError(f"{where}: only code and multicode columns take codes")
    if len(set(codes)) != len(codes):
        raise ConfigError(f"{where}: the code list repeats a code")
    bounds = {key: raw.get(key) for key in ("minimum", "maximum")}
    for key, value in bounds.items():
        if value is None:
            continue
        if raw["type"] not in ("integer", "number"):
            raise ConfigError(f"{where}: {key} applies to integer and number columns only")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: {key} must be a number")
    column = Column(
        name=name,
        type=cast(ColumnType, raw["type"]),
        required=bool(raw["required"]),
        description=str(raw["description"]).strip(),
        pii=str(raw["pii"]),
        deid=str(raw["deid"]),
        codes=codes,
        unique=bool(raw.get("unique", False)),
        minimum=None if bounds["minimum"] is None else float(bounds["minimum"]),
        maximum=None if bounds["maximum"] is None else float(bounds["maximum"]),
    )
    _check_deid(column, where)
    return column


def _check_deid(column: Column, where: str) -> None:
    action, _, rule = column.deid.partition(":")
    if action not in ("drop", "pseudonymize", "keep", "generalize"):
        raise ConfigError(f"{where}: deid must be drop, pseudonymize, keep or generalize:<rule>")
    if action == "generalize":
        if rule not in GENERALIZE_RULES:
            raise ConfigError(
                f"{where}: generalize rule must be one of {', '.join(GENERALIZE_RULES)}"
            )
        if rule in ("age_band", "month") and column.type != "date":
            raise ConfigError(f"{where}: generalize:{rule} applies to date columns")
        if rule == "province" and column.type != "string":
            raise ConfigError(f"{where}: generalize:province applies to text columns")
    elif rule:
        raise ConfigError(f"{where}: only generalize takes a rule")
    if column.pii == "direct" and action == "keep":
        raise ConfigError(f"{where}: a direct identifier cannot be kept as is")


def _parse_rule(raw: Any, where: str) -> Rule:
    _require_mapping(raw, where)
    _reject_unknown_keys(raw, _RULE_KEYS, where)
    _require_text(raw, "code", where)
    _require_text(raw, "kind", where)
    if not _KEBAB.match(str(raw["code"])):
        raise ConfigError(f"{where}: a rule code is kebab-case")
    if raw["kind"] not in _RULE_KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(sorted(_RULE_KINDS))}")
    rule = Rule(
        code=str(raw["code"]),
        kind=str(raw["kind"]),
        columns=_text_tuple(raw.get("columns"), f"{where}: columns"),
        target=raw.get("target"),
        parts=_text_tuple(raw.get("parts"), f"{where}: parts"),
        column=raw.get("column"),
        dataset=raw.get("dataset"),
        description=str(raw.get("description") or ""),
    )
    if rule.kind == "date_order" and len(rule.columns) != 2:
        raise ConfigError(f"{where}: date_order takes columns: [earlier, later]")
    if rule.kind == "sum_equals" and (not rule.target or len(rule.parts) < 2):
        raise ConfigError(f"{where}: sum_equals takes a target and at least two parts")
    if rule.kind == "references" and not (rule.column and rule.dataset and rule.target):
        raise ConfigError(f"{where}: references takes column, dataset and target")
    return rule


def _check_contract(contract: Contract, where: str) -> None:
    names = contract.names
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ConfigError(f"{where}: duplicate column(s) {', '.join(duplicated)}")
    if contract.dataset not in DATASETS:
        raise ConfigError(f"{where}: unknown dataset {contract.dataset!r}")

    def column_of(name: str | None, role: str) -> Column:
        if name is None or not contract.has_column(name):
            raise ConfigError(f"{where}: {role} names unknown column {name!r}")
        return contract.column(name)

    record_id = column_of(contract.record_id, "record_id")
    if not (record_id.required and record_id.unique):
        raise ConfigError(f"{where}: the record_id column must be required and unique")
    period = column_of(contract.period_column, "period_column")
    if period.type != "date" or not period.required:
        raise ConfigError(f"{where}: the period column must be a required date")
    for name in contract.person_key:
        column_of(name, "person_key")
    if contract.consent_column is not None:
        consent = column_of(contract.consent_column, "consent_column")
        if consent.type != "boolean":
            raise ConfigError(f"{where}: the consent column must be boolean")
    for name in contract.additions:
        column_of(name, "additions")
    for column in contract.columns:
        # generalize:province replaces a finer place by the row's own province column.
        if column.deid_rule == "province" and not contract.has_column("province"):
            raise ConfigError(f"{where}: generalize:province needs a province column")
    for rule in contract.rules:
        role = f"rule {rule.code}"
        if rule.kind == "date_order":
            for name in rule.columns:
                if column_of(name, role).type != "date":
                    raise ConfigError(f"{where}: {role} compares date columns only")
        elif rule.kind == "sum_equals":
            for part in (rule.target, *rule.parts):
                if column_of(part, role).type not in ("integer", "number"):
                    raise ConfigError(f"{where}: {role} adds integer or number columns only")
        elif rule.kind == "references":
            column_of(rule.column, role)
            if rule.dataset not in DATASETS:
                raise ConfigError(f"{where}: {role} refers to unknown dataset {rule.dataset!r}")


def _check_references(contracts: Mapping[str, Contract]) -> None:
    for contract in contracts.values():
        for rule in contract.rules:
            if rule.kind != "references" or rule.dataset is None:
                continue
            target = contracts[rule.dataset]
            if rule.target is None or not target.has_column(rule.target):
                raise ConfigError(
                    f"contract {contract.dataset}: rule {rule.code} refers to unknown column "
                    f"{rule.target!r} of {rule.dataset}"
                )


def _require_mapping(value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping")


def _require_text(document: Mapping[str, Any], key: str, where: str) -> None:
    value = document.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key} must be non-empty text")


def _reject_unknown_keys(document: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(str(key) for key in document if key not in allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _text_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: expected a list of text")
    return tuple(cast(Sequence[str], value))
