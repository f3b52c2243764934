"""S3 and SQS clients built from the settings (boto3 over HTTP, any endpoint)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from pata.errors import ServiceUnreachable
from pata.settings import Settings, get_settings

if TYPE_CHECKING:
    from boto3.s3.transfer import TransferConfig
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_sqs import SQSClient

# moto accepts any credentials; real deployments use the standard AWS chain (env, profile, role).
_LOCAL_CREDENTIALS = {"aws_access_key_id": "pata-local", "aws_secret_access_key": "pata-local"}


def _client_kwargs(settings: Settings, endpoint: str | None) -> dict[str, Any]:
    from botocore.config import Config

    kwargs: dict[str, Any] = {
        "region_name": settings.aws_region,
        "config": Config(
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=60,
            s3={"addressing_style": "path"},
        ),
    }
    if endpoint:
        kwargs["endpoint_url"] = endpoint
    if settings.embedded and not os.environ.get("AWS_ACCESS_KEY_ID"):
        kwargs.update(_LOCAL_CREDENTIALS)
    return kwargs


def s3_client(settings: Settings | None = None) -> S3Client:
    """An S3 client for the configured endpoint."""
    import boto3

    settings = settings or get_settings()
    return boto3.client("s3", **_client_kwargs(settings, settings.s3_endpoint()))


UPLOAD_PART_BYTES = 16 * 1024**2
"""Part size of a multipart upload from a file (S3 allows 10,000 parts: 160 GB)."""

UPLOAD_CONCURRENCY = 2
"""Parts uploaded at once: each is held in memory while it is sent (2 cores)."""


def upload_config() -> TransferConfig:
    """Transfer settings for uploading a file: multipart above one part, bounded memory."""
    from boto3.s3.transfer import TransferConfig

    return TransferConfig(
        multipart_threshold=UPLOAD_PART_BYTES,
        multipart_chunksize=UPLOAD_PART_BYTES,
        max_concurrency=UPLOAD_CONCURRENCY,
    )


def encryption_args(settings: Settings, *, raw_archive: bool = False) -> dict[str, str]:
    """The server-side-encryption arguments of any object the pipeline writes: keyword
    arguments of ``put_object``, or the ``ExtraArgs`` of ``upload_file``.

    Every write goes through here (``PATA_S3_SSE``): SSE-KMS names the deployment's key
    (a bare ``aws:kms`` would use the account's AWS-managed key instead) — for a write to the
    raw archive (``raw_archive``), its own key when ``PATA_RAW_ARCHIVE_KMS_KEY_ID`` is set;
    ``none`` sends no header, so the bucket's default encryption applies (MinIO without a
    KMS refuses the SSE headers).
    """
    if settings.s3_sse == "aws:kms":
        key = (raw_archive and settings.raw_archive_kms_key_id) or settings.s3_kms_key_id
        assert key  # the settings validator guarantees it
        return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": key}
    if settings.s3_sse == "AES256":
        return {"ServerSideEncryption": "AES256"}
    return {}


def sqs_client(settings: Settings | None = None) -> SQSClient:
    """An SQS client for the configured endpoint."""
    import boto3

    settings = settings or get_settings()
    return boto3.client("sqs", **_client_kwargs(settings, settings.sqs_endpoint()))


def check_s3(settings: Settings | None = None) -> None:
    """Raise ServiceUnreachable with a clear message when the S3 endpoint does not answer."""
    from botocore.exceptions import BotoCoreError, ClientError

    settings = settings or get_settings()
    try:
        s3_client(settings).head_bucket(Bucket=settings.dropzone_bucket)
    except ClientError as exc:
        raise ServiceUnreachable(
            f"S3 endpoint {settings.s3_endpoint() or 'AWS default'} answered, but the dropzone "
            f"bucket {settings.dropzone_bucket!r} is not usable "
            f"({exc.response.get('Error', {}).get('Code', 'error')})"
        ) from exc
    except BotoCoreError as exc:
        raise ServiceUnreachable(
            f"S3 endpoint {settings.s3_endpoint() or 'AWS default'} is unreachable: "
            f"{type(exc).__name__}"
        ) from exc
