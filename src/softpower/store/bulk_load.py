"""A transaction for large loads: references and indexes done once at the end.

Checking a foreign key row by row is most of the cost of inserting into a
table that refers to three others (on PostgreSQL each check is a trigger
running a locking query; measured: 24 µs a row with the checks, 10 without).
For a large import the databases' own advice is to check once, afterwards,
with one set-based pass. `bulk_load` does that: on SQLite it turns the
checks off for its connection and runs `PRAGMA foreign_key_check` on every
loaded table before committing; on PostgreSQL it drops the loaded tables'
foreign-key constraints inside the transaction and adds them back before
committing, which validates every row in one pass; the drops lock the
loaded tables and those they refer to until then. A dangling reference
fails the whole load, so the store never holds one. Secondary indexes are
treated alike: dropped at the start and built again, sorted in one pass, at
the end (keys stay: upserts need them). Nothing changes for
other sessions until the commit; on PostgreSQL they wait to read the loaded
tables until then, which is why only large imports use it.

The PostgreSQL half (`defer_checks`, `restore_checks`) also serves imports
that commit several times, each transaction dropping and rebuilding alike
(see `services.imports`).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import (
    Connection,
    Engine,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    Table,
)
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from softpower.errors import SoftpowerError
from softpower.store.database import SQLITE_DEFAULT_CACHE_KIB


@contextmanager
def bulk_load(engine: Engine, tables: Sequence[Table]) -> Iterator[Connection]:
    """One transaction writing `tables`, their references checked when it ends."""
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            yield from _sqlite_load(connection, tables, _secondary_indexes(tables))
            return
        with connection.begin():
            deferred = defer_checks(connection, tables)
            yield connection
            restore_checks(connection, deferred)


@dataclass(frozen=True, slots=True)
class Deferred:
    """What a PostgreSQL transaction dropped, to build and check once before it commits."""

    references: list[ForeignKeyConstraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    keys: list[PrimaryKeyConstraint] = field(default_factory=list)


def defer_checks(
    connection: Connection,
    tables: Sequence[Table],
    *,
    kept: Collection[str] = (),
    keys: bool = False,
) -> Deferred:
    """Drop the foreign keys and secondary indexes of `tables` in the open PostgreSQL transaction;
    with `keys`, their primary keys too, where no other table refers to them. Keys and indexes
    named in `kept` stay (the load reads through them).

    Everything dropped must be built again (`restore_checks`) before the transaction commits;
    if it rolls back instead, nothing was ever gone. Until then the tables, and those they refer
    to, are the transaction's alone.
    """
    if not tables:
        return Deferred()
    references = [fk for table in tables for fk in table.foreign_key_constraints]
    referred = {
        fk.referred_table
        for table in tables[0].metadata.tables.values()
        for fk in table.foreign_key_constraints
    }
    deferred = Deferred(
        references,
        _secondary_indexes(tables, kept),
        [
            table.primary_key
            for table in tables
            if keys and table not in referred and table.primary_key.name not in kept
        ],
    )
    _lock(connection, {t.name for t in tables} | {fk.referred_table.name for fk in references})
    for constraint in deferred.references:
        connection.execute(DropConstraint(constraint))
    _drop_indexes(connection, deferred.indexes)
    for key in deferred.keys:
        connection.execute(DropConstraint(key))
    return deferred


def restore_checks(connection: Connection, deferred: Deferred) -> None:
    """Build what `defer_checks` dropped: each key and index in one sorted pass, then each
    reference checking every row in one set-based pass. A duplicate key or a dangling
    reference fails the transaction."""
    for key in deferred.keys:
        connection.execute(AddConstraint(key))
    _create_indexes(connection, deferred.indexes)
    for constraint in deferred.references:
        connection.execute(AddConstraint(constraint))


def _secondary_indexes(tables: Sequence[Table], kept: Collection[str] = ()) -> list[Index]:
    return [
        index
        for table in tables
        for index in table.indexes
        if not index.unique and index.name not in kept
    ]


def _lock(connection: Connection, names: set[str]) -> None:
    """Take at once the locks the drops would take one by one, or none, and try again.

    Taken one by one, a reader holding one table while waiting for another
    the load holds would deadlock with it; so all are asked for in one
    statement with a short timeout, and on a timeout the savepoint gives back
    those already granted, the readers finish, and the load asks again.
    """
    statement = f"LOCK TABLE {', '.join(sorted(names))} IN ACCESS EXCLUSIVE MODE"
    for attempt in range(1, 1000):
        try:
            with connection.begin_nested():
                connection.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
                connection.exec_driver_sql(statement)
                connection.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")
            return
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) != "55P03":  # lock_not_available
                raise
            time.sleep(min(0.05 * attempt, 1.0))
    raise SoftpowerError(f"could not lock {', '.join(sorted(names))} for a bulk load")


def _drop_indexes(connection: Connection, indexes: Sequence[Index]) -> None:
    for index in indexes:
        connection.execute(DropIndex(index))


def _create_indexes(connection: Connection, indexes: Sequence[Index]) -> None:
    for index in indexes:
        connection.execute(CreateIndex(index))


def _sqlite_load(
    connection: Connection, tables: Sequence[Table], indexes: list[Index]
) -> Iterator[Connection]:
    # the pragma is ignored inside a transaction, so it is set before the first write, and
    # set back once the transaction is over (see `_checks_back_on`)
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        with connection.begin():
            # the driver opens transactions only before data changes; the index drops must
            # be inside this one, or a killed load would leave the indexes gone
            connection.exec_driver_sql("BEGIN")
            _drop_indexes(connection, indexes)
            yield connection
            # SQLite sorts index keys in chunks as large as its page cache; with the writers'
            # 64 MiB cache the sort ran at half the speed of the default (measured at 500k
            # deals: 0.45 s against 0.25 s an index), so the build gets the default back
            connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_DEFAULT_CACHE_KIB}")
            _create_indexes(connection, indexes)
            for table in tables:
                dangling = connection.exec_driver_sql(
                    f"PRAGMA foreign_key_check({table.name})"
                ).fetchall()
                if dangling:
                    rowid, parent = dangling[0][1], dangling[0][2]
                    raise SoftpowerError(
                        f"{len(dangling)} {table.name} rows refer to missing {parent} rows "
                        f"(first: row {rowid}); nothing was written"
                    )
    finally:
        _checks_back_on(connection)


def _checks_back_on(connection: Connection) -> None:
    """Foreign keys on again, or the connection closed: it never goes back to the pool with
    checks off. (Closing it every time cost a reconnect, and the write-ahead log copied back
    into the database twice, at its close and at the pool's.)"""
    try:
        if connection.in_transaction():
            connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        on = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        connection.commit()
    except DBAPIError:
        on = 0
    if on != 1:
        connection.invalidate()
