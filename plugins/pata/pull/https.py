"""An export served over HTTPS behind a token, through the HTTP provider's :class:`HttpHook`.

The connection (``AIRFLOW_CONN_<ID>``, type ``http``) holds scheme, host and port, and the
token as a header in its extra (``{"Authorization": "Bearer ..."}``): HttpHook sends the
extra's keys as headers. The registry holds the path template (``/exports/cases_{period}
.csv``). A ``HEAD`` says whether the period's export exists and its version (ETag,
Last-Modified, Content-Length); 404 means "not published yet", which is not an error.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pata.periods import Period
from pata.pull.remote import PullError, RemoteFile
from pata.pull.sources import PullSource

TIMEOUT = 30
CHUNK = 1024 * 1024


class HttpsSource:
    """Fetches one period's export from a URL template."""

    def __init__(self, source: PullSource, *, where: str) -> None:
        if source.url is None:
            raise ValueError("an https source needs a url")
        self.source = source
        self.where = where

    def _request(self, method: str, path: str, *, stream: bool = False) -> Any:
        import requests
        from airflow.providers.http.hooks.http import HttpHook

        hook = HttpHook(method=method, http_conn_id=self.source.connection)
        try:
            response = hook.run(
                path,
                extra_options={"check_response": False, "timeout": TIMEOUT, "stream": stream},
            )
        except requests.RequestException:
            raise PullError(
                f"{self.where}: the HTTPS source of connection {self.source.connection} "
                "does not answer",
                code="pull-source-unreachable",
            ) from None
        expected = urlsplit(hook.url_from_endpoint(path))
        final = urlsplit(response.url)
        if (final.scheme, final.netloc, final.path) != (
            expected.scheme,
            expected.netloc,
            expected.path,
        ):
            response.close()
            raise PullError(
                f"{self.where}: the HTTPS source redirected away from the configured URL",
                code="pull-path-outside-source",
            )
        if response.status_code in (401, 403):
            response.close()
            raise PullError(
                f"{self.where}: the HTTPS source refused the token of connection "
                f"{self.source.connection} (HTTP {response.status_code})",
                code="pull-auth-failed",
            )
        if response.status_code >= 500 or response.status_code not in (200, 404):
            response.close()
            raise PullError(
                f"{self.where}: the HTTPS source answered HTTP {response.status_code}",
                code="pull-source-unreachable",
            )
        return response

    def _describe(self, path: str) -> RemoteFile | None:
        response = self._request("HEAD", path)
        response.close()
        if response.status_code == 404:
            return None
        length = response.headers.get("Content-Length")
        modified = response.headers.get("Last-Modified")
        mtime: datetime | None = None
        if modified:
            try:
                mtime = parsedate_to_datetime(modified)
            except (TypeError, ValueError):
                mtime = None
        etag = response.headers.get("ETag")
        return RemoteFile(
            name=path.rsplit("/", 1)[-1],
            path=path,
            size=int(length) if length and length.isdigit() else -1,
            mtime=mtime,
            etag=etag.strip('"') if etag else None,
        )

    def list_files(self, period: Period) -> list[RemoteFile]:
        found = self._describe(self.source.url_for(period))
        return [] if found is None else [found]

    def stat(self, file: RemoteFile) -> RemoteFile | None:
        return self._describe(file.path)

    def download(self, file: RemoteFile, destination: Path) -> int:
        import requests

        response = self._request("GET", file.path, stream=True)
        written = 0
        try:
            if response.status_code != 200:
                raise PullError(
                    f"{self.where}: the export disappeared while it was read",
                    code="pull-file-changing",
                )
            with destination.open("wb") as out:
                for chunk in response.iter_content(CHUNK):
                    out.write(chunk)
                    written += len(chunk)
        except requests.RequestException:
            raise PullError(
                f"{self.where}: reading the export from the HTTPS source broke off",
                code="pull-source-unreachable",
            ) from None
        finally:
            response.close()
        return written

    def close(self) -> None:
        return None
