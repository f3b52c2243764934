"""A partner's SFTP server, through the SFTP provider's :class:`SFTPHook`.

The connection (``AIRFLOW_CONN_<ID>``, type ``sftp``) holds host, port, login, the private
key (extra ``private_key``) and the server's host key (extra ``host_key``); the registry
holds the folder. Entries are read lazily (``listdir_iter``) and at most ``max_entries + 1``
are looked at; a name that resolves outside the folder (``..``, a symlink elsewhere) is an
alert, never followed.
"""

from __future__ import annotations

import itertools
import posixpath
import stat
from datetime import UTC, datetime
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
    from paramiko import SFTPAttributes, SFTPClient

CONNECT_TIMEOUT = 15
CHUNK = 1024 * 1024


class SftpSource:
    """Reads one partner folder over SFTP."""

    def __init__(self, source: PullSource, *, where: str) -> None:
        if source.path is None:
            raise ValueError("an sftp source needs a path")
        self.source = source
        self.folder = source.path
        self.where = where
        self._managed: Any = None
        self._client: SFTPClient | None = None

    def _sftp(self) -> SFTPClient:
        if self._client is not None:
            return self._client
        import paramiko
        from airflow.providers.sftp.hooks.sftp import SFTPHook

        hook = SFTPHook(
            ssh_conn_id=self.source.connection,
            conn_timeout=CONNECT_TIMEOUT,
            auth_timeout=CONNECT_TIMEOUT,
        )
        managed = hook.get_managed_conn()  # closes the SSH transport too, not only SFTP
        try:
            self._client = managed.__enter__()
        except paramiko.AuthenticationException:
            raise PullError(
                f"{self.where}: the SFTP server refused the login of connection "
                f"{self.source.connection} (key or user wrong, or revoked)",
                code="pull-auth-failed",
            ) from None
        except paramiko.BadHostKeyException:
            raise PullError(
                f"{self.where}: the SFTP server's host key is not the one in connection "
                f"{self.source.connection} (server changed, or someone in between)",
                code="pull-host-key-mismatch",
            ) from None
        except (TimeoutError, OSError, paramiko.SSHException, EOFError):
            raise PullError(
                f"{self.where}: the SFTP server of connection {self.source.connection} "
                "does not answer",
                code="pull-source-unreachable",
            ) from None
        self._managed = managed
        return self._client

    def list_files(self, period: Period) -> list[RemoteFile]:
        sftp = self._sftp()
        try:
            entries = list(
                itertools.islice(sftp.listdir_iter(self.folder), self.source.max_entries + 1)
            )
        except FileNotFoundError:
            raise PullError(
                f"{self.where}: the folder {self.folder} does not exist on the SFTP server",
                code="pull-folder-missing",
            ) from None
        except PermissionError:
            raise PullError(
                f"{self.where}: connection {self.source.connection} may not read {self.folder}",
                code="pull-auth-failed",
            ) from None
        if len(entries) > self.source.max_entries:
            raise too_many_entries(where=self.where, limit=self.source.max_entries)
        found = []
        for entry in entries:
            check_plain_name(entry.filename, where=self.where)
            if not is_export_for(entry.filename, period):
                continue
            path = self._inside(posixpath.join(self.folder, entry.filename))
            current = self._describe(path, entry.filename)
            if current is not None:
                found.append(current)
        return sorted(found, key=lambda f: f.name)

    def _inside(self, path: str) -> str:
        """The real path of ``path``; PullError when it resolves outside the folder."""
        real = self._sftp().normalize(path)
        if posixpath.dirname(real) != self._sftp().normalize(self.folder):
            raise PullError(
                f"{self.where}: an entry of {self.folder} resolves outside the folder "
                "(a link elsewhere); it is not fetched",
                code="pull-path-outside-source",
            )
        return real

    def _describe(self, path: str, name: str) -> RemoteFile | None:
        try:
            attrs: SFTPAttributes = self._sftp().stat(path)
        except FileNotFoundError:
            return None
        if attrs.st_mode is not None and not stat.S_ISREG(attrs.st_mode):
            return None
        mtime = None if attrs.st_mtime is None else datetime.fromtimestamp(attrs.st_mtime, UTC)
        return RemoteFile(name=name, path=path, size=int(attrs.st_size or 0), mtime=mtime)

    def stat(self, file: RemoteFile) -> RemoteFile | None:
        return self._describe(file.path, file.name)

    def download(self, file: RemoteFile, destination: Path) -> int:
        written = 0
        try:
            with self._sftp().open(file.path, "rb") as remote, destination.open("wb") as out:
                while chunk := remote.read(CHUNK):
                    out.write(chunk)
                    written += len(chunk)
        except OSError:
            raise PullError(
                f"{self.where}: reading an export from the SFTP server broke off",
                code="pull-source-unreachable",
            ) from None
        return written

    def close(self) -> None:
        if self._managed is not None:
            self._managed.__exit__(None, None, None)
            self._managed = None
            self._client = None
