"""pata.dag_defaults: one timeout and retry policy; only transient faults are retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException, AirflowTaskTimeout

from pata.dag_defaults import (
    MAX_RETRY_DELAY,
    file_task_timeout,
    retry_only_transient,
    task_defaults,
)
from pata.faults import TransientFault


class TestTaskDefaults:
    def test_a_timeout_and_bounded_exponential_retries(self):
        args = task_defaults(execution_timeout=timedelta(minutes=7))
        assert args["execution_timeout"] == timedelta(minutes=7)
        assert args["retries"] == 3
        assert args["retry_exponential_backoff"] == 2.0
        assert args["max_retry_delay"] == MAX_RETRY_DELAY
        assert args["owner"] != "airflow"

    def test_the_file_timeout_comes_from_the_settings(self, monkeypatch):
        from pata.settings import reset_settings

        monkeypatch.setenv("PATA_FILE_TIMEOUT_SECONDS", "75")
        reset_settings()
        try:
            assert file_task_timeout() == timedelta(seconds=75)
        finally:
            monkeypatch.undo()
            reset_settings()


class TestRetryOnlyTransient:
    def test_a_result_passes_through(self):
        assert retry_only_transient(lambda: {"status": "loaded"})() == {"status": "loaded"}

    def test_a_transient_fault_propagates_for_airflow_to_retry(self):
        def body():
            raise TransientFault("warehouse away")

        with pytest.raises(TransientFault):
            retry_only_transient(body)()

    def test_any_other_exception_fails_without_retry_and_without_its_message(self):
        def body():
            raise ValueError("Somchai Jaidee")  # a value from a file must not be repeated

        with pytest.raises(AirflowFailException) as caught:
            retry_only_transient(body)()
        assert "Somchai" not in str(caught.value)
        assert "ValueError" in str(caught.value)

    def test_a_task_timeout_fails_without_retry(self):
        def body():
            raise AirflowTaskTimeout("timed out")

        with pytest.raises(AirflowFailException):
            retry_only_transient(body)()

    def test_airflow_control_flow_is_left_alone(self):
        def body():
            raise AirflowSkipException("no file loaded")

        with pytest.raises(AirflowSkipException):
            retry_only_transient(body)()

    def test_the_task_signature_is_kept_for_airflow(self):
        import inspect

        def body(*, triggering_asset_events=None) -> list[str]:
            return []

        assert "triggering_asset_events" in inspect.signature(retry_only_transient(body)).parameters
