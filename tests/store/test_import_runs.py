"""Import runs: a run whose process is gone is found out as interrupted, others are left."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from softpower.services.store import store_of
from softpower.store import schema
from softpower.store.import_runs import finish_run, recent_runs, start_run
from softpower.workspace import Workspace


def _gone_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_running_runs_of_a_gone_process_on_this_host_become_interrupted(
    workspace: Workspace,
) -> None:
    here = socket.gethostname()
    started = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    with store_of(workspace) as engine:
        with engine.begin() as connection:
            for pid, host in ((_gone_pid(), here), (os.getpid(), here), (_gone_pid(), "elsewhere")):
                connection.execute(
                    insert(schema.import_runs).values(
                        kind="mail", paths="a.mbox", started_at=started, status="running",
                        written=0, rejected=0, host=host, pid=pid,
                    )
                )  # fmt: skip
        run_id = start_run(engine, "crm", [])  # starting a run finds the gone one out
        finish_run(engine, run_id, "committed", 5, 1, None)
        with engine.connect() as connection:
            statuses = (
                connection.execute(
                    select(schema.import_runs.c.status).order_by(schema.import_runs.c.id)
                )
                .scalars()
                .all()
            )
        assert statuses == ["interrupted", "running", "running", "committed"]
        latest = recent_runs(engine, 2)
    assert [run.id for run in latest] == [run_id, run_id - 1]
    assert (latest[0].kind, latest[0].status, latest[0].written, latest[0].rejected) == (
        "crm", "committed", 5, 1,
    )  # fmt: skip
    assert latest[0].finished_at is not None and latest[0].finished_at >= latest[0].started_at
    assert latest[1].host == "elsewhere" and latest[1].started_at == started


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process start times need /proc")
def test_a_process_id_taken_by_a_later_process_does_not_keep_a_run_running(
    workspace: Workspace,
) -> None:
    # a live process that started after a run began cannot be that run's process: the run's
    # own was killed and its id reused; one that started before the run may be it
    later = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with store_of(workspace) as engine:
            with engine.begin() as connection:
                for started in (datetime.now(UTC) - timedelta(hours=1), datetime.now(UTC)):
                    connection.execute(
                        insert(schema.import_runs).values(
                            kind="mail", paths="a.mbox", started_at=started, status="running",
                            written=0, rejected=0, host=socket.gethostname(), pid=later.pid,
                        )
                    )  # fmt: skip
            statuses = [run.status for run in reversed(recent_runs(engine, 2))]
    finally:
        later.kill()
        later.wait()
    assert statuses == ["interrupted", "running"]


def test_no_limit_lists_every_run(workspace: Workspace) -> None:
    with store_of(workspace) as engine:
        for _ in range(3):
            finish_run(engine, start_run(engine, "crm", []), "committed", 0, 0, None)
        assert len(recent_runs(engine, None)) == 3 and len(recent_runs(engine, 2)) == 2
