"""Persons reported by partners of several countries, written down differently by each.

The synthetic truth of record linkage (issue 20). A person has one true identity (names in
their own script and in Latin letters, birth date, gender, citizenship); each partner that
reports them writes it its own way (:func:`written_as`): another romanisation or a typo,
the native script instead of Latin letters, the name order swapped, the family name
missing, the birth date a day off, with day and month swapped, reduced to the year or
missing. The generator (:mod:`pata.synth.generator`) plants such persons in partner files
and writes the truth to the manifest; :func:`linkage_population` makes a large population
in memory for ``pata linkage evaluate``.
"""

# ruff: noqa: S311  (seeded, reproducible test data: random is the point, not a secret)
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pata.synth.names import Name, name_book, pick_person_name, spelling_variant
from pata.synth.records import Person, draw_age_days

# How often each variation is drawn for a foreign (or second) appearance.
SCRIPT_SHARE = 0.5  # the home partner writes the native script
SPELLING_SHARE = 0.45
TYPO_SHARE = 0.15
SWAP_SHARE = 0.2
FAMILY_MISSING_SHARE = 0.08
DAY_OFF_SHARE = 0.08
DAY_MONTH_SWAP_SHARE = 0.08
YEAR_ONLY_SHARE = 0.03
BIRTH_MISSING_SHARE = 0.05
HOME_BIRTH_MISSING_SHARE = 0.1


@dataclass(frozen=True)
class Identity:
    """Who a person really is (the truth; never what a file holds as such)."""

    given: Name
    family: Name | None
    birthdate: date
    gender: str
    citizenship: str

    def as_truth(self) -> dict[str, Any]:
        return {
            "first_name": self.given[1],
            "second_name": None if self.family is None else self.family[1],
            "first_name_native": self.given[0],
            "second_name_native": None if self.family is None else self.family[0],
            "script": name_book(self.citizenship).script,
            "birthdate": self.birthdate.isoformat(),
            "gender": self.gender,
            "citizenship": self.citizenship,
        }


def draw_identity(
    rng: random.Random, *, country: str, identified: date, compound: float = 0.0
) -> Identity:
    """A national of ``country``, of the age any synthetic person has on ``identified``
    (:func:`~pata.synth.records.draw_age_days`: 10 to 44, three in ten children).

    ``compound``: the share of persons given two given names (as many are: ``Sita Kumari``,
    Thai and Khmer names joined into one word). Sixty given names a sex cannot give a
    national population of thousands the spread of names a real one has; two of them
    drawn together can.
    """
    feminine = rng.random() < 0.75
    given, family = pick_person_name(rng, country=country, feminine=feminine)
    if rng.random() < compound:
        book = name_book(country)
        other = rng.choice([n for n in (book.female if feminine else book.male) if n != given])
        joiner = "" if book.script in ("Khmr", "Thai") else " "
        given = (given[0] + joiner + other[0], given[1] + " " + other[1])
    birthdate = identified - timedelta(days=draw_age_days(rng))
    return Identity(given, family, birthdate, "Feminine" if feminine else "Masculine", country)


