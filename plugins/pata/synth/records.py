"""Canonical records of each dataset, drawn at random but plausibly.

A record maps canonical column names to typed values: text, int, bool, ``date``, a tuple of
codes for multicode columns, or None. Codes are canonical; turning them into the partner's
labels and headers is the renderer's job. Only codes the partner can express (its value
map, when it has one) are drawn, so a clean record always renders to known labels.

Over 400 lines on purpose: one drawing function per dataset, each short, side by side
so the datasets stay consistent with each other.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pata.contracts import Contract
from pata.periods import Period
from pata.registry import Partner, PartnerDataset
from pata.synth.names import pick_person_name
from pata.synth.profiles import (
    Chooser,
    CountryProfile,
    chooser,
    draw,
    identity_number,
    phone_number,
)

Record = dict[str, Any]

_GENDERS = (
    ("Feminine", 0.68),
    ("Masculine", 0.28),
    ("TransgenderFeminine", 0.01),
    ("NonConforming", 0.01),
    ("NonSpecifiedUnknown", 0.02),
)
_EXPLOITATION = (
    ("ForcedLabour", 0.45),
    ("SexualExploitation", 0.30),
    ("ForcedMarriage", 0.07),
    ("ForcedBegging", 0.05),
    ("Servitude", 0.04),
    ("Other", 0.04),
)
_INDUSTRIES = (
    ("A_AgricultureForestryAndFishing", 0.25),
    ("C_Manufacturing", 0.20),
    ("F_Construction", 0.15),
    ("T_ActivitiesOfHouseholdsAsEmployers", 0.20),
    ("I_AccommodationAndFoodServiceActivities", 0.10),
    ("G_WholesaleAndRetailTradeRepairOfMotorVehicles", 0.05),
    ("S_OtherServiceActivities", 0.05),
)
_CONTROL = (
    "DebtBondage",
    "WithholdsDocuments",
    "FalsePromises",
    "PhysicalThreats",
    "TakesEarnings",
    "ExcessiveWorkingHours",
    "PsychologicalAbuse",
    "RestrictsFinancialAccess",
    "PhysicalAbuse",
)
_RECRUITMENT = (
    ("ThroughFriendsOrSocialEvents", 0.35),
    ("ThroughFamilyOrFamilyEvents", 0.20),
    ("ThroughOnlineSocialNetworks", 0.25),
    ("ThroughAnOnlineAdvertisement", 0.10),
    ("AtWork", 0.05),
    ("Other", 0.05),
)
_STATUS = (
    ("PossibleVictimOfTrafficking", 0.40),
    ("ActualVictimOfTrafficking", 0.55),
    ("NotAVictimOfTrafficking", 0.05),
)
_DECIDED_BY = (
    ("Police", 0.40),
    ("NGO", 0.30),
    ("NonPoliceGovernmentalOrganization", 0.15),
    ("CourtOrProsecution", 0.10),
    ("Other", 0.05),
)
_CASE_STATUS = (("Active", 0.45), ("FollowUp", 0.25), ("Closed", 0.15), ("ClosedReferred", 0.15))
_REFERRED_TO = (
    ("NGO", 0.45),
    ("HealthServiceOrganisation", 0.15),
    ("LegalService", 0.15),
    ("LocalGovernmentOrganisation", 0.15),
    ("LawEnforcement", 0.10),
)
_LEGAL_AID = (
    ("NoneProvided", 0.35),
    ("LegalCounselling", 0.35),
    ("CourtRepresentation", 0.15),
    ("ReferredToLegalAid", 0.15),
)
_LEGAL_STAGE = (
    ("NoProceedings", 0.40),
    ("ComplaintFiled", 0.20),
    ("UnderInvestigation", 0.15),
    ("Prosecution", 0.10),
    ("Trial", 0.07),
    ("Judgment", 0.05),
    ("Appeal", 0.02),
    ("Concluded", 0.01),
)
_TRAININGS = (
    ("tailoring-garment", 0.25),
    ("beauty-hairdressing", 0.15),
    ("cooking-hospitality", 0.15),
    ("agriculture-livestock", 0.10),
    ("motorbike-repair", 0.08),
    ("electrical-repair", 0.05),
    ("computer-skills", 0.08),
    ("handicrafts", 0.05),
    ("small-business", 0.06),
    ("driving", 0.02),
    ("other", 0.01),
)
_EMPLOYMENT = (
    ("employed", 0.40),
    ("self-employed", 0.25),
    ("unemployed", 0.15),
    ("further-training", 0.10),
    ("lost-contact", 0.10),
)


@dataclass(frozen=True)
class Person:
    """Who a row describes: names as written in this file, and the facts about them."""

    first_name: str
    second_name: str | None
    birthdate: date | None
    gender: str
    citizenship: str


@dataclass
class FileContext:
    """What record factories need to know about the file being generated."""

    partner: Partner
    spec: PartnerDataset
    contract: Contract
    period: Period
    profile: CountryProfile
    rng: random.Random
    id_prefix: str
    _codes: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _choosers: dict[tuple[str, int], Chooser] = field(default_factory=dict, repr=False)
    _days: list[date] = field(default_factory=list, repr=False)
    _case_draws: _CaseDraws | None = field(default=None, repr=False)

    def codes(self, column: str) -> tuple[str, ...]:
        """The codes of ``column`` this partner can write (its value map limits them)."""
        found = self._codes.get(column)
        if found is None:
            labels = self.spec.value_map.get(column)
            found = (
                tuple(dict.fromkeys(labels.values()))
                if labels
                else self.contract.column(column).codes
            )
            self._codes[column] = found
        return found

    def pick(self, column: str, weighted: Sequence[tuple[str, float]]) -> str:
        """Draw a code of ``column`` from ``weighted`` among the codes the partner can write."""
        key = (column, id(weighted))
        found = self._choosers.get(key)
        if found is None:
            found = chooser(weighted).within(self.codes(column), weighted)
            self._choosers[key] = found
        return found(self.rng)

    def day_in_period(self) -> date:
        """A random day of the file's period."""
        days = self._days
        if not days:
            span = (self.period.end - self.period.start).days
            days.extend(self.period.start + timedelta(days=offset) for offset in range(span + 1))
        return days[int(self.rng.random() * len(days))]

    def record_id(self, kind: str, index: int, width: int) -> str:
        """A partner-style record id, unique within the partner and dataset."""
        return f"{self.id_prefix}-{kind}-{self.period.label}-{index:0{width}d}"

    def choosers(self) -> _CaseDraws:
        """The draws of ``cases`` records for this file, built once (a hot path)."""
        if self._case_draws is None:
            self._case_draws = _CaseDraws(self)
        return self._case_draws


