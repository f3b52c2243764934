"""Khmer, Thai, Devanagari and Bengali words as they are spoken, before transliteration.

``anyascii`` transliterates letter by letter; these rules, written from the scripts and
the usual romanisation conventions (never from a list of names), bring its output closer
to the romanisation a passport or a foreign agency writes (docs/privacy.md, "Linkage
quality"): :func:`as_read` drops what is not read and puts Thai's preposed vowels after
their consonant, :func:`as_spoken` writes the vowels the abugidas leave unwritten, Thai
final consonants as they sound and Khmer vowels by the consonant's series. Used by
:func:`pata.linkage.normalise.name_tokens`. Nothing here logs or raises with a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Abugida:
    """A script that writes a consonant's vowel only when it is not the inherent one."""

    first: str  # consonant letters: first..last
    last: str
    inherent: str
    nasals: frozenset[str] = frozenset()  # signs after which a consonant also has a vowel
    transparent: frozenset[str] = frozenset()  # marks to look past (tone, series)
    vowels: str = ""  # with ``drops_medial``: the vowel letters and signs, first..last
    drops_medial: bool = False
    """Bengali and Khmer speak no inherent vowel between a vowel and a consonant that has
    its own (``ইসলাম`` -> ``islam``, ``নাসরিন`` -> ``nasrin``; ``ប៊ុនណា`` -> ``bunna``:
    the consonant closes the syllable before it); Nepali keeps it (``सपना`` -> ``sapana``,
    the usual romanisation)."""

    def vowel(self, char: str) -> bool:
        return bool(self.vowels) and self.vowels[0] <= char <= self.vowels[-1]

    def consonant(self, char: str) -> bool:
        return self.first <= char <= self.last


_ABUGIDAS = (
    _Abugida("\u0915", "\u0939", "a", frozenset("\u0901\u0902\u0903")),  # Devanagari
    _Abugida(  # Bengali
        "\u0995",
        "\u09b9",
        "a",
        frozenset("\u0981\u0982\u0983"),
        vowels="\u0985\u09cc",
        drops_medial=True,
    ),
    _Abugida(
        "\u1780",
        "\u17a2",
        "a",
        frozenset("\u17c6"),
        frozenset("\u17c9\u17ca"),
        vowels="\u17a3\u17c5",
        drops_medial=True,
    ),  # Khmer
)
_THAI = _Abugida("\u0e01", "\u0e2e", "o", transparent=frozenset("\u0e48\u0e49\u0e4a\u0e4b"))
_NUKTA = re.compile("[\u093c\u09bc]")
_THAI_CLUSTER_FIRST = frozenset("\u0e01\u0e02\u0e04\u0e1b\u0e1c\u0e1e\u0e15\u0e28\u0e2a")
_THAI_CLUSTER_SECOND = frozenset("\u0e23\u0e25\u0e27")
_THAI_VOWEL_LETTERS = frozenset("\u0e2d\u0e27")  # o-ang, wo-waen: also vowels (o, ua)
_THAI_OPEN = "a"  # the unwritten vowel of an open syllable
_THAI_FOLLOWING_VOWELS = frozenset(
    "\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"
)


def _thai_vowel_letter(chars: list[str], index: int) -> bool:
    """A Thai o-ang or wo-waen written as a vowel: after a consonant, before another one
    or at the word's end (``ทอง`` thong, ``ดวง`` duang); o-ang also opening a word."""
    char = chars[index]
    if char not in _THAI_VOWEL_LETTERS:
        return False
    if index == 0:
        return char == "\u0e2d"
    return _THAI.consonant(chars[index - 1]) and (
        index + 1 == len(chars) or _THAI.consonant(chars[index + 1])
    )


