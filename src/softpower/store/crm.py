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
from collections.abc import Iterable

from sqlalchemy import Connection, and_, select, tuple_

from softpower.store import schema
from softpower.store.bulk_table import BulkTable, Values
from softpower.store.crm_rows import COLUMNS, TITLES, TableRows
from softpower.store.database import prepare_bulk_writes


class CrmWriter:
    """Applies the `TableRows` of one import, batch after batch, on one connection."""

    def __init__(self, connection: Connection, *, locked: bool = False) -> None:
        """`locked`: the tables are the transaction's alone (see `bulk_load`)."""
        self.connection = connection
        prepare_bulk_writes(connection, long_texts=False)  # CRM cells are short
        self._tables = {
            name: BulkTable(connection, schema.metadata.tables[name], columns, locked=locked)
            for name, columns in COLUMNS.items()
        }

    def write(self, writes: Iterable[TableRows]) -> tuple[Counter[str], Counter[str]]:
        """Write one batch's rows; returns per kind of record how many were new or changed,
        and how many were stored already as they are."""
        changed: Counter[str] = Counter()
        unchanged: Counter[str] = Counter()
        for write in writes:
            if write.table == TITLES:
                self._add_titles(write.rows)
                continue
            written = self._tables[write.table].write_native(write.rows, merge=write.merge)
            if write.counted_as:
                changed[write.counted_as] += written.changed
                unchanged[write.counted_as] += written.keys - written.changed
        return changed, unchanged

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