class _CaseDraws:
    """Choosers of every drawn ``cases`` column, limited to what the partner can write."""

    def __init__(self, ctx: FileContext) -> None:
        limited = ctx.contract.has_column
        self.citizenship = chooser(ctx.profile.citizenships or ((ctx.partner.country, 1.0),))
        self.exploited_in = chooser(
            ctx.profile.exploitation_countries or ((ctx.partner.country, 1.0),)
        )
        self.gender = (
            chooser(_GENDERS).within(ctx.codes("prs_Gender"), _GENDERS)
            if limited("prs_Gender")
            else Chooser((("Feminine", 1.0),))
        )
        self.exploitation = chooser(_EXPLOITATION).within(
            ctx.codes("vic_TypeOfExploitation"), _EXPLOITATION
        )
        self.child_labour = "ChildLabour" in ctx.codes("vic_TypeOfExploitation")
        self.exploitation_rank = {
            code: rank
            for rank, code in enumerate(ctx.contract.column("vic_TypeOfExploitation").codes)
        }
        self.referred = chooser(_REFERRED_TO).within(
            ctx.codes("cas_ReferredOrganisation"), _REFERRED_TO
        )
        self.status = chooser(_STATUS).within(ctx.codes("vic_TraffickingStatus"), _STATUS)
        self.decided = chooser(_DECIDED_BY).within(
            ctx.codes("vic_TraffickingStatusDecisionMakingOrg"), _DECIDED_BY
        )
        self.case_status = chooser(_CASE_STATUS).within(ctx.codes("cas_Status"), _CASE_STATUS)
        self.industry = chooser(_INDUSTRIES)
        self.recruitment = chooser(_RECRUITMENT)
        self.legal_aid = chooser(_LEGAL_AID)
        self.legal_stage = chooser(_LEGAL_STAGE)
        if has_value_map(ctx, "province"):
            self.provinces = ctx.codes("province")
        else:
            own = [
                code
                for code in ctx.contract.column("province").codes
                if code.startswith(f"{ctx.partner.country}-")
            ]
            self.provinces = tuple(own) or ctx.contract.column("province").codes[:1]


