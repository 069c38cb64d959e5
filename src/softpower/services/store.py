"""Opening a workspace's database, refusing to work on an outdated schema."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from softpower.errors import DatabaseNotReady, WorkspaceError
from softpower.store import database
from softpower.workspace import Workspace, create_workspace


def open_store(workspace: Workspace, *, upgrade: bool = False) -> Engine:
    """The workspace's engine; with `upgrade`, migrate first, else insist the schema is current."""
    missing = database.sqlite_path(workspace.database_url)
    if not upgrade and missing is not None and not missing.exists():
        raise WorkspaceError(f"no softpower database at {missing}; run `softpower init` first")
    engine = database.open_engine(workspace.database_url)
    try:
        with database.reachable(workspace.database_url):
            if upgrade:
                database.upgrade(engine)
            elif not database.is_current(engine):
                found = database.current_revision(engine)
                state = "has no softpower tables" if found is None else f"is at revision {found}"
                raise DatabaseNotReady(
                    f"the database {state}; run `softpower init` or `softpower db upgrade` first"
                )
    except BaseException:
        engine.dispose()
        raise
    return engine


def init_workspace(workspace: Workspace) -> Engine:
    """Create the workspace folder and bring its database to the current schema."""
    create_workspace(workspace.root)
    return open_store(workspace, upgrade=True)


def upgrade_database(workspace: Workspace) -> tuple[str | None, str | None]:
    """Migrate in place; returns the revisions before and after."""
    engine = database.open_engine(workspace.database_url)
    try:
        with database.reachable(workspace.database_url):
            before = database.current_revision(engine)
            database.upgrade(engine)
            return before, database.current_revision(engine)
    finally:
        engine.dispose()


@contextmanager
def store_of(workspace: Workspace) -> Iterator[Engine]:
    """The workspace's current-schema engine, disposed of when the block ends."""
    engine = open_store(workspace)
    try:
        yield engine
    finally:
        engine.dispose()


WRITER_LOCK = 0x736F6674706F7772  # PostgreSQL advisory lock key: one writing job per database


@contextmanager
def writing_store(workspace: Workspace) -> Iterator[Engine]:
    """`store_of`, for a job that writes people and interactions: one such job at a time.

    Two imports at once could each read a person the other is about to
    merge away (identity resolution) or write around it: a deadlock, or a
    reference to a person no longer there. So the jobs that write (imports,
    merges, splits) wait for each other: on PostgreSQL by a session advisory
    lock, on SQLite by a lock on a file beside the database. Both go with the
    process, even one killed.
    """
    with store_of(workspace) as engine:
        path = database.sqlite_path(workspace.database_url)
        if path is not None:
            with (path.parent / f"{path.name}.writer-lock").open("a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
                yield engine
            return
        if engine.dialect.name != "postgresql":
            yield engine
            return
        with engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({WRITER_LOCK})")
            connection.commit()
        # the lock is the session's: its connection goes back to the pool, where the job's
        # first one comes from (a connection of its own cost each job 5 to 20 ms), and the
        # engine's disposal at the end closes the session, which lets the lock go
        yield engine
