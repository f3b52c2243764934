"""Names, birth dates, sex and citizenship as compared by the linkage, before encoding.

A name is reduced to a sorted tuple of Latin tokens:

- Unicode NFKC, then transliteration to ASCII with ``anyascii`` (ISC licence, pinned in
  requirements.txt; pure Python, no data download). It folds Latin diacritics (``Nguyễn``
  -> ``nguyen``) and romanises Khmer, Thai, Devanagari (Nepali) and Bengali letter by letter
  (``សុខា`` -> ``sokha``, ``सीता`` -> ``sita``). That is a transliteration, not the
  romanisation a passport office uses: ``ស្រីពៅ`` becomes ``sreipau`` where a passport says
  ``Sreypov``, and Thai loses its unwritten vowels (``สมชาย`` -> ``smchay`` for
  ``Somchai``). The encoding copes by bigrams and by each token's consonant skeleton
  (:func:`skeleton`), which both forms usually share; it is approximate, and said so in
  docs/privacy.md. Before it, a Thai consonant closing a word is given the sound it has
  there (``กมล`` -> ``kamon``, not ``kml``);
- lower case; words split at spaces and punctuation of the original text (a mark the
  transliteration writes inside a word does not split it), other characters dropped;
- the tokens of the given and family names together, sorted: a swapped name order or a
  family name written first gives the same tuple.

Nothing here logs or raises with a value.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from anyascii import anyascii

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
_THAI_NASAL_FINAL = frozenset("\u0e25\u0e0d\u0e13\u0e2c")
_THAI_FINAL = {
    **dict.fromkeys("\u0e25\u0e0d\u0e13\u0e2c", "\u0e19"),
    **dict.fromkeys("\u0e2a\u0e28\u0e29\u0e0a\u0e0b\u0e08\u0e10\u0e12", "\u0e15"),
    **dict.fromkeys("\u0e1e\u0e20\u0e1f", "\u0e1b"),
}
# Letters a romanisation does not write: a Thai or Khmer consonant under its silencing mark
# (thanthakhat, toandakhiat), and Thai's silent vowel carrier o-ang before a vowel.
# Also Thai's silent tho-thahan in ``ทร์`` (``จันทร์`` -> Chan), and a Khmer word's final
# subscript ro with the subscript consonant before it (``ពេជ្រ`` -> Pich, ``សុភ័ក្ត្រ`` ->
# Sopheak).
_SILENT = re.compile(
    "\u0e17(?=\u0e23\u0e4c)|[\u0e01-\u0e2e][\u0e34-\u0e39]?\u0e4c|[\u1780-\u17a2]\u17cd"
    "|\u0e2d(?=[\u0e30-\u0e44\u0e47])|(?:\u17d2[\u1780-\u17a2])?\u17d2\u179a(?![\u1780-\u17ff])"
)
_RO_HAN = re.compile("\u0e23\u0e23(?![\u0e30-\u0e3a\u0e47-\u0e4e])")
_THAI_VOWEL_SIGNS = frozenset("\u0e32\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39")
_THAI_PREPOSED = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")

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
    """
    tokens: list[str] = []
    for part in parts:
        if part is None or _is_missing(part):
            continue
        text = unicodedata.normalize("NFKC", str(part))
        text = _SILENT.sub("", _thai_vowels_in_spoken_order(text))
        for word in _WORD_BREAK.split(text):
            latin = _NOT_ALNUM.sub("", anyascii(_thai_finals(word)).lower())
            if latin:
                tokens.append(latin)
    return tuple(sorted(tokens))


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


def _thai_finals(word: str) -> str:
    """A Thai consonant that ends a word as it sounds there: ``ล ญ ณ ฬ`` as ``น`` (n, also
    before another consonant), ``ส ศ ษ ช ซ จ ฐ ฒ`` as ``ต`` (t), ``พ ภ ฟ`` as ``ป`` (p):
    the romanisation writes the sound (``กมล`` -> ``Kamon``, ``บุญมี`` -> ``Bunmi``). A final
    ``ร`` after a consonant reads ``orn`` as the usual romanisations write it (``สุภาพร`` ->
    ``Supaporn``), after a vowel ``n`` (``สมบูรณ์`` -> ``Somboon``); a doubled ``รร`` (ro
    han) reads ``a`` (``กนกวรรณ`` -> ``Kanokwan``)."""
    if not any("\u0e01" <= char <= "\u0e2e" for char in word):
        return word
    word = _RO_HAN.sub("\u0e31", word)  # ``วรรณ`` -> wan
    if len(word) > 1 and word[-1] == "\u0e23":  # a final ro sounds n; romanisations write rn
        before = word[-2]
        if "\u0e01" <= before <= "\u0e2e":
            word = word[:-1] + "\u0e2d\u0e23\u0e19"
        elif before in _THAI_VOWEL_SIGNS:
            word = word[:-1] + "\u0e19"
    chars = list(word)
    for index, char in enumerate(chars):
        if char not in _THAI_FINAL or index == 0:
            continue
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if after == "" or (char in _THAI_NASAL_FINAL and "\u0e01" <= after <= "\u0e2e"):
            chars[index] = _THAI_FINAL[char]
    return "".join(chars)


def _thai_vowels_in_spoken_order(text: str) -> str:
    """Thai writes the vowels เ แ โ ใ ไ before the consonant they follow in speech; put
    them after it, so the transliteration reads in the order a romanisation does."""
    if not any(char in _THAI_PREPOSED for char in text):
        return text
    chars = list(text)
    index = 0
    while index < len(chars) - 1:
        if chars[index] in _THAI_PREPOSED and "\u0e01" <= chars[index + 1] <= "\u0e2e":
            chars[index], chars[index + 1] = chars[index + 1], chars[index]
            index += 2
        else:
            index += 1
    return "".join(chars)


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
