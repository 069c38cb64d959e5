"""Opening the database and keeping its schema current.

SQLite is the embedded default (one file in the workspace, WAL so readers
never block the importer, foreign keys enforced, a busy timeout so two
processes wait instead of failing). PostgreSQL is selected by URL for teams.
Schema changes go through Alembic only, so an old workspace upgrades in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError

from softpower.errors import WorkspaceError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# the newest migration's revision: every command checks the schema against it, and reading it
# from the migrations themselves (importing each one) cost 12 ms a command; a test keeps the two
# in step
HEAD_REVISION = "0005"


def normalise_url(url: str) -> str:
    """Accept `postgresql://` URLs and route them to psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        # not echoed: an unparsable URL may still hold a password
        raise WorkspaceError(
            "the database URL is not a URL; expected sqlite:///PATH or "
            "postgresql://USER:PASSWORD@HOST/DATABASE"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def database_dialect(url: str) -> str:
    """`sqlite` or `postgresql`: which SQL a URL's database speaks."""
    return make_url(normalise_url(url)).get_backend_name()


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory ones."""
    parsed = make_url(normalise_url(url))
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


SQLITE_BULK_CACHE_KIB = 64 << 10  # a large import's indexes stay in memory
SQLITE_DEFAULT_CACHE_KIB = 2000  # SQLite's own default


def prepare_bulk_writes(connection: Connection, *, long_texts: bool = True) -> None:
    """Set a connection up for a large import.

    SQLite: a 64 MiB page cache keeps the indexes of a large import in memory,
    and the write-ahead log is checkpointed every 80 MB instead of every 4 MB
    (each checkpoint costs two fsyncs, and a commit rewrites pages of every
    index). PostgreSQL: long texts (mail bodies, transcripts, documents) are
    compressed with lz4 where the server has it, not pglz (its default, at
    about a third of lz4's speed; both are read back the same way). The
    settings stay with the connection, also once it is back in the pool.
    Without `long_texts` (CRM rows), the compression is left alone: asking the
    server whether it has lz4 took a CRM import 2 to 4 ms.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
        connection.exec_driver_sql("PRAGMA wal_autocheckpoint=20000")
        return
    if not long_texts:
        return
    lz4 = connection.exec_driver_sql(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
    ).scalar()
    if lz4:
        connection.exec_driver_sql("SET default_toast_compression = 'lz4'")


def array_literal(values: Iterable[Any]) -> str:
    """A PostgreSQL array literal of these values, for a `%s::type[]` parameter.

    The driver adapts a list element by element in Python (1.4 µs a string,
    measured: 0.7 ms for a 500-address lookup); this writes the literal in one
    pass. Strings are always quoted (so the text NULL stays text) with `"` and
    `\\` escaped; None is NULL; other values are written as their type reads them.
    """
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif isinstance(value, str):
            if "\\" in value or '"' in value:
                value = value.replace("\\", "\\\\").replace('"', '\\"')
            items.append(f'"{value}"')
        elif isinstance(value, bool):
            items.append("t" if value else "f")
        elif isinstance(value, date):  # and datetime: ISO text, with its offset
            items.append(f'"{value.isoformat()}"')
        else:  # numbers
            items.append(str(value))
    return "{" + ",".join(items) + "}"


def driver_connection(connection: Connection) -> Any:
    """The DB-API connection under `connection`, for the bulk paths that skip SQLAlchemy."""
    driver = connection.connection.driver_connection
    assert driver is not None
    return driver


def open_engine(url: str) -> Engine:
    """An engine for `url` with the settings softpower relies on."""
    url = normalise_url(url)
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise WorkspaceError(
            f"the database URL {shown_url(url)} is for {backend!r}; softpower works with "
            "sqlite and postgresql"
        )
    try:
        if backend == "sqlite":
            path = sqlite_path(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        # no ping before each checkout: an engine lives for one command, and each ping cost a
        # round trip (1.3 ms, six times an import); a connection lost mid-job fails the job,
        # never silently swapped for one without the job's advisory lock (`writing_store`)
        return create_engine(url)
    except (ArgumentError, NoSuchModuleError, OSError) as error:
        raise WorkspaceError(f"cannot use the database URL {shown_url(url)}: {error}") from None


def shown_url(url: str) -> str:
    """A database URL fit to print: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def reachable(url: str) -> Iterator[None]:
    """Turn a failure to connect (or a file that is no database) into a one-line error."""
    try:
        yield
    except DatabaseError as error:
        reason = str(error.orig or error).strip().splitlines()
        raise WorkspaceError(
            f"cannot open the database {shown_url(url)}: {reason[0] if reason else 'no reason given'}"
        ) from None


# Alembic is imported by the functions that migrate, not up front: every other command
# checks the revision with one query and never needs it (its import cost 0.25 s a command)


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`, in place, keeping every row."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision, as the migrations say (see `HEAD_REVISION`)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def is_current(engine: Engine) -> bool:
    """Whether the schema is at `HEAD_REVISION`: one plain query, where Alembic's own
    reading of the revision cost every command 2 ms."""
    with engine.connect() as connection:
        try:
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        except DBAPIError:  # no such table: not a softpower database (yet)
            return False
    return [tuple(row) for row in found] == [(HEAD_REVISION,)]


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Connection]:
    """One transaction: committed whole when the block ends, rolled back on any error."""
    with engine.begin() as connection:
        yield connection
