"""A partner's own bucket (another account, or another S3 endpoint), through :class:`S3Hook`.

The connection (``AIRFLOW_CONN_<ID>``, type ``aws``) holds the partner account's access
key or role; the registry holds bucket, prefix and, for a non-AWS store, the endpoint.
Only objects directly under the prefix count (no sub-folders). A download is pinned to the
ETag seen in the listing (``IfMatch``), so a version replaced mid-read fails instead of
mixing two versions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pata.periods import Period
from pata.pull.remote import (
    PullError,
    RemoteFile,
    check_plain_name,
    is_export_for,
    too_many_entries,
)
from pata.pull.sources import PullSource

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

PAGE_SIZE = 1000
CHUNK = 1024 * 1024
_AUTH_CODES = frozenset(
    {
        "AccessDenied",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "InvalidToken",
        "403",
    }
)
_MISSING_CODES = frozenset({"NoSuchKey", "404", "NotFound"})


class S3Source:
    """Reads one prefix of a partner's bucket."""

    def __init__(self, source: PullSource, *, where: str) -> None:
        if source.bucket is None:
            raise ValueError("an s3 source needs a bucket")
        self.source = source
        self.bucket = source.bucket
        self.where = where
        self._client: S3Client | None = None

    def _s3(self) -> S3Client:
        if self._client is None:
            from airflow.providers.amazon.aws.hooks.s3 import S3Hook
            from botocore.config import Config

            hook = S3Hook(aws_conn_id=self.source.connection)
            config = Config(
                retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=10, read_timeout=60
            )
            if self.source.endpoint:  # the registry names the partner's store
                self._client = hook.get_session().client(
                    "s3", endpoint_url=self.source.endpoint, config=config
                )
            else:
                self._client = hook.get_session().client(
                    "s3", endpoint_url=hook.conn_config.endpoint_url, config=config
                )
        return self._client

    def _fail(self, exc: Exception) -> PullError:
        from botocore.exceptions import ClientError

        code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""
        if code in _AUTH_CODES:
            return PullError(
                f"{self.where}: bucket {self.bucket} refused connection "
                f"{self.source.connection} ({code})",
                code="pull-auth-failed",
            )
        if code == "NoSuchBucket":
            return PullError(
                f"{self.where}: bucket {self.bucket} does not exist", code="pull-folder-missing"
            )
        if code == "PreconditionFailed":
            return PullError(
                f"{self.where}: an export in bucket {self.bucket} was replaced while it was read",
                code="pull-file-changing",
            )
        return PullError(
            f"{self.where}: bucket {self.bucket} does not answer ({code or type(exc).__name__})",
            code="pull-source-unreachable",
        )

    def list_files(self, period: Period) -> list[RemoteFile]:
        from botocore.exceptions import BotoCoreError, ClientError

        prefix = self.source.prefix
        seen = 0
        found = []
        try:
            paginator = self._s3().get_paginator("list_objects_v2")
            pages = paginator.paginate(
                Bucket=self.bucket,
                Prefix=prefix,
                Delimiter="/",
                PaginationConfig={"PageSize": PAGE_SIZE},
            )
            for page in pages:
                for obj in page.get("Contents", []):
                    seen += 1
                    if seen > self.source.max_entries:
                        raise too_many_entries(where=self.where, limit=self.source.max_entries)
                    key = obj["Key"]
                    if not key.startswith(prefix):
                        raise PullError(
                            f"{self.where}: the bucket listed a key outside prefix {prefix}",
                            code="pull-path-outside-source",
                        )
                    name = key[len(prefix) :]
                    check_plain_name(name, where=self.where)
                    if is_export_for(name, period):
                        found.append(self._file(key, obj))
        except (ClientError, BotoCoreError) as exc:
            raise self._fail(exc) from None
        return sorted(found, key=lambda f: f.name)

    def _file(self, key: str, obj: Any) -> RemoteFile:
        size = obj.get("Size", obj.get("ContentLength", 0))
        return RemoteFile(
            name=key.rsplit("/", 1)[-1],
            path=f"s3://{self.bucket}/{key}",
            size=int(size),
            mtime=obj["LastModified"],
            etag=str(obj.get("ETag", "")).strip('"') or None,
        )

    def _key(self, file: RemoteFile) -> str:
        return file.path[len(f"s3://{self.bucket}/") :]

    def stat(self, file: RemoteFile) -> RemoteFile | None:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self._key(file)
        try:
            head = self._s3().head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING_CODES:
                return None
            raise self._fail(exc) from None
        except BotoCoreError as exc:
            raise self._fail(exc) from None
        return self._file(key, head)

    def download(self, file: RemoteFile, destination: Path) -> int:
        from botocore.exceptions import BotoCoreError, ClientError

        written = 0
        try:
            response = self._s3().get_object(
                Bucket=self.bucket, Key=self._key(file), IfMatch=f'"{file.etag}"'
            )
            with destination.open("wb") as out:
                for chunk in response["Body"].iter_chunks(CHUNK):
                    out.write(chunk)
                    written += len(chunk)
        except (ClientError, BotoCoreError) as exc:
            raise self._fail(exc) from None
        return written

    def close(self) -> None:
        self._client = None
