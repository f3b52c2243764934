"""The indicators recomputed from the synthetic files and their manifest, without the pipeline.

The generated files are read here with the standard library and openpyxl, mapped to
canonical columns and codes with the partner registry, and the rows the manifest marks as
defective (and the files it marks as missing a column) are dropped; what remains is what
validation must accept. Each indicator is then counted with plain Python, following the
definitions of config/indicators.yaml, independently of the SQL under test.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pata.contracts import load_contracts
from pata.periods import Period, month_of, parse_period, quarter_of
from pata.registry import Registry
from pata.synth import FileRecord, Manifest

Key = tuple[str, str, str, str, str]  # indicator, quarter, partner, disaggregation, category
VICTIM = ("PossibleVictimOfTrafficking", "ActualVictimOfTrafficking")
BANDS = (
    (0, "0-8"),
    (9, "9-17"),
    (18, "18-20"),
    (21, "21-23"),
    (24, "24-26"),
    (27, "27-29"),
    (30, "30-38"),
    (39, "39-47"),
    (48, "48+"),
)
SEX = {
    "Feminine": "female",
    "Masculine": "male",
    "TransgenderFeminine": "other",
    "TransgenderMasculine": "other",
    "NonConforming": "other",
}


@dataclass
class Truth:
    """Expected (numerator, denominator) per cell, partner level; regions are sums."""

    cells: dict[Key, tuple[int, int | None]]
    quarters: list[str]

    def value(self, key: Key) -> tuple[int, int | None]:
        return self.cells.get(key, (0, None))


# -- reading the files -------------------------------------------------------------------


def _text(value: str) -> str:
    return value.strip().casefold()


def _raw_rows(path: Path, record: FileRecord) -> tuple[list[str], list[list[Any]]]:
    if record.format == "csv":
        data = path.read_bytes()
        text = (
            data.decode("utf-16")
            if record.encoding == "utf-16"
            else data.decode(record.encoding or "utf-8")
        )
        text = text.lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=record.delimiter or ","))
        return rows[0], [list(r) for r in rows[1:]]
    if record.format == "json":
        text = path.read_text(encoding="utf-8")
        items = (
            json.loads(text)
            if record.layout == "array"
            else [json.loads(line) for line in text.splitlines() if line.strip()]
        )
        headers = list(record.headers)
        return headers, [[item.get(h) for h in headers] for item in items]
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return [str(h) for h in values[0]], values[1:]


def read_valid_records(root: Path, record: FileRecord, registry: Registry) -> list[dict[str, Any]]:
    """The canonical records validation must accept from one generated file."""
    if any(d.row is None and d.code == "missing-column" for d in record.defects):
        return []
    bad_rows = {d.row for d in record.defects if d.row is not None}
    spec = registry.partner(record.partner).dataset(record.dataset)
    contract = load_contracts()[record.dataset]
    headers, rows = _raw_rows(root / record.path, record)
    position = {spec.column_map[h]: i for i, h in enumerate(headers) if h in spec.column_map}
    labels: dict[str, dict[str, str]] = {}
    for column in contract.columns:
        known = {_text(code): code for code in column.codes or ()}
        if column.type == "boolean":
            known.update({"true": "true", "false": "false"})
        known.update(
            {_text(label): code for label, code in spec.value_map.get(column.name, {}).items()}
        )
        labels[column.name] = known
    records = []
    for number, row in enumerate(rows, start=2):
        if number in bad_rows:
            continue
        canonical: dict[str, Any] = {}
        for column in contract.columns:
            index = position.get(column.name)
            cell = None if index is None or index >= len(row) else row[index]
            canonical[column.name] = _convert(
                cell, column.type, labels[column.name], spec.date_format
            )
        records.append(canonical)
    return records


def _convert(cell: Any, kind: str, labels: dict[str, str], date_format: str | None) -> Any:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if kind == "date":
        if isinstance(cell, datetime):
            return cell.date()
        if isinstance(cell, date):
            return cell
        return datetime.strptime(str(cell).strip(), date_format or "%Y-%m-%d").date()
    if kind == "integer":
        return int(float(cell)) if not isinstance(cell, int) else cell
    if kind == "boolean":
        if isinstance(cell, bool):
            return cell
        return labels[_text(str(cell))] == "true"
    if kind == "code":
        return labels[_text(str(cell))]
    if kind == "multicode":
        return tuple(labels[_text(part)] for part in str(cell).split(";") if part.strip())
    return str(cell).strip()


def load_records(
    root: Path, manifest: Manifest, registry: Registry
) -> dict[str, list[dict[str, Any]]]:
    """Valid canonical records per dataset, each with its partner."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in manifest.files:
        for row in read_valid_records(root, record, registry):
            row["_partner"] = record.partner
            found[record.dataset].append(row)
    return found


