"""Migrations build exactly the declared schema, and upgrade an old database in place."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select

from softpower.store import database, schema


def test_migrations_match_declared_tables(database_url: str) -> None:
    engine = database.open_engine(database_url)
    database.upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), schema.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_is_idempotent_and_keeps_rows(database_url: str) -> None:
    engine = database.open_engine(database_url)
    database.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(insert(schema.accounts).values(id="a1", name="Acme"))
    database.upgrade(engine)
    assert database.is_current(engine)
    with engine.connect() as connection:
        assert connection.scalar(select(schema.accounts.c.name)) == "Acme"
    engine.dispose()


def test_only_the_newest_schema_is_current(database_url: str) -> None:
    engine = database.open_engine(database_url)
    assert not database.is_current(engine)  # no softpower tables at all
    database.upgrade(engine, "0004")
    assert not database.is_current(engine)
    database.upgrade(engine)
    assert database.is_current(engine)
    engine.dispose()


def test_head_revision_constant_is_the_newest_migration() -> None:
    # a new migration must move HEAD_REVISION too, or every command would refuse the new schema
    assert database.head_revision() == database.HEAD_REVISION


def test_sqlite_pragmas_are_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = database.open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()
