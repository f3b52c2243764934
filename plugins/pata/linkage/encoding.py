"""Bloom-filter encodings (CLKs) and blocking keys of person rows, computed at read time.

A *cryptographic long-term key* (Schnell, Bachteler & Reiher 2011; the ``clkhash`` CLK):
one Bloom filter of :data:`CLK_BITS` bits per record, into which every feature of the
person is hashed ``k`` times by keyed double hashing — bit ``(h1 + i * h2) mod l`` for
``i < k``, ``h1`` and ``h2`` two HMAC-SHA256 under sub-keys of the linkage secret
(:class:`~pata.linkage.secret.LinkageKey`). Features, each with its own ``k`` (a weight):

Two fields: bits ``0..767`` hold the name, bits ``768..1023`` the rest, so that the
matching can weigh them apart (:mod:`pata.linkage.matching`):

- name: every bigram of every name token's phonetic form
  (:func:`~pata.linkage.normalise.phonetic`; unpadded: a compound name written as one
  word keeps all but one of them) and each token's padded consonant skeleton
  (:func:`~pata.linkage.normalise.skeleton`); a set of tokens, so the name order does not
  matter;
- the rest: the birth year, the unordered {day, month} pair (a swapped day and month
  keep it), the full date and the two-day windows holding it (a date a day off keeps
  one) — of a 1 January date, the year only (where systems put a year without a date) —
  sex, and each citizenship code.

Two records of one person share most bits; the Dice coefficient of their filters
(:mod:`pata.linkage.matching`) measures it. Blocking keys are keyed hashes too: birth year
and sex (first pass), and sex with a name token's skeleton prefix (second pass, for records
without a birth date). Neither the filters nor the keys can be read back without the
secret; docs/privacy.md says what they still reveal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa

from pata.linkage import normalise
from pata.linkage.secret import LinkageKey

SCHEME = "clk3"
"""The encoding scheme: changed whenever a name, date or feature encodes to other bits
(``clk2``: inherent vowels of the abugidas and phonetic folding before the bigrams;
``clk3``: a name part of several words also encoded as one word, Khmer vowels read by the
consonant's series, Thai open syllables; both 2026-12-03). Part of
:attr:`Encoder.key_fingerprint`; docs/privacy.md says how encodings of an older scheme are
replaced."""
CLK_BITS = 1024
CLK_BYTES = CLK_BITS // 8
NAME_BITS = 768
"""Bits 0..767 hold the name's features, bits 768..1023 the birth date, sex and citizenship:
two field filters in one CLK, compared field by field (:mod:`pata.linkage.matching`)."""
NAME_WORDS = NAME_BITS // 64

# Hash functions per feature: a weight within its field. In the date field, the features
# that survive a near miss (the unordered day and month, the two-day windows) outweigh the
# year, and few bits are set in all (about 60 of 256), so two unrelated dates of one year
# share few by chance: a day off or a swap scores a Dice above 0.36, two other dates of the
# year below it (chosen on the synthetic truth: ``pata linkage evaluate``).
K_BIGRAM = 4
K_SKELETON = 10
K_YEAR = 2
K_DAY_MONTH = 12
K_DATE = 8
K_DATE_WINDOW = 12
K_SEX = 1
K_CITIZENSHIP = 1

ENCODING_SCHEMA = pa.schema(
    [
        pa.field("record_key", pa.string(), nullable=False),
        pa.field("clk", pa.binary(CLK_BYTES), nullable=False),
        pa.field("birth_block", pa.string()),
        pa.field("name_blocks", pa.list_(pa.string()), nullable=False),
    ]
)
"""What leaves the encoder: a record pseudonym, its filter and its blocking keys. No name,
no date, no clear-text blocking value."""


@dataclass(frozen=True, repr=False)
class Person:
    """One person row as the encoder sees it (only inside the reading task; never stored)."""

    tokens: tuple[str, ...]
    birth: date | None
    sex: str | None
    citizenships: tuple[str, ...]

    def __repr__(self) -> str:  # a Person holds names: never show them
        return "Person(<withheld>)"

    @classmethod
    def of(
        cls,
        *,
        first_name: Any,
        second_name: Any,
        birthdate: Any,
        gender: Any,
        citizenship: Any = None,
        memo: PersonMemo | None = None,
    ) -> Person:
        """The person of one row's raw cells, normalised (:mod:`pata.linkage.normalise`);
        with a ``memo``, each distinct raw value is normalised once (names, dates and codes
        repeat across a batch)."""
        memo = memo or PersonMemo()
        return cls(
            tokens=memo.get(memo.tokens, (first_name, second_name), _name_tokens),
            birth=memo.get(memo.births, birthdate, normalise.birth_date),
            sex=memo.get(memo.sexes, gender, normalise.sex),
            citizenships=memo.get(memo.citizenships, citizenship, normalise.citizenships),
        )


def _name_tokens(names: tuple[Any, Any]) -> tuple[str, ...]:
    return normalise.name_tokens(*names)


@dataclass(repr=False)
class PersonMemo:
    """Normalised values by raw value, for :meth:`Person.of` over one batch. It holds names:
    it lives only inside the task that reads them, as long as the batch."""

    tokens: dict[Any, tuple[str, ...]] = field(default_factory=dict)
    births: dict[Any, date | None] = field(default_factory=dict)
    sexes: dict[Any, str | None] = field(default_factory=dict)
    citizenships: dict[Any, tuple[str, ...]] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "PersonMemo(<withheld>)"

    @staticmethod
    def get(memo: dict[Any, Any], value: Any, function: Callable[[Any], Any]) -> Any:
        """``function(value)``, computed once per distinct value in ``memo``."""
        try:
            return memo[value]
        except KeyError:
            result = memo[value] = function(value)
            return result
        except TypeError:  # an unhashable cell: computed each time
            return function(value)


CACHE_ENTRIES = 50_000
"""Features (and blocks) memoised per encoder before the cache starts over."""


class Encoder:
    """Encodes persons under one linkage key, caching each feature's bit positions."""

    def __init__(self, key: LinkageKey) -> None:
        self._key = key
        self._positions: dict[bytes, np.ndarray] = {}
        self._tokens: dict[Any, int] = {}
        self._rests: dict[Any, int] = {}
        self._name_blocks: dict[tuple[str | None, tuple[str, ...]], list[str]] = {}
        self._blocks: dict[bytes, str] = {}

    @property
    def key_fingerprint(self) -> str:
        """What the stored encodings are keyed by: the secret's fingerprint and the
        :data:`SCHEME` (``3f2a9c1b/clk3``), so encodings of another secret or another
        scheme are never compared with these."""
        return f"{self._key.fingerprint}/{SCHEME}"

    def positions(self, feature: bytes, k: int) -> np.ndarray:
        """The ``k`` bit positions of one feature (memoised: names and dates repeat).

        A name feature (``n`` or ``s`` first) falls in the name field, any other in the
        rest."""
        cached = self._positions.get(feature)
        if cached is None or len(cached) != k:
            h1, h2 = self._key.double_hash(feature)
            steps = np.arange(k, dtype=np.uint64)
            if feature[:1] in (b"n", b"s"):
                size, offset = NAME_BITS, 0
            else:
                size, offset = CLK_BITS - NAME_BITS, NAME_BITS
            cached = (
                offset + (np.uint64(h1 % size) + steps * np.uint64(h2 % size)) % np.uint64(size)
            ).astype(np.int64)
            if len(self._positions) >= CACHE_ENTRIES:  # bounded: a big file has many dates
                self._positions.clear()
            self._positions[feature] = cached
        return cached

    def features(self, person: Person) -> Iterable[tuple[bytes, int]]:
        """(feature, k) of a person; the feature's kind is part of its bytes."""
        for token in person.tokens:
            yield from self._token_features(token)
        yield from self._rest_features(person.birth, person.sex, person.citizenships)

    @staticmethod
    def _token_features(token: str) -> Iterable[tuple[bytes, int]]:
        # Unpadded: a compound name written as one word (Thai, Khmer) or as two keeps all
        # but one of its bigrams.
        sound = normalise.phonetic(token)
        for index in range(max(1, len(sound) - 1)):
            yield f"n2:{sound[index : index + 2]}".encode(), K_BIGRAM
        bones = f"_{normalise.skeleton(token)}_"
        for index in range(len(bones) - 1):
            yield f"s2:{bones[index : index + 2]}".encode(), K_SKELETON

    @staticmethod
    def _rest_features(
        birth: date | None, sex: str | None, citizenships: tuple[str, ...]
    ) -> Iterable[tuple[bytes, int]]:
        if birth is not None and (birth.month, birth.day) == (1, 1):
            # 1 January is where partners' systems put a birth year without a date: only
            # the year is known.
            yield f"by:{birth.year}".encode(), K_YEAR
        elif birth is not None:
            yield f"by:{birth.year}".encode(), K_YEAR
            low, high = sorted((birth.day, birth.month))
            yield f"bdm:{low}-{high}".encode(), K_DAY_MONTH
            yield f"b:{birth.isoformat()}".encode(), K_DATE
            # Two-day windows at both offsets: a date one day off shares one of them.
            ordinal = birth.toordinal()
            yield f"bw0:{ordinal // 2}".encode(), K_DATE_WINDOW
            yield f"bw1:{(ordinal + 1) // 2}".encode(), K_DATE_WINDOW
        if sex is not None:
            yield f"x:{sex}".encode(), K_SEX
        for code in citizenships:
            yield f"c:{code}".encode(), K_CITIZENSHIP

    def _mask(self, cache: dict[Any, int], key: Any, features: Iterable[tuple[bytes, int]]) -> int:
        """The filter bits of a group of features (a name token; a person's date, sex and
        citizenship) as an integer whose most significant bit is position 0 (the order
        ``packbits`` gives), memoised: tokens and dates repeat across a file's persons."""
        cached = cache.get(key)
        if cached is None:
            cached = 0
            for feature, k in features:
                for position in self.positions(feature, k).tolist():
                    cached |= 1 << (CLK_BITS - 1 - position)
            if len(cache) >= CACHE_ENTRIES:
                cache.clear()
            cache[key] = cached
        return cached

    def encode(self, persons: Sequence[Person]) -> np.ndarray:
        """Packed filters, one row of :data:`CLK_BYTES` ``uint8`` per person: the OR of
        its tokens' and its date's memoised masks (no numpy call per feature)."""
        packed = bytearray()
        for person in persons:
            rest = (person.birth, person.sex, person.citizenships)
            mask = self._mask(self._rests, rest, self._rest_features(*rest))
            for token in person.tokens:
                mask |= self._mask(self._tokens, token, self._token_features(token))
            packed += mask.to_bytes(CLK_BYTES, "big")
        return np.frombuffer(packed, dtype=np.uint8).reshape(len(persons), CLK_BYTES)

    def birth_block(self, person: Person) -> str | None:
        """First-pass blocking key: keyed (birth year, sex); None without a birth date."""
        if person.birth is None:
            return None
        return self._block(f"y\x1f{person.birth.year}\x1f{person.sex or '-'}")

    def name_blocks(self, person: Person) -> list[str]:
        """Second-pass blocking keys: keyed (sex, first three letters of a token's skeleton)."""
        key = (person.sex, person.tokens)
        cached = self._name_blocks.get(key)
        if cached is None:
            prefixes = sorted({normalise.skeleton(token)[:3] for token in person.tokens})
            sex = person.sex or "-"
            cached = [self._block(f"n\x1f{sex}\x1f{prefix}") for prefix in prefixes]
            if len(self._name_blocks) >= CACHE_ENTRIES:
                self._name_blocks.clear()
            self._name_blocks[key] = cached
        return list(cached)

    def _block(self, text: str) -> str:
        message = text.encode()
        cached = self._blocks.get(message)
        if cached is None:
            if len(self._blocks) >= CACHE_ENTRIES:
                self._blocks.clear()
            cached = self._blocks[message] = self._key.block(message)
        return cached


def encoding_table(
    record_keys: Sequence[str], persons: Sequence[Person], *, encoder: Encoder
) -> pa.Table:
    """The :data:`ENCODING_SCHEMA` table of persons under their record pseudonyms."""
    packed = encoder.encode(persons)
    clk = pa.array([row.tobytes() for row in packed], type=pa.binary(CLK_BYTES))
    return pa.Table.from_arrays(
        [
            pa.array(list(record_keys), type=pa.string()),
            clk,
            pa.array([encoder.birth_block(p) for p in persons], type=pa.string()),
            pa.array([encoder.name_blocks(p) for p in persons], type=pa.list_(pa.string())),
        ],
        schema=ENCODING_SCHEMA,
    )
