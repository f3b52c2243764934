"""Names, dates, sex and citizenship as the linkage compares them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pata.linkage.normalise import (
    birth_date,
    citizenships,
    name_tokens,
    phonetic,
    sex,
    skeleton,
)


class TestNameTokens:
    def test_case_spacing_and_diacritics_fold(self) -> None:
        assert name_tokens("  NGUYỄN  ", "thị-Hòa") == ("hoa", "nguyen", "thi", "thihoa")

    def test_a_name_of_several_words_is_also_one_word(self) -> None:
        # Khmer and Thai write a compound given name as one word, a Latin spelling as two.
        assert "sokhasophea" in name_tokens("Sokha Sophea", "Chan")
        assert set(name_tokens("សុខាសុភា")) < set(name_tokens("Sokha Sophea"))
        assert name_tokens("Sokha", "Chan") == ("chan", "sokha")  # one word a part: as it is

    def test_name_order_does_not_matter(self) -> None:
        assert name_tokens("Sokha", "Chan") == name_tokens("Chan", "Sokha")

    def test_missing_parts_are_ignored(self) -> None:
        assert name_tokens("Dara", None) == name_tokens("Dara", pd.NA) == ("dara",)

    def test_khmer_thai_nepali_bengali_are_transliterated(self) -> None:
        assert name_tokens("សុខា") == ("sokha",)
        assert name_tokens("सीता") == ("sita",)
        assert name_tokens("মালা")[0].startswith("m")
        assert all(token.isascii() for token in name_tokens("สมชาย", "ใจดี"))

    def test_thai_preposed_vowel_and_silent_letters(self) -> None:
        assert skeleton(name_tokens("ใจดี")[0]) == skeleton("jaidee") == "kt"
        assert name_tokens("อารีย์") == ("ari",)

    def test_skeleton_bridges_romanisations(self) -> None:
        assert skeleton(name_tokens("ស្រីពៅ")[0]) == skeleton("sreypov") == "krp"
        assert skeleton(name_tokens("রফিক")[0]) == skeleton("rafiq")
        assert skeleton(name_tokens("लक्ष्मी")[0]) == skeleton("laxmi")
        assert skeleton("gurung") == skeleton("gurun")

    def test_thai_final_consonants_as_they_sound(self) -> None:
        assert skeleton(name_tokens("กมล")[0]) == skeleton("kamon")
        assert skeleton(name_tokens("บุญมี")[0]) == skeleton("bunmi")
        assert skeleton(name_tokens("ณัฐพล")[0]) == skeleton("nattapon")

    def test_a_mark_inside_a_word_does_not_split_it(self) -> None:
        assert len(name_tokens("আয়েশা")) == 1
        assert name_tokens("Jean-Paul") == ("jean", "jeanpaul", "paul")
        assert skeleton("thanaporn").startswith(skeleton(name_tokens("ธนพร")[0]))

    def test_abugidas_write_their_inherent_vowel(self) -> None:
        assert name_tokens("कमल") == ("kamal",)  # Nepali keeps it inside the word
        assert name_tokens("राम") == ("ram",)  # not after the last consonant
        assert name_tokens("করিম") == ("karim",)
        assert name_tokens("ইসলাম") == ("islam",)  # Bengali drops it between vowels
        assert name_tokens("ចរិយា")[0].startswith("char")
        assert name_tokens("สมชาย") == ("somchay",)  # Thai: the o of a closed syllable
        assert name_tokens("ประยุทธ")[0].startswith("pra")  # not inside a true cluster

    def test_khmer_vowels_as_names_are_romanised(self) -> None:
        assert name_tokens("គឹម") == ("kim",)
        assert name_tokens("មាស") == ("meas",)  # a after a second-series consonant
        assert name_tokens("ប៉ែន") == ("pen",)  # ae as e; ba with a musikatoan sounds p
        assert name_tokens("ប៊ុនណា") == ("bunna",)  # n closes the syllable before it
        # u by the series of the consonant before it: o after the first, u after the second
        assert name_tokens("សុខ") == ("sokh",) and name_tokens("ហ៊ុន") == ("hun",)
        assert name_tokens("ពៅ") == ("pov",) and name_tokens("សៅ") == ("sao",)
        # a word's last aa after a second-series sonorant is written a; elsewhere ea
        assert name_tokens("ដារា") == ("dara",) and name_tokens("ជា") == ("chea",)
        assert name_tokens("ប្រាក់")[0].endswith("rak")  # a subscript keeps the series

    def test_thai_open_syllables_and_last_consonants(self) -> None:
        assert name_tokens("นภา") == ("napha",)
        assert name_tokens("ชนิดา")[0].startswith("chan")  # an open syllable's a
        assert name_tokens("กมล") == ("kamon",)  # the last consonant is not left alone
        assert name_tokens("อุดม") == ("udom",)
        assert name_tokens("ณรงค์") == ("narong",)
        assert name_tokens("สุภาพร") == ("suphaphorn",)  # a final ro still reads orn
        assert name_tokens("สมชาย") == ("somchay",)  # a closed syllable keeps its o
        assert name_tokens("คำ") == ("kham",)  # sara am is not split by NFKC

    def test_phonetic_form_meets_across_romanisations(self) -> None:
        assert phonetic("phuangmalee") == phonetic("puangmali") == "puangmali"
        assert phonetic("fatema") == phonetic("phatema")
        assert phonetic("chariya") == phonetic("jariya")
        assert phonetic("sreypov") == phonetic("sreipow") == phonetic("sripov")
        assert phonetic("sita") != phonetic("sota")  # vowels still count


class TestFacts:
    def test_birth_dates_of_any_form(self) -> None:
        day = date(2001, 3, 7)
        assert birth_date(day) == birth_date(pd.Timestamp(day)) == birth_date("2001-03-07") == day
        assert birth_date(None) is None and birth_date(pd.NaT) is None
        assert birth_date("not a date") is None

    def test_sex_and_citizenship(self) -> None:
        assert sex("Feminine") == "f" and sex("Masculine") == "m"
        assert sex("NonSpecifiedUnknown") is None and sex(None) is None
        assert citizenships("th; kh") == ("KH", "TH")
        assert citizenships(["KH"]) == ("KH",) and citizenships(None) == ()
