"""Rows planted on purpose in the planned files: persons reported in two or three
countries (the linkage truth) and canaries (the leak audit's known values)."""

# ruff: noqa: S311  (seeded, reproducible test data: random is the point, not a secret)
from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from pata.synth import canaries as canary_values
from pata.synth.crossborder import draw_identity, written_as
from pata.synth.manifest import Manifest
from pata.synth.names import name_book
from pata.synth.plans import CROSS_BORDER_SHARE, FilePlan, Planted, seed_of
from pata.synth.profiles import CROSS_BORDER_ROUTES, profile_of
from pata.synth.records import (
    Person,
)
from pata.synth.writers import ISO_DATE


def plan_cross_border(plans: Sequence[FilePlan], *, seed: int, manifest: Manifest) -> None:
    """Place persons recruited in one country and identified in another in both files."""

    def cases_plans(country: str) -> tuple[str | None, list[FilePlan]]:
        codes = sorted(
            {
                p.partner.code
                for p in plans
                if p.partner.country == country and p.dataset == "cases" and p.write
            }
        )
        if not codes:
            return None, []
        own = [p for p in plans if p.partner.code == codes[0] and p.dataset == "cases"]
        return codes[0], sorted(own, key=lambda p: p.period.start)

    cases = [p for p in plans if p.dataset == "cases" and p.write]
    number = 0
    for origin, destination in CROSS_BORDER_ROUTES:
        origin_code, origin_plans = cases_plans(origin)
        destination_code, destination_plans = cases_plans(destination)
        if origin_code is None or destination_code is None:
            continue
        for found in destination_plans:
            rng = random.Random(
                seed_of(seed, "cross-border", origin_code, destination_code, found.period.label)
            )
            # About CROSS_BORDER_SHARE of the persons of the region, spread over the routes.
            wanted = found.rows * CROSS_BORDER_SHARE * 2 / len(CROSS_BORDER_ROUTES)
            count = int(wanted) + (rng.random() < wanted - int(wanted))
            for _ in range(count):
                entry = _plant_cross_border(
                    rng,
                    found=found,
                    origin_plans=origin_plans,
                    transit_plans=[
                        p
                        for p in cases
                        if p.partner.country not in (origin, destination)
                        and p.period == found.period
                    ],
                    number=number + 1,
                    origin=origin,
                    destination=destination,
                )
                if entry is not None:
                    number += 1
                    manifest.cross_country_persons.append(entry)


def _plant_cross_border(
    rng: random.Random,
    *,
    found: FilePlan,
    origin_plans: Sequence[FilePlan],
    transit_plans: Sequence[FilePlan],
    number: int,
    origin: str,
    destination: str,
) -> dict[str, Any] | None:
    """Plant one person identified abroad, back home later, sometimes in a third country.

    The truth (``true_identity``) and every appearance go to the manifest; the partner abroad
    writes the name in Latin letters with variations, the home partner as on the travel
    document or in the person's own script, a third country's partner with variations.
    """
    identified = found.period.start + timedelta(
        days=rng.randint(0, (found.period.end - found.period.start).days)
    )
    returned = identified + timedelta(days=rng.randint(15, 90))
    home = next((p for p in origin_plans if returned in p.period), None)
    if home is None:
        home = origin_plans[-1]
        if home.period.end < identified:
            return None
        returned = max(identified, home.period.start)
    found_slot, home_slot = found.free_slot(rng), home.free_slot(rng)
    if found_slot is None or home_slot is None or home is found:
        return None
    identity = draw_identity(rng, country=origin, identified=identified)
    abroad, abroad_variants = written_as(rng, identity, native=False)
    at_home, home_variants = written_as(rng, identity, native=rng.random() < 0.5, vary=False)
    places = [
        (found, found_slot, abroad, abroad_variants, "identified-abroad", identified),
        (home, home_slot, at_home, home_variants, "returned-home", returned),
    ]
    via = rng.choice(transit_plans) if transit_plans and rng.random() < 0.3 else None
    via_slot = via.free_slot(rng) if via is not None else None
    if via is not None and via_slot is not None:
        third, third_variants = written_as(rng, identity, native=False)
        places.append((via, via_slot, third, third_variants, "identified-in-transit", identified))
    appearances = []
    for plan, slot, person, variants, role, on in places:
        appearance = {
            "role": role,
            "first_name": person.first_name,
            "second_name": person.second_name,
            "birthdate": None if person.birthdate is None else person.birthdate.isoformat(),
            "variants": variants,
        }
        plan.planted[slot] = Planted(
            person=person,
            identified_on=on,
            exploited_in=destination,
            overrides={"con_Consent": True},
            appearance=appearance,
        )
        appearances.append(appearance)
    return {
        "person": f"XB-{number:03d}",
        "route": {"from": origin, "to": destination},
        "true_identity": identity.as_truth(),
        "appearances": appearances,
    }


