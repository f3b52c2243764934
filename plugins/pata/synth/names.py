"""Person names per nationality, in their own script and in Latin letters.

Each name is a pair ``(native, latin)``: the native form is what a partner of the same
country writes; the Latin form is what a passport, a foreign agency or a case system in
English shows. Latin-script nationalities have ``native == latin``. The lists
(:mod:`pata.synth.name_lists`) are common given names and family names, 40 to 60 of each
for the nationalities the linkage evaluation draws; the generator combines them at random,
so a generated person is nobody in particular.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pata.synth.name_lists import (
    BD_FAMILY,
    BD_FEMALE,
    BD_MALE,
    ID_FAMILY,
    ID_FEMALE,
    ID_MALE,
    KH_FAMILY,
    KH_FEMALE,
    KH_MALE,
    LA_FAMILY,
    LA_FEMALE,
    LA_MALE,
    MM_FAMILY,
    MM_FEMALE,
    MM_MALE,
    MY_FAMILY,
    MY_FEMALE,
    MY_MALE,
    NP_FAMILY,
    NP_FEMALE,
    NP_MALE,
    PH_FAMILY,
    PH_FEMALE,
    PH_MALE,
    TH_FAMILY,
    TH_FEMALE,
    TH_MALE,
    VN_FAMILY,
    VN_FEMALE,
    VN_MALE,
)

Name = tuple[str, str]  # (native script, Latin letters)


@dataclass(frozen=True)
class NameBook:
    """Given and family names of one nationality, and the script they are written in."""

    script: str  # ISO 15924 code: Khmr, Thai, Deva, Beng, Latn
    female: tuple[Name, ...]
    male: tuple[Name, ...]
    family: tuple[Name, ...]
    single_name_share: float = 0.0  # persons known by one name only (second name empty)


def _native(entries: str) -> tuple[Name, ...]:
    """``native latin; ...`` (the Latin spelling may hold spaces) as name pairs."""
    pairs = (entry.strip().split(" ", 1) for entry in entries.split(";") if entry.strip())
    return tuple((native, latin.strip()) for native, latin in pairs)


def _latin(entries: str) -> tuple[Name, ...]:
    """``name; ...`` of a Latin-script nationality as name pairs (native == Latin)."""
    names = (" ".join(entry.split()) for entry in entries.split(";") if entry.strip())
    return tuple((name, name) for name in names)


NAME_BOOKS: dict[str, NameBook] = {
    "KH": NameBook("Khmr", _native(KH_FEMALE), _native(KH_MALE), _native(KH_FAMILY)),
    "TH": NameBook("Thai", _native(TH_FEMALE), _native(TH_MALE), _native(TH_FAMILY)),
    "NP": NameBook("Deva", _native(NP_FEMALE), _native(NP_MALE), _native(NP_FAMILY)),
    "BD": NameBook("Beng", _native(BD_FEMALE), _native(BD_MALE), _native(BD_FAMILY)),
    "MY": NameBook("Latn", _latin(MY_FEMALE), _latin(MY_MALE), _latin(MY_FAMILY)),
    "PH": NameBook("Latn", _latin(PH_FEMALE), _latin(PH_MALE), _latin(PH_FAMILY)),
    "MM": NameBook(
        "Latn", _latin(MM_FEMALE), _latin(MM_MALE), _latin(MM_FAMILY), single_name_share=0.6
    ),
    "LA": NameBook("Latn", _latin(LA_FEMALE), _latin(LA_MALE), _latin(LA_FAMILY)),
    "VN": NameBook("Latn", _latin(VN_FEMALE), _latin(VN_MALE), _latin(VN_FAMILY)),
    "ID": NameBook(
        "Latn", _latin(ID_FEMALE), _latin(ID_MALE), _latin(ID_FAMILY), single_name_share=0.4
    ),
}

_GENERIC = NameBook(
    script="Latn",
    female=_latin("Maya; Lina; Sara; Ana; Rosa; Nina"),
    male=_latin("Ali; Omar; Leo; Sam; Dan; Tom"),
    family=_latin("Rahim; Cruz; Singh; Khan; Lopez; Chen"),
)

# Replacements that turn one romanization of a name into another plausible one.
_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("ee", "i"),
    ("i", "ee"),
    ("ou", "u"),
    ("u", "ou"),
    ("ph", "f"),
    ("th", "t"),
    ("t", "th"),
    ("kh", "k"),
    ("k", "kh"),
    ("ch", "j"),
    ("y", "i"),
    ("ie", "ea"),
    ("a", "ah"),
    ("v", "w"),
    ("w", "v"),
    ("sh", "s"),
    ("x", "ks"),
    ("q", "k"),
    ("z", "j"),
    ("e", "a"),
)


def name_book(country: str) -> NameBook:
    """The names of nationals of ``country`` (a generic Latin book for other countries)."""
    return NAME_BOOKS.get(country, _GENERIC)


def pick_person_name(
    rng: random.Random, *, country: str, feminine: bool
) -> tuple[Name, Name | None]:
    """A given name and a family name (None for a single-name person) of a national."""
    book = name_book(country)
    given = rng.choice(book.female if feminine else book.male)
    if rng.random() < book.single_name_share:
        return given, None
    return given, rng.choice(book.family)


def spelling_variant(rng: random.Random, name: str) -> str:
    """Another romanization of ``name``, as a foreign agency might write it down."""
    words = name.split(" ")
    index = rng.randrange(len(words))
    word = words[index]
    lower = word.lower()
    candidates = [(old, new) for old, new in _SPELLINGS if old in lower[1:]]
    if candidates:
        old, new = rng.choice(candidates)
        position = lower.index(old, 1)
        changed = word[:position] + new + word[position + len(old) :]
    elif lower.endswith(("a", "o", "i")):
        changed = word + "h"
    else:
        changed = word + word[-1]
    words[index] = changed
    return " ".join(words)