# Every set of one to three means of control, in code order, by size (cheaper than sampling).
_CONTROL_SETS = tuple(tuple(itertools.combinations(_CONTROL, size)) for size in range(4))
_RELATIONSHIPS = ("Familial", "Acquainted", "Unaquainted")


def new_person(ctx: FileContext, *, on: date, citizenship: str | None = None) -> Person:
    """A person identified on day ``on``, named as this partner writes names."""
    rng = ctx.rng
    draws = ctx.choosers()
    country = citizenship or draws.citizenship(rng)
    gender = draws.gender(rng)
    given, family = pick_person_name(rng, country=country, feminine=gender != "Masculine")
    native = country == ctx.partner.country
    first = given[0] if native else given[1]
    second = None if family is None else family[0] if native else family[1]
    age_days = draw_age_days(rng)
    birthdate = None if rng.random() < 0.1 else on - timedelta(days=age_days)
    return Person(first, second, birthdate, gender, country)


def draw_age_days(rng: random.Random) -> int:
    """The age in days of an identified person: a child of 10 to 17 three times in ten,
    else an adult of 18 to 44 (every synthetic person, cross-border ones included)."""
    if rng.random() < 0.3:
        return 3650 + int(rng.random() * 7 * 365)
    return 18 * 365 + int(rng.random() * 27 * 365)


def case_record(
    ctx: FileContext,
    *,
    index: int,
    width: int,
    person: Person | None = None,
    identified_on: date | None = None,
    exploited_in: str | None = None,
) -> Record:
    """A ``cases`` record; a planted ``person`` (cross-border, canary) overrides the draw."""
    rng = ctx.rng
    random_ = rng.random
    draws = ctx.choosers()
    identified = identified_on or ctx.day_in_period()
    person = person or new_person(ctx, on=identified)
    first_type = draws.exploitation(rng)
    exploitation: tuple[str, ...] = (first_type,)
    child = person.birthdate is not None and (identified - person.birthdate).days < 18 * 365
    if child and draws.child_labour:
        if random_() < 0.4 and first_type != "ChildLabour":
            exploitation = (first_type, "ChildLabour")
    elif random_() < 0.12:
        second_type = draws.exploitation(rng)
        if second_type != first_type:
            exploitation = (first_type, second_type)
    if len(exploitation) > 1:
        exploitation = tuple(sorted(exploitation, key=draws.exploitation_rank.__getitem__))
    referred = draws.referred(rng) if random_() < 0.6 else None
    referral_date = None
    if referred is not None:
        referral_date = min(identified + timedelta(days=int(random_() * 21)), ctx.period.end)
    controls = int(random_() * 4)
    return {
        "partner_case_id": ctx.record_id("C", index, width),
        "identification_date": identified,
        "province": draws.provinces[int(random_() * len(draws.provinces))],
        "prs_FirstName": person.first_name,
        "prs_SecondName": person.second_name,
        "prs_Birthdate": person.birthdate,
        "prs_Gender": person.gender,
        "prs_Citizenship": (person.citizenship,),
        "prs_IdentityNumber": identity_number(rng, person.citizenship) if random_() < 0.6 else None,
        "prs_MobilePhone": phone_number(rng, ctx.partner.country) if random_() < 0.5 else None,
        "vic_TraffickingStatus": draws.status(rng),
        "vic_TraffickingStatusDecisionMakingOrg": draws.decided(rng) if random_() < 0.8 else None,
        "vic_TypeOfExploitation": exploitation,
        "vic_ForcedLabourIndustry": draws.industry(rng) if "ForcedLabour" in exploitation else None,
        "vic_MethodsOfControl": _CONTROL_SETS[controls][
            int(random_() * len(_CONTROL_SETS[controls]))
        ]
        if controls
        else None,
        "vic_MethodOfRecruitment": (draws.recruitment(rng),) if random_() < 0.8 else None,
        "vic_RelationshipToTrafficker": _RELATIONSHIPS[int(random_() * 3)]
        if random_() < 0.7
        else None,
        "hte_Country": exploited_in or draws.exploited_in(rng),
        "cas_Status": draws.case_status(rng),
        "cas_ReferredOrganisation": referred,
        "cas_OutgoingReferralDate": referral_date,
        "legal_assistance": draws.legal_aid(rng) if random_() < 0.85 else None,
        "legal_proceedings_stage": draws.legal_stage(rng) if random_() < 0.7 else None,
        "cco_CaseComment": rng.choice(ctx.profile.comments)
        if ctx.profile.comments and random_() < 0.15
        else None,
        "con_Consent": random_() < 0.9,
    }


