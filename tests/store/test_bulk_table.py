"""BulkTable's counters: a row already stored gets the new counts added to its own."""

from __future__ import annotations

from softpower.services.store import store_of
from softpower.store import schema
from softpower.store.bulk_table import BulkTable
from softpower.workspace import Workspace


def test_add_inserts_new_rows_and_sums_the_counters_of_stored_ones(workspace: Workspace) -> None:
    columns = ("address", "name", "seen")
    with store_of(workspace) as engine:
        with engine.begin() as connection:
            names = BulkTable(connection, schema.address_names, columns)
            assert names.add([("a@x.example", "Ann", 2), ("b@x.example", "Bob", 1)], ("seen",)) == 2
            names.add([("a@x.example", "Ann", 3), ("a@x.example", "A. N.", 1)], ("seen",))
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT address, name, seen FROM address_names ORDER BY address, name"
            ).all()
    assert [tuple(row) for row in rows] == [
        ("a@x.example", "A. N.", 1),
        ("a@x.example", "Ann", 5),
        ("b@x.example", "Bob", 1),
    ]
