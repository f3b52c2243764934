"""Activity records drawn at random but plausibly: awareness sessions and network events.

No person is described here (a facilitator's or organiser's name, drawn like a partner
writes names, is the only name). The shared drawing context is :mod:`pata.synth.records`.
"""

from __future__ import annotations

import random
from datetime import timedelta

from pata.synth.names import pick_person_name
from pata.synth.profiles import draw
from pata.synth.records import FileContext, Record, has_value_map, own_province

_VENUES = (
    ("community-hall", 0.3),
    ("school", 0.2),
    ("pagoda-temple", 0.1),
    ("mosque", 0.05),
    ("church", 0.05),
    ("health-centre", 0.1),
    ("outdoor", 0.15),
    ("online", 0.03),
    ("other", 0.02),
)
_TARGET_GROUPS = (
    ("village-development-association", 0.25),
    ("mothers-group", 0.25),
    ("community-group", 0.25),
    ("federation", 0.10),
    ("school", 0.15),
)
_TOPICS = (
    "safe-migration",
    "recognising-trafficking",
    "child-protection",
    "online-safety",
    "labour-rights",
    "referral-and-hotlines",
    "gender-based-violence",
    "birth-registration",
)
_OBJECTIVES = (
    ("partner-capacity-building", 0.35),
    ("policy-dialogue", 0.20),
    ("network-meeting", 0.30),
    ("campaign", 0.15),
)
_EVENT_TITLES = {
    "partner-capacity-building": (
        "Training of trainers on victim identification",
        "Workshop on case management and data protection",
        "Training on trauma-informed interviewing",
    ),
    "policy-dialogue": (
        "Policy dialogue on recruitment fees",
        "Consultation on the national action plan against trafficking",
        "Round table with the labour ministry on migrant workers",
    ),
    "network-meeting": (
        "Quarterly meeting of shelter providers",
        "Cross-border referral network meeting",
        "Regional coordination meeting",
    ),
    "campaign": (
        "World Day against Trafficking in Persons campaign",
        "Safe migration week",
        "Interfaith campaign against child marriage",
    ),
}
_REGIONAL_HOSTS = ("TH", "KH", "MY", "PH", "NP", "BD", "ID", "VN")
_CITIES = {
    "TH": ("Bangkok", "Chiang Mai"),
    "KH": ("Phnom Penh", "Siem Reap"),
    "MY": ("Kuala Lumpur",),
    "PH": ("Manila", "Cebu City"),
    "NP": ("Kathmandu",),
    "BD": ("Dhaka",),
    "ID": ("Jakarta",),
    "VN": ("Hanoi", "Ho Chi Minh City"),
}


def awareness_record(ctx: FileContext, *, index: int, width: int) -> Record:
    """An ``awareness_sessions`` record."""
    rng = ctx.rng
    group = ctx.pick("target_group", _TARGET_GROUPS)
    counts = _session_counts(rng, group)
    other = rng.choice((0, 0, 0, 1, 2)) if rng.random() < 0.7 else None
    facilitator = None
    if rng.random() < 0.7:
        given, family = pick_person_name(
            rng, country=ctx.partner.country, feminine=rng.random() < 0.6
        )
        facilitator = given[0] if family is None else f"{given[0]} {family[0]}"
    return {
        "session_id": ctx.record_id("S", index, width),
        "session_date": ctx.day_in_period(),
        "province": rng.choice(ctx.codes("province"))
        if has_value_map(ctx, "province")
        else own_province(ctx),
        "district": rng.choice(ctx.profile.districts) if rng.random() < 0.9 else None,
        "village": rng.choice(ctx.profile.villages) if rng.random() < 0.8 else None,
        "venue_type": "school" if group == "school" else draw(rng, _VENUES, default="other"),
        "target_group": group,
        "topic": rng.choice(_TOPICS),
        "participants_female_under_18": counts[0],
        "participants_female_18_plus": counts[1],
        "participants_male_under_18": counts[2],
        "participants_male_18_plus": counts[3],
        "participants_other": other,
        "participants_total": sum(counts) + (other or 0),
        "facilitator_name": facilitator,
        "notes": rng.choice(ctx.profile.notes)
        if ctx.profile.notes and rng.random() < 0.1
        else None,
    }


def network_record(ctx: FileContext, *, index: int, width: int) -> Record:
    """A ``network_events`` record."""
    rng = ctx.rng
    objective = draw(rng, _OBJECTIVES, default="network-meeting")
    start = ctx.day_in_period()
    end = start + timedelta(days=rng.randint(1, 2)) if rng.random() < 0.4 else None
    if end is not None and end > ctx.period.end:
        end = None
    country = ctx.partner.country if rng.random() < 0.8 else rng.choice(_REGIONAL_HOSTS)
    scale = {"campaign": 6, "policy-dialogue": 2}.get(objective, 1)
    counts = [
        rng.randint(0, 6) * scale,
        rng.randint(0, 10) * scale,
        rng.randint(1, 8) * scale,
        rng.randint(3, 20) * scale,
    ]
    other = rng.randint(0, 5) if rng.random() < 0.6 else None
    organiser = None
    if rng.random() < 0.6:
        given, family = pick_person_name(
            rng, country=ctx.partner.country, feminine=rng.random() < 0.5
        )
        organiser = given[1] if family is None else f"{given[1]} {family[1]}"
    return {
        "event_id": ctx.record_id("EV", index, width),
        "event_date": start,
        "end_date": end,
        "objective": objective,
        "event_format": draw(
            rng, (("in-person", 0.7), ("online", 0.15), ("hybrid", 0.15)), default="in-person"
        ),
        "country": country,
        "city": rng.choice(_CITIES.get(country, ctx.profile.cities))
        if rng.random() < 0.9
        else None,
        "title": rng.choice(_EVENT_TITLES[objective]),
        "participants_religious_leaders": counts[0],
        "participants_civic_leaders": counts[1],
        "participants_government": counts[2],
        "participants_ngo": counts[3],
        "participants_other": other,
        "participants_total": sum(counts) + (other or 0),
        "organiser_contact": organiser,
        "notes": None,
    }


def _session_counts(rng: random.Random, group: str) -> tuple[int, int, int, int]:
    if group == "school":
        return rng.randint(10, 60), rng.randint(0, 3), rng.randint(10, 60), rng.randint(0, 3)
    if group == "mothers-group":
        return 0, rng.randint(8, 35), 0, rng.randint(0, 2)
    if group == "federation":
        return 0, rng.randint(10, 50), 0, rng.randint(5, 40)
    return rng.randint(0, 8), rng.randint(5, 30), rng.randint(0, 8), rng.randint(3, 25)
