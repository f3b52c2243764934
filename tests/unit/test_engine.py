"""pata.warehouse.engine: every session gets connect, statement and lock timeouts."""

from __future__ import annotations

from pata.settings import Settings
from pata.warehouse.engine import connect_args, get_engine


class TestConnectArgs:
    def test_timeouts_and_keepalives_from_the_settings(self):
        settings = Settings(
            db_connect_timeout_seconds=7,
            db_statement_timeout_seconds=60,
            db_lock_timeout_seconds=5,
        )
        args = connect_args(settings)
        assert args["connect_timeout"] == 7
        assert args["options"] == "-c statement_timeout=60000 -c lock_timeout=5000"
        assert args["keepalives"] == 1

    def test_the_engine_is_cached_per_url_and_timeouts(self):
        a = get_engine(settings=Settings(db_lock_timeout_seconds=5))
        assert get_engine(settings=Settings(db_lock_timeout_seconds=5)) is a
        assert get_engine(settings=Settings(db_lock_timeout_seconds=6)) is not a
