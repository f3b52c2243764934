"""Uploading into the dropzone the way a partner does (any S3 client would do the same)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pata.dropzone import INCOMING, DropKey
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)


def drop_file(path: Path, *, partner: str, dataset: str, settings: Settings | None = None) -> str:
    """Upload one file to ``<partner>/incoming/<dataset>/<name>``; return ``bucket/key``."""
    from pata.storage import encryption_args, s3_client

    settings = settings or get_settings()
    key = DropKey(partner=partner, dataset=dataset, filename=path.name).key
    s3_client(settings).upload_file(
        str(path),
        settings.dropzone_bucket,
        key,
        ExtraArgs=encryption_args(settings),
    )
    return f"{settings.dropzone_bucket}/{key}"


def drop_tree(
    root: Path,
    *,
    settings: Settings | None = None,
    on_file: Callable[[int], None] | None = None,
) -> list[str]:
    """Upload every file of a tree laid out ``<partner>/incoming/<dataset>/<file>``.

    Files are uploaded in dataset order (cases before rehabilitation) so references resolve.
    ``on_file`` is called with 1 after each upload (progress).
    """
    from pata.assets import PROCESSING_ORDER
    from pata.storage import encryption_args, s3_client

    settings = settings or get_settings()
    s3 = s3_client(settings)
    files = [p for p in root.glob(f"*/{INCOMING}/*/*") if p.is_file()]
    rank = {name: i for i, name in enumerate(PROCESSING_ORDER)}
    files.sort(key=lambda p: (rank.get(p.parent.name, 99), p.parent.parent.parent.name, p.name))
    keys = []
    for path in files:
        key = path.relative_to(root).as_posix()
        s3.upload_file(
            str(path),
            settings.dropzone_bucket,
            key,
            ExtraArgs=encryption_args(settings),
        )
        keys.append(key)
        if on_file is not None:
            on_file(1)
    log.info("uploaded %s files from %s", len(keys), root)
    return keys
