"""pata.warehouse.dimensions: conformed dimensions seeded from the registry and the contracts."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from pata.contracts import load_contract
from pata.errors import ConfigError
from pata.registry import load_registry
from pata.warehouse.dimensions import code_label, ensure_partner, seed_dimensions

pytestmark = pytest.mark.integration


class TestSeedDimensions:
    def test_partners_countries_provinces_and_code_lists_are_seeded(self, owner: Engine):
        registry = load_registry()
        with owner.connect() as conn:
            partners = dict(
                conn.execute(text("select partner_code, country_code from core.dim_partner")).all()
            )
            cambodia = conn.execute(
                text(
                    "select country_name, is_programme_country from core.dim_country "
                    "where country_code = 'KH'"
                )
            ).one()
            province = conn.execute(
                text("select country_code from core.dim_province where province_code = 'KH-12'")
            ).scalar_one()
            types = (
                conn.execute(text("select code from core.dim_exploitation_type order by position"))
                .scalars()
                .all()
            )
            bands = conn.execute(
                text("select age_band, is_minor from core.dim_age_band order by position")
            ).all()
        assert partners == {code: p.country for code, p in registry.partners.items()}
        assert tuple(cambodia) == ("Cambodia", True)
        assert province == "KH"
        assert tuple(types) == load_contract("cases").column("vic_TypeOfExploitation").codes
        assert bands[0] == ("0-8", True) and bands[1] == ("9-17", True)
        assert bands[2] == ("18-20", False) and bands[-1] == ("unknown", None)

    def test_seeding_again_writes_nothing(self, owner: Engine):
        with owner.begin() as conn:
            written = seed_dimensions(conn)
        assert set(written.values()) == {0}

    def test_months_and_quarters_cover_the_reporting_years(self, owner: Engine):
        with owner.connect() as conn:
            july = conn.execute(
                text(
                    "select month_label, quarter_label from core.dim_month "
                    "where month_start = '2026-07-01'"
                )
            ).one()
            quarters = conn.execute(text("select count(*) from core.dim_quarter")).scalar_one()
        assert tuple(july) == ("2026-07", "2026Q3")
        assert quarters == (2060 - 1990 + 1) * 4


class TestEnsurePartner:
    def test_a_registered_partner_missing_from_the_dimension_is_added(self, owner: Engine):
        with owner.begin() as conn:
            conn.execute(text("delete from core.dim_partner where partner_code = 'np-sahayog'"))
            ensure_partner(conn, partner_code="np-sahayog")
            country = conn.execute(
                text("select country_code from core.dim_partner where partner_code = 'np-sahayog'")
            ).scalar_one()
        assert country == "NP"

    def test_an_unregistered_partner_is_refused(self, owner: Engine):
        with owner.begin() as conn, pytest.raises(ConfigError) as raised:
            ensure_partner(conn, partner_code="zz-nobody")
        assert raised.value.code == "unknown-partner"


class TestCodeLabel:
    @pytest.mark.parametrize(
        ("code", "label"),
        [
            ("ForcedLabour", "Forced labour"),
            ("NGO", "NGO"),
            ("tailoring-garment", "Tailoring garment"),
            ("completed-certified", "Completed certified"),
        ],
    )
    def test_codes_read_as_words(self, code: str, label: str):
        assert code_label(code) == label