def plan_canaries(plans: Sequence[FilePlan], *, seed: int, manifest: Manifest) -> None:
    """Plant one canary row in each partner's last file of each dataset."""
    last: dict[tuple[str, str], FilePlan] = {}
    for plan in plans:
        if plan.write:
            key = (plan.partner.code, plan.dataset)
            if key not in last or plan.period.end > last[key].period.end:
                last[key] = plan
    for (code, dataset), plan in sorted(last.items()):
        rng = random.Random(seed_of(seed, "canary", code, dataset))
        slot = plan.free_slot(rng)
        if slot is None:
            continue
        script = name_book(plan.partner.country).script
        first = canary_values.canary_name(rng, script)
        second = canary_values.canary_name(rng, "Latn")
        planted = Planted(overrides={})
        values: list[tuple[str, str, Any, str]] = []  # (column, kind, value, script)
        if dataset in ("cases", "rehabilitation"):
            birthdate = date(rng.randint(1960, 1999), rng.randint(1, 12), rng.randint(1, 28))
            planted.person = Person(first, second, birthdate, "Feminine", plan.partner.country)
            planted.overrides["con_Consent"] = True
            values += [
                ("prs_FirstName", "first-name", first, script),
                ("prs_SecondName", "second-name", second, "Latn"),
                ("prs_Birthdate", "birth-date", birthdate, "Zyyy"),
            ]
        if dataset == "cases":
            prefix = profile_of(plan.partner.country).phone_prefixes[0]
            phone = f"{prefix} 99 {canary_values.canary_digits(rng, 6)}"
            identity = "9" + canary_values.canary_digits(rng, 11)
            comment = f"{first} {second} {phone}"
            planted.overrides.update(
                prs_MobilePhone=phone, prs_IdentityNumber=identity, cco_CaseComment=comment
            )
            values += [
                ("prs_MobilePhone", "phone", phone, "Zyyy"),
                ("prs_IdentityNumber", "identity-number", identity, "Zyyy"),
                ("cco_CaseComment", "case-comment", comment, script),
            ]
        elif dataset == "awareness_sessions":
            planted.overrides["facilitator_name"] = f"{first} {second}"
            values.append(("facilitator_name", "facilitator-name", f"{first} {second}", script))
        elif dataset == "network_events":
            planted.overrides["organiser_contact"] = f"{second} {first}"
            values.append(("organiser_contact", "organiser-contact", f"{second} {first}", script))
        for column, kind, value, value_script in values:
            if column not in plan.spec.column_map.values():
                continue
            text = value.isoformat() if isinstance(value, date) else value
            entry = {
                "value": text,
                "kind": kind,
                "script": value_script,
                "partner": code,
                "dataset": dataset,
                "column": column,
            }
            if isinstance(value, date):
                entry["written"] = value.strftime(plan.spec.date_format or ISO_DATE)
            planted.canaries.append(entry)
            manifest.canaries.append(entry)
        plan.planted[slot] = planted
