"""The `import_runs` table: one row per import, `running` until it ends.

Every importer records its runs the same way, so the history reads the same
whatever was imported. A run ends `committed` or `failed`. One killed with
SIGKILL never gets to say: each run records its host and process id, and a
run still marked `running` whose process is gone from this host is marked
`interrupted` the next time runs are started or listed (as is one whose
process id now belongs to a process that started after the run did). What it had
committed stays (file importers commit every few files; a CRM import only
at its end), and importing the same files again completes the job. A run
recorded on another host is left as it is: only that host can tell.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select, update

from softpower.store import schema

INTERRUPTED = "interrupted"


@dataclass(frozen=True, slots=True)
class ImportRun:
    """One import as recorded: what it read, when, how it ended and what it wrote."""

    id: int
    kind: str
    paths: tuple[str, ...]
    started_at: datetime
    finished_at: datetime | None
    status: str
    written: int
    rejected: int
    report_path: str | None
    host: str | None


def start_run(engine: Engine, kind: str, paths: Sequence[Path]) -> int:
    """Record a run of `kind` over `paths` as running; returns its id."""
    with engine.begin() as connection:
        settle_interrupted(connection)
        result = connection.execute(
            insert(schema.import_runs).values(
                kind=kind,
                paths="\n".join(str(p) for p in paths),
                started_at=datetime.now(UTC),
                status="running",
                written=0,
                rejected=0,
                host=socket.gethostname(),
                pid=os.getpid(),
            )
        )
        assert result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])


def finish_run(
    bind: Engine | Connection,
    run_id: int,
    status: str,
    written: int,
    rejected: int,
    report_path: Path | None,
) -> None:
    """Record how run `run_id` ended (`committed` or `failed`) and what it did.

    Given a connection, inside its transaction: a run recorded `committed` in
    the transaction that writes its records is never seen committed without
    them, nor they without it.
    """
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            finish_run(connection, run_id, status, written, rejected, report_path)
        return
    bind.execute(
        update(schema.import_runs)
        .where(schema.import_runs.c.id == run_id)
        .values(
            finished_at=datetime.now(UTC),
            status=status,
            written=written,
            rejected=rejected,
            report_path=str(report_path) if report_path else None,
        )
    )


def settle_interrupted(connection: Connection) -> int:
    """Mark this host's running runs whose process is gone as interrupted; returns how many."""
    runs = schema.import_runs
    stale = [
        run_id
        for run_id, pid, started_at in connection.execute(
            select(runs.c.id, runs.c.pid, runs.c.started_at).where(
                runs.c.status == "running", runs.c.host == socket.gethostname()
            )
        )
        if pid is not None and not _alive(pid, started_at)
    ]
    if stale:
        connection.execute(
            update(schema.import_runs)
            .where(runs.c.id.in_(stale), runs.c.status == "running")
            .values(status=INTERRUPTED)
        )
    return len(stale)


def recent_runs(engine: Engine, limit: int | None) -> list[ImportRun]:
    """The latest `limit` runs (None: all), newest first, interrupted ones found out first."""
    runs = schema.import_runs
    with engine.begin() as connection:
        settle_interrupted(connection)
        rows = connection.execute(select(runs).order_by(runs.c.id.desc()).limit(limit)).all()
    return [
        ImportRun(
            id=row.id,
            kind=row.kind,
            paths=tuple(row.paths.split("\n")) if row.paths else (),
            started_at=_utc(row.started_at),
            finished_at=_utc(row.finished_at) if row.finished_at else None,
            status=row.status,
            written=row.written,
            rejected=row.rejected,
            report_path=row.report_path,
            host=row.host,
        )
        for row in rows
    ]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _alive(pid: int, started_at: datetime) -> bool:
    """Whether the run's process is still there: a process with its id exists on this host and
    did not start after the run did (then it is another that reused the id; where the start time
    cannot be read, a reused id counts as alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive too
        pass
    began = _process_start(pid)
    return began is None or began <= _utc(started_at) + START_SLACK


START_SLACK = timedelta(seconds=2)  # the boot time is known to the second only


def _process_start(pid: int) -> datetime | None:
    """When process `pid` started, from Linux's /proc; None elsewhere or when unreadable."""
    try:
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        # the fields after the command name, which may hold spaces and parentheses
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of stat(5): start time after boot, in clock ticks
        return datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), UTC)
    except (OSError, StopIteration, IndexError, ValueError):
        return None
