"""What a partner's caseload and activities look like, by country.

Who a partner identifies (citizenships), where they were exploited, the places where
sessions happen, how phone and identity numbers are written: the generator draws from
these so that each partner's synthetic exports look like that partner's real ones.
Countries without a profile get a plain generic one.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

Weighted = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class CountryProfile:
    """Generation settings for partners based in one country."""

    citizenships: Weighted
    exploitation_countries: Weighted
    districts: tuple[str, ...]
    villages: tuple[str, ...]
    cities: tuple[str, ...]
    phone_prefixes: tuple[str, ...]
    phone_digits: int
    comments: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


PROFILES: dict[str, CountryProfile] = {
    "KH": CountryProfile(
        citizenships=(("KH", 0.88), ("VN", 0.08), ("TH", 0.04)),
        exploitation_countries=(
            ("KH", 0.40),
            ("TH", 0.30),
            ("MY", 0.10),
            ("CN", 0.10),
            ("KR", 0.05),
            ("SA", 0.05),
        ),
        districts=("ស្រុកមង្គលបូរី", "ស្រុកបាភ្នំ", "ស្រុកកំពង់ត្រាច", "ស្រុកស្វាយជ្រំ", "ស្រុកពួក"),
        villages=("ភូមិថ្មី", "ភូមិកណ្ដាល", "ភូមិត្រពាំងវែង", "ភូមិព្រៃល្វា", "ភូមិស្វាយ"),
        cities=("Phnom Penh", "Siem Reap", "Battambang", "Poipet"),
        phone_prefixes=("012", "016", "070", "097", "088"),
        phone_digits=6,
        comments=("បញ្ជូនទៅមណ្ឌលស្នាក់នៅ", "កំពុងស្វែងរកគ្រួសារ", "ត្រឡប់មកពីប្រទេសថៃ"),
        notes=("វគ្គបានដំណើរការល្អ", "មានការចូលរួមពីមេភូមិ"),
    ),
    "TH": CountryProfile(
        citizenships=(("TH", 0.35), ("MM", 0.35), ("KH", 0.15), ("LA", 0.15)),
        exploitation_countries=(("TH", 0.90), ("MY", 0.05), ("MM", 0.05)),
        districts=("อำเภอเมือง", "อำเภอแม่สอด", "อำเภอแม่สาย", "อำเภอกระทุ่มแบน", "อำเภออรัญประเทศ"),
        villages=("บ้านหนองบัว", "บ้านใหม่", "บ้านดอนแก้ว", "บ้านนาคำ", "บ้านโคกสูง"),
        cities=("Bangkok", "Chiang Mai", "Mae Sot", "Songkhla"),
        phone_prefixes=("081", "082", "086", "089", "095"),
        phone_digits=7,
        comments=("ส่งต่อบ้านพักเด็กและครอบครัว", "อยู่ระหว่างการสืบสวน", "รอส่งกลับประเทศต้นทาง"),
        notes=("ผู้ใหญ่บ้านร่วมกิจกรรม", "แจกเอกสารความรู้"),
    ),
    "MY": CountryProfile(
        citizenships=(
            ("ID", 0.30),
            ("BD", 0.20),
            ("NP", 0.15),
            ("MM", 0.15),
            ("PH", 0.10),
            ("MY", 0.10),
        ),
        exploitation_countries=(("MY", 0.95), ("SG", 0.03), ("TH", 0.02)),
        districts=("Johor Bahru", "Klang", "Petaling", "Kota Kinabalu", "Tawau", "Seberang Perai"),
        villages=("Kampung Baru", "Kampung Jawa", "Kampung Sungai Buloh", "Kampung Bukit Lanjan"),
        cities=("Kuala Lumpur", "Johor Bahru", "Kota Kinabalu", "George Town"),
        phone_prefixes=("012", "013", "016", "017", "019"),
        phone_digits=7,
        comments=(
            "Dirujuk ke rumah perlindungan",
            "Menunggu penghantaran pulang",
            "Majikan disiasat",
        ),
        notes=("Sesi bersama ketua kampung", "Risalah diedarkan"),
    ),
    "PH": CountryProfile(
        citizenships=(("PH", 0.97), ("ID", 0.03)),
        exploitation_countries=(
            ("PH", 0.50),
            ("MY", 0.12),
            ("SA", 0.12),
            ("AE", 0.10),
            ("KW", 0.08),
            ("HK", 0.08),
        ),
        districts=(
            "Quezon City",
            "Cebu City",
            "Zamboanga City",
            "Davao City",
            "Iloilo City",
            "Tacloban",
        ),
        villages=(
            "Barangay San Isidro",
            "Barangay Poblacion",
            "Barangay Santo Niño",
            "Barangay Bagong Silang",
        ),
        cities=("Manila", "Cebu City", "Davao City", "Zamboanga City"),
        phone_prefixes=("0917", "0918", "0927", "0939", "0998"),
        phone_digits=7,
        comments=(
            "Referred to DSWD shelter",
            "Repatriated from the Middle East",
            "Awaiting medical exam",
        ),
        notes=("Barangay captain attended", "Flyers distributed"),
    ),
    "NP": CountryProfile(
        citizenships=(("NP", 0.98), ("IN", 0.02)),
        exploitation_countries=(
            ("IN", 0.35),
            ("NP", 0.25),
            ("MY", 0.15),
            ("AE", 0.10),
            ("QA", 0.10),
            ("SA", 0.05),
        ),
        districts=("सिन्धुपाल्चोक", "मकवानपुर", "नुवाकोट", "झापा", "बाँके", "कैलाली"),
        villages=("चौतारा", "हेटौंडा", "बिदुर", "दमक", "नेपालगञ्ज", "धनगढी"),
        cities=("Kathmandu", "Pokhara", "Biratnagar", "Nepalgunj"),
        phone_prefixes=("984", "985", "986", "980", "981"),
        phone_digits=7,
        comments=("Referred to rehabilitation home", "Returned from India", "Family reunified"),
        notes=("आमा समूहको सहभागिता", "पर्चा वितरण गरियो"),
    ),
    "BD": CountryProfile(
        citizenships=(("BD", 0.97), ("MM", 0.03)),
        exploitation_countries=(
            ("IN", 0.30),
            ("BD", 0.30),
            ("MY", 0.15),
            ("SA", 0.15),
            ("AE", 0.10),
        ),
        districts=("সাতক্ষীরা সদর", "কক্সবাজার সদর", "টেকনাফ", "যশোর সদর", "শার্শা"),
        villages=("রামপুর", "নতুনপাড়া", "চরপাড়া", "কাশিপুর", "বাগমারা"),
        cities=("Dhaka", "Chattogram", "Khulna", "Cox's Bazar"),
        phone_prefixes=("017", "018", "019", "015", "013"),
        phone_digits=8,
        comments=("Referred to safe home", "Rescued at the border", "Case filed under PSHTA 2012"),
        notes=("স্কুল কমিটির সহযোগিতা", "লিফলেট বিতরণ"),
    ),
}

_GENERIC = CountryProfile(
    citizenships=(),
    exploitation_countries=(),
    districts=("Central District", "North District", "South District"),
    villages=("New Village", "River Village", "Hill Village"),
    cities=("Capital City",),
    phone_prefixes=("09",),
    phone_digits=8,
)

# Who crosses which border: (country of origin, country of identification).
CROSS_BORDER_ROUTES: tuple[tuple[str, str], ...] = (
    ("KH", "TH"),
    ("NP", "MY"),
    ("BD", "MY"),
    ("PH", "MY"),
)


def profile_of(country: str) -> CountryProfile:
    """The profile of ``country`` (a generic one for countries without a profile)."""
    return PROFILES.get(country, _GENERIC)


class Chooser:
    """Draws one value from weighted values with one call to the generator (a hot path).

    The weights are resolved to a lookup table of 4096 slots, fine enough for the shares
    used here and much cheaper than ``random.choices`` per draw.
    """

    __slots__ = ("_table", "values")
    _SLOTS = 4096

    def __init__(self, weighted: Sequence[tuple[str, float]]) -> None:
        self.values = tuple(value for value, _ in weighted)
        cumulative = list(itertools.accumulate(weight for _, weight in weighted))
        total = cumulative[-1] if cumulative else 0.0
        self._table = (
            tuple(
                self.values[
                    min(
                        bisect.bisect(cumulative, (slot + 0.5) * total / self._SLOTS),
                        len(self.values) - 1,
                    )
                ]
                for slot in range(self._SLOTS)
            )
            if self.values
            else ()
        )

    def __call__(self, rng: random.Random) -> str:
        return self._table[int(rng.random() * self._SLOTS)]

    def within(self, allowed: Sequence[str], weighted: Sequence[tuple[str, float]]) -> Chooser:
        """The same draw limited to ``allowed`` values (the first allowed one if none is left)."""
        usable = [(value, weight) for value, weight in weighted if value in allowed]
        return Chooser(usable or [(allowed[0], 1.0)])


# Choosers built once per weighted table; the table is kept so that its id stays unique.
_CHOOSERS: dict[int, tuple[Sequence[tuple[str, float]], Chooser]] = {}


def chooser(weighted: Sequence[tuple[str, float]]) -> Chooser:
    """The (cached) chooser of a weighted table that lives as long as the program."""
    found = _CHOOSERS.get(id(weighted))
    if found is None:
        found = (weighted, Chooser(weighted))
        _CHOOSERS[id(weighted)] = found
    return found[1]


def draw(rng: random.Random, weighted: Weighted, *, default: str) -> str:
    """One value drawn from ``(value, weight)`` pairs (``default`` when there are none)."""
    if not weighted:
        return default
    return chooser(weighted)(rng)


def phone_number(rng: random.Random, country: str) -> str:
    """A mobile number written the way people of ``country`` write it."""
    profile = profile_of(country)
    count = profile.phone_digits
    digits = f"{rng.randrange(10**count):0{count}d}"
    prefix = rng.choice(profile.phone_prefixes)
    if profile.phone_digits >= 7:
        return f"{prefix} {digits[:3]} {digits[3:]}"
    return f"{prefix} {digits}"


def identity_number(rng: random.Random, country: str) -> str:
    """An identity or passport number in the shape ``country`` issues them."""

    def digits(count: int) -> str:
        return f"{rng.randrange(10**count):0{count}d}"

    if country == "TH":
        d = digits(13)
        return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"
    if country == "MY":
        return f"{digits(6)}-{digits(2)}-{digits(4)}"
    if country == "NP":
        return f"{digits(2)}-{digits(2)}-{digits(2)}-{digits(5)}"
    if country == "BD":
        return digits(10)
    if country == "KH":
        return digits(9)
    if country == "ID":
        return digits(16)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return f"{rng.choice(letters)}{rng.choice(letters)}{digits(7)}"
