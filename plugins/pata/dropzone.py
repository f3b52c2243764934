"""The dropzone layout and its events.

Partners put files at ``<partner>/incoming/<dataset>/<file>``; feedback goes to
``<partner>/feedback/``. Events come from S3 ObjectCreated notifications (through SQS) or
from the sweep's listing; both end as :class:`ObjectRef`.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pata.errors import PataError

INCOMING = "incoming"
FEEDBACK = "feedback"
TEMPLATES = "templates"
"""Where ``make up`` publishes each partner's submission templates (``pata template``)."""
SUPPORTED_SUFFIXES = (
    ".csv",
    ".tsv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".ods",
    ".json",
    ".ndjson",
    ".jsonl",
)
UNATTRIBUTED = "_unattributed"
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class KeyRejected(PataError):
    """The object key does not fit the dropzone layout or the registry."""

    code = "key-outside-layout"


@dataclass(frozen=True)
class DropKey:
    """Where a file sits in the dropzone: partner, dataset, file name."""

    partner: str
    dataset: str
    filename: str

    @property
    def key(self) -> str:
        return f"{self.partner}/{INCOMING}/{self.dataset}/{self.filename}"


@dataclass(frozen=True)
class ObjectRef:
    """One object to process: its key (decoded) and, when the event carries it, its ETag."""

    key: str
    etag: str | None = None
    size: int | None = None


def parse_key(key: str) -> DropKey:
    """Split a dropzone key into partner, dataset and file name, or raise KeyRejected."""
    parts = key.split("/")
    if len(parts) != 4 or parts[1] != INCOMING or not parts[3]:
        raise KeyRejected(
            "The file is not in the expected place. Put it at "
            "<partner>/incoming/<dataset>/<file name>, e.g. kh-ksp/incoming/cases/"
            "cases_2026-07.csv.",
            code="key-outside-layout",
        )
    partner, _, dataset, filename = parts
    if not _SEGMENT.match(partner):
        raise KeyRejected("The partner folder name is not a partner code.", code="unknown-partner")
    return DropKey(partner=partner, dataset=dataset, filename=filename)


def partner_of(key: str) -> str:
    """The partner folder of a key, for where to put feedback (even for rejected keys)."""
    first = key.split("/", 1)[0]
    return first if _SEGMENT.match(first) and "/" in key else UNATTRIBUTED


def is_incoming(key: str) -> bool:
    parts = key.split("/")
    return len(parts) == 4 and parts[1] == INCOMING and bool(parts[3])


def feedback_prefix(partner: str) -> str:
    return f"{partner}/{FEEDBACK}/"


def templates_prefix(partner: str) -> str:
    return f"{partner}/{TEMPLATES}/"


def refs_from_event(body: str | dict[str, Any]) -> list[ObjectRef]:
    """The objects an S3 notification names; none for ``s3:TestEvent`` or other noise.

    Keys in S3 notifications are URL-encoded (``+`` for spaces), so they are decoded here.
    """
    doc = json.loads(body) if isinstance(body, str) else body
    if not isinstance(doc, dict):
        return []
    # An SNS envelope or an Airflow trigger payload may wrap the S3 document.
    if "Message" in doc and isinstance(doc["Message"], str):
        return refs_from_event(doc["Message"])
    if doc.get("Event") == "s3:TestEvent":
        return []
    refs = []
    for record in doc.get("Records") or []:
        if not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        obj = (record.get("s3") or {}).get("object") or {}
        raw_key = obj.get("key")
        if not raw_key:
            continue
        etag = obj.get("eTag") or obj.get("etag")
        refs.append(
            ObjectRef(
                key=urllib.parse.unquote_plus(raw_key),
                etag=str(etag).strip('"') if etag else None,
                size=obj.get("size"),
            )
        )
    return refs


def refs_from_trigger_events(events: Any) -> list[ObjectRef]:
    """Every object named by the asset events that triggered a DAG run (deduplicated).

    Several SQS messages can fold into one run, each message can hold several records.
    """
    seen: dict[str, ObjectRef] = {}
    for event in _iter_events(events):
        extra = getattr(event, "extra", None) or (
            event.get("extra") if isinstance(event, dict) else None
        )
        if not extra:
            continue
        payload = extra.get("payload", extra)
        messages = payload.get("message_batch") or payload.get("messages") or [payload]
        for message in messages:
            body = message.get("Body") if isinstance(message, dict) else message
            if body is None:
                continue
            for ref in refs_from_event(body):
                seen.setdefault(f"{ref.key}\x1f{ref.etag}", ref)
    return list(seen.values())


def _iter_events(events: Any) -> Iterator[Any]:
    """Asset events from Airflow's ``triggering_asset_events`` (a Mapping asset → events)
    or from a plain sequence of events."""
    if events is None:
        return
    if isinstance(events, Mapping):
        for value in events.values():
            yield from value
    else:
        yield from events