# -- helpers -----------------------------------------------------------------------------


def age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return years if years >= 0 else None


def band(years: int | None) -> str:
    if years is None:
        return "unknown"
    return [label for low, label in BANDS if years >= low][-1]


def sex(code: str | None) -> str:
    return SEX.get(code or "", "unknown")


def person(row: dict[str, Any]) -> tuple[str, ...]:
    from pata.deid import normalise_person_text

    parts = [row.get("prs_FirstName"), row.get("prs_SecondName")]
    names = tuple(normalise_person_text(p) if p else "" for p in parts)
    born = row.get("prs_Birthdate")
    return (row["_partner"], *names, born.isoformat() if born else "")


def quarter(day: date) -> str:
    return quarter_of(day).label


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# -- the indicators --------------------------------------------------------------------


def compute_truth(
    records: dict[str, list[dict[str, Any]]],
    *,
    manifest: Manifest,
    quarters: list[str],
    registry: Registry,
    uploads: dict[str, datetime],
    now: datetime,
) -> Truth:
    """Every indicator's partner-level cells for ``quarters``."""
    cells: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    in_range = set(quarters)

    def count(
        code: str, q: str, partner: str, name: str, category: str, n: int = 1, d: int | None = None
    ) -> None:
        if q not in in_range:
            return
        cell = cells[(code, q, partner, name, category)]
        cell[0] += n
        if d is not None:
            cell[1] += d

    _awareness(records["awareness_sessions"], count)
    _network(records["network_events"], count)
    _cases(records["cases"], count, quarters)
    _rehabilitation(records["rehabilitation"], count)
    _quality(manifest, count, registry, uploads, now, quarters)
    _cross_border(manifest, count)
    rates = {"LP-2", "RH-2", "RH-3", "DQ-1", "DQ-2"}
    result: dict[Key, tuple[int, int | None]] = {}
    for key, (n, d) in cells.items():
        result[key] = (n, d if key[0] in rates else None)
    # LP-2's denominator is LP-1 with a record (its total: LP-1 consent/recorded).
    for key in [k for k in result if k[0] == "LP-1" and k[3] in ("sex", "consent")]:
        n, _ = result[key]
        if key[3] == "consent" and key[4] == "recorded":
            target = ("LP-2", key[1], key[2], "total", "total")
        elif key[3] == "sex":
            target = ("LP-2", key[1], key[2], "sex", key[4])
        else:
            continue
        result[target] = (result.get(target, (0, None))[0], n)
    return Truth(cells=result, quarters=quarters)


def _awareness(rows: Iterable[dict[str, Any]], count: Any) -> None:
    communities: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for row in rows:
        q, p = quarter(row["session_date"]), row["_partner"]
        parts = {
            k: row.get(k) or 0
            for k in (
                "participants_female_under_18",
                "participants_female_18_plus",
                "participants_male_under_18",
                "participants_male_18_plus",
                "participants_other",
            )
        }
        count("AW-1", q, p, "total", "total", row["participants_total"] or 0)
        count(
            "AW-1",
            q,
            p,
            "sex",
            "female",
            parts["participants_female_under_18"] + parts["participants_female_18_plus"],
        )
        count(
            "AW-1",
            q,
            p,
            "sex",
            "male",
            parts["participants_male_under_18"] + parts["participants_male_18_plus"],
        )
        count("AW-1", q, p, "sex", "other-or-unknown", parts["participants_other"])
        count(
            "AW-1",
            q,
            p,
            "age_group",
            "minor",
            parts["participants_female_under_18"] + parts["participants_male_under_18"],
        )
        count(
            "AW-1",
            q,
            p,
            "age_group",
            "adult",
            parts["participants_female_18_plus"] + parts["participants_male_18_plus"],
        )
        count("AW-1", q, p, "age_group", "other-or-unknown", parts["participants_other"])
        count("AW-2", q, p, "total", "total")
        count("AW-2", q, p, "target_group", row["target_group"])
        district = (row.get("district") or "").strip().lower()
        communities[(q, p)].add((row["province"], district))
    for (q, p), found in communities.items():
        count("AW-3", q, p, "total", "total", len(found))


