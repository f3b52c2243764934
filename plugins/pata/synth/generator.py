"""Generate a dropzone tree of synthetic partner exports and its ground-truth manifest.

``generate`` plans every file (partner x dataset x period), places the planted rows
(persons who appear in two countries' files, canaries), then writes each file row by row in
the partner's own format, headers, labels, scripts and date format, planting defects and
noise at the requested rate and recording each one in the manifest. The same arguments give
the same bytes: every file draws from its own generator seeded from (seed, partner, dataset,
period), nothing depends on the clock or on dict order.
"""

# ruff: noqa: S311  (seeded, reproducible test data: random is the point, not a secret)
from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pata import clock
from pata.contracts import DATASETS, Column, Contract, load_contracts
from pata.errors import ConfigError
from pata.periods import Period, last_complete_month, month_of, months_back, quarter_of
from pata.registry import Partner, PartnerDataset, Registry, load_registry
from pata.synth import canaries as canary_values
from pata.synth.activities import awareness_record, network_record
from pata.synth.crossborder import draw_identity, written_as
from pata.synth.defects import (
    EXTRA_HEADERS,
    ROW_DEFECT_WEIGHTS,
    DefectPlaces,
    add_noise,
    label_sets,
    not_a_value,
    plant_date_order,
    plant_future_date,
    plant_out_of_range,
    plant_sum_mismatch,
    unknown_label,
)
from pata.synth.manifest import Defect, FileRecord, Manifest, Noise
from pata.synth.names import name_book
from pata.synth.profiles import CROSS_BORDER_ROUTES, profile_of
from pata.synth.records import (
    CaseReference,
    FileContext,
    Person,
    Record,
    case_record,
    rehabilitation_record,
)
from pata.synth.toolkit import FIRST_RECORD_ROW, toolkit_record_id, write_toolkit_workbook
from pata.synth.writers import ISO_DATE, Cell, cell_text, write_csv, write_json, write_xlsx

log = logging.getLogger(__name__)

# Rows per month when --rows-per-file is not given (quarterly files hold three months).
DEFAULT_MONTHLY_ROWS: dict[str, tuple[int, int]] = {
    "cases": (20, 80),
    "rehabilitation": (5, 25),
    "awareness_sessions": (6, 30),
    "network_events": (1, 5),
}
CROSS_BORDER_SHARE = 0.05  # of persons, reported by partners of two or three countries
POOL_SIZE = 5000  # case references kept per partner for rehabilitation rows to point at
_RECENT_ROWS = 32  # clean rows kept per file to repeat (duplicate-row, duplicate-record-id)
_NOISY_KINDS = ("code", "multicode", "boolean", "string")
_NO_NOISE = ("prs_IdentityNumber", "prs_MobilePhone")


@dataclass
class Planted:
    """A row placed on purpose: a cross-border appearance or a canary."""

    person: Person | None = None
    identified_on: date | None = None
    exploited_in: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    appearance: dict[str, Any] | None = None  # manifest entry completed when written
    canaries: list[dict[str, Any]] = field(default_factory=list)  # idem


