"""The generator against the contracts and the registry: clean files conform, planted
defects are all in the manifest, planted persons and canaries are where it says."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from synth_conformance import HEADER_PARTNERS, Findings, check_file, read_table

from pata.contracts import DATASETS, load_contracts
from pata.errors import ConfigError
from pata.periods import parse_period, period_from_filename
from pata.registry import load_registry
from pata.synth import FileRecord, Manifest, generate, load_manifest

ALL_CODES = {
    "missing-value",
    "unknown-code",
    "type-error",
    "date-order",
    "future-date",
    "duplicate-row",
    "duplicate-record-id",
    "sum-mismatch",
    "unknown-case-reference",
    "out-of-range",
    "missing-column",
    "extra-column",
}
SCRIPTS = {
    "KH": "[\u1780-\u17ff]",
    "TH": "[\u0e00-\u0e7f]",
    "NP": "[\u0900-\u097f]",
    "BD": "[\u0980-\u09ff]",
}


_CASE_IDS: dict[Path, dict[str, set[str]]] = {}
_FINDINGS: dict[tuple[Path, str], Findings] = {}


def case_ids_of(out: Path, manifest: Manifest) -> dict[str, set[str]]:
    """Every case number each partner sent, from its cases files (read once per tree)."""
    if out not in _CASE_IDS:
        _CASE_IDS[out] = _read_case_ids(out, manifest)
    return _CASE_IDS[out]


def _read_case_ids(out: Path, manifest: Manifest) -> dict[str, set[str]]:
    registry, contracts = load_registry(), load_contracts()
    ids: dict[str, set[str]] = defaultdict(set)
    for record in manifest.files:
        if record.dataset != "cases":
            continue
        spec = registry.partner(record.partner).dataset("cases")
        headers, rows = read_table(out / record.path)
        at = [spec.column_map.get(h) for h in headers].index(contracts["cases"].record_id)
        ids[record.partner].update(str(row[at]) for row in rows if row[at] is not None)
    return ids


def check(out: Path, record: FileRecord, case_ids: dict[str, set[str]]) -> Findings:
    """The checker's findings for one file (checked once per tree)."""
    key = (out, record.path)
    if key not in _FINDINGS:
        _FINDINGS[key] = _check(out, record, case_ids)
    return _FINDINGS[key]


def _check(out: Path, record: FileRecord, case_ids: dict[str, set[str]]) -> Findings:
    spec = load_registry().partner(record.partner).dataset(record.dataset)
    return check_file(
        out / record.path,
        spec=spec,
        contract=load_contracts()[record.dataset],
        period=parse_period(record.period),
        case_ids=case_ids[record.partner],
    )


