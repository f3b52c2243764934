"""Database passwords: generated once, private, and set on the server as SCRAM verifiers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import stat
from pathlib import Path

from pata.settings import Settings
from pata.stack.secrets import database_password, scram_verifier, write_secret


def test_a_password_is_generated_once_into_a_private_file(tmp_path: Path):
    settings = Settings(home=tmp_path / "home")
    first = database_password(settings, "pata_analyst")
    assert database_password(settings, "pata_analyst") == first
    path = settings.secrets_dir / "pg-pata_analyst.password"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 24


def test_the_embedded_url_carries_each_logins_own_password(tmp_path: Path):
    settings = Settings(home=tmp_path / "home", pg_port=5999)
    analyst = settings.database_url(role="analyst")
    owner = settings.database_url(role="owner")
    assert analyst.startswith("postgresql+psycopg://pata_analyst:")
    assert database_password(settings, "pata_analyst") in analyst
    assert database_password(settings, "postgres") in owner
    assert database_password(settings, "pata_analyst") not in owner


def test_write_secret_replaces_with_a_private_file(tmp_path: Path):
    settings = Settings(home=tmp_path / "home")
    write_secret(settings, "x", "one")
    path = write_secret(settings, "x", "two")
    assert path.read_text() == "two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_scram_verifier_proves_the_password_as_postgresql_checks_it():
    verifier = scram_verifier("correct horse")
    method, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key, server_key = (base64.b64decode(k) for k in keys.split(":"))
    assert method == "SCRAM-SHA-256" and int(iterations) == 4096
    salted = hashlib.pbkdf2_hmac("sha256", b"correct horse", base64.b64decode(salt), 4096)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    assert hashlib.sha256(client_key).digest() == stored_key
    assert hmac.digest(salted, b"Server Key", "sha256") == server_key
    assert "correct horse" not in verifier
    assert scram_verifier("correct horse") != verifier  # a new salt each time


def test_airflow_logs_in_with_its_own_passwords_and_masks_the_key(tmp_path: Path):
    from pata.stack.airflow import airflow_env

    settings = Settings(home=tmp_path / "home", pg_port=5999)
    env = airflow_env(settings)
    metadata = env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    assert metadata.startswith("postgresql+psycopg2://pata_airflow:")
    assert database_password(settings, "pata_airflow") in metadata
    assert metadata.endswith("@127.0.0.1:5999/airflow")
    assert "pata_pseudonym_key" in env["AIRFLOW__CORE__SENSITIVE_VAR_CONN_NAMES"].split(",")
    import json

    warehouse = json.loads(env["AIRFLOW_CONN_PATA_WAREHOUSE"])
    assert warehouse["login"] == "pata_pipeline"
    assert warehouse["password"] == database_password(settings, "pata_pipeline")