@dataclass
class FilePlan:
    """One file to produce (or, for ``write=False``, to simulate for its case numbers)."""

    partner: Partner
    dataset: str
    spec: PartnerDataset
    period: Period
    rows: int
    format: str
    path: str
    write: bool = True
    planted: dict[int, Planted] = field(default_factory=dict)

    def free_slot(self, rng: random.Random) -> int | None:
        """A random row index not yet planted, while planted rows stay at most half the file."""
        if len(self.planted) >= max(1, self.rows // 2):
            return None
        free = [index for index in range(self.rows) if index not in self.planted]
        return rng.choice(free) if free else None


def generate(
    *,
    out: Path,
    partners: Sequence[str] | None = None,
    months: int = 3,
    rows_per_file: int | None = None,
    seed: int = 0,
    defects: float = 0.0,
    end: date | None = None,
    datasets: Sequence[str] | None = None,
    canaries: bool = False,
    registry: Registry | None = None,
    contracts: Mapping[str, Contract] | None = None,
) -> Manifest:
    """Write synthetic exports under ``out`` in the dropzone layout, plus ``out/manifest.json``.

    Files go to ``out/<partner>/incoming/<dataset>/<partner>_<dataset>_<period>.<ext>``.
    ``end`` (default: the last complete month before today) is the last month covered and
    ``months`` counts back from it; quarterly datasets get the quarters that end in that
    window. ``defects`` is the share of rows given one defect (and of rows given noise);
    a few files also lose a required column or gain an unknown one.
    """
    registry = registry or load_registry()
    contracts = contracts or load_contracts()
    chosen = _choose_partners(registry, partners)
    wanted = _choose_datasets(datasets)
    if months < 1:
        raise ConfigError("months must be at least 1", code="invalid-argument")
    if rows_per_file is not None and rows_per_file < 1:
        raise ConfigError("rows per file must be at least 1", code="invalid-argument")
    if not 0.0 <= defects <= 0.5:
        raise ConfigError(
            "the defect rate is a share of rows from 0 to 0.5", code="invalid-argument"
        )
    last = month_of(end) if end else last_complete_month(clock.today())
    window = months_back(end=last.end, count=months)
    manifest = Manifest(
        seed=seed,
        generated_for={
            "partners": [partner.code for partner in chosen],
            "months": months,
            "rows_per_file": rows_per_file,
            "seed": seed,
            "defects": defects,
            "end": last.label,
            "window": [window[0].label, window[-1].label],
            "datasets": list(wanted),
            "canaries": canaries,
        },
    )
    plans = _plan_files(chosen, wanted, window, seed=seed, rows_per_file=rows_per_file)
    _plan_cross_border(plans, seed=seed, manifest=manifest)
    if canaries:
        _plan_canaries(plans, seed=seed, manifest=manifest)
    out.mkdir(parents=True, exist_ok=True)
    for partner in chosen:
        pool = _CasePool(random.Random(_seed_of(seed, partner.code, "pool")))
        own = [plan for plan in plans if plan.partner.code == partner.code]
        own.sort(
            key=lambda plan: (
                plan.period.end,
                DATASETS.index(plan.dataset) if plan.dataset != "cases" else -1,
            )
        )
        for plan in own:
            run = _FileRun(plan, contracts[plan.dataset], seed=seed, defects=defects, pool=pool)
            record = run.write(out)
            if plan.write:
                manifest.files.append(record)
    manifest.cross_country_persons = [
        person
        for person in manifest.cross_country_persons
        if all(appearance.get("row") for appearance in person["appearances"])
    ]
    manifest.canaries = [canary for canary in manifest.canaries if canary.get("row")]
    manifest.files.sort(key=lambda record: record.path)
    manifest.write(out)
    log.info("wrote %s synthetic files under %s", len(manifest.files), out)
    return manifest


def _choose_partners(registry: Registry, codes: Sequence[str] | None) -> list[Partner]:
    if not codes:
        return [registry.partners[code] for code in sorted(registry.partners)]
    return [registry.partner(code) for code in sorted(set(codes))]


def _choose_datasets(names: Sequence[str] | None) -> tuple[str, ...]:
    if not names:
        return DATASETS
    unknown = sorted(set(names) - set(DATASETS))
    if unknown:
        raise ConfigError(f"unknown dataset(s) {', '.join(unknown)}", code="unknown-dataset")
    return tuple(name for name in DATASETS if name in names)


def _seed_of(seed: int, *parts: str) -> int:
    digest = hashlib.sha256("/".join((str(seed), *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _periods(spec: PartnerDataset, window: Sequence[Period]) -> list[Period]:
    if spec.frequency == "monthly":
        return list(window)
    quarters = {quarter_of(month.start) for month in window}
    return sorted(q for q in quarters if window[0].start <= q.end <= window[-1].end)


def _plan_files(
    partners: Sequence[Partner],
    wanted: Sequence[str],
    window: Sequence[Period],
    *,
    seed: int,
    rows_per_file: int | None,
) -> list[FilePlan]:
    plans: list[FilePlan] = []
    for partner in partners:
        needed = list(wanted)
        if "rehabilitation" in wanted and "cases" not in wanted and "cases" in partner.datasets:
            needed.append("cases")  # simulated, so enrolments point at real case numbers
        for dataset in DATASETS:
            if dataset not in needed or dataset not in partner.datasets:
                continue
            spec = partner.dataset(dataset)
            for period in _periods(spec, window):
                rng = random.Random(_seed_of(seed, partner.code, dataset, period.label, "plan"))
                low, high = DEFAULT_MONTHLY_ROWS[dataset]
                scale = 3 if period.is_quarter else 1
                rows = rows_per_file or rng.randint(low * scale, high * scale)
                fmt = spec.formats[0]
                if len(spec.formats) > 1 and rng.random() < 0.3:
                    fmt = rng.choice(spec.formats[1:])
                name = f"{partner.code}_{dataset}_{period.label}.{fmt}"
                plans.append(
                    FilePlan(
                        partner=partner,
                        dataset=dataset,
                        spec=spec,
                        period=period,
                        rows=rows,
                        format=fmt,
                        path=f"{partner.code}/incoming/{dataset}/{name}",
                        write=dataset in wanted,
                    )
                )
    return plans


def _plan_cross_border(plans: Sequence[FilePlan], *, seed: int, manifest: Manifest) -> None:
    """Place persons recruited in one country and identified in another in both files."""

    def cases_plans(country: str) -> tuple[str | None, list[FilePlan]]:
        codes = sorted(
            {
                p.partner.code
                for p in plans
                if p.partner.country == country and p.dataset == "cases" and p.write
            }
        )
        if not codes:
            return None, []
        own = [p for p in plans if p.partner.code == codes[0] and p.dataset == "cases"]
        return codes[0], sorted(own, key=lambda p: p.period.start)

    cases = [p for p in plans if p.dataset == "cases" and p.write]
    number = 0
    for origin, destination in CROSS_BORDER_ROUTES:
        origin_code, origin_plans = cases_plans(origin)
        destination_code, destination_plans = cases_plans(destination)
        if origin_code is None or destination_code is None:
            continue
        for found in destination_plans:
            rng = random.Random(
                _seed_of(seed, "cross-border", origin_code, destination_code, found.period.label)
            )
            # About CROSS_BORDER_SHARE of the persons of the region, spread over the routes.
            wanted = found.rows * CROSS_BORDER_SHARE * 2 / len(CROSS_BORDER_ROUTES)
            count = int(wanted) + (rng.random() < wanted - int(wanted))
            for _ in range(count):
                entry = _plant_cross_border(
                    rng,
                    found=found,
                    origin_plans=origin_plans,
                    transit_plans=[
                        p
                        for p in cases
                        if p.partner.country not in (origin, destination)
                        and p.period == found.period
                    ],
                    number=number + 1,
                    origin=origin,
                    destination=destination,
                )
                if entry is not None:
                    number += 1
                    manifest.cross_country_persons.append(entry)


def _plant_cross_border(
    rng: random.Random,
    *,
    found: FilePlan,
    origin_plans: Sequence[FilePlan],
    transit_plans: Sequence[FilePlan],
    number: int,
    origin: str,
    destination: str,
) -> dict[str, Any] | None:
    """Plant one person identified abroad, back home later, sometimes in a third country.

    The truth (``true_identity``) and every appearance go to the manifest; the partner abroad
    writes the name in Latin letters with variations, the home partner as on the travel
    document or in the person's own script, a third country's partner with variations.
    """
    identified = found.period.start + timedelta(
        days=rng.randint(0, (found.period.end - found.period.start).days)
    )
    returned = identified + timedelta(days=rng.randint(15, 90))
    home = next((p for p in origin_plans if returned in p.period), None)
    if home is None:
        home = origin_plans[-1]
        if home.period.end < identified:
            return None
        returned = max(identified, home.period.start)
    found_slot, home_slot = found.free_slot(rng), home.free_slot(rng)
    if found_slot is None or home_slot is None or home is found:
        return None
    identity = draw_identity(rng, country=origin, identified=identified)
    abroad, abroad_variants = written_as(rng, identity, native=False)
    at_home, home_variants = written_as(rng, identity, native=rng.random() < 0.5, vary=False)
    places = [
        (found, found_slot, abroad, abroad_variants, "identified-abroad", identified),
        (home, home_slot, at_home, home_variants, "returned-home", returned),
    ]
    via = rng.choice(transit_plans) if transit_plans and rng.random() < 0.3 else None
    via_slot = via.free_slot(rng) if via is not None else None
    if via is not None and via_slot is not None:
        third, third_variants = written_as(rng, identity, native=False)
        places.append((via, via_slot, third, third_variants, "identified-in-transit", identified))
    appearances = []
    for plan, slot, person, variants, role, on in places:
        appearance = {
            "role": role,
            "first_name": person.first_name,
            "second_name": person.second_name,
            "birthdate": None if person.birthdate is None else person.birthdate.isoformat(),
            "variants": variants,
        }
        plan.planted[slot] = Planted(
            person=person,
            identified_on=on,
            exploited_in=destination,
            overrides={"con_Consent": True},
            appearance=appearance,
        )
        appearances.append(appearance)
    return {
        "person": f"XB-{number:03d}",
        "route": {"from": origin, "to": destination},
        "true_identity": identity.as_truth(),
        "appearances": appearances,
    }


def _plan_canaries(plans: Sequence[FilePlan], *, seed: int, manifest: Manifest) -> None:
    """Plant one canary row in each partner's last file of each dataset."""
    last: dict[tuple[str, str], FilePlan] = {}
    for plan in plans:
        if plan.write:
            key = (plan.partner.code, plan.dataset)
            if key not in last or plan.period.end > last[key].period.end:
                last[key] = plan
    for (code, dataset), plan in sorted(last.items()):
        rng = random.Random(_seed_of(seed, "canary", code, dataset))
        slot = plan.free_slot(rng)
        if slot is None:
            continue
        script = name_book(plan.partner.country).script
        first = canary_values.canary_name(rng, script)
        second = canary_values.canary_name(rng, "Latn")
        planted = Planted(overrides={})
        values: list[tuple[str, str, Any, str]] = []  # (column, kind, value, script)
        if dataset in ("cases", "rehabilitation"):
            birthdate = date(rng.randint(1960, 1999), rng.randint(1, 12), rng.randint(1, 28))
            planted.person = Person(first, second, birthdate, "Feminine", plan.partner.country)
            planted.overrides["con_Consent"] = True
            values += [
                ("prs_FirstName", "first-name", first, script),
                ("prs_SecondName", "second-name", second, "Latn"),
                ("prs_Birthdate", "birth-date", birthdate, "Zyyy"),
            ]
        if dataset == "cases":
            prefix = profile_of(plan.partner.country).phone_prefixes[0]
            phone = f"{prefix} 99 {canary_values.canary_digits(rng, 6)}"
            identity = "9" + canary_values.canary_digits(rng, 11)
            comment = f"{first} {second} {phone}"
            planted.overrides.update(
                prs_MobilePhone=phone, prs_IdentityNumber=identity, cco_CaseComment=comment
            )
            values += [
                ("prs_MobilePhone", "phone", phone, "Zyyy"),
                ("prs_IdentityNumber", "identity-number", identity, "Zyyy"),
                ("cco_CaseComment", "case-comment", comment, script),
            ]
        elif dataset == "awareness_sessions":
            planted.overrides["facilitator_name"] = f"{first} {second}"
            values.append(("facilitator_name", "facilitator-name", f"{first} {second}", script))
        elif dataset == "network_events":
            planted.overrides["organiser_contact"] = f"{second} {first}"
            values.append(("organiser_contact", "organiser-contact", f"{second} {first}", script))
        for column, kind, value, value_script in values:
            if column not in plan.spec.column_map.values():
                continue
            text = value.isoformat() if isinstance(value, date) else value
            entry = {
                "value": text,
                "kind": kind,
                "script": value_script,
                "partner": code,
                "dataset": dataset,
                "column": column,
            }
            if isinstance(value, date):
                entry["written"] = value.strftime(plan.spec.date_format or ISO_DATE)
            planted.canaries.append(entry)
            manifest.canaries.append(entry)
        plan.planted[slot] = planted


class _CasePool:
    """A bounded, seeded sample of a partner's clean, consented cases (reservoir sampling)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen = 0
        self.items: list[CaseReference] = []

    def slot(self) -> int | None:
        """Count one more case; the index to store it at, or None when it is not sampled."""
        self._seen += 1
        if len(self.items) < POOL_SIZE:
            self.items.append(None)  # type: ignore[arg-type]  # filled by the caller
            return len(self.items) - 1
        slot = self._rng.randrange(self._seen)
        return slot if slot < POOL_SIZE else None


def _renderer(column: Column, labels: Mapping[str, str]) -> Callable[[Any], Cell]:
    """How a canonical value becomes the partner's cell for ``column``."""
    if column.type == "code":
        return lambda value: None if value is None else labels.get(value, value)
    if column.type == "multicode":
        return lambda value: (
            None if not value else ";".join(labels.get(code, code) for code in value)
        )
    if column.type == "boolean" and labels:
        return lambda value: None if value is None else labels["true" if value else "false"]
    return lambda value: value


class _FileRun:
    """Produce one file: rows, planted rows, defects, noise, and its manifest record."""

    def __init__(
        self, plan: FilePlan, contract: Contract, *, seed: int, defects: float, pool: _CasePool
    ) -> None:
        # A toolkit workbook (registry layout) is written clean: its case numbers and
        # columns are the layout's, which the defect planting does not model.
        self.toolkit = plan.spec.layout is not None and plan.format == "xlsx"
        defects = 0.0 if self.toolkit else defects
        self.first_row = FIRST_RECORD_ROW if self.toolkit else 2
        self.plan = plan
        self.contract = contract
        self.defects = defects
        self.pool = pool
        self.rng = random.Random(_seed_of(seed, plan.partner.code, plan.dataset, plan.period.label))
        spec = plan.spec
        self.ctx = FileContext(
            partner=plan.partner,
            spec=spec,
            contract=contract,
            period=plan.period,
            profile=profile_of(plan.partner.country),
            rng=self.rng,
            id_prefix=plan.partner.code.split("-")[-1].upper(),
        )
        self.width = max(4, len(str(plan.rows)))
        self.date_format = spec.date_format or ISO_DATE
        columns = list(spec.column_map.values())
        headers = list(spec.column_map.keys())
        self.file_defects: list[Defect] = []
        self.missing_column: str | None = None
        self.extra_at: int | None = None
        draw = self.rng.random()
        if plan.write and defects > 0 and draw < defects / 4 and not plan.planted:
            droppable = [
                c for c in contract.required_columns if c != contract.record_id and c in columns
            ]
            self.missing_column = self.rng.choice(droppable)
            at = columns.index(self.missing_column)
            del columns[at], headers[at]
            self.file_defects.append(
                Defect(row=None, column=self.missing_column, code="missing-column")
            )
        elif plan.write and defects > 0 and draw < defects * 3 / 4:
            extra = next(h for h in EXTRA_HEADERS if h not in headers)
            self.extra_at = self.rng.randint(1, len(headers))
            headers.insert(self.extra_at, extra)
            self.file_defects.append(Defect(row=None, column=extra, code="extra-column"))
        self.columns = columns
        self.headers = headers
        self.kinds = {name: contract.column(name).type for name in columns}
        self.position = {name: index for index, name in enumerate(columns)}
        # Only coded and labelled columns need converting; other values are cells as they are.
        self.converted = [
            (index, _renderer(contract.column(name), spec.labels(name)))
            for index, name in enumerate(columns)
            if self.kinds[name] == "multicode"
            or (self.kinds[name] in ("code", "boolean") and spec.labels(name))
        ]
        self.places = DefectPlaces.of(contract, columns)
        self.accepted = label_sets(contract, spec.value_map, columns)
        self.noisy = [
            index
            for index, name in enumerate(columns)
            if self.kinds[name] in _NOISY_KINDS
            and name not in _NO_NOISE
            and name != contract.record_id
            and not any(rule.column == name for rule in contract.rules if rule.kind == "references")
        ]
        self.row_defects: list[Defect] = []
        self.noise: list[Noise] = []
        self.recent: list[tuple[list[Cell], str]] = []

    # -- records ----------------------------------------------------------------------
    def _record(self, index: int, planted: Planted | None) -> Record | None:
        dataset = self.plan.dataset
        if dataset == "cases":
            if planted is not None:
                return case_record(
                    self.ctx,
                    index=index + 1,
                    width=self.width,
                    person=planted.person,
                    identified_on=planted.identified_on,
                    exploited_in=planted.exploited_in,
                )
            return case_record(self.ctx, index=index + 1, width=self.width)
        if dataset == "rehabilitation":
            if not self.pool.items:
                return None
            case = self.rng.choice(self.pool.items)
            if planted is not None and planted.person is not None:
                case = replace(case, person=planted.person)
            return rehabilitation_record(self.ctx, index=index + 1, width=self.width, case=case)
        if dataset == "awareness_sessions":
            return awareness_record(self.ctx, index=index + 1, width=self.width)
        return network_record(self.ctx, index=index + 1, width=self.width)

    def _render(self, record: Record) -> list[Cell]:
        cells: list[Cell] = [record.get(name) for name in self.columns]
        for index, render in self.converted:
            cells[index] = render(cells[index])
        return cells

    # -- defects ----------------------------------------------------------------------
    def _plant_in_record(self, kind: str, record: Record) -> tuple[Record, str | None] | None:
        trial = dict(record)
        rng = self.rng
        column: str | None
        if kind == "date-order":
            column = plant_date_order(
                trial,
                self.places,
                period=self.plan.period,
                period_column=self.contract.period_column,
                rng=rng,
            )
        elif kind == "future-date":
            column = plant_future_date(trial, self.places, rng=rng)
        elif kind == "sum-mismatch":
            column = plant_sum_mismatch(trial, self.places, self.contract, rng=rng)
        elif kind == "out-of-range":
            column = plant_out_of_range(trial, self.places, self.contract, rng=rng)
        elif kind == "unknown-case-reference":
            rule = self.places.reference_rules[0]
            assert rule.column is not None
            start = self.plan.period.start
            trial[rule.column] = (
                f"{self.ctx.id_prefix}-C-{start.year - 10}-{start.month:02d}-"
                f"{rng.randint(1, 10**self.width - 1):0{self.width}d}"
            )
            column = rule.column
        elif kind == "duplicate-record-id":
            trial[self.contract.record_id] = rng.choice(self.recent)[1]
            column = self.contract.record_id
        else:
            return None
        return None if column is None else (trial, column)

    def _plant_in_cells(self, kind: str, cells: list[Cell], record: Record) -> str | None:
        rng = self.rng
        if kind == "missing-value":
            candidates = [
                n for n in self.places.missing_value if cells[self.position[n]] is not None
            ]
            if not candidates:
                return None
            name = rng.choice(candidates)
            cells[self.position[name]] = None
            return name
        if kind == "unknown-code":
            name = rng.choice(self.places.unknown_code)
            bad = unknown_label(rng, self.accepted[name])
            current = cells[self.position[name]]
            if self.kinds[name] == "multicode" and isinstance(current, str) and current:
                tokens = current.split(";")
                tokens[rng.randrange(len(tokens))] = bad
                bad = ";".join(tokens)
            cells[self.position[name]] = bad
            return name
        if kind == "type-error":
            name = rng.choice(self.places.type_error)
            cells[self.position[name]] = not_a_value(
                rng,
                column_type=self.kinds[name],
                example=record.get(name),
                date_format=self.date_format,
            )
            return name
        return None

    def _defective_row(self, record: Record) -> tuple[list[Cell], Defect] | None:
        kinds = self.places.kinds(can_repeat=bool(self.recent))
        if not kinds:
            return None
        rng = self.rng
        first = rng.choices(kinds, weights=[ROW_DEFECT_WEIGHTS[k] for k in kinds])[0]
        others = [k for k in kinds if k != first]
        rng.shuffle(others)
        for kind in (first, *others):
            if kind == "duplicate-row":
                return list(rng.choice(self.recent)[0]), Defect(row=0, column=None, code=kind)
            planted = self._plant_in_record(kind, record)
            if planted is not None:
                changed, column = planted
                return self._render(changed), Defect(row=0, column=column, code=kind)
            cells = self._render(record)
            column = self._plant_in_cells(kind, cells, record)
            if column is not None:
                return cells, Defect(row=0, column=column, code=kind)
        return None

    def _add_noise(self, row: int, cells: list[Cell]) -> bool:
        rng = self.rng
        candidates = [i for i in self.noisy if isinstance(cells[i], str) and cells[i]]
        changed = False
        for index in rng.sample(candidates, min(len(candidates), rng.randint(1, 2))):
            text = cells[index]
            assert isinstance(text, str)
            noisy = add_noise(rng, text)
            if noisy is None:
                continue
            cells[index] = noisy[0]
            self.noise.append(Noise(row=row, column=self.columns[index], kind=noisy[1]))
            changed = True
        return changed

    # -- rows -------------------------------------------------------------------------
    def rows(self) -> Iterator[list[Cell]]:
        """The file's rows, in order, each a list of cells under ``self.headers``."""
        plan = self.plan
        record_id = self.contract.record_id
        rejected = self.missing_column is not None
        # Validation rejects a file whose rows are mostly invalid; stay at half or less, so
        # that defects are found row by row rather than ending the file.
        budget = plan.rows // 2
        for index in range(plan.rows):
            row = index + self.first_row
            planted = plan.planted.get(index)
            record = self._record(index, planted)
            if record is None:
                break
            if self.toolkit:
                record[record_id] = toolkit_record_id(plan.period.label, row)
            if planted is not None:
                record.update(planted.overrides)
                cells = self._render(record)
                self._note_planted(planted, row, record, cells)
                self._pool(record, clean=not rejected)
            elif (
                not rejected
                and self.defects > 0
                and self.rng.random() < self.defects
                and len(self.row_defects) < budget
            ):
                made = self._defective_row(record)
                if made is None:
                    cells = self._render(record)
                    self._pool(record, clean=True)
                else:
                    cells, defect = made
                    self.row_defects.append(Defect(row=row, column=defect.column, code=defect.code))
            else:
                cells = self._render(record)
                noisy = not rejected and self.defects > 0 and self.rng.random() < self.defects
                if noisy and self._add_noise(row, cells):
                    pass
                elif not rejected and self.defects > 0:
                    self.recent.append((list(cells), str(record[record_id])))
                    del self.recent[:-_RECENT_ROWS]
                self._pool(record, clean=not rejected)
            if self.extra_at is not None:
                cells.insert(self.extra_at, self.rng.choice(("x", None, None)))
            yield cells

    def _pool(self, record: Record, *, clean: bool) -> None:
        if self.plan.dataset != "cases" or not clean or record.get("con_Consent") is not True:
            return
        slot = self.pool.slot()
        if slot is None:
            return
        person = Person(
            first_name=record["prs_FirstName"],
            second_name=record["prs_SecondName"],
            birthdate=record["prs_Birthdate"],
            gender=record["prs_Gender"],
            citizenship=record["prs_Citizenship"][0],
        )
        self.pool.items[slot] = CaseReference(
            record["partner_case_id"], record["identification_date"], person
        )

    def _note_planted(self, planted: Planted, row: int, record: Record, cells: list[Cell]) -> None:
        where = {
            "partner": self.plan.partner.code,
            "path": self.plan.path,
            "row": row,
            "record_id": record[self.contract.record_id],
        }
        if planted.appearance is not None:
            planted.appearance.update(where)
        for canary in planted.canaries:
            canary.update(where)
            cell = cells[self.position[canary["column"]]]
            canary["written"] = cell_text(cell, self.date_format)

    # -- output -----------------------------------------------------------------------
    def write(self, out: Path) -> FileRecord:
        """Write the file (or only run through its rows when the plan is not written)."""
        plan = self.plan
        if not plan.write:
            for _ in self.rows():
                pass
            return self._record_of(0, "")
        target = out / plan.path
        target.parent.mkdir(parents=True, exist_ok=True)
        spec = plan.spec
        if plan.format == "csv":
            count = write_csv(
                target,
                self.headers,
                self.rows(),
                encoding=spec.encoding,
                delimiter=spec.delimiter,
                date_format=spec.date_format,
            )
        elif self.toolkit:
            count = write_toolkit_workbook(
                target,
                self.columns,
                self.rows(),
                date_format=spec.date_format,
                title=f"{plan.partner.name}, {plan.period.label}",
            )
        elif plan.format == "xlsx":
            count = write_xlsx(
                target,
                self.headers,
                self.rows(),
                date_format=spec.date_format,
                sheet_title=plan.dataset,
            )
        else:
            count = write_json(
                target,
                self.headers,
                self.rows(),
                layout=spec.json_layout,
                date_format=spec.date_format,
            )
        digest = hashlib.sha256()
        with target.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return self._record_of(count, digest.hexdigest())

    def _record_of(self, count: int, sha256: str) -> FileRecord:
        plan = self.plan
        spec = plan.spec
        bad_rows = {defect.row for defect in self.row_defects}
        valid = 0 if self.missing_column is not None else count - len(bad_rows)
        return FileRecord(
            path=plan.path,
            partner=plan.partner.code,
            dataset=plan.dataset,
            period=plan.period.label,
            format=plan.format,
            encoding=spec.encoding
            if plan.format == "csv"
            else "utf-8"
            if plan.format == "json"
            else None,
            delimiter=spec.delimiter if plan.format == "csv" else None,
            layout=spec.json_layout if plan.format == "json" else None,
            rows=count,
            expected_valid_rows=valid,
            headers=list(self.headers),
            sha256=sha256,
            defects=[*self.file_defects, *self.row_defects],
            noise=list(self.noise),
        )