class TestCleanExports:
    def test_every_partner_sends_every_registered_dataset(
        self, clean_tree: tuple[Path, Manifest]
    ) -> None:
        _, manifest = clean_tree
        sent = {(record.partner, record.dataset) for record in manifest.files}
        expected = {
            (code, name)
            for code, partner in load_registry().partners.items()
            for name in partner.datasets
            if code in HEADER_PARTNERS
        }
        assert sent == expected

    def test_files_follow_the_dropzone_layout_and_name_their_period(
        self, clean_tree: tuple[Path, Manifest]
    ) -> None:
        out, manifest = clean_tree
        for record in manifest.files:
            partner, incoming, dataset, name = record.path.split("/")
            assert (partner, incoming, dataset) == (record.partner, "incoming", record.dataset)
            period = period_from_filename(name)
            assert period is not None and period.label == record.period
            assert name.startswith(f"{record.partner}_{record.dataset}_")
            assert (out / record.path).is_file()

    def test_frequency_decides_monthly_or_quarterly_files(
        self, clean_tree: tuple[Path, Manifest]
    ) -> None:
        _, manifest = clean_tree
        registry = load_registry()
        for record in manifest.files:
            quarterly = (
                registry.partner(record.partner).dataset(record.dataset).frequency == "quarterly"
            )
            assert parse_period(record.period).is_quarter == quarterly
        periods = {r.period for r in manifest.files}
        assert {"2026-04", "2026-05", "2026-06", "2026Q2"} == periods

    def test_every_clean_file_conforms_to_its_contract(
        self, clean_tree: tuple[Path, Manifest]
    ) -> None:
        out, manifest = clean_tree
        case_ids = case_ids_of(out, manifest)
        contracts = load_contracts()
        for record in manifest.files:
            found = check(out, record, case_ids)
            assert not found.file_defects and not found.row_defects, record.path
            assert found.exact, record.path
            assert found.rows == record.rows == record.expected_valid_rows > 0
            assert not record.defects and not record.noise
            period = parse_period(record.period)
            period_column = contracts[record.dataset].period_column
            assert all(values[period_column] in period for values in found.values.values())

    def test_formats_and_encodings_are_the_registered_ones(
        self, clean_tree: tuple[Path, Manifest]
    ) -> None:
        out, manifest = clean_tree
        registry = load_registry()
        boms = {"utf-16": b"\xff\xfe", "utf-8-sig": b"\xef\xbb\xbf"}
        seen: Counter[tuple[str, str]] = Counter()
        for record in manifest.files:
            spec = registry.partner(record.partner).dataset(record.dataset)
            assert record.format in spec.formats
            head = (out / record.path).read_bytes()[:4]
            if record.format == "csv":
                assert record.encoding == spec.encoding and record.delimiter == spec.delimiter
                bom = boms.get(spec.encoding, b"")
                assert (
                    head.startswith(bom)
                    if bom
                    else not head.startswith((b"\xff\xfe", b"\xef\xbb\xbf"))
                )
                seen[(spec.encoding, spec.delimiter)] += 1
            elif record.format == "xlsx":
                assert head.startswith(b"PK")
            else:
                seen[("json", spec.json_layout)] += 1
        assert {
            ("utf-8", ","),
            ("utf-8-sig", ","),
            ("utf-16", "\t"),
            ("utf-8", ";"),
            ("utf-8", "\t"),
            ("json", "array"),
            ("json", "lines"),
        } <= set(seen)

    def test_sha256_in_the_manifest_matches_the_bytes(
        self, clean_tree: tuple[Path, Manifest]
    ) -> None:
        out, manifest = clean_tree
        for record in manifest.files:
            assert hashlib.sha256((out / record.path).read_bytes()).hexdigest() == record.sha256

    @pytest.mark.parametrize("country", sorted(SCRIPTS))
    def test_nationals_are_named_in_the_partner_script(
        self, clean_tree: tuple[Path, Manifest], country: str
    ) -> None:
        out, manifest = clean_tree
        case_ids = case_ids_of(out, manifest)
        names = [
            values["prs_FirstName"]
            for record in manifest.files
            if record.dataset == "cases"
            and load_registry().partner(record.partner).country == country
            for values in check(out, record, case_ids).values.values()
            if values["prs_Citizenship"] == (country,)
        ]
        native = [name for name in names if re.search(SCRIPTS[country], name)]
        assert names and len(native) >= 0.9 * len(names)

    def test_enrolments_refer_to_consented_cases_sent_no_later(
        self, clean_tree: tuple[Path, Manifest]
    ) -> None:
        out, manifest = clean_tree
        consented: dict[str, dict[str, date]] = defaultdict(dict)
        case_ids = case_ids_of(out, manifest)
        for record in manifest.files:
            if record.dataset == "cases":
                for values in check(out, record, case_ids).values.values():
                    if values["con_Consent"]:
                        consented[record.partner][values["partner_case_id"]] = parse_period(
                            record.period
                        ).end
        for record in manifest.files:
            if record.dataset == "rehabilitation":
                end = parse_period(record.period).end
                for values in check(out, record, case_ids).values.values():
                    assert consented[record.partner][values["partner_case_id"]] <= end

    def test_the_manifest_round_trips(self, clean_tree: tuple[Path, Manifest]) -> None:
        out, manifest = clean_tree
        assert load_manifest(out).to_dict() == manifest.to_dict()