def _network(rows: Iterable[dict[str, Any]], count: Any) -> None:
    for row in rows:
        q, p = quarter(row["event_date"]), row["_partner"]
        religious = row.get("participants_religious_leaders") or 0
        civic = row.get("participants_civic_leaders") or 0
        count("NW-1", q, p, "total", "total")
        count("NW-1", q, p, "objective", row["objective"])
        count("NW-2", q, p, "total", "total", religious + civic)
        count("NW-2", q, p, "leader_type", "religious", religious)
        count("NW-2", q, p, "leader_type", "civic", civic)


def _cases(rows: list[dict[str, Any]], count: Any, quarters: list[str]) -> None:
    consented = [r for r in rows if r["con_Consent"]]
    for row in rows:
        if not row["con_Consent"]:
            q = quarter(row["identification_date"])
            count("LP-1", q, row["_partner"], "total", "total")
            count("LP-1", q, row["_partner"], "consent", "withheld")
    victims = [r for r in consented if r["vic_TraffickingStatus"] in VICTIM]
    by_person: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in victims:
        by_person[person(row)].append(row)
    for key, cases in by_person.items():
        partner = key[0]
        first = min(month_of(r["identification_date"]).start for r in cases)
        q = quarter(first)
        first_cases = [r for r in cases if month_of(r["identification_date"]).start == first]
        cohort = [r for r in cases if quarter(r["identification_date"]) == q]
        sx = min(sex(r["prs_Gender"]) for r in first_cases)
        bands = min(band(age(r["prs_Birthdate"], r["identification_date"])) for r in first_cases)
        country = min(r["hte_Country"] or "unknown" for r in first_cases)
        types = {t for r in first_cases for t in (r["vic_TypeOfExploitation"] or ())}
        count("LP-1", q, partner, "total", "total")
        count("LP-1", q, partner, "consent", "recorded")
        count("LP-1", q, partner, "sex", sx)
        count("LP-1", q, partner, "age_band", bands)
        count("LP-1", q, partner, "country_of_exploitation", country)
        for kind in types:
            count("LP-1", q, partner, "exploitation_type", kind)
        referred = any(
            r["cas_ReferredOrganisation"] or r["cas_OutgoingReferralDate"] for r in cohort
        )
        count("LP-2", q, partner, "total", "total", int(referred))
        count("LP-2", q, partner, "sex", sx, int(referred))
        assisted = any(
            r["legal_assistance"]
            in ("LegalCounselling", "CourtRepresentation", "ReferredToLegalAid")
            for r in cohort
        )
        count("LP-3", q, partner, "total", "total", int(assisted))
        count("LP-3", q, partner, "sex", sx, int(assisted))
    for row in victims:
        stage = row["legal_proceedings_stage"]
        if stage in ("Prosecution", "Trial"):
            category = "prosecution"
        elif stage in ("Judgment", "Appeal", "Concluded"):
            category = "judgment"
        else:
            continue
        for q in quarters:
            if row["identification_date"] <= parse_period(q).end:
                count("LP-4", q, row["_partner"], "total", "total")
                count("LP-4", q, row["_partner"], "stage", category)


