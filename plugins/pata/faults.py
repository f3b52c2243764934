"""Transient faults versus everything else: which failures are worth a retry.

A file's *content* never raises (the pipeline turns bad content into a coded problem and a
final ledger status). What can still raise is the infrastructure around it: the warehouse
or the object store unreachable, a connection dropped mid-load, a statement or lock timeout,
S3 throttling. Those are **transient**: the same call may succeed a minute later, so the
task is retried with exponential backoff, a bounded number of times. Anything else (a bug,
a wrong setting, a task timeout on a file that takes too long) is not retried: a retry
would fail the same way and hold a worker slot for nothing.

Code anywhere in the pipeline may raise :class:`TransientFault` (or wrap a lower-level error
in it) to say "retry me"; :func:`is_transient` also recognises the usual driver errors
(SQLAlchemy/psycopg, botocore, sockets) by class, so callers need not wrap everything.
This module never imports Airflow: the DAGs apply the policy (:mod:`pata.dag_defaults`).

The budget is per *file*, not only per task: the ledger counts the runs that started on an
upload (``ops.file_ledger.attempts``: Airflow's retries, the sweep's later passes, a worker
killed mid-load). A run that finds :data:`MAX_FILE_ATTEMPTS` runs already spent ends the
file ``failed`` with ``retries-exhausted`` instead of trying again, so a file that keeps
hitting a fault (a statement timeout, a task timeout) never loops.
"""

from __future__ import annotations

from pata.errors import PataError, ServiceUnreachable

# S3/SQS error codes that mean "the service is busy or briefly unavailable", not "no".
TRANSIENT_AWS_CODES = frozenset(
    {
        "InternalError",
        "RequestTimeout",
        "RequestTimeoutException",
        "ServiceUnavailable",
        "SlowDown",
        "Throttling",
        "ThrottlingException",
        "RequestLimitExceeded",
        "503",
        "500",
        "502",
        "504",
    }
)

# PostgreSQL SQLSTATE classes/codes worth a retry: connection exceptions (08), operator
# intervention (57: admin shutdown, crash shutdown, cannot connect now, query canceled by
# statement_timeout), insufficient resources (53), lock not available (55P03), serialization
# failure and deadlock (40001, 40P01).
TRANSIENT_SQLSTATE_CLASSES = ("08", "53", "57")
TRANSIENT_SQLSTATES = frozenset({"55P03", "40001", "40P01"})


MAX_FILE_ATTEMPTS = 5
"""Runs an upload may start before the next one ends it ``failed`` (``retries-exhausted``):
its task's first run and three retries (:data:`pata.dag_defaults.RETRIES`), and one more
from a later sweep pass."""


class TransientFault(PataError):
    """An infrastructure failure that may pass: the task is retried with backoff.

    Raise it (``raise TransientFault("...") from exc``) where a lower-level error means
    "try again later". The message must name the service and the step, never a value.
    """

    code = "transient-fault"


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` (or an error it was raised from) is worth retrying later."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _transient_itself(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def fault_code(exc: BaseException) -> str:
    """A stable, value-free code for an exception: its ``code`` or its class name."""
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code:
        return code
    return type(exc).__name__


def _transient_itself(exc: BaseException) -> bool:
    if isinstance(exc, TransientFault | ServiceUnreachable):
        return True
    if type(exc).__name__ == "AirflowTaskTimeout":
        return False  # the file took too long: the same file would again
    if isinstance(exc, ConnectionError | TimeoutError):
        return True
    return _transient_database(exc) or _transient_object_store(exc)


def _transient_database(exc: BaseException) -> bool:
    try:
        from sqlalchemy import exc as sa_exc
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        return False
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sa_exc.DisconnectionError | sa_exc.TimeoutError):
        return True
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        sqlstate = getattr(exc.orig, "sqlstate", None)
        # No SQLSTATE: the driver could not reach the server (connection refused, reset).
        return sqlstate is None or _transient_sqlstate(sqlstate)
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return False
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        sqlstate = getattr(exc, "sqlstate", None)
        return sqlstate is None or _transient_sqlstate(sqlstate)
    return False


def _transient_sqlstate(sqlstate: str) -> bool:
    return sqlstate.startswith(TRANSIENT_SQLSTATE_CLASSES) or sqlstate in TRANSIENT_SQLSTATES


def _transient_object_store(exc: BaseException) -> bool:
    try:
        from botocore import exceptions as bc
    except ImportError:  # pragma: no cover
        return False
    if isinstance(
        exc,
        bc.EndpointConnectionError
        | bc.ConnectionClosedError
        | bc.ConnectTimeoutError
        | bc.ReadTimeoutError
        | bc.ResponseStreamingError,
    ):
        return True
    if isinstance(exc, bc.ClientError):
        error = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return error.get("Code") in TRANSIENT_AWS_CODES or (
            isinstance(status, int) and status >= 500
        )
    return False
