"""Bloom-filter encodings, keyed blocking keys and the linkage secret."""

from __future__ import annotations

import copy
import pickle
from datetime import date

import numpy as np
import pandas as pd
import pytest

from pata.contracts import load_contract
from pata.keys import PseudonymKey
from pata.linkage.encoding import CLK_BYTES, ENCODING_SCHEMA, Encoder, Person
from pata.linkage.matching import dice
from pata.linkage.readtime import encode_rows
from pata.linkage.secret import InvalidLinkageKey, LinkageKey, load_linkage_key
from pata.settings import Settings

KEY = LinkageKey(b"k" * 32)
OTHER = LinkageKey(b"o" * 32)


def person(first: str, second: str | None, born: date | None) -> Person:
    return Person.of(
        first_name=first, second_name=second, birthdate=born, gender="Feminine", citizenship="KH"
    )


def similarity(a: Person, b: Person, key: LinkageKey = KEY) -> float:
    packed = Encoder(key).encode([a, b]).view(np.uint64)
    return float(dice(packed[:1], packed[1:])[0, 0])


class TestLinkageKey:
    def test_never_shows_or_pickles(self) -> None:
        secret = bytes(range(32))
        key = LinkageKey(secret)
        assert secret.hex() not in repr(key) and secret.hex() not in str(key)
        with pytest.raises(TypeError):
            pickle.dumps(key)
        assert copy.deepcopy(key) is key

    def test_rejects_short_or_non_hex(self) -> None:
        with pytest.raises(InvalidLinkageKey):
            LinkageKey(b"short")
        with pytest.raises(InvalidLinkageKey):
            LinkageKey.from_text("zz" * 32, source="test")

    def test_embedded_default_is_generated_once_and_separate(self, tmp_path) -> None:
        settings = Settings(home=tmp_path)
        first = load_linkage_key(settings=settings)
        assert load_linkage_key(settings=settings) == first
        path = settings.secrets_dir / "linkage.key"
        assert path.stat().st_mode & 0o077 == 0
        assert not (settings.secrets_dir / "pseudonym.key").exists()

    def test_file_setting_wins(self, tmp_path) -> None:
        path = tmp_path / "link.key"
        path.write_text("ab" * 32)
        key = load_linkage_key(settings=Settings(home=tmp_path, linkage_key_file=path))
        assert key == LinkageKey(bytes.fromhex("ab" * 32))


class TestEncoding:
    def test_same_person_same_filter(self) -> None:
        a = person("Sokha", "Chan", date(2001, 3, 7))
        assert similarity(a, person("CHAN", "sokha", date(2001, 3, 7))) == 1.0

    def test_variations_score_above_a_stranger(self) -> None:
        a = person("Sreypov", "Heng", date(2001, 3, 7))
        stranger = similarity(a, person("Dara", "Kim", date(1995, 11, 20)))
        for variant in (
            person("Sreypove", "Heng", date(2001, 3, 7)),  # spelling
            person("ស្រីពៅ", "ហេង", date(2001, 3, 7)),  # Khmer script
            person("Sreypov", "Heng", date(2001, 3, 8)),  # a day off
            person("Sreypov", "Heng", date(2001, 7, 3)),  # day and month swapped
            person("Sreypov", None, date(2001, 3, 7)),  # family name missing
        ):
            assert similarity(a, variant) > 0.74 > 0.5 > stranger

    def test_filters_depend_on_the_key(self) -> None:
        a = person("Sokha", "Chan", date(2001, 3, 7))
        ours, theirs = Encoder(KEY).encode([a]), Encoder(OTHER).encode([a])
        assert ours.shape == (1, CLK_BYTES) and not np.array_equal(ours, theirs)

    def test_blocking_keys_are_keyed_and_hide_values(self) -> None:
        encoder = Encoder(KEY)
        a = person("Sokha", "Chan", date(2001, 3, 7))
        block = encoder.birth_block(a)
        assert block == encoder.birth_block(person("Dara", None, date(2001, 12, 1)))
        assert block != Encoder(OTHER).birth_block(a)
        assert block is not None and "2001" not in block and len(block) == 16
        assert encoder.birth_block(person("Sokha", None, None)) is None
        assert all(len(b) == 16 for b in encoder.name_blocks(a))

    def test_person_repr_hides_names(self) -> None:
        assert "Sokha" not in repr(person("Sokha", "Chan", None))


class TestEncodeRows:
    def test_rows_become_pseudonyms_filters_and_blocks_only(self) -> None:
        contract = load_contract("cases")
        frame = pd.DataFrame(
            {
                "partner_case_id": ["C-1", "C-2", None],
                "prs_FirstName": ["Sokha", None, "Dara"],
                "prs_SecondName": ["Chan", None, None],
                "prs_Birthdate": [pd.Timestamp("2001-03-07"), pd.NaT, pd.NaT],
                "prs_Gender": ["Feminine", "Masculine", "Masculine"],
                "prs_Citizenship": ["KH", None, "KH"],
            }
        )
        pseudonym_key = PseudonymKey(b"p" * 32)
        table = encode_rows(
            frame, contract=contract, partner="kh-partner", key=KEY, pseudonym_key=pseudonym_key
        )
        assert table.schema == ENCODING_SCHEMA
        assert table.num_rows == 1  # no name: nothing to link; no id: no record
        from pata.deid import pseudonymize

        expected = pseudonymize(
            "C-1", key=pseudonym_key, partner_code="kh-partner", namespace="cases"
        )
        assert table.column("record_key").to_pylist() == [expected]
        text = repr(table.to_pylist())
        assert "Sokha" not in text and "2001" not in text

    def test_datasets_without_persons_give_nothing(self) -> None:
        table = encode_rows(
            pd.DataFrame({"session_id": ["S-1"]}),
            contract=load_contract("awareness_sessions"),
            partner="kh-partner",
            key=KEY,
            pseudonym_key=PseudonymKey(b"p" * 32),
        )
        assert table.num_rows == 0


class TestEncodeIsItsDefinition:
    def test_packed_filters_are_the_features_positions_whatever_repeats(self) -> None:
        """The memoised, vectorised encode sets exactly the bits of each person's features
        (the definition), with names, dates and persons repeated across the batch, and
        across two batches of one encoder (caches warm)."""
        people = [
            person("Sokha", "Chan", date(1999, 3, 4)),
            person("Chan", "Sokha", date(1999, 3, 4)),
            person("សុខា", None, None),
            person("Sokha", "Chan", date(2001, 1, 1)),
            person("Maria Clara", "Santos", date(2004, 12, 31)),
            person("Sokha", "Chan", date(1999, 3, 4)),
        ]
        encoder = Encoder(KEY)
        for batch in (people, people[::-1]):
            packed = encoder.encode(batch)
            for row, one in enumerate(batch):
                expected = np.zeros(1024, dtype=bool)
                for feature, k in Encoder(KEY).features(one):
                    expected[Encoder(KEY).positions(feature, k)] = True
                assert (np.unpackbits(packed[row]) == expected).all()
