"""The dropzone layout and the S3 events that name its objects."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pytest

from pata.dropzone import (
    KeyRejected,
    parse_key,
    partner_of,
    refs_from_event,
    refs_from_trigger_events,
)


def s3_event(*keys: str) -> str:
    return json.dumps(
        {
            "Records": [
                {
                    "eventName": "ObjectCreated:Put",
                    "s3": {"object": {"key": key, "eTag": "abc", "size": 10}},
                }
                for key in keys
            ]
        }
    )


@dataclass
class FakeEvent:
    extra: dict = field(default_factory=dict)


class FakeAccessor(Mapping):
    """Like Airflow's TriggeringAssetEventsAccessor: iterating yields assets, not events."""

    def __init__(self, events: list[FakeEvent]) -> None:
        self._events = {"pata_dropzone": events}

    def __getitem__(self, key: str) -> list[FakeEvent]:
        return self._events[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._events)

    def __len__(self) -> int:
        return len(self._events)


class TestParseKey:
    def test_a_key_in_the_layout_gives_partner_dataset_and_file(self):
        drop = parse_key("kh-ksp/incoming/cases/cases_2026-07.csv")
        assert (drop.partner, drop.dataset, drop.filename) == (
            "kh-ksp",
            "cases",
            "cases_2026-07.csv",
        )

    @pytest.mark.parametrize(
        "key",
        ["cases.csv", "kh-ksp/cases.csv", "kh-ksp/outgoing/cases/x.csv", "kh-ksp/incoming/cases/"],
    )
    def test_a_key_outside_the_layout_is_rejected(self, key):
        with pytest.raises(KeyRejected):
            parse_key(key)

    def test_feedback_for_an_unattributable_key_goes_to_a_common_folder(self):
        assert partner_of("loose.csv") == "_unattributed"
        assert partner_of("kh-ksp/loose.csv") == "kh-ksp"


class TestEvents:
    def test_keys_are_url_decoded(self):
        (ref,) = refs_from_event(s3_event("kh-ksp/incoming/cases/my+file%282%29_2026-07.csv"))
        assert ref.key == "kh-ksp/incoming/cases/my file(2)_2026-07.csv"
        assert ref.etag == "abc"

    def test_the_s3_test_event_names_no_object(self):
        assert refs_from_event(json.dumps({"Event": "s3:TestEvent", "Bucket": "b"})) == []

    def test_every_event_of_a_run_is_handled_and_repeats_fold(self):
        batch = {
            "message_batch": [
                {"Body": s3_event("a/incoming/cases/1_2026-07.csv")},
                {
                    "Body": s3_event(
                        "a/incoming/cases/2_2026-07.csv", "a/incoming/cases/1_2026-07.csv"
                    )
                },
                {"Body": json.dumps({"Event": "s3:TestEvent"})},
            ]
        }
        events = FakeAccessor(
            [
                FakeEvent({"from_trigger": True, "payload": batch}),
                FakeEvent(
                    {
                        "from_trigger": True,
                        "payload": {
                            "message_batch": [{"Body": s3_event("b/incoming/cases/3_2026-07.csv")}]
                        },
                    }
                ),
            ]
        )
        keys = sorted(ref.key for ref in refs_from_trigger_events(events))
        assert keys == [
            "a/incoming/cases/1_2026-07.csv",
            "a/incoming/cases/2_2026-07.csv",
            "b/incoming/cases/3_2026-07.csv",
        ]
