"""Person names per nationality, in their own script and in Latin letters.

Each name is a pair ``(native, latin)``: the native form is what a partner of the same
country writes; the Latin form is what a passport, a foreign agency or a case system in
English shows. Latin-script nationalities have ``native == latin``. The lists are common
given names and family names; the generator combines them at random, so a generated
person is nobody in particular.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

Name = tuple[str, str]  # (native script, Latin letters)


@dataclass(frozen=True)
class NameBook:
    """Given and family names of one nationality, and the script they are written in."""

    script: str  # ISO 15924 code: Khmr, Thai, Deva, Beng, Latn
    female: tuple[Name, ...]
    male: tuple[Name, ...]
    family: tuple[Name, ...]
    single_name_share: float = 0.0  # persons known by one name only (second name empty)


def _latin(*names: str) -> tuple[Name, ...]:
    return tuple((name, name) for name in names)


NAME_BOOKS: dict[str, NameBook] = {
    "KH": NameBook(
        script="Khmr",
        female=(
            ("សុខា", "Sokha"),
            ("ស្រីពៅ", "Sreypov"),
            ("សុភា", "Sophea"),
            ("បុប្ផា", "Bopha"),
            ("ចាន់ធី", "Chanthy"),
            ("ធារី", "Theary"),
            ("ស្រីនាង", "Sreyneang"),
            ("ណារី", "Nary"),
            ("លីដា", "Lida"),
            ("កញ្ញា", "Kanha"),
            ("ស្រីលក្ខណ៍", "Sreyleak"),
            ("រតនា", "Ratana"),
            ("ស្រីមុំ", "Sreymom"),
            ("ចរិយា", "Chariya"),
            ("សុគន្ធា", "Sokunthea"),
        ),
        male=(
            ("ដារា", "Dara"),
            ("វណ្ណា", "Vanna"),
            ("ពិសិដ្ឋ", "Piseth"),
            ("សុផល", "Sophal"),
            ("មករា", "Makara"),
            ("សំណាង", "Samnang"),
            ("វិចិត្រ", "Vichet"),
            ("ចាន់ថា", "Chantha"),
            ("រិទ្ធី", "Rithy"),
            ("សុវណ្ណ", "Sovann"),
            ("បូរ៉ា", "Bora"),
            ("វីរៈ", "Virak"),
        ),
        family=(
            ("សុខ", "Sok"),
            ("ចាន់", "Chan"),
            ("ហេង", "Heng"),
            ("លី", "Ly"),
            ("គឹម", "Kim"),
            ("ម៉ៅ", "Mao"),
            ("ពៅ", "Pov"),
            ("ឈិម", "Chhim"),
            ("សេង", "Seng"),
            ("ទេព", "Tep"),
            ("អ៊ុំ", "Um"),
            ("ខៀវ", "Khiev"),
            ("នួន", "Nuon"),
            ("ស៊ាន", "Sean"),
            ("ប៉ែន", "Pen"),
        ),
    ),
    "TH": NameBook(
        script="Thai",
        female=(
            ("มาลี", "Malee"),
            ("วิไล", "Wilai"),
            ("นภา", "Napha"),
            ("สุดา", "Suda"),
            ("อารีย์", "Aree"),
            ("ปราณี", "Pranee"),
            ("จันทร์เพ็ญ", "Chanpen"),
            ("สุภาพร", "Supaporn"),
            ("วันเพ็ญ", "Wanpen"),
            ("ธนพร", "Thanaporn"),
            ("สมศรี", "Somsri"),
            ("รัตนา", "Rattana"),
        ),
        male=(
            ("สมชาย", "Somchai"),
            ("ประเสริฐ", "Prasert"),
            ("กมล", "Kamon"),
            ("ชัยวัฒน์", "Chaiwat"),
            ("บุญมี", "Bunmi"),
            ("สมศักดิ์", "Somsak"),
            ("ณัฐพล", "Nattapon"),
            ("วีระ", "Weera"),
            ("อนุชา", "Anucha"),
            ("สุรชัย", "Surachai"),
        ),
        family=(
            ("ศรีสุข", "Srisuk"),
            ("แก้วมณี", "Kaewmanee"),
            ("บุญมา", "Bunma"),
            ("ทองดี", "Thongdee"),
            ("สุขสวัสดิ์", "Suksawat"),
            ("วงศ์ใหญ่", "Wongyai"),
            ("จันทร์แก้ว", "Chankaew"),
            ("ใจดี", "Jaidee"),
            ("พรหมมา", "Phromma"),
            ("ศรีวงศ์", "Sriwong"),
            ("มีสุข", "Meesuk"),
        ),
    ),
    "NP": NameBook(
        script="Deva",
        female=(
            ("सीता", "Sita"),
            ("गीता", "Gita"),
            ("कमला", "Kamala"),
            ("सरिता", "Sarita"),
            ("पूजा", "Puja"),
            ("अनिता", "Anita"),
            ("सुनिता", "Sunita"),
            ("मीना", "Mina"),
            ("लक्ष्मी", "Laxmi"),
            ("सबिना", "Sabina"),
            ("रीता", "Rita"),
            ("मञ्जु", "Manju"),
        ),
        male=(
            ("राम", "Ram"),
            ("बिष्णु", "Bishnu"),
            ("कृष्ण", "Krishna"),
            ("दिपक", "Dipak"),
            ("सुरेश", "Suresh"),
            ("राजेश", "Rajesh"),
            ("बिनोद", "Binod"),
            ("हरि", "Hari"),
            ("मनोज", "Manoj"),
            ("सन्तोष", "Santosh"),
        ),
        family=(
            ("तामाङ", "Tamang"),
            ("गुरुङ", "Gurung"),
            ("श्रेष्ठ", "Shrestha"),
            ("राई", "Rai"),
            ("थापा", "Thapa"),
            ("मगर", "Magar"),
            ("लामा", "Lama"),
            ("अधिकारी", "Adhikari"),
            ("पौडेल", "Poudel"),
            ("कार्की", "Karki"),
            ("बिश्वकर्मा", "Bishwakarma"),
            ("चौधरी", "Chaudhary"),
        ),
    ),
    "BD": NameBook(
        script="Beng",
        female=(
            ("ফাতেমা", "Fatema"),
            ("আয়েশা", "Ayesha"),
            ("রহিমা", "Rahima"),
            ("নাসরিন", "Nasrin"),
            ("শাহানা", "Shahana"),
            ("মরিয়ম", "Mariam"),
            ("সুমাইয়া", "Sumaiya"),
            ("রুবিনা", "Rubina"),
            ("শিরিন", "Shirin"),
            ("পারভীন", "Parvin"),
            ("তানিয়া", "Tania"),
            ("মিতু", "Mitu"),
        ),
        male=(
            ("রাশেদ", "Rashed"),
            ("করিম", "Karim"),
            ("জাহিদ", "Jahid"),
            ("মাসুদ", "Masud"),
            ("সোহেল", "Sohel"),
            ("রফিক", "Rafiq"),
            ("জসিম", "Jashim"),
            ("আলমগীর", "Alamgir"),
            ("হাসান", "Hasan"),
            ("শফিক", "Shafiq"),
        ),
        family=(
            ("আক্তার", "Akter"),
            ("বেগম", "Begum"),
            ("খাতুন", "Khatun"),
            ("হোসেন", "Hossain"),
            ("ইসলাম", "Islam"),
            ("রহমান", "Rahman"),
            ("আহমেদ", "Ahmed"),
            ("উদ্দিন", "Uddin"),
            ("মিয়া", "Mia"),
            ("সরকার", "Sarkar"),
            ("শেখ", "Sheikh"),
        ),
    ),
    "MY": NameBook(
        script="Latn",
        female=_latin(
            "Nur Aisyah",
            "Siti Aminah",
            "Nurul Izzah",
            "Farah",
            "Aminah",
            "Nor Azizah",
            "Mei Ling",
            "Kavitha",
            "Siti Khadijah",
            "Nurul Huda",
        ),
        male=_latin(
            "Muhammad Faiz",
            "Ahmad Zaki",
            "Hafiz",
            "Zulkifli",
            "Mohd Rizal",
            "Wei Jie",
            "Arjun",
            "Azman",
            "Khairul Anuar",
        ),
        family=_latin(
            "binti Ahmad",
            "binti Ismail",
            "bin Abdullah",
            "bin Hassan",
            "Tan",
            "Lim",
            "a/p Muthu",
            "binti Yusof",
            "bin Osman",
            "Wong",
        ),
    ),
    "PH": NameBook(
        script="Latn",
        female=_latin(
            "Maria Cristina",
            "Angelica",
            "Rowena",
            "Jonalyn",
            "Mary Grace",
            "Lovely",
            "Joy",
            "Kristine",
            "Analyn",
            "Rosemarie",
            "Jennylyn",
            "Maricel",
        ),
        male=_latin(
            "Jose",
            "Mark Anthony",
            "John Paul",
            "Rodel",
            "Jericho",
            "Arnel",
            "Christian",
            "Ramil",
            "Jun",
            "Ronaldo",
        ),
        family=_latin(
            "Santos",
            "Reyes",
            "Dela Cruz",
            "Bautista",
            "Ocampo",
            "Garcia",
            "Mendoza",
            "Torres",
            "Flores",
            "Villanueva",
            "Ramos",
            "Aquino",
            "Castillo",
            "Manalo",
        ),
    ),
    "MM": NameBook(
        script="Latn",
        female=_latin(
            "Mya Mya",
            "Thandar",
            "Khin Khin",
            "Su Su",
            "Nilar",
            "Hnin Wai",
            "Ei Ei",
            "Moe Moe",
            "Aye Aye",
            "Zin Mar",
        ),
        male=_latin("Aung Ko", "Zaw Min", "Kyaw Zin", "Min Thu", "Htet Aung", "Soe Win", "Thura"),
        family=_latin("Win", "Oo", "Htun", "Aung", "Myint", "Kyaw", "Lwin"),
        single_name_share=0.6,
    ),
    "LA": NameBook(
        script="Latn",
        female=_latin(
            "Souksavanh", "Vilayphone", "Keo", "Bounmy", "Phonesavanh", "Manivone", "Noy"
        ),
        male=_latin("Phonexay", "Somphone", "Khamla", "Bounthanh", "Vongsa", "Sengphet"),
        family=_latin(
            "Phommachanh", "Sisouphanh", "Keomany", "Vongsavath", "Inthavong", "Sayavong"
        ),
    ),
    "VN": NameBook(
        script="Latn",
        female=_latin("Thị Lan", "Thị Mai", "Thị Hoa", "Ngọc Anh", "Thị Hằng", "Thu Trang"),
        male=_latin("Văn Hùng", "Văn Nam", "Minh Tuấn", "Đức Anh", "Văn Long"),
        family=_latin("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ"),
    ),
    "ID": NameBook(
        script="Latn",
        female=_latin("Siti", "Dewi", "Sri Wahyuni", "Rina", "Yuliani", "Nur Hasanah", "Wulan"),
        male=_latin("Budi", "Agus", "Eko Prasetyo", "Slamet", "Dedi", "Rudi"),
        family=_latin("Lestari", "Rahayu", "Santoso", "Susanto", "Wijaya", "Hidayat"),
        single_name_share=0.4,
    ),
}

_GENERIC = NameBook(
    script="Latn",
    female=_latin("Maya", "Lina", "Sara", "Ana", "Rosa", "Nina"),
    male=_latin("Ali", "Omar", "Leo", "Sam", "Dan", "Tom"),
    family=_latin("Rahim", "Cruz", "Singh", "Khan", "Lopez", "Chen"),
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
