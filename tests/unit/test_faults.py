"""pata.faults: which failures are transient (retried) and which are not."""

from __future__ import annotations

import psycopg
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError
from sqlalchemy.exc import OperationalError

from pata.errors import ConfigError, PataError, ServiceUnreachable
from pata.faults import TransientFault, fault_code, is_transient


def _client_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "GetObject"
    )


def _pg_error(sqlstate: str | None) -> OperationalError:
    orig = psycopg.OperationalError("server said no")
    if sqlstate is not None:
        orig.sqlstate = sqlstate  # type: ignore[misc]
    return OperationalError("select 1", {}, orig)


class TestIsTransient:
    @pytest.mark.parametrize(
        "exc",
        [
            TransientFault("warehouse away"),
            ServiceUnreachable("s3 away"),
            ConnectionRefusedError(),
            TimeoutError(),
            EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
            ReadTimeoutError(endpoint_url="http://127.0.0.1:9"),
            _client_error("SlowDown", 503),
            _client_error("Weird", 500),
            _pg_error(None),  # could not connect: no SQLSTATE
            _pg_error("57P01"),  # admin shutdown (PostgreSQL stopped mid-load)
            _pg_error("08006"),  # connection failure
            _pg_error("55P03"),  # lock_timeout
            _pg_error("40P01"),  # deadlock
        ],
    )
    def test_infrastructure_faults_are_transient(self, exc):
        assert is_transient(exc)

    @pytest.mark.parametrize(
        "exc",
        [
            ValueError("a bug"),
            KeyError("x"),
            ConfigError("no contract"),
            PataError("bad file", code="unreadable-file"),
            _client_error("AccessDenied", 403),
            _client_error("NoSuchKey", 404),
            _pg_error("22P02"),  # invalid text representation: data, not infrastructure
            _pg_error("23505"),  # unique violation
        ],
    )
    def test_everything_else_is_not(self, exc):
        assert not is_transient(exc)

    def test_a_wrapped_transient_cause_counts(self):
        try:
            try:
                raise ConnectionResetError()
            except ConnectionResetError as inner:
                raise RuntimeError("loading failed") from inner
        except RuntimeError as exc:
            assert is_transient(exc)

    def test_a_task_timeout_is_not_transient(self):
        from airflow.sdk.exceptions import AirflowTaskTimeout

        assert not is_transient(AirflowTaskTimeout("too long"))


class TestFaultCode:
    def test_a_pata_error_gives_its_code_and_anything_else_its_class(self):
        assert fault_code(PataError("x", code="raw-copy-purged")) == "raw-copy-purged"
        assert fault_code(TransientFault("x")) == "transient-fault"
        assert fault_code(ValueError("a value from a file")) == "ValueError"