class TestPlantedDefects:
    def test_every_planted_defect_is_in_the_manifest_and_nothing_else(
        self, defective_tree: tuple[Path, Manifest]
    ) -> None:
        out, manifest = defective_tree
        case_ids = case_ids_of(out, manifest)
        for record in manifest.files:
            found = check(out, record, case_ids)
            listed_file = {(d.code, d.column) for d in record.defects if d.row is None}
            assert found.file_defects == listed_file, record.path
            if any(d.code == "missing-column" for d in record.defects):
                assert record.expected_valid_rows == 0
                continue
            listed_rows = {(d.row, d.code) for d in record.defects if d.row is not None}
            assert found.row_defects == listed_rows, record.path

    def test_at_most_one_defect_per_row_and_valid_rows_add_up(
        self, defective_tree: tuple[Path, Manifest]
    ) -> None:
        _, manifest = defective_tree
        for record in manifest.files:
            rows = [d.row for d in record.defects if d.row is not None]
            assert len(rows) == len(set(rows))
            assert len(rows) <= record.rows // 2  # validation would reject a mostly invalid file
            if not any(d.code == "missing-column" for d in record.defects):
                assert record.expected_valid_rows == record.rows - len(rows)

    def test_every_defect_code_is_planted_somewhere(
        self, defective_tree: tuple[Path, Manifest]
    ) -> None:
        _, manifest = defective_tree
        assert {d.code for record in manifest.files for d in record.defects} == ALL_CODES

    def test_noise_is_recorded_and_accepted(self, defective_tree: tuple[Path, Manifest]) -> None:
        out, manifest = defective_tree
        case_ids = case_ids_of(out, manifest)
        kinds: Counter[str] = Counter()
        for record in manifest.files:
            found = check(out, record, case_ids)
            defect_rows = {d.row for d in record.defects}
            for noise in record.noise:
                kinds[noise.kind] += 1
                assert noise.row not in defect_rows
                assert (noise.row, "unknown-code") not in found.row_defects
            if not record.noise and not record.defects:
                assert found.exact, record.path
        assert kinds["whitespace"] and kinds["case"]


class TestCrossBorderPersons:
    def test_each_person_appears_in_two_countries_with_variants(
        self, clean_tree: tuple[Path, Manifest]
    ) -> None:
        out, manifest = clean_tree
        registry = load_registry()
        case_ids = case_ids_of(out, manifest)
        persons = manifest.cross_country_persons
        assert persons and any(p["route"] == {"from": "KH", "to": "TH"} for p in persons)
        for person in persons:
            truth = person["true_identity"]
            abroad, home = person["appearances"]
            countries = {registry.partner(a["partner"]).country for a in (abroad, home)}
            assert countries == {person["route"]["from"], person["route"]["to"]}
            assert (home["first_name"], home["second_name"]) == (
                truth["first_name"],
                truth["second_name"],
            )
            assert (abroad["first_name"], abroad["second_name"]) != (
                home["first_name"],
                home["second_name"],
            )
            assert abroad["variants"]
            for appearance in (abroad, home):
                values = check(out, manifest.file(appearance["path"]), case_ids).values[
                    appearance["row"]
                ]
                assert values["partner_case_id"] == appearance["record_id"]
                assert values["prs_FirstName"] == appearance["first_name"]
                assert values["prs_SecondName"] == appearance["second_name"]
                birth = values["prs_Birthdate"]
                assert (birth.isoformat() if birth else None) == appearance["birthdate"]
                assert values["prs_Citizenship"] == (truth["citizenship"],)
                assert values["hte_Country"] == person["route"]["to"]
                assert values["con_Consent"] is True


