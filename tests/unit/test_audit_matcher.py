"""The leak audit's matcher: every readable form of a canary is found; chance digits
inside hex (hashes, Bloom filters) are not a leak."""

from __future__ import annotations

from pata.audit import Canary, CanaryMatcher


class TestMatcher:
    def test_a_birth_date_is_found_in_each_written_form(self):
        matcher = CanaryMatcher([Canary(kind="birth-date", value="2011-04-09")])
        for text in (b"born 2011-04-09", b"born 20110409.", b"09/04/2011", b"09.04.2011"):
            assert matcher.kinds_in(text) == {"birth-date"}, text

    def test_the_digits_of_a_date_inside_a_long_hex_run_are_chance_not_a_leak(self):
        matcher = CanaryMatcher([Canary(kind="birth-date", value="2011-04-09")])
        # a bytea as pg_dump writes it
        bloom_filter = b"\\x" + b"ab" * 20 + b"20110409" + b"cd" * 20
        assert matcher.kinds_in(bloom_filter) == set()
        # ...but the ISO form is still found anywhere, hex or not
        assert matcher.kinds_in(b"ab" * 20 + b"2011-04-09" + b"cd" * 20) == {"birth-date"}
