"""Publish a feedback report next to the partner's files: ``<partner>/feedback/``."""

from __future__ import annotations

import logging
import re

from pata import clock
from pata.feedback.render import render_html, render_json
from pata.feedback.report import FeedbackReport
from pata.settings import Settings, get_settings

log = logging.getLogger(__name__)

FEEDBACK_FOLDER = "feedback"
_UNSAFE = re.compile(r"[^\w.\-]+")


def report_stem(report: FeedbackReport) -> str:
    """``<file stem>.<ledger id, or the first 8 hex of the sha256, or a timestamp>``."""
    stem = report.filename.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = _UNSAFE.sub("_", stem).strip("._") or "file"
    if report.ledger_id is not None:
        tag = str(report.ledger_id)
    elif report.sha256:
        tag = report.sha256[:8]
    else:
        tag = clock.now().strftime("%Y%m%dT%H%M%SZ")
    return f"{stem}.{tag}"


def report_keys(report: FeedbackReport) -> tuple[str, str]:
    """The (JSON, HTML) object keys of a report in the dropzone bucket."""
    base = f"{report.partner}/{FEEDBACK_FOLDER}/{report_stem(report)}"
    return f"{base}.json", f"{base}.html"


def publish_report(report: FeedbackReport, *, settings: Settings | None = None) -> str:
    """Write the report's JSON and HTML to the dropzone; return the JSON key."""
    from pata.storage import encryption_args, s3_client

    settings = settings or get_settings()
    json_key, html_key = report_keys(report)
    s3 = s3_client(settings)
    for key, body, content_type in (
        (html_key, render_html(report), "text/html; charset=utf-8"),
        (json_key, render_json(report), "application/json; charset=utf-8"),
    ):
        s3.put_object(
            Bucket=settings.dropzone_bucket,
            Key=key,
            Body=body,
            ContentType=content_type,
            CacheControl="no-store",
            **encryption_args(settings),
        )
    log.info("feedback report %s published (%s problems)", json_key, report.problems_total)
    return json_key
