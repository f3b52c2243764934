"""The example queries of sql/examples/ answer with the right numbers, each run with the login
it names: regional staff's (pata_analyst) on activity data; the data engineers' (pata_pipeline)
on person-level rows, which analysts no longer read (config/access.yaml, docs/privacy.md)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, text
from warehouse_frames import add_ledger_row, deidentified

from pata.settings import REPO_ROOT
from pata.warehouse.load import load_file

pytestmark = pytest.mark.integration

EXAMPLES = REPO_ROOT / "sql" / "examples"
JUNE, JULY = pd.Timestamp("2026-06-01").date(), pd.Timestamp("2026-07-01").date()
LOADS = (  # partner, dataset, month, record numbers
    ("kh-ksp", "cases", JUNE, range(0, 40)),
    ("kh-ksp", "cases", JULY, range(30, 70)),
    ("th-bsn", "cases", JULY, range(0, 25)),
    ("kh-ksp", "rehabilitation", JULY, range(0, 33)),
    ("th-bsn", "rehabilitation", JULY, range(0, 12)),
    ("kh-ksp", "awareness_sessions", JULY, range(0, 9)),
    ("bd-mukti", "awareness_sessions", JUNE, range(0, 4)),
)


PIPELINE_EXAMPLES = frozenset(
    {
        "cases_by_quarter_country_sex_age.sql",
        "exploitation_types_by_country.sql",
        "training_completion_by_partner.sql",
    }
)
"""Examples over person-level rows: they say so in their header and run as the pipeline."""


def run_example(engine: Engine, name: str) -> pd.DataFrame:
    query = (EXAMPLES / name).read_text(encoding="utf-8")
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(text(query)).mappings().all())


@pytest.fixture(scope="module")
def loaded(warehouse) -> dict[tuple[str, str], pd.DataFrame]:  # type: ignore[no-untyped-def]
    """The warehouse loaded with LOADS; returns the frames as they stand per partner/dataset."""
    from pata.warehouse.engine import get_engine

    owner = get_engine(role="owner", settings=warehouse)
    with owner.begin() as conn:
        conn.execute(
            text(
                "truncate core.fact_case, core.fact_case_current, core.fact_awareness_session, "
                "core.fact_awareness_session_current, core.fact_rehabilitation_enrolment, "
                "core.fact_rehabilitation_enrolment_current, core.fact_network_event, "
                "core.fact_network_event_current, core.withheld_no_consent, ops.load_audit, "
                "ops.file_ledger restart identity cascade"
            )
        )
    pipeline = get_engine(role="pipeline", settings=warehouse)
    standing: dict[tuple[str, str], pd.DataFrame] = {}
    for partner, dataset, month, numbers in LOADS:
        table = deidentified(dataset, partner_code=partner, numbers=numbers, month=month)
        with pipeline.begin() as conn:
            ledger_id = add_ledger_row(
                conn, partner_code=partner, dataset=dataset, period=month, name=str(month)
            )
            load_file(conn, table, ledger_id=ledger_id)
        key = table.frame.columns[0]
        earlier = standing.get((partner, dataset))
        frame = table.frame if earlier is None else pd.concat([earlier, table.frame])
        standing[(partner, dataset)] = frame.drop_duplicates(subset=key, keep="last")
    return standing


def frames_of(loaded: dict[tuple[str, str], pd.DataFrame], dataset: str) -> pd.DataFrame:
    parts = [f.assign(partner_code=p) for (p, d), f in loaded.items() if d == dataset]
    return pd.concat(parts, ignore_index=True)


class TestExamples:
    def test_every_example_runs_with_the_login_it_names_and_returns_rows(  # type: ignore[no-untyped-def]
        self, loaded, analyst: Engine, pipeline: Engine
    ):
        names = sorted(path.name for path in EXAMPLES.glob("*.sql"))
        assert len(names) >= 4
        for name in names:
            header = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[0]
            person_level = name in PIPELINE_EXAMPLES
            assert ("pata_pipeline" in header) == person_level, name
            engine = pipeline if person_level else analyst
            assert not run_example(engine, name).empty, name

    def test_cases_by_quarter_country_sex_and_age_band(self, loaded, pipeline: Engine):  # type: ignore[no-untyped-def]
        cases = frames_of(loaded, "cases")
        month = pd.to_datetime(cases["identification_month"])
        expected = (
            cases.assign(
                quarter=month.dt.year.astype(str) + "Q" + month.dt.quarter.astype(str),
                country=cases["province"].str.split("-").str[0],
            )
            .groupby(["quarter", "country", "prs_gender", "age_band"])
            .size()
        )
        found = run_example(pipeline, "cases_by_quarter_country_sex_age.sql").set_index(
            ["quarter", "country", "sex", "age_band"]
        )["cases"]
        assert found.sum() == len(cases) == 95
        assert dict(found.astype(int)) == {k: int(v) for k, v in expected.items()}

    def test_training_completion_by_partner(self, loaded, pipeline: Engine):  # type: ignore[no-untyped-def]
        found = run_example(pipeline, "training_completion_by_partner.sql").set_index(
            "partner_code"
        )
        for partner in ("kh-ksp", "th-bsn"):
            outcomes = loaded[(partner, "rehabilitation")]["outcome"]
            ended = outcomes.isin(["completed", "completed-certified", "dropped-out"]).sum()
            completed = outcomes.isin(["completed", "completed-certified"]).sum()
            row = found.loc[partner]
            assert (row["enrolments"], row["ended"], row["completed"]) == (
                len(outcomes),
                ended,
                completed,
            )
            assert float(row["completion_rate_percent"]) == round(100 * completed / ended, 1)

    def test_awareness_participants_add_up(self, loaded, analyst: Engine):  # type: ignore[no-untyped-def]
        found = run_example(analyst, "awareness_participants_by_quarter.sql")
        sessions = frames_of(loaded, "awareness_sessions")
        assert found["sessions"].sum() == len(sessions) == 13
        assert found["participants"].sum() == sessions["participants_total"].sum()