def _inherent_vowels(word: str) -> str:
    """The vowel an abugida does not write, written: a Devanagari, Bengali or Khmer
    consonant with no vowel sign or virama (coeng) of its own, followed by another
    consonant or a nasal sign, carries the inherent ``a`` (``कमल`` -> ``kamal``, not
    ``kml``; ``রফিক`` -> ``raphik``; ``ចរិយា`` -> ``chariyea``); a word's last consonant
    does not (it closes the syllable: ``राम`` -> ``ram``). In Thai a consonant without a
    vowel before another one carries the ``o`` of a closed syllable (``สมชาย`` ->
    ``somchay``), except the first of a true cluster (``ปร``, ``กล``, ``คว`` ...)."""
    script = next((s for s in (*_ABUGIDAS, _THAI) if any(map(s.consonant, word))), None)
    if script is None:
        return word
    chars = list(_NUKTA.sub("", word))
    out: list[str] = []
    coda = False  # Thai: this consonant closes the syllable an inserted o opened
    for index, char in enumerate(chars):
        out.append(char)
        if not script.consonant(char):
            coda = False
            continue
        ahead = index + 1
        while ahead < len(chars) and chars[ahead] in script.transparent:
            ahead += 1
        if ahead >= len(chars):
            continue  # the word's last consonant: it closes its syllable
        after = chars[ahead]
        if script is not _THAI:
            if script.consonant(after) or after in script.nasals:
                spoken_before = index > 0 and (
                    script.vowel(chars[index - 1]) or out[-2] == script.inherent
                )
                voiced_after = ahead + 1 < len(chars) and script.vowel(chars[ahead + 1])
                if not (script.drops_medial and spoken_before and voiced_after):
                    out.append(script.inherent)
            continue
        onset = index == 0 or (
            script.consonant(chars[index - 1]) and not _thai_vowel_letter(chars, index - 1)
        )
        if _thai_vowel_letter(chars, index) and char == "\u0e27":
            out[-1] = "ua"  # wo waen as the vowel it is there (ดวง duang)
        last_alone = (
            ahead == len(chars) - 1
            and script.consonant(after)
            and not _thai_vowel_letter(chars, ahead)
        )
        if coda or not onset or _thai_vowel_letter(chars, index):
            # (Not the orn that _thai_finals writes for a final ro: ``พร`` -> phorn.)
            orn = chars[index - 1 : index + 2] == ["\u0e2d", "\u0e23", "\u0e19"]
            if last_alone and not orn and not _thai_vowel_letter(chars, index):
                # A word's last consonant cannot stand alone after a closed syllable: this
                # one opens the last syllable with o (อุดม udom), and a syllable closed by
                # it was open, with a (กมล kamon, ณรงค์ narong).
                if coda and out[-2] == script.inherent:
                    out[-2] = _THAI_OPEN
                out.append(script.inherent)
                coda = True
                continue
            coda = False  # after a vowel, a consonant closes its syllable
            continue
        if not script.consonant(after) or _thai_vowel_letter(chars, ahead):
            continue
        following = chars[ahead + 1] if ahead + 1 < len(chars) else ""
        if (
            char in _THAI_CLUSTER_FIRST
            and after in _THAI_CLUSTER_SECOND
            and following
            and not script.consonant(following)
        ):
            continue  # a true cluster: pr, kl, khw ... share the vowel after them
        if following in _THAI_FOLLOWING_VOWELS:
            # The next consonant has a vowel of its own: this syllable is open, with a
            # short a (นภา napha, ชนิดา chanida, ทวี thawi).
            out.append(_THAI_OPEN)
            continue
        out.append(script.inherent)
        coda = True
    return "".join(out)


_KHMER_SECOND_SERIES = frozenset(
    "\u1782\u1783\u1784\u1787\u1788\u1789\u178c\u178d\u1791\u1792\u1793\u1796"
    "\u1797\u1798\u1799\u179a\u179b\u179c"
)
_KHMER_TO_SECOND, _KHMER_TO_FIRST = "\u17ca", "\u17c9"  # triisap, musikatoan
_KHMER_COENG = "\u17d2"
_KHMER_VOWELS = {"\u17b7": "i", "\u17b9": "i", "\u17c2": "e", "\u17cb": ""}
# Vowels read by the series of the consonant they follow: (first series, second series).
_KHMER_SERIES_VOWELS = {"\u17bb": ("o", "u"), "\u17c5": ("ao", "ov")}
_KHMER_SONORANTS = frozenset("\u1784\u1789\u1793\u1798\u1799\u179a\u179b\u179c")


def _khmer_vowels(word: str) -> str:
    """Khmer vowels as names are usually romanised, where ``anyascii`` writes them
    otherwise: ``ិ`` and ``ឹ`` as ``i`` (``Kim``, ``Sin``), ``ែ`` as ``e`` (``Pen``), and
    the bantoc, a mark that shortens the vowel, as nothing (``Ros``, not ``rasa``). Some
    vowels are read by the series of the consonant before them (a musikatoan or triisap
    moving it to the other series; a subscript consonant leaves the series alone):
    ``ា`` after the second series as ``ea`` (``Meas``, ``Chea``) except at the word's end
    after a sonorant, where romanisations write ``a`` (``Dara``, ``Veasna``); ``ុ`` as
    ``o`` after the first series and ``u`` after the second (``Sok``, ``Tola``; ``Hun``,
    ``Puth``); ``ៅ`` as ``ao`` and ``ov`` (``Mao``, ``Pov``). A ``ប`` with a musikatoan
    sounds ``p`` (``Pen``)."""
    if not any("\u1780" <= char <= "\u17ff" for char in word):
        return word
    out: list[str] = []
    second = False  # the last consonant's series
    sonorant = False
    for index, char in enumerate(word):
        subscript = index > 0 and word[index - 1] == _KHMER_COENG
        if "\u1780" <= char <= "\u17a2" and not subscript:
            second = char in _KHMER_SECOND_SERIES
            sonorant = char in _KHMER_SONORANTS
        elif char == _KHMER_TO_SECOND:
            second = True
        elif char == _KHMER_TO_FIRST:
            second = False
            if out and out[-1] == "\u1794":  # ba with musikatoan: pa
                out[-1] = "\u1796"
        if char == "\u17b6" and second:
            final = index == len(word) - 1
            out.append("a" if final and sonorant else "ea")
        elif char in _KHMER_SERIES_VOWELS:
            out.append(_KHMER_SERIES_VOWELS[char][second])
        else:
            out.append(_KHMER_VOWELS.get(char, char))
    return "".join(out)


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


def as_read(text: str) -> str:
    """A name part (NFKC) with what its script writes but does not read removed: Thai sara
    am made whole again (NFKC splits it: ``คำ`` would read khma), Thai's preposed vowels
    after their consonant, silent letters dropped."""
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return _SILENT.sub("", _thai_vowels_in_spoken_order(text))


def as_spoken(word: str) -> str:
    """One word of :func:`as_read` text with its unwritten vowels written, Thai finals as
    they sound and Khmer vowels by series (unchanged for other scripts)."""
    return _khmer_vowels(_inherent_vowels(_thai_finals(word)))
