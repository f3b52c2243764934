"""Write one planned file: its rows in the partner's format, labels and date format, the
planted rows, defects and noise, and its manifest record.

Over 400 lines on purpose: one file's rendering steps share the partner's format
settings; the records, names and defects are modules of their own.
"""

# ruff: noqa: S311  (seeded, reproducible test data: random is the point, not a secret)
from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from pata.contracts import Contract
from pata.synth.activities import awareness_record, network_record
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
from pata.synth.manifest import Defect, FileRecord, Noise
from pata.synth.plans import CasePool, FilePlan, Planted, seed_of
from pata.synth.profiles import profile_of
from pata.synth.records import (
    CaseReference,
    FileContext,
    Person,
    Record,
    case_record,
    rehabilitation_record,
)
from pata.synth.toolkit import FIRST_RECORD_ROW, toolkit_record_id, write_toolkit_workbook
from pata.synth.writers import (
    ISO_DATE,
    Cell,
    cell_text,
    renderer,
    write_csv,
    write_json,
    write_xlsx,
)

_RECENT_ROWS = 32  # clean rows kept per file to repeat (duplicate-row, duplicate-record-id)
_NOISY_KINDS = ("code", "multicode", "boolean", "string")
_NO_NOISE = ("prs_IdentityNumber", "prs_MobilePhone")


class SyntheticFile:
    """Produce one file: rows, planted rows, defects, noise, and its manifest record."""

    def __init__(
        self, plan: FilePlan, contract: Contract, *, seed: int, defects: float, pool: CasePool
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
        self.rng = random.Random(seed_of(seed, plan.partner.code, plan.dataset, plan.period.label))
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
            (index, renderer(contract.column(name), spec.labels(name)))
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
