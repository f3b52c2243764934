"""An alert: one event worth telling a person about, made only of checked codes and ids.

Every field is checked against a strict pattern (:class:`UnsafeAlert` otherwise) and the
text is composed from the fields alone, so no file name, exception message or cell value
can get into an alert.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pata.errors import PataError

AlertKind = Literal[
    "late-submission",
    "file-rejected",
    "file-failed",
    "task-failed",
    "dag-failed",
    "dag-deadline-missed",
    "pull-failed",
]

PARTNER_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PERIOD_LABEL = re.compile(r"^\d{4}(-\d{2}|Q[1-4])$")
ERROR_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
AIRFLOW_ID = re.compile(r"^[A-Za-z0-9_.\-\[\]]{1,250}$")
RUN_ID = re.compile(r"^[A-Za-z0-9_.\-:+~]{1,250}$")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


class UnsafeAlert(PataError):
    """A field of an alert does not fit its pattern (it could carry something it must not)."""

    code = "unsafe-alert-field"


@dataclass(frozen=True)
class Alert:
    """One event worth telling a person about, made only of codes, ids and periods."""

    kind: AlertKind
    partner_code: str | None = None
    dataset: str | None = None
    period_label: str | None = None
    ledger_id: int | None = None
    error_code: str | None = None
    dag_id: str | None = None
    run_id: str | None = None
    task_id: str | None = None
    due: date | None = None
    days_late: int | None = None
    deadline: datetime | None = None

    def __post_init__(self) -> None:
        from pata.contracts import DATASETS

        checks: list[tuple[str, object, bool]] = [
            ("partner_code", self.partner_code, _matches(PARTNER_CODE, self.partner_code)),
            ("dataset", self.dataset, self.dataset is None or self.dataset in DATASETS),
            ("period_label", self.period_label, _matches(PERIOD_LABEL, self.period_label)),
            ("error_code", self.error_code, _matches(ERROR_CODE, self.error_code)),
            ("dag_id", self.dag_id, _matches(AIRFLOW_ID, self.dag_id)),
            ("task_id", self.task_id, _matches(AIRFLOW_ID, self.task_id)),
            ("run_id", self.run_id, _matches(RUN_ID, self.run_id)),
            (
                "ledger_id",
                self.ledger_id,
                self.ledger_id is None or (type(self.ledger_id) is int and self.ledger_id > 0),
            ),
        ]
        for name, _value, ok in checks:
            if not ok:
                # never echo the value: it is exactly what might be unsafe
                raise UnsafeAlert(f"alert field {name} does not fit its pattern")

    # -- constructors ------------------------------------------------------------------

    @classmethod
    def late_submission(
        cls, *, partner_code: str, dataset: str, period_label: str, due: date, days_late: int
    ) -> Alert:
        """A partner owes a file for a period whose due date has passed."""
        return cls(
            kind="late-submission",
            partner_code=partner_code,
            dataset=dataset,
            period_label=period_label,
            due=due,
            days_late=days_late,
        )

    @classmethod
    def file_ended(
        cls,
        *,
        status: str,
        ledger_id: int,
        partner_code: str | None,
        dataset: str | None,
        period_label: str | None,
        error_code: str | None,
    ) -> Alert:
        """A file ended ``rejected`` (for its content: the partner's report says why) or
        ``failed`` (not handled, for a reason of ours)."""
        return cls(
            kind="file-failed" if status == "failed" else "file-rejected",
            ledger_id=ledger_id,
            partner_code=partner_code,
            dataset=dataset,
            period_label=period_label,
            error_code=error_code,
        )

    @classmethod
    def pull_failed(
        cls, *, partner_code: str, dataset: str, period_label: str, error_code: str
    ) -> Alert:
        """A partner's source could not be read for a period (one alert per cause)."""
        return cls(
            kind="pull-failed",
            partner_code=partner_code,
            dataset=dataset,
            period_label=period_label,
            error_code=error_code,
        )

    @classmethod
    def task_failed(
        cls, *, dag_id: str, run_id: str, task_id: str, error_code: str | None
    ) -> Alert:
        """A task failed for good (after its retries)."""
        return cls(
            kind="task-failed", dag_id=dag_id, run_id=run_id, task_id=task_id, error_code=error_code
        )

    @classmethod
    def dag_failed(cls, *, dag_id: str, run_id: str, error_code: str | None = None) -> Alert:
        """A DAG run ended failed."""
        return cls(kind="dag-failed", dag_id=dag_id, run_id=run_id, error_code=error_code)

    @classmethod
    def dag_deadline_missed(cls, *, dag_id: str, run_id: str, deadline: datetime | None) -> Alert:
        """A DAG run did not finish by its Airflow deadline."""
        return cls(kind="dag-deadline-missed", dag_id=dag_id, run_id=run_id, deadline=deadline)

    # -- what people read ------------------------------------------------------------------

    @property
    def dedup_key(self) -> str:
        """The identity of the event: the same event raised again is recognised by it."""
        if self.kind == "late-submission":
            parts: Sequence[object] = (self.partner_code, self.dataset, self.period_label)
        elif self.kind in ("file-rejected", "file-failed"):
            parts = (self.ledger_id,)
        elif self.kind == "pull-failed":
            parts = (self.partner_code, self.dataset, self.period_label, self.error_code)
        elif self.kind == "task-failed":
            parts = (self.dag_id, self.run_id, self.task_id)
        else:
            parts = (self.dag_id, self.run_id)
        return ":".join([self.kind, *("" if p is None else str(p) for p in parts)])

    @property
    def subject(self) -> str:
        """A one-line subject for e-mail."""
        if self.kind in ("late-submission", "file-rejected", "file-failed", "pull-failed"):
            scope = "/".join(p for p in (self.partner_code, self.dataset, self.period_label) if p)
        else:
            scope = self.dag_id or ""
        return f"[PATA] {self.kind}: {scope or 'unattributed'}"

    @property
    def message(self) -> str:
        """The text sent to people, composed only of this alert's fields."""
        if self.kind == "late-submission":
            return (
                f"Late submission: partner {self.partner_code} has sent no accepted "
                f"{self.dataset} file for {self.period_label} (due {self.due}, "
                f"{self.days_late} day{'' if self.days_late == 1 else 's'} late)."
            )
        if self.kind == "file-rejected":
            partner = self.partner_code or "an unregistered partner folder"
            return (
                f"Rejected file: ledger id {self.ledger_id} from {partner}, dataset "
                f"{self.dataset or 'unknown'}, period {self.period_label or 'unknown'}, "
                f"rejected with {self.error_code or 'no code'}. The partner's feedback "
                "report explains the problem."
            )
        if self.kind == "file-failed":
            partner = self.partner_code or "an unregistered partner folder"
            return (
                f"Failed file: ledger id {self.ledger_id} from {partner}, dataset "
                f"{self.dataset or 'unknown'}, period {self.period_label or 'unknown'}, "
                f"failed with {self.error_code or 'no code'}: a fault of ours, not of the file. "
                "Fix the cause (the task log names it), then `pata replay` the file."
            )
        if self.kind == "pull-failed":
            return (
                f"Pull failed: the {self.dataset} export of partner {self.partner_code} for "
                f"{self.period_label} could not be fetched ({self.error_code}). The runbook "
                "says what each code means; the pull retries on the next day of its window."
            )
        if self.kind == "task-failed":
            return (
                f"Task failed: {self.dag_id}.{self.task_id} in run {self.run_id} "
                f"({self.error_code or 'no code'}). See the task log in the Airflow UI."
            )
        if self.kind == "dag-failed":
            return (
                f"DAG run failed: {self.dag_id} run {self.run_id} "
                f"({self.error_code or 'no reason given'}). See the Airflow UI."
            )
        when = self.deadline.isoformat(timespec="minutes") if self.deadline else "its deadline"
        return f"DAG run late: {self.dag_id} run {self.run_id} had not finished by {when}."


def _matches(pattern: re.Pattern[str], value: str | None) -> bool:
    return value is None or (isinstance(value, str) and pattern.match(value) is not None)


def error_code_of(exc: BaseException | None) -> str | None:
    """A stable code for an exception: a PataError's code, else its class name in kebab case.

    Never the message: a driver error can quote the row it failed on.
    """
    if exc is None:
        return None
    if isinstance(exc, PataError) and ERROR_CODE.match(exc.code):
        return exc.code
    return _CAMEL.sub("-", type(exc).__name__).lower()


def accepted(value: str | None, accept: Callable[[str], object]) -> str | None:
    """``value`` when it is set and ``accept`` takes it, else None (never an unsafe value)."""
    return value if value and accept(value) else None
