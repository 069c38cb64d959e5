"""Writing CRM rows in bulk: fast upserts keyed on the CRM's own ids.

A CRM import can be a million deals, so this writer skips the per-row work
of the generic `repository.upsert`: on SQLite it hands plain tuples to the
driver's `executemany`; on PostgreSQL it streams each batch with `COPY` into
a temporary table and merges it with one `INSERT ... SELECT ... ON CONFLICT`.
Both merge the same way: a value present in the file replaces the stored
one, an empty cell keeps what is stored (so a contacts file without phone
numbers does not erase phones another file gave). The rows arrive already in
the driver's value types (`crm_rows`), references first.

Everything runs on the caller's connection, inside the caller's transaction:
the import service decides what is committed together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, select, tuple_

from softpower.store import schema
from softpower.store.crm_rows import COLUMNS, TITLES, TableRows, Values, driver_converter


class BulkTable:
    """Merge-upserts and insert-if-missing for one table, in the dialect's fastest way."""

    def __init__(self, connection: Connection, table: Table, columns: Sequence[str]) -> None:
        self.connection = connection
        self.table = table
        self.columns = tuple(columns)
        self.keys = tuple(column.name for column in table.primary_key.columns)
        self.postgres = connection.dialect.name == "postgresql"
        self._staging: str | None = None
        self._converters = [
            (position, converter)
            for position, name in enumerate(self.columns)
            if not self.postgres and (converter := driver_converter(table.c[name], "sqlite"))
        ]

    def _statement(self, merge: bool, source: str) -> str:
        name = self.table.name
        columns = ", ".join(self.columns)
        keys = ", ".join(self.keys)
        changing = [c for c in self.columns if c not in self.keys]
        if merge and changing:
            action = "DO UPDATE SET " + ", ".join(
                f"{c} = COALESCE(excluded.{c}, {name}.{c})" for c in changing
            )
        else:
            action = "DO NOTHING"
        return f"INSERT INTO {name} ({columns}) {source} ON CONFLICT ({keys}) {action}"

    def write(self, rows: Iterable[Values], *, merge: bool = True) -> int:
        """Write rows of Python values (dates, decimals); returns how many distinct keys."""
        if not self._converters:
            return self.write_native(rows, merge=merge)
        converted: list[Values] = []
        for row in rows:
            values = list(row)
            for position, converter in self._converters:
                if values[position] is not None:
                    values[position] = converter(values[position])
            converted.append(tuple(values))
        return self.write_native(converted, merge=merge)

    def write_native(self, rows: Iterable[Values], *, merge: bool = True) -> int:
        """Write rows already in the driver's types (later rows with the same key win)."""
        positions = tuple(self.columns.index(key) for key in self.keys)
        unique: dict[Any, Values] = {}
        for row in rows:
            unique[tuple(row[p] for p in positions)] = row
        if not unique:
            return 0
        if self.postgres:
            self._write_postgres(list(unique.values()), merge)
        else:
            marks = ", ".join("?" for _ in self.columns)
            self._driver().executemany(
                self._statement(merge, f"VALUES ({marks})"), list(unique.values())
            )
        return len(unique)

    def append(self, rows: Sequence[Values]) -> None:
        """Plain inserts, for a table whose key the database assigns."""
        columns = ", ".join(self.columns)
        if self.postgres:
            statement = f"COPY {self.table.name} ({columns}) FROM STDIN"
            with self._driver().cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in self.columns)
            statement = f"INSERT INTO {self.table.name} ({columns}) VALUES ({marks})"
            self._driver().executemany(statement, rows)

    def _driver(self) -> Any:
        driver = self.connection.connection.driver_connection
        assert driver is not None
        return driver

    def _write_postgres(self, rows: list[Values], merge: bool) -> None:
        columns = ", ".join(self.columns)
        with self._driver().cursor() as cursor:
            if self._staging is None:
                self._staging = f"softpower_load_{self.table.name}"
                cursor.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {self._staging} ON COMMIT DROP AS "
                    f"SELECT {columns} FROM {self.table.name} WITH NO DATA"
                )
            cursor.execute(f"TRUNCATE {self._staging}")
            with cursor.copy(f"COPY {self._staging} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(self._statement(merge, f"SELECT {columns} FROM {self._staging}"))


class CrmWriter:
    """Applies the `TableRows` of one import, batch after batch, on one connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        if connection.dialect.name == "sqlite":
            # a 64 MiB page cache keeps the indexes of a large import in memory
            connection.exec_driver_sql("PRAGMA cache_size=-65536")
        self._tables = {
            name: BulkTable(connection, schema.metadata.tables[name], columns)
            for name, columns in COLUMNS.items()
        }

    def write(self, writes: Iterable[TableRows]) -> Counter[str]:
        """Write one batch's rows; returns the number of records per kind."""
        counts: Counter[str] = Counter()
        for write in writes:
            if write.table == TITLES:
                self._add_titles(write.rows)
                continue
            written = self._tables[write.table].write_native(write.rows, merge=write.merge)
            if write.counted_as:
                counts[write.counted_as] += written
        return counts

    def _add_titles(self, rows: list[Values]) -> None:
        """Add each CRM title observation once, however often the file is imported."""
        table = schema.person_titles
        wanted = {(row[0], row[1]) for row in rows}
        stored = {
            (row[0], row[1])
            for row in self.connection.execute(
                select(table.c.person_id, table.c.title).where(
                    and_(
                        table.c.source.in_({row[2] for row in rows}),
                        tuple_(table.c.person_id, table.c.title).in_(list(wanted)),
                    )
                )
            )
        }
        fresh = [row for row in rows if (row[0], row[1]) not in stored]
        if fresh:
            self._tables[TITLES].append(fresh)
