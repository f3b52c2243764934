"""Dice similarity, blocked matching and clusters."""

from __future__ import annotations

from datetime import date

import numpy as np

from pata.linkage.encoding import CLK_BITS, Encoder, Person
from pata.linkage.evaluate import cluster_pairs, evaluate, pairs_of, recall_by_variation
from pata.linkage.matching import Match, Records, clusters, dice, match_records
from pata.linkage.secret import LinkageKey

KEY = LinkageKey(b"m" * 32)


def records_of(people: list[Person]) -> Records:
    encoder = Encoder(KEY)
    return Records.of(
        encoder.encode(people),
        [encoder.birth_block(p) for p in people],
        [encoder.name_blocks(p) for p in people],
    )


def person(first: str, second: str | None, born: date | None, gender: str = "Feminine") -> Person:
    return Person.of(
        first_name=first, second_name=second, birthdate=born, gender=gender, citizenship="KH"
    )


class TestDice:
    def test_known_values(self) -> None:
        a = np.array([[0b1111, 0]], dtype=np.uint64)
        b = np.array([[0b0011, 0], [0, 0b1]], dtype=np.uint64)
        assert np.allclose(dice(a, b), [[2 * 2 / 6, 0.0]])
        assert dice(a, a)[0, 0] == 1.0

    def test_empty_filters_score_zero(self) -> None:
        empty = np.zeros((1, 2), dtype=np.uint64)
        assert dice(empty, empty)[0, 0] == 0.0


class TestMatchRecords:
    def test_an_encoding_on_thousands_of_records_is_a_default_value_not_a_person(self) -> None:
        """A 100 MB file of a few records repeated under new ids grew the indicators'
        linkage step past 16 GB: each copy matched every other. Copies beyond
        MAX_IDENTICAL stay unlinked, in bounded memory; real persons still match."""
        born = date(2000, 5, 17)
        copies = [person("Unknown", "Unknown", date(1990, 1, 1))] * 3000
        copies += [person("Unknown", None, None)] * 3000  # no birth date: the second pass
        real = [person("Sokha", "Chan", born), person("Chan", "Sokhaa", born)]
        twice = [person("Dara", "Kim", date(1990, 1, 1))] * 2  # few copies: still a match
        recs = records_of(copies + real + twice)

        found = {(m.first, m.second) for m in match_records(recs)}

        assert found == {(6000, 6001), (6002, 6003)}
        queries = np.zeros(len(recs), dtype=bool)
        queries[[0, 3000, 6000]] = True  # relinking: a copy is asked again, in its block
        assert {(m.first, m.second) for m in match_records(recs, queries=queries)} == {(6000, 6001)}

    def test_variants_match_and_strangers_do_not(self) -> None:
        born = date(2000, 5, 17)
        recs = records_of(
            [
                person("Sokha", "Chan", born),
                person("Chan", "Sokhaa", born),  # swapped, typo
                person("Dara", "Kim", date(2000, 8, 2)),  # same block, another person
                person("Sokha", "Chan", born, gender="Masculine"),  # other block
            ]
        )
        found = {(m.first, m.second) for m in match_records(recs)}
        assert found == {(0, 1)}

    def test_a_shared_birth_date_does_not_outvote_two_different_names(self) -> None:
        born = date(2000, 5, 17)
        recs = records_of(
            [
                person("Sri Wahyuni", "Dewi", born),
                person("Rahayu Sri", "Lestari", born),  # one token shared, same day
            ]
        )
        assert match_records(recs) == []

    def test_near_dates_need_closer_names(self) -> None:
        born = date(2000, 5, 7)
        recs = records_of(
            [
                person("Sreyleak", "Mao", born),
                person("Mao", "Sreyleak", date(2000, 5, 8)),  # a day off, same name
                person("Sreyleak", "Mao", date(2000, 7, 5)),  # day and month swapped
                person("Sreyleak", "Mao", date(2000, 1, 1)),  # the year only
                person("Sreylin", "Mao", date(2000, 5, 8)),  # a day off, another name
            ]
        )
        found = {(m.first, m.second) for m in match_records(recs) if 4 not in (m.first, m.second)}
        assert {(0, 1), (0, 2), (0, 3)} <= found
        assert not any(
            4 in (m.first, m.second) and m.pass_ == 1 and m.score > 0.9 for m in match_records(recs)
        )

    def test_a_name_held_in_the_other_matches_on_the_same_date_only(self) -> None:
        born = date(2000, 5, 17)
        recs = records_of(
            [
                person("Gemma", "Tolentino", born),
                person("Gemma", None, born),  # the family name left out, same day
                person("Gemma", None, date(2000, 5, 18)),  # left out, and a day off
            ]
        )
        found = {(m.first, m.second) for m in match_records(recs)}
        assert (0, 1) in found
        assert (0, 2) not in found

    def test_a_near_date_scores_below_the_same_date(self) -> None:
        recs = records_of(
            [
                person("Sreyleak", "Mao", date(2000, 5, 7)),
                person("Sreyleak", "Mao", date(2000, 5, 7)),
                person("Sreyleak", "Mao", date(2000, 5, 8)),
            ]
        )
        score = {(m.first, m.second): m.score for m in match_records(recs)}
        assert score[(0, 1)] > score[(0, 2)]

    def test_queries_limit_the_comparisons_to_changed_records(self) -> None:
        born = date(2000, 5, 17)
        recs = records_of(
            [
                person("Sokha", "Chan", born),
                person("Sokha", "Chan", born),
                person("Sokha", "Chan", born),
            ]
        )
        every = match_records(recs)
        only_last = match_records(recs, queries=np.array([False, False, True]))
        assert {(m.first, m.second) for m in every} == {(0, 1), (0, 2), (1, 2)}
        assert {(m.first, m.second) for m in only_last} == {(0, 2), (1, 2)}

    def test_no_birth_date_links_only_an_unambiguous_candidate(self) -> None:
        recs = records_of(
            [
                person("Sreyleak", "Mao", date(1999, 1, 2)),
                person("Sreyleak", "Mao", None),
                person("Bopha", "Sok", date(1998, 4, 4)),
                person("Bopha", "Sok", date(1996, 9, 9)),  # a namesake
                person("Bopha", "Sok", None),
            ]
        )
        second = [(m.first, m.second) for m in match_records(recs) if m.pass_ == 2]
        assert second == [(1, 0)]

    def test_a_rival_below_the_bar_still_makes_the_best_candidate_doubtful(self) -> None:
        def name_field(shared: int, own: int) -> np.ndarray:
            """A filter with the first ``shared`` of the query's 100 name bits and ``own``
            bits of its own (the date field left empty)."""
            bits = np.zeros(CLK_BITS, dtype=np.uint8)
            bits[:shared] = 1
            bits[200 : 200 + own] = 1
            return np.packbits(bits)

        query = name_field(100, 0)  # no birth date
        best = name_field(86, 14)  # overlap and Dice 0.86: at the bar
        rival = name_field(83, 17)  # 0.83: below the bar, within the margin of the best
        alone = Records.of(np.stack([query, best]), [None, "y1"], [["b"], ["b"]])
        assert [(m.first, m.second, m.pass_) for m in match_records(alone)] == [(0, 1, 2)]
        both = Records.of(np.stack([query, best, rival]), [None, "y1", "y2"], [["b"]] * 3)
        assert match_records(both) == []


