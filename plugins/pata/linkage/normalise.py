"""Names, birth dates, sex and citizenship as compared by the linkage, before encoding.

A name is reduced to a sorted tuple of Latin tokens:

- Unicode NFKC, then transliteration to ASCII with ``anyascii`` (ISC licence, pinned in
  requirements.txt; pure Python, no data download). It folds Latin diacritics (``Nguyễn``
  -> ``nguyen``) and romanises Khmer, Thai, Devanagari (Nepali) and Bengali letter by letter
  (``សុខា`` -> ``sokha``, ``सीता`` -> ``sita``). That is a transliteration, not the
  romanisation a passport office uses: ``ស្រីពៅ`` becomes ``sreipau`` where a passport says
  ``Sreypov``, and the abugidas do not write their inherent vowels (``สมชาย`` alone
  would give ``smchay`` for ``Somchai``). The encoding copes by bigrams and by each
  token's consonant skeleton (:func:`skeleton`), which both forms usually share; it is
  approximate, and said so in docs/privacy.md. Before it, :mod:`pata.linkage.scripts`
  gives a Thai consonant closing a word the sound it has there, Khmer vowels the values
  names are usually romanised with (by the consonant's series), and writes the vowel an
  abugida does not write (``कमल`` -> ``kamal``, not ``kml``; a Thai open syllable's
  ``a``: ``นภา`` -> ``napha``);
- lower case; words split at spaces and punctuation of the original text (a mark the
  transliteration writes inside a word does not split it), other characters dropped; a
  name part of several words also gives them joined as one token (Khmer and Thai write a
  compound given name as one word, its Latin spelling as two: ``សុខាសុភា`` and ``Sokha
  Sophea`` share ``sokhasophea``, and a name written with or without a space meets);
- the tokens of the given and family names together, sorted: a swapped name order or a
  family name written first gives the same tuple.

The encoder compares each token by its :func:`phonetic` form (digraphs, doubled and
long letters folded) and its :func:`skeleton`. None of this knows any name: the rules
come from the scripts and the usual romanisation conventions, never from a list of names
(the synthetic name books are the test, not the dictionary).

Nothing here logs or raises with a value.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from anyascii import anyascii

from pata.linkage.scripts import as_read, as_spoken

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD_BREAK = re.compile(r"[\s\-_.,;:/()'\"`]+")
_VOWELS = frozenset("aeiou")
_VOWELS_AND_GLIDES = frozenset("aeiouyh")
_DIGRAPHS = (("ng", "n"), ("kh", "k"), ("th", "t"), ("ph", "p"), ("bh", "b"), ("ch", "c"))
_SOUND_CLASS = {
    **dict.fromkeys("bfpvw", "p"),
    **dict.fromkeys("cgjkqsxz", "k"),
    **dict.fromkeys("dt", "t"),
    **dict.fromkeys("mn", "n"),
}
SEX_CODES = {
    "Feminine": "f",
    "Masculine": "m",
    "TransgenderFeminine": "f",
    "TransgenderMasculine": "m",
}
"""HTCDS ``prs_Gender`` -> the sex compared by the linkage (others: unknown, not compared)."""


def name_tokens(*parts: Any) -> tuple[str, ...]:
    """The sorted Latin tokens of a person's name parts (None and blanks ignored).

    Words are split where the original text has a space or punctuation; a mark that the
    transliteration writes inside a word (``আয়েশা`` -> ``ay'esa``) does not split it.
    A part of several words gives them joined as well (``Sokha Sophea`` -> ``sokha``,
    ``sokhasophea``, ``sophea``).
    """
    tokens: list[str] = []
    for part in parts:
        if part is None or _is_missing(part):
            continue
        text = as_read(unicodedata.normalize("NFKC", str(part)))
        words = []
        for word in _WORD_BREAK.split(text):
            latin = _NOT_ALNUM.sub("", anyascii(as_spoken(word)).lower())
            if latin:
                words.append(latin)
        tokens.extend(words)
        if len(words) > 1:
            tokens.append("".join(words))
    return tuple(sorted(tokens))


_FOLDS = (
    ("ph", "p"),
    ("f", "p"),
    ("bh", "b"),
    ("dh", "d"),
    ("gh", "g"),
    ("jh", "j"),
    ("kh", "k"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "j"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "j"),
    ("c", "k"),
    ("w", "v"),
    ("y", "i"),
    ("ee", "i"),
    ("ii", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("aa", "a"),
    ("ei", "i"),
)
_AFTER_FIRST_H = re.compile(r"(?<=.)h")
_DOUBLED = re.compile(r"(.)\1+")


def phonetic(token: str) -> str:
    """A token as it sounds, the same across the usual romanisations of one name.

    Aspirates and other digraphs fold (``ph`` and ``f`` -> ``p``, ``th`` -> ``t``, ``kh`` ->
    ``k``, ``ch`` -> ``j``), ``q`` ``x`` ``z`` ``c`` to ``k`` ``ks`` ``j`` ``k``, ``w`` to ``v``,
    ``y`` to ``i``, long vowels written double to one (``ee`` -> ``i``, ``oo`` and ``ou`` ->
    ``u``), ``ei`` (and so ``ey``) to ``i``, an ``h`` after the first letter is dropped
    (``Sarah``, ``Rahman``), and a letter written twice is written once: ``Phuangmalee``
    and ``Puangmali``, ``Chariya`` and ``Jariya``, ``Sreypov`` and ``Sreipov`` meet.
    Vowels stay (unlike :func:`skeleton`): they still tell ``Sita`` from ``Sota``."""
    for digraph, single in _FOLDS:
        token = token.replace(digraph, single)
    return _DOUBLED.sub(r"\1", _AFTER_FIRST_H.sub("", token))


def skeleton(token: str) -> str:
    """A token's consonant skeleton, stable across romanisations of one name.

    Digraphs fold (``th`` -> ``t``, ``ng`` -> ``n``, ...), then the first letter is kept
    (any vowel as ``a``) and, after it, consonants only (no vowels, ``h``, ``y``), each by
    its sound class as Soundex groups them (``b f p v``, ``c g j k q s x z``,
    ``d t``, ``m n``; ``l`` and ``r`` apart), a repeated class once: ``Sreypov`` and
    ``ស្រីពៅ`` (``sreipau``) both give ``krp``, ``Rafiq`` and ``রফিক`` (``rphik``) both
    ``rpk``, ``Laxmi`` and ``लक्ष्मी`` (``lksmi``) both ``lkn``.
    """
    if not token:
        return ""
    for digraph, single in _DIGRAPHS:
        token = token.replace(digraph, single)
    first = "a" if token[0] in _VOWELS else _SOUND_CLASS.get(token[0], token[0])
    kept = [first]
    for char in token[1:]:
        if char in _VOWELS_AND_GLIDES:
            continue
        sound = _SOUND_CLASS.get(char, char)
        if sound != kept[-1]:
            kept.append(sound)
    return "".join(kept)


def birth_date(value: Any) -> date | None:
    """A birth date as a :class:`datetime.date` (None when missing or not a date)."""
    if value is None or _is_missing(value):
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    to_date = getattr(value, "date", None)
    if callable(to_date):
        result = to_date()
        return result if isinstance(result, date) else None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def sex(value: Any) -> str | None:
    """``f``, ``m`` or None (not recorded, non-conforming: never a blocking value)."""
    if value is None or _is_missing(value):
        return None
    return SEX_CODES.get(str(value))


def citizenships(value: Any) -> tuple[str, ...]:
    """ISO alpha-2 codes of a citizenship cell (``KH;TH``, a list, or None), upper, sorted."""
    if value is None or _is_missing(value):
        return ()
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return tuple(sorted({str(item).strip().upper() for item in items if str(item).strip()}))


def _is_missing(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
