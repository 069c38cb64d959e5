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
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, ForeignKeyConstraint, Index, Table
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from softpower.errors import SoftpowerError
from softpower.store.database import SQLITE_DEFAULT_CACHE_KIB


@contextmanager
def bulk_load(engine: Engine, tables: Sequence[Table]) -> Iterator[Connection]:
    """One transaction writing `tables`, their references checked when it ends."""
    indexes = [index for table in tables for index in table.indexes if not index.unique]
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            yield from _sqlite_load(connection, tables, indexes)
            return
        with connection.begin():
            constraints = drop_references(connection, tables)
            drop_indexes(connection, indexes)
            yield connection
            create_indexes(connection, indexes)
            restore_references(connection, constraints)


def drop_references(connection: Connection, tables: Sequence[Table]) -> list[ForeignKeyConstraint]:
    """Drop the foreign keys of `tables` in the open PostgreSQL transaction.

    They must be added back (`restore_references`) before it commits; if it
    rolls back instead, they were never gone. Until then the tables, and those
    they refer to, are the transaction's alone (the drop locks them).
    """
    constraints = [fk for table in tables for fk in table.foreign_key_constraints]
    if not constraints:
        return []
    _lock(connection, {t.name for fk in constraints for t in (fk.table, fk.referred_table)})
    for constraint in constraints:
        connection.execute(DropConstraint(constraint))
    return constraints


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


def restore_references(connection: Connection, constraints: Sequence[ForeignKeyConstraint]) -> None:
    """Add dropped foreign keys back: each checks every row of its table in one set-based pass,
    and a dangling reference fails the transaction."""
    for constraint in constraints:
        connection.execute(AddConstraint(constraint))


def drop_indexes(connection: Connection, indexes: Sequence[Index]) -> None:
    """Drop these indexes in the open transaction (build them again before it commits)."""
    for index in indexes:
        connection.execute(DropIndex(index))


def create_indexes(connection: Connection, indexes: Sequence[Index]) -> None:
    """Build these indexes, each in one sorted pass over its table."""
    for index in indexes:
        connection.execute(CreateIndex(index))


def _sqlite_load(
    connection: Connection, tables: Sequence[Table], indexes: list[Index]
) -> Iterator[Connection]:
    # the pragma is ignored inside a transaction, so it is set before the first write; the
    # connection never goes back to the pool with checks off
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        with connection.begin():
            # the driver opens transactions only before data changes; the index drops must
            # be inside this one, or a killed load would leave the indexes gone
            connection.exec_driver_sql("BEGIN")
            drop_indexes(connection, indexes)
            yield connection
            # SQLite sorts index keys in chunks as large as its page cache; with the writers'
            # 64 MiB cache the sort ran at half the speed of the default (measured at 500k
            # deals: 0.45 s against 0.25 s an index), so the build gets the default back
            connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_DEFAULT_CACHE_KIB}")
            create_indexes(connection, indexes)
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
        connection.invalidate()