class TestClusters:
    def test_connected_components_without_parties(self) -> None:
        labels = clusters(5, [Match(0, 1, 1, 0.9), Match(1, 2, 1, 0.9), Match(3, 4, 1, 0.9)])
        assert labels.tolist() == [0, 0, 0, 3, 3]

    def test_two_records_of_one_partner_join_only_by_a_direct_strong_match(self) -> None:
        parties = ["kh", "th", "kh"]
        chain = [Match(0, 1, 1, 0.95), Match(1, 2, 1, 0.9)]
        assert clusters(3, chain, parties=parties).tolist() == [0, 0, 2]
        duplicate = [Match(0, 2, 1, 0.97), Match(0, 1, 1, 0.9)]
        assert clusters(3, duplicate, parties=parties).tolist() == [0, 0, 0]
        weak = [Match(0, 2, 1, 0.8)]
        assert clusters(3, weak, parties=parties).tolist() == [0, 1, 2]

    def test_cluster_pairs(self) -> None:
        assert cluster_pairs(np.array([0, 0, 2, 0])) == {(0, 1), (0, 3), (1, 3)}
        assert pairs_of([[3, 1], [2]]) == {(1, 3)}


class TestEvaluate:
    def test_small_population_is_scored_against_its_truth(self) -> None:
        result = evaluate(persons=3000, seed=5)
        assert result.records > result.persons
        assert result.true_pairs > 50
        assert result.precision > 0.85 and result.recall > 0.6
        assert 0 < result.f1 <= 1


class TestRecallByVariation:
    def test_counts_each_variation_of_either_record_most_missed_first(self) -> None:
        truth = {(0, 1), (2, 3)}
        found = {(0, 1)}
        variants = [(), ("typo:first_name",), ("script:native",), ("typo:first_name",)]
        assert recall_by_variation(truth, found, variants) == (
            ("script:native", 1, 0),
            ("typo:first_name", 2, 1),
        )
