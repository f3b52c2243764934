"""The pseudonymisation key: its sources, their order, and that it never shows."""

from __future__ import annotations

import copy
import hashlib
import logging
import pickle
import secrets
import stat
from pathlib import Path

import pytest

from pata import keys
from pata.keys import (
    KEY_ENV_VARIABLE,
    InvalidKey,
    MissingKey,
    PseudonymKey,
    load_pseudonym_key,
)
from pata.settings import Settings

EXTERNAL_WAREHOUSE = "postgresql+psycopg://pipeline@db.example:5432/warehouse"


@pytest.fixture(autouse=True)
def _no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV_VARIABLE, raising=False)
    monkeypatch.delenv("PATA_PSEUDONYM_KEY_FILE", raising=False)


def write_key(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text + "\n")
    path.chmod(mode)
    return path


def secret_forms(secret: bytes) -> list[str]:
    """Every way the key could leak into text: hex, either case, a prefix, its repr."""
    hex_text = secret.hex()
    return [hex_text, hex_text.upper(), hex_text[:16], repr(secret)[2:20]]


class TestPseudonymKey:
    def test_repr_and_str_show_the_fingerprint_never_the_key(self):
        secret = secrets.token_bytes(32)
        key = PseudonymKey(secret, source="test")
        for text in (repr(key), str(key), f"{key}", f"{[key]}"):
            assert key.fingerprint in text
            for form in secret_forms(secret):
                assert form not in text

    def test_fingerprint_is_eight_hex_of_the_sha256_of_the_key(self):
        secret = secrets.token_bytes(32)
        assert PseudonymKey(secret).fingerprint == hashlib.sha256(secret).hexdigest()[:8]

    def test_from_text_reads_openssl_hex_with_surrounding_whitespace(self):
        secret = secrets.token_bytes(32)
        key = PseudonymKey.from_text(f"  {secret.hex()}\n", source="test")
        assert key == PseudonymKey(secret)

    def test_a_short_key_is_refused(self):
        with pytest.raises(InvalidKey) as error:
            PseudonymKey.from_text(secrets.token_hex(16), source="test")
        assert error.value.code == "invalid-pseudonym-key"
        with pytest.raises(InvalidKey):
            PseudonymKey(b"short")

    def test_text_that_is_not_hex_is_refused_without_repeating_it(self):
        text = "correct horse battery staple " * 4
        with pytest.raises(InvalidKey) as error:
            PseudonymKey.from_text(text, source="test")
        assert "horse" not in str(error.value)

    def test_a_key_cannot_be_pickled(self):
        with pytest.raises(TypeError):
            pickle.dumps(PseudonymKey(secrets.token_bytes(32)))

    def test_a_copy_is_the_same_key(self):
        key = PseudonymKey(secrets.token_bytes(32))
        assert copy.deepcopy(key) is key

    def test_different_keys_give_different_digests(self):
        one, two = PseudonymKey(secrets.token_bytes(32)), PseudonymKey(secrets.token_bytes(32))
        assert one != two
        assert one.digest(b"message") != two.digest(b"message")
        assert len(one.digest(b"message")) == 64