def _rehabilitation(rows: list[dict[str, Any]], count: Any) -> None:
    starts: dict[tuple[str, str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if not row["con_Consent"]:
            continue
        p = row["_partner"]
        start = month_of(row["start_date"]).start
        starts[(p, quarter(start), person(row))].append(row)
        end, outcome = row.get("end_date"), row["outcome"]
        s = sex(row["prs_Gender"])
        if end is not None and outcome in ("completed", "completed-certified", "dropped-out"):
            done = int(outcome != "dropped-out")
            count("RH-2", quarter(end), p, "total", "total", done, 1)
            count("RH-2", quarter(end), p, "sex", s, done, 1)
        employment = row.get("employment_6m")
        if (
            end is not None
            and outcome in ("completed", "completed-certified")
            and employment
            in ("employed", "self-employed", "unemployed", "further-training", "lost-contact")
        ):
            follow_up = add_months(month_of(end).start, 6)
            employed = int(employment in ("employed", "self-employed"))
            count("RH-3", quarter(follow_up), p, "total", "total", employed, 1)
            count("RH-3", quarter(follow_up), p, "sex", s, employed, 1)
    for (p, q, _), enrolments in starts.items():
        first = min(month_of(r["start_date"]).start for r in enrolments)
        firsts = [r for r in enrolments if month_of(r["start_date"]).start == first]
        s = min(sex(r["prs_Gender"]) for r in firsts)
        groups = []
        for r in firsts:
            years = age(r["prs_Birthdate"], r["status_date"])
            groups.append("unknown" if years is None else "minor" if years < 18 else "adult")
        count("RH-1", q, p, "total", "total")
        count("RH-1", q, p, "sex", s)
        count("RH-1", q, p, "age_group", min(groups))


def _cross_border(manifest: Manifest, count: Any) -> None:
    """LP-5 from the planted truth: every person of ``cross_country_persons`` counts for
    each partner that has them, in the quarter of that partner's first appearance. The
    pipeline finds them by probabilistic linkage, so the test compares with a tolerance."""
    for person in manifest.cross_country_persons:
        first: dict[str, date] = {}
        for appearance in person["appearances"]:
            record = manifest.file(appearance["path"])
            if any(d.row is None and d.code == "missing-column" for d in record.defects):
                continue
            start = parse_period(record.period).start
            partner = appearance["partner"]
            first[partner] = min(first.get(partner, start), start)
        if len(first) < 2:
            continue
        for partner, start in first.items():
            count("LP-5", quarter(start), partner, "total", "total")
            count(
                "LP-5",
                quarter(start),
                partner,
                "citizenship",
                person["true_identity"]["citizenship"],
            )


def _quality(
    manifest: Manifest,
    count: Any,
    registry: Registry,
    uploads: dict[str, datetime],
    now: datetime,
    quarters: list[str],
) -> None:
    from zoneinfo import ZoneInfo

    received: dict[tuple[str, str, str], datetime] = {}
    first_period: dict[tuple[str, str], date] = {}
    for record in manifest.files:
        rejected = any(d.row is None and d.code == "missing-column" for d in record.defects)
        period = parse_period(record.period)
        key = (record.partner, record.dataset)
        first_period[key] = min(first_period.get(key, period.start), period.start)
        q = quarter(period.start)
        accepted = 0 if rejected else record.expected_valid_rows
        count("DQ-2", q, record.partner, "total", "total", accepted, record.rows)
        count("DQ-2", q, record.partner, "dataset", record.dataset, accepted, record.rows)
        if not rejected:
            received[(record.partner, record.dataset, period.label)] = uploads[record.path]
    for code, partner in registry.partners.items():
        zone = ZoneInfo(partner.timezone)
        today = now.astimezone(zone).date()
        for dataset, spec in partner.datasets.items():
            if (code, dataset) not in first_period:
                continue
            for q in quarters:
                quarter_period = parse_period(q)
                periods: list[Period] = (
                    [quarter_period]
                    if spec.frequency == "quarterly"
                    else list(quarter_period.months())
                )
                for period in periods:
                    if period.start < first_period[(code, dataset)]:
                        continue
                    due = period.end + timedelta(days=spec.due_day)
                    uploaded = received.get((code, dataset, period.label))
                    if uploaded is None and due >= today:
                        continue
                    on_time = int(uploaded is not None and uploaded.astimezone(zone).date() <= due)
                    count("DQ-1", q, code, "total", "total", on_time, 1)
                    count("DQ-1", q, code, "dataset", dataset, on_time, 1)
