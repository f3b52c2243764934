"""The access matrix as data: loading and its errors, resolving patterns, the docs table."""

from __future__ import annotations

from pathlib import Path

import pytest

from pata.access import (
    AccessError,
    Relation,
    docs_table,
    docs_with_table,
    load_matrix,
    resolve,
    stale_docs,
)
from pata.partner_readers import partner_login_name

CATALOGUE = [
    Relation("core.fact_case", "r", ("partner_code", "record_key", "person_key", "age_band")),
    Relation("core.cases", "v", ("partner_code", "record_key", "age_band")),
    Relation("core.country_cases", "v", ("partner_code", "record_key"), security_invoker=True),
    Relation("core.dim_partner", "r", ("partner_code", "partner_name")),
    Relation("core.partner_reader", "r", ("role_name", "partner_code", "granted_at")),
    Relation("core.awareness_sessions", "v", ("partner_code", "session_id")),
    Relation("marts.case_microdata", "r", ("prs_gender", "age_band")),
    Relation("marts.indicator_values", "r", ("indicator", "value")),
    Relation("ops.file_ledger", "r", ("id", "status")),
    Relation("staging.cases", "r", ("record_key",)),
    Relation("linkage.person_links", "r", ("a", "b")),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "access.yaml"
    path.write_text(text)
    return path


class TestTheProjectMatrix:
    def test_the_analyst_reads_no_row_level_core_relation(self):
        allowed = resolve(load_matrix(), CATALOGUE)["pata_analyst"]
        assert set(allowed) == {
            "core.dim_partner",
            "core.awareness_sessions",
            "marts.case_microdata",
            "marts.indicator_values",
        }
        assert allowed["marts.case_microdata"].grant.kind == "k_anonymous"  # first match wins
        assert allowed["marts.indicator_values"].grant.kind == "aggregate"

    def test_a_partner_reader_never_gets_the_person_key_and_reads_rows_by_partner(self):
        allowed = resolve(load_matrix(), CATALOGUE)["pata_partner_reader"]
        assert allowed["core.fact_case"].columns == {"partner_code", "record_key", "age_band"}
        assert allowed["core.fact_case"].rows == "partner"
        assert allowed["core.partner_reader"].rows == "login"
        assert "core.cases" not in allowed and "ops.file_ledger" not in allowed

    def test_the_pipeline_writes_everything_but_the_access_mappings(self):
        allowed = resolve(load_matrix(), CATALOGUE)["pata_pipeline"]
        assert "core.partner_reader" not in allowed
        assert allowed["staging.cases"].privileges == {
            "select",
            "insert",
            "update",
            "delete",
            "truncate",
        }

    def test_auditor_linkage_and_airflow_are_confined(self):
        resolved = resolve(load_matrix(), CATALOGUE)
        assert set(resolved["pata_auditor"]) == {"ops.file_ledger"}
        assert set(resolved["pata_linkage"]) == {"linkage.person_links"}
        assert resolved["pata_airflow"] == {}

    def test_the_docs_show_the_generated_table(self):
        assert stale_docs() == []


class TestLoading:
    def test_a_pattern_outside_the_schemas_is_refused(self, tmp_path: Path):
        path = write(
            tmp_path, "schemas: [core]\nroles:\n  r:\n    grants:\n      - relations: [public.x]\n"
        )
        with pytest.raises(AccessError, match="not in a schema"):
            load_matrix(path)

    def test_an_unknown_privilege_or_row_filter_is_refused(self, tmp_path: Path):
        for grant, message in (
            ("{relations: [core.x], privileges: [drop]}", "unknown privileges"),
            ("{relations: [core.x], rows: country}", "rows must be"),
            ("{relations: [core.x], privileges: [insert], rows: partner}", "reads only"),
            ("{relations: [core.x], kind: k_anonymous}", "quasi_identifiers"),
        ):
            path = write(tmp_path, f"schemas: [core]\nroles:\n  r:\n    grants:\n      - {grant}\n")
            with pytest.raises(AccessError, match=message) as error:
                load_matrix(path)
            assert error.value.code == "access-matrix"

    def test_unlisted_roles_and_relations_get_nothing(self, tmp_path: Path):
        path = write(
            tmp_path,
            "schemas: [core, ops]\nroles:\n  r:\n    grants:\n"
            "      - {relations: ['core.dim_*']}\n",
        )
        resolved = resolve(load_matrix(path), CATALOGUE)
        assert resolved == {"r": resolved["r"]}
        assert set(resolved["r"]) == {"core.dim_partner"}


class TestDocs:
    def test_the_table_lists_every_role_and_the_default(self):
        table = docs_table()
        for role in load_matrix().roles:
            assert f"`{role.name}`" in table
        assert "default deny" in table

    def test_the_table_replaces_what_is_between_the_markers(self):
        from pata.access import DOCS_BEGIN, DOCS_END

        text = f"intro\n{DOCS_BEGIN}\nold\n{DOCS_END}\nafter\n"
        assert docs_with_table(text, "NEW") == f"intro\n{DOCS_BEGIN}\nNEW\n{DOCS_END}\nafter\n"
        with pytest.raises(AccessError):
            docs_with_table("no markers", "NEW")


def test_partner_login_names_are_plain_identifiers():
    assert partner_login_name("kh-ksp") == "pata_reader_kh_ksp"
    assert partner_login_name("PH-Bayanihan") == "pata_reader_ph_bayanihan"


def test_grants_add_up_and_a_wider_one_is_not_narrowed(tmp_path: Path):
    path = write(
        tmp_path,
        "schemas: [core]\nroles:\n  r:\n    grants:\n"
        "      - {relations: ['core.fact_*'], columns: {exclude: [person_key]}, rows: partner}\n"
        "      - {relations: ['core.fact_case']}\n",
    )
    allowed = resolve(load_matrix(path), CATALOGUE)["r"]
    assert allowed["core.fact_case"].columns is None  # every column
    assert allowed["core.fact_case"].rows is None  # every row