class TestLoadPseudonymKey:
    def test_the_key_file_setting_comes_first_and_a_differing_variable_is_named(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ):
        secret, other = secrets.token_bytes(32), secrets.token_bytes(32)
        monkeypatch.setenv(KEY_ENV_VARIABLE, other.hex())
        path = write_key(tmp_path / "key", secret.hex())
        settings = Settings(home=tmp_path / "home", pseudonym_key_file=path)
        with caplog.at_level(logging.INFO):
            assert load_pseudonym_key(settings=settings) == PseudonymKey(secret)
        assert PseudonymKey(other).fingerprint in caplog.text  # not silent
        assert KEY_ENV_VARIABLE in caplog.text and "ignored" in caplog.text
        assert other.hex() not in caplog.text and secret.hex() not in caplog.text

    def test_the_embedded_key_file_is_never_overridden_by_a_variable(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ):
        settings = Settings(home=tmp_path / "home")
        embedded = load_pseudonym_key(settings=settings)  # generated on first use
        monkeypatch.setenv(KEY_ENV_VARIABLE, secrets.token_hex(32))
        with caplog.at_level(logging.WARNING):
            assert load_pseudonym_key(settings=settings) == embedded
        assert "ignored" in caplog.text

    def test_the_same_key_in_a_variable_is_no_warning(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ):
        secret = secrets.token_bytes(32)
        path = write_key(tmp_path / "key", secret.hex())
        monkeypatch.setenv(KEY_ENV_VARIABLE, secret.hex())
        with caplog.at_level(logging.WARNING):
            load_pseudonym_key(settings=Settings(home=tmp_path / "h", pseudonym_key_file=path))
        assert caplog.text == ""

    def test_the_key_in_use_is_logged_by_fingerprint(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ):
        secret = secrets.token_bytes(32)
        path = write_key(tmp_path / "key", secret.hex())
        with caplog.at_level(logging.INFO):
            key = load_pseudonym_key(
                settings=Settings(home=tmp_path / "h", pseudonym_key_file=path)
            )
        assert f"pseudonymisation key {key.fingerprint}" in caplog.text

    def test_inside_a_task_the_key_text_is_handed_to_airflows_masker(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ):
        import airflow.sdk.log as airflow_log

        secret = secrets.token_bytes(32)
        masked: list[tuple[object, object]] = []
        monkeypatch.setattr(keys, "_inside_airflow_task", lambda: True)
        monkeypatch.setattr(keys, "_key_from_airflow", lambda source: None)
        monkeypatch.setattr(
            airflow_log, "mask_secret", lambda s, name=None: masked.append((s, name))
        )
        monkeypatch.setenv(KEY_ENV_VARIABLE, secret.hex())
        settings = Settings(home=tmp_path / "home", warehouse_url=EXTERNAL_WAREHOUSE)
        load_pseudonym_key(settings=settings)
        assert masked == [(secret.hex(), "pata_pseudonym_key")]

    def test_a_key_file_setting_naming_a_missing_file_is_an_error_even_embedded(
        self, tmp_path: Path
    ):
        settings = Settings(home=tmp_path / "home", pseudonym_key_file=tmp_path / "absent")
        assert settings.embedded
        with pytest.raises(MissingKey, match="PATA_PSEUDONYM_KEY_FILE") as error:
            load_pseudonym_key(settings=settings)
        assert error.value.code == "missing-pseudonym-key"
        assert not (settings.secrets_dir / "pseudonym.key").exists()

    def test_outside_the_embedded_default_a_missing_key_stops_with_a_clear_error(
        self, tmp_path: Path
    ):
        settings = Settings(home=tmp_path / "home", warehouse_url=EXTERNAL_WAREHOUSE)
        with pytest.raises(MissingKey) as error:
            load_pseudonym_key(settings=settings)
        message = str(error.value)
        for setting in ("PATA_PSEUDONYM_KEY_FILE", "pata_pseudonym_key", KEY_ENV_VARIABLE):
            assert setting in message
        assert error.value.code == "missing-pseudonym-key"
        assert not settings.secrets_dir.exists()  # no key generated behind the operator's back

    def test_the_airflow_variable_in_the_environment_works_without_airflow(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ):
        secret = secrets.token_bytes(32)
        monkeypatch.setenv(KEY_ENV_VARIABLE, secret.hex())
        settings = Settings(home=tmp_path / "home", warehouse_url=EXTERNAL_WAREHOUSE)
        key = load_pseudonym_key(settings=settings)
        assert key == PseudonymKey(secret)
        assert key.source == KEY_ENV_VARIABLE

    def test_inside_an_airflow_task_the_secrets_backend_is_asked(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ):
        from airflow.sdk import Variable

        secret = secrets.token_bytes(32)
        asked: list[str] = []

        def fake_get(key: str, default: object = None, deserialize_json: bool = False) -> object:
            asked.append(key)
            return secret.hex()

        monkeypatch.setattr(keys, "_inside_airflow_task", lambda: True)
        monkeypatch.setattr(Variable, "get", staticmethod(fake_get))
        settings = Settings(home=tmp_path / "home", warehouse_url=EXTERNAL_WAREHOUSE)
        assert load_pseudonym_key(settings=settings) == PseudonymKey(secret)
        assert asked == ["pata_pseudonym_key"]

    def test_outside_a_task_airflow_is_not_consulted(self):
        assert not keys._inside_airflow_task()

    def test_the_embedded_default_generates_one_private_key_and_keeps_it(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ):
        settings = Settings(home=tmp_path / "home")
        assert settings.embedded
        with caplog.at_level(logging.DEBUG):
            first = load_pseudonym_key(settings=settings)
            second = load_pseudonym_key(settings=settings)
        path = settings.secrets_dir / "pseudonym.key"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert first == second
        assert "generated a new embedded" in caplog.text
        assert caplog.text.count("generated a new embedded") == 1
        assert path.read_text().strip() not in caplog.text

    def test_a_key_file_readable_by_others_is_used_with_a_warning(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ):
        path = write_key(tmp_path / "key", secrets.token_hex(32), mode=0o644)
        settings = Settings(home=tmp_path / "home", pseudonym_key_file=path)
        with caplog.at_level(logging.WARNING):
            load_pseudonym_key(settings=settings)
        assert "readable by others" in caplog.text

    def test_the_key_never_reaches_a_log_line_or_an_error(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
    ):
        secret = secrets.token_bytes(32)
        path = write_key(tmp_path / "key", secret.hex(), mode=0o644)
        texts: list[str] = []
        with caplog.at_level(logging.DEBUG):
            key = load_pseudonym_key(
                settings=Settings(home=tmp_path / "home", pseudonym_key_file=path)
            )
            texts += [repr(key), str(key), key.source]
            monkeypatch.setenv(KEY_ENV_VARIABLE, secret.hex()[:40])  # too short
            with pytest.raises(InvalidKey) as error:
                load_pseudonym_key(
                    settings=Settings(home=tmp_path / "home", warehouse_url=EXTERNAL_WAREHOUSE)
                )
            texts.append(str(error.value))
        texts.append(caplog.text)
        for text in texts:
            for form in secret_forms(secret):
                assert form not in text
