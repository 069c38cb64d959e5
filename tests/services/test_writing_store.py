"""Jobs that write people and interactions run one at a time, and a killed one lets go."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import create_engine

from softpower.services.store import WRITER_LOCK, writing_store
from softpower.workspace import Workspace

HOLD = """
import sys, time
from pathlib import Path
from softpower.services.store import writing_store
from softpower.workspace import Workspace
with writing_store(Workspace(root=Path(sys.argv[1]), database_url=sys.argv[2])):
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_second_writing_job_waits_for_the_first(workspace: Workspace) -> None:
    events: list[str] = []
    first_in = threading.Event()

    def first() -> None:
        with writing_store(workspace):
            events.append("first in")
            first_in.set()
            time.sleep(0.5)
            events.append("first out")

    def second() -> None:
        first_in.wait(10)
        with writing_store(workspace):
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert events == ["first in", "first out", "second in"]


def test_a_killed_writing_job_lets_the_next_one_in(workspace: Workspace) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(workspace.root), workspace.database_url],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        waited: list[float] = []

        def enter() -> None:
            started = time.monotonic()
            with writing_store(workspace):
                waited.append(time.monotonic() - started)

        waiting = threading.Thread(target=enter)
        waiting.start()
        time.sleep(0.5)
        assert not waited  # still held by the other process
        holder.send_signal(signal.SIGKILL)
        waiting.join(20)
        assert waited and waited[0] >= 0.5
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_stays_while_the_job_uses_its_connections_and_goes_with_it(
    workspace: Workspace,
) -> None:
    if not workspace.database_url.startswith("postgresql"):
        pytest.skip("a file lock on SQLite: the tests above cover it")
    watcher = create_engine(workspace.database_url)

    def held() -> int:
        with watcher.connect() as connection:
            return int(
                connection.exec_driver_sql(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    f" AND classid = {WRITER_LOCK >> 32} AND objid = {WRITER_LOCK & 0xFFFFFFFF}"
                ).scalar_one()
            )

    try:
        with writing_store(workspace) as engine:
            with engine.connect() as first, engine.connect() as second:  # the job's own
                first.exec_driver_sql("SELECT 1")
                second.exec_driver_sql("SELECT 1")
                assert held() == 1
            with engine.begin() as connection:
                connection.exec_driver_sql("SELECT 1")
            assert held() == 1
        assert held() == 0
    finally:
        watcher.dispose()
