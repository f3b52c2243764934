"""The sweep: objects still waiting in the dropzone's incoming folders."""

from __future__ import annotations

from datetime import timedelta

from pata import clock, dropzone
from pata.settings import Settings, get_settings


def list_incoming_keys(
    *, settings: Settings | None = None, min_age_seconds: int = 0, prefix: str = ""
) -> list[str]:
    """Keys under ``<partner>/incoming/`` older than ``min_age_seconds``.

    The age guard leaves fresh uploads to the event path, so the sweep mostly finds what
    events missed; if both take the same object, the upload lock decides.
    """
    from pata.storage import s3_client

    settings = settings or get_settings()
    s3 = s3_client(settings)
    cutoff = clock.wall_now() - timedelta(seconds=min_age_seconds)
    keys: list[str] = []
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=settings.dropzone_bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            key = obj["Key"]
            if key.split("/")[1:2] == [dropzone.FEEDBACK] or key.endswith("/"):
                continue
            if obj["LastModified"] <= cutoff:
                keys.append(key)
    return sorted(keys)