@dataclass(frozen=True)
class CaseReference:
    """A clean, consented case a rehabilitation enrolment can refer to."""

    case_id: str
    identified_on: date
    person: Person


def rehabilitation_record(
    ctx: FileContext, *, index: int, width: int, case: CaseReference
) -> Record:
    """A ``rehabilitation`` record for the person of ``case``."""
    rng = ctx.rng
    status_date = max(ctx.day_in_period(), min(case.identified_on, ctx.period.end))
    earliest = max(case.identified_on, status_date - timedelta(days=420))
    start = earliest + timedelta(days=rng.randint(0, max(0, (status_date - earliest).days)))
    duration = rng.randint(20, 180)
    end: date | None = start + timedelta(days=duration)
    assert end is not None
    if end > status_date:
        outcome, end = ("dropped-out", None) if rng.random() < 0.05 else ("ongoing", None)
        if outcome == "dropped-out":
            end = start + timedelta(days=rng.randint(0, max(0, (status_date - start).days)))
    else:
        outcome = draw(
            rng,
            (
                ("completed", 0.45),
                ("completed-certified", 0.35),
                ("dropped-out", 0.12),
                ("transferred", 0.08),
            ),
            default="completed",
        )
    if end is None or status_date < end + timedelta(days=182):
        employment = "not-yet-due"
    else:
        employment = draw(rng, _EMPLOYMENT, default="employed")
    return {
        "enrolment_id": ctx.record_id("E", index, width),
        "partner_case_id": case.case_id,
        "status_date": status_date,
        "prs_FirstName": case.person.first_name,
        "prs_SecondName": case.person.second_name,
        "prs_Birthdate": case.person.birthdate,
        "prs_Gender": case.person.gender,
        "training_type": ctx.pick("training_type", _TRAININGS),
        "training_hours": rng.choice((40, 60, 80, 120, 160, 240, 320, 480, 600)),
        "start_date": start,
        "end_date": end,
        "outcome": outcome if outcome in ctx.codes("outcome") else ctx.codes("outcome")[0],
        "employment_6m": employment if rng.random() < 0.9 else None,
        "con_Consent": True,
    }


def has_value_map(ctx: FileContext, column: str) -> bool:
    """Whether the partner maps ``column``'s values to labels of its own."""
    return bool(ctx.spec.value_map.get(column))


def own_province(ctx: FileContext) -> str:
    """A subdivision code of the partner's own country (partners without a province map)."""
    own = [
        code
        for code in ctx.contract.column("province").codes
        if code.startswith(f"{ctx.partner.country}-")
    ]
    return ctx.rng.choice(own) if own else ctx.contract.column("province").codes[0]