def written_as(
    rng: random.Random, identity: Identity, *, native: bool, vary: bool = True
) -> tuple[Person, list[str]]:
    """How one partner writes the person down, and the variations it introduced.

    ``native``: the partner writes names in the person's own script (when it is not Latin).
    ``vary``: draw the variations (a partner copying a travel document exactly: False).
    """
    variants: list[str] = []
    use_native = native and identity.given[0] != identity.given[1]
    pick = 0 if use_native else 1
    first = identity.given[pick]
    second = None if identity.family is None else identity.family[pick]
    if use_native:
        variants.append("script:native")
    birth: date | None = identity.birthdate
    if not vary:
        return Person(first, second, birth, identity.gender, identity.citizenship), variants
    if not use_native and rng.random() < SPELLING_SHARE:
        if second is None or rng.random() < 0.6:
            first = spelling_variant(rng, first)
            variants.append("spelling:first_name")
        else:
            second = spelling_variant(rng, second)
            variants.append("spelling:second_name")
    if rng.random() < TYPO_SHARE:
        if second is not None and rng.random() < 0.4:
            second = typo(rng, second)
            variants.append("typo:second_name")
        else:
            first = typo(rng, first)
            variants.append("typo:first_name")
    if second is not None and rng.random() < FAMILY_MISSING_SHARE:
        second = None
        variants.append("second_name:missing")
    if second is not None and rng.random() < SWAP_SHARE:
        first, second = second, first
        variants.append("names-swapped")
    if not variants:  # written down twice, a person is never written the same way
        first = spelling_variant(rng, first)
        variants.append("spelling:first_name")
    draw = rng.random()
    edges = (DAY_OFF_SHARE, DAY_MONTH_SWAP_SHARE, YEAR_ONLY_SHARE, BIRTH_MISSING_SHARE)
    if draw < edges[0]:
        birth = identity.birthdate + timedelta(days=rng.choice((-1, 1)))
        variants.append("birthdate:day-off-by-one")
    elif draw < sum(edges[:2]):
        b = identity.birthdate
        if b.day <= 12 and b.day != b.month:
            birth = date(b.year, b.day, b.month)
            variants.append("birthdate:day-month-swapped")
    elif draw < sum(edges[:3]):
        birth = date(identity.birthdate.year, 1, 1)
        variants.append("birthdate:year-only")
    elif draw < sum(edges):
        birth = None
        variants.append("birthdate:missing")
    return Person(first, second, birth, identity.gender, identity.citizenship), variants


def typo(rng: random.Random, name: str) -> str:
    """One keying error: two neighbouring letters swapped, a letter doubled or dropped."""
    if len(name) < 4:
        return name + name[-1]
    at = rng.randrange(1, len(name) - 1)
    kind = rng.random()
    if kind < 0.4:
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    if kind < 0.7:
        return name[:at] + name[at] + name[at:]
    return name[:at] + name[at + 1 :]


@dataclass(frozen=True)
class Appearance:
    """One record of the evaluation population: who it really is, where it was reported."""

    person: int
    partner: str
    country: str
    written: Person
    variants: tuple[str, ...]


LINKAGE_COUNTRIES = ("KH", "TH", "MY", "PH", "NP", "BD", "ID")


def linkage_population(
    persons: int,
    *,
    seed: int = 0,
    shared: float = 0.05,
    duplicated: float = 0.01,
    compound: float = 0.7,
) -> list[Appearance]:
    """``persons`` persons as partners of :data:`LINKAGE_COUNTRIES` reported them.

    Each person is reported by the partner of their own country; a share ``shared`` is
    also reported by one or two partners of other countries (written with variations), and
    a share ``duplicated`` twice by their own partner (a duplicate record). One partner
    per country; the home partner writes the native script.
    """
    rng = random.Random(seed)
    day = date(2026, 1, 1)
    out: list[Appearance] = []
    for number in range(persons):
        country = rng.choice(LINKAGE_COUNTRIES)
        identity = draw_identity(rng, country=country, identified=day, compound=compound)
        home, home_variants = written_as(rng, identity, native=True, vary=False)
        if rng.random() < HOME_BIRTH_MISSING_SHARE:  # as often as in ordinary synthetic rows
            home = Person(home.first_name, home.second_name, None, home.gender, home.citizenship)
            home_variants.append("birthdate:missing")
        partner = f"{country.lower()}-partner"
        out.append(Appearance(number, partner, country, home, tuple(home_variants)))
        draw = rng.random()
        if draw < shared:
            abroad = [c for c in LINKAGE_COUNTRIES if c != country]
            for other in rng.sample(abroad, 1 if rng.random() < 0.7 else 2):
                written, variants = written_as(rng, identity, native=False)
                out.append(
                    Appearance(number, f"{other.lower()}-partner", other, written, tuple(variants))
                )
        elif draw < shared + duplicated:
            written, variants = written_as(rng, identity, native=rng.random() < 0.5)
            out.append(Appearance(number, partner, country, written, tuple(variants)))
    return out