class TestCanaries:
    def test_canaries_are_listed_where_they_were_written(
        self, defective_tree: tuple[Path, Manifest]
    ) -> None:
        out, manifest = defective_tree
        kinds = {canary["kind"] for canary in manifest.canaries}
        assert {
            "first-name",
            "second-name",
            "phone",
            "identity-number",
            "birth-date",
            "facilitator-name",
            "organiser-contact",
        } <= kinds
        assert {c["script"] for c in manifest.canaries} >= {"Khmr", "Thai", "Deva", "Beng", "Latn"}
        case_ids = case_ids_of(out, manifest)
        tables: dict[str, tuple[list[str], list[list[object]]]] = {}
        for canary in manifest.canaries:
            record = manifest.file(canary["path"])
            if record.path not in tables:
                tables[record.path] = read_table(out / record.path)
            headers, rows = tables[record.path]
            spec = load_registry().partner(record.partner).dataset(record.dataset)
            at = [spec.column_map.get(h) for h in headers].index(canary["column"])
            cell = rows[canary["row"] - 2][at]
            if isinstance(cell, date):
                cell = cell.strftime(spec.date_format or "%Y-%m-%d")
            assert cell == canary["written"]
            assert (
                not {(canary["row"], code) for code in ALL_CODES}
                & check(out, record, case_ids).row_defects
            )

    def test_canary_values_are_distinct(self, defective_tree: tuple[Path, Manifest]) -> None:
        _, manifest = defective_tree
        names = [
            c["value"] for c in manifest.canaries if c["kind"] in ("first-name", "second-name")
        ]
        assert len(names) == len(set(names))


class TestReproducibility:
    def test_same_seed_gives_the_same_bytes(self, tmp_path: Path) -> None:
        def tree(out: Path, seed: int) -> dict[str, bytes]:
            generate(
                out=out,
                partners=["kh-ksp", "th-bsn", "np-sahayog"],
                months=1,
                seed=seed,
                end=date(2025, 9, 1),
                defects=0.2,
                canaries=True,
            )
            return {
                str(p.relative_to(out)): p.read_bytes()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }

        first, second = tree(tmp_path / "a", 5), tree(tmp_path / "b", 5)
        assert first == second
        assert any(name.endswith(".xlsx") for name in first)
        assert tree(tmp_path / "c", 6) != first


class TestArguments:
    def test_rows_per_file_sets_every_file(self, tmp_path: Path) -> None:
        manifest = generate(
            out=tmp_path, partners=["kh-ksp"], months=1, rows_per_file=7, end=date(2026, 1, 1)
        )
        assert {record.rows for record in manifest.files} == {7}

    def test_enrolments_alone_still_point_at_real_case_numbers(self, tmp_path: Path) -> None:
        only = generate(
            out=tmp_path / "only",
            partners=["kh-ksp"],
            datasets=["rehabilitation"],
            months=2,
            seed=3,
            end=date(2026, 1, 1),
        )
        both = generate(
            out=tmp_path / "both",
            partners=["kh-ksp"],
            datasets=["cases", "rehabilitation"],
            months=2,
            seed=3,
            end=date(2026, 1, 1),
        )
        assert {r.dataset for r in only.files} == {"rehabilitation"}
        case_ids = case_ids_of(tmp_path / "both", both)
        for record in only.files:
            found = check(tmp_path / "only", record, case_ids)
            assert not found.row_defects

    def test_unknown_partner_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigError) as caught:
            generate(out=tmp_path, partners=["xx-nobody"])
        assert caught.value.code == "unknown-partner"

    @pytest.mark.parametrize(
        "arguments",
        [{"months": 0}, {"defects": 0.9}, {"rows_per_file": 0}, {"datasets": ["victims"]}],
    )
    def test_bad_arguments_are_config_errors(
        self, tmp_path: Path, arguments: dict[str, object]
    ) -> None:
        with pytest.raises(ConfigError):
            generate(out=tmp_path, **arguments)  # type: ignore[arg-type]

    def test_datasets_keep_contract_order(self, tmp_path: Path) -> None:
        manifest = generate(
            out=tmp_path,
            partners=["ph-bayanihan"],
            months=1,
            datasets=["network_events", "cases"],
            end=date(2026, 3, 1),
        )
        assert manifest.generated_for["datasets"] == [
            d for d in DATASETS if d in ("cases", "network_events")
        ]
