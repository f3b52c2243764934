"""The linkage tests run on a stack of their own.

Linkage is warehouse-wide by design: a person in these tests' files links with the same
synthetic person in any other test's files, whatever the period. On the session's shared
stack that made the year's linkage indicators (LP-1 to LP-4) depend on whether these tests
ran before them. A private home and private ports remove the coupling in either order.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pata.settings import Settings, get_settings, reset_settings
from pata.stack import processes


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """PostgreSQL + S3/SQS + migrations under a private PATA_HOME, for this module only."""
    from pata import stack

    home = tmp_path_factory.mktemp("pata-linkage-home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PATA_HOME", str(home))
        env.setenv("PATA_PG_PORT", str(processes.free_port()))
        env.setenv("PATA_S3_PORT", str(processes.free_port()))
        env.setenv("PATA_AIRFLOW_PORT", str(processes.free_port()))
        env.setenv("PATA_DEMO", "0")
        for name in ("PATA_WAREHOUSE_URL", "PATA_S3_ENDPOINT_URL", "PATA_SQS_QUEUE_URL"):
            env.delenv(name, raising=False)
        reset_settings()
        settings = get_settings()
        try:
            stack.start_services(settings)
            yield settings
        finally:
            stack.down(settings)
            reset_settings()
    reset_settings()
    left = [processes.command_name(pid) for pid in processes.running_in(home)]
    assert left == [], f"the linkage stack left processes running: {left}"
