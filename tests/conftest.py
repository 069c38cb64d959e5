"""One fixture runs the suite against SQLite and PostgreSQL alike.

`database_url` is parametrised over both back ends. Each PostgreSQL test gets
a schema of its own inside one throw-away database per session, so runs in
parallel checkouts never collide. Outside CI a missing server makes those
tests skip with a message saying how to start it; under CI (CI=true) it is a
failure, so a green CI always means both databases were tested.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from softpower.services.store import init_workspace
from softpower.workspace import Workspace, create_workspace

ADMIN_URL = os.environ.get(
    "SOFTPOWER_TEST_POSTGRES_URL",
    "postgresql+psycopg://softpower:softpower@127.0.0.1:5432/softpower",
)
UNDER_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _postgres_unavailable(reason: str) -> None:
    message = f"PostgreSQL unavailable ({reason}); start it with `make postgres` (as root)"
    if UNDER_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh database for this test session; dropped at the end."""
    name = f"softpower_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # any connection failure means: no server here
        _postgres_unavailable(str(error).splitlines()[0])
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    _drop_database(admin, name)
    admin.dispose()


def _drop_database(admin: Engine, name: str, attempts: int = 20) -> None:
    """Drop the session's database, waiting out an autovacuum worker in it.

    FORCE ends this role's own sessions, but not the server's autovacuum
    worker, which a non-superuser may not signal: the drop then fails until
    the worker is done (a second or so).
    """
    for attempt in range(attempts):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except (OperationalError, ProgrammingError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.25)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind; PostgreSQL gets a schema per test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'softpower.db'}"
        return
    base = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with engine.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def workspace(tmp_path: Path, database_url: str) -> Workspace:
    """A ready workspace (folder, config, migrated database) on each back end."""
    root = tmp_path / "workspace"
    create_workspace(root)
    ws = Workspace(root=root, database_url=database_url, internal_domains=("ourco.example",))
    init_workspace(ws).dispose()
    return ws
