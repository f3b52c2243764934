"""``ops.pulled_files``: which remote file versions were fetched, so none is fetched twice.

A version is the remote path with its modification time, size and ETag: the same version
is never fetched again; a changed one (new mtime, size or ETag) is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pata.pull.remote import RemoteFile

if TYPE_CHECKING:
    from sqlalchemy import Connection


def already_pulled(conn: Connection, *, partner_code: str, dataset: str, file: RemoteFile) -> bool:
    """True when exactly this version of the remote file was fetched before."""
    from sqlalchemy import text

    row = conn.execute(
        text(
            "select 1 from ops.pulled_files where partner_code = :partner and dataset = :dataset "
            "and remote_path = :path and remote_size = :size "
            "and remote_mtime is not distinct from :mtime "
            "and remote_etag is not distinct from :etag limit 1"
        ),
        {
            "partner": partner_code,
            "dataset": dataset,
            "path": file.path,
            "size": file.size,
            "mtime": file.mtime,
            "etag": file.etag,
        },
    ).first()
    return row is not None


def record_pull(
    conn: Connection,
    *,
    partner_code: str,
    dataset: str,
    source_kind: str,
    file: RemoteFile,
    sha256: str,
    period_label: str,
    object_key: str,
) -> int:
    """Remember one fetched version; return its id."""
    from sqlalchemy import text

    return int(
        conn.execute(
            text(
                "insert into ops.pulled_files (partner_code, dataset, source_kind, remote_path, "
                "remote_mtime, remote_size, remote_etag, sha256, period_label, object_key) "
                "values (:partner, :dataset, :kind, :path, :mtime, :size, :etag, :sha256, "
                ":period, :key) returning id"
            ),
            {
                "partner": partner_code,
                "dataset": dataset,
                "kind": source_kind,
                "path": file.path,
                "mtime": file.mtime,
                "size": file.size,
                "etag": file.etag,
                "sha256": sha256,
                "period": period_label,
                "key": object_key,
            },
        ).scalar_one()
    )
