"""Settings: embedded defaults with nothing set; external services used as given."""

from __future__ import annotations

from pathlib import Path

import pytest

from pata.errors import ServiceUnreachable
from pata.settings import Settings


class TestSettings:
    def test_nothing_set_means_the_embedded_stack(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ):
        for name in ("PATA_WAREHOUSE_URL", "PATA_S3_ENDPOINT_URL", "PATA_DEMO"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("PATA_HOME", str(tmp_path / "home"))
        settings = Settings()
        assert settings.embedded
        assert settings.demo_enabled
        assert settings.s3_endpoint() == f"http://127.0.0.1:{settings.s3_port}"
        url = settings.database_url(role="analyst")
        password = (settings.secrets_dir / "pg-pata_analyst.password").read_text().strip()
        assert (
            url
            == f"postgresql+psycopg://pata_analyst:{password}@127.0.0.1:{settings.pg_port}/warehouse"
        )

    def test_a_warehouse_url_switches_off_the_embedded_stack_and_the_demo(
        self, monkeypatch: pytest.MonkeyPatch
    ):
        monkeypatch.setenv("PATA_WAREHOUSE_URL", "postgresql+psycopg://u:p@db.example:5432/wh")
        monkeypatch.setenv("PATA_DEMO", "1")
        settings = Settings()
        assert not settings.embedded
        assert not settings.demo_enabled
        assert settings.database_url(role="pipeline").endswith("db.example:5432/wh")
        assert "p@" not in repr(settings)  # the password is a secret, never printed

    def test_minio_without_a_queue_has_no_sqs(self, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setenv("PATA_S3_ENDPOINT_URL", "http://minio:9000")
        settings = Settings()
        assert settings.sqs_queue() is None
        assert settings.s3_endpoint() == "http://minio:9000"

    def test_an_unreachable_warehouse_is_a_clear_error_not_a_fallback(self, tmp_path: Path):
        from pata.stack.processes import free_port
        from pata.warehouse.engine import check_warehouse

        url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/warehouse"
        settings = Settings(home=tmp_path, warehouse_url=url)
        with pytest.raises(ServiceUnreachable, match="PATA_WAREHOUSE_URL"):
            check_warehouse(settings=settings)

    def test_an_unreachable_s3_endpoint_is_a_clear_error(self, tmp_path: Path):
        from pata.stack.processes import free_port
        from pata.storage import check_s3

        settings = Settings(home=tmp_path, s3_endpoint_url=f"http://127.0.0.1:{free_port()}")
        with pytest.raises(ServiceUnreachable, match="unreachable"):
            check_s3(settings)


class TestEnvExample:
    def test_every_setting_is_documented_in_env_example(self):
        text = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
        for name in Settings.model_fields:
            assert f"PATA_{name.upper()}=" in text, f"PATA_{name.upper()} missing in .env.example"
