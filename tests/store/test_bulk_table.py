"""BulkTable: counters added to stored rows, and rows repeating a key merged in one write."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from softpower.services.store import store_of
from softpower.store import bulk_table, schema
from softpower.store.bulk_table import BulkTable
from softpower.store.database import array_literal, driver_connection
from softpower.workspace import Workspace


def test_add_inserts_new_rows_and_sums_the_counters_of_stored_ones(workspace: Workspace) -> None:
    columns = ("address", "name", "seen")
    with store_of(workspace) as engine:
        with engine.begin() as connection:
            names = BulkTable(connection, schema.address_names, columns)
            assert names.add([("a@x.example", "Ann", 2), ("b@x.example", "Bob", 1)], ("seen",)) == (
                2,
                2,
            )
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


def test_rows_repeating_a_key_in_one_write_merge_as_they_would_across_writes(
    workspace: Workspace,
) -> None:
    columns = ("id", "name", "sector", "location")
    with store_of(workspace) as engine:
        with engine.begin() as connection:
            accounts = BulkTable(connection, schema.accounts, columns)
            one_write = [("A1", "Acme", "Retail", None), ("A1", "Acme Corp", None, "EMEA")]
            assert accounts.write(one_write) == (1, 1)
            first_stands = [("B1", "Beta", "Energy", None), ("B1", "Beta 2", None, "APAC")]
            assert accounts.write(first_stands, merge=False) == (1, 1)
        rows = _accounts(engine)
    # a value replaces, an empty cell keeps the earlier value; without merge the first row stands
    assert rows == [
        ("A1", "Acme Corp", "Retail", "EMEA"),
        ("B1", "Beta", "Energy", None),
    ]


def test_a_locked_table_copies_new_keys_and_still_merges_once_a_stored_key_arrives(
    workspace: Workspace,
) -> None:
    # on PostgreSQL a locked table's batches are copied optimistically; the second batch
    # meets a stored key, which must undo that copy and merge instead, within the transaction
    columns = ("id", "name", "sector", "location")
    with store_of(workspace) as engine:
        with engine.begin() as connection:
            accounts = BulkTable(connection, schema.accounts, columns, locked=True)
            assert accounts.write([("A1", "Acme", "Retail", None), ("A2", "Beta", None, None)]) == (
                2,
                2,
            )
            assert accounts.write(
                [("A2", "Beta AG", "Energy", None), ("A3", "Gamma", None, "EMEA")]
            ) == (2, 2)
            # A3 is stored: without merge it stands, and only A4 is written
            assert accounts.write(
                [("A3", "Gamma 2", None, None), ("A4", "Delta", None, None)], merge=False
            ) == (2, 1)
            # a row the merge would leave as it is, is not counted; a new value is
            assert accounts.write([("A1", "Acme", None, None), ("A5", "Epsilon", None, None)]) == (
                2,
                1,
            )
            assert accounts.write([("A1", "Acme", "Retail", "EMEA")]) == (1, 1)
        rows = _accounts(engine)
    assert rows == [
        ("A1", "Acme", "Retail", "EMEA"),
        ("A2", "Beta AG", "Energy", None),
        ("A3", "Gamma", None, "EMEA"),
        ("A4", "Delta", None, None),
        ("A5", "Epsilon", None, None),
    ]


def _accounts(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.exec_driver_sql(
                "SELECT id, name, sector, location FROM accounts ORDER BY id"
            )
        ]


@pytest.mark.parametrize("array_rows", [0, 1000], ids=["staged", "arrays"])
def test_a_merge_stores_the_same_typed_values_staged_or_as_arrays(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, array_rows: int
) -> None:
    """PostgreSQL merges a small batch from arrays, a large one through a staging table: both
    must store the same numbers, dates and flags, and treat an all-empty column alike."""
    monkeypatch.setattr(bulk_table, "ARRAY_ROWS", array_rows)
    columns = ("id", "name", "amount", "close_on", "outcome", "currency")
    with store_of(workspace) as engine:
        with engine.begin() as connection:
            deals = BulkTable(connection, schema.deals, columns)
            first = [
                ("D1", "One", Decimal("1200.50"), date(2026, 3, 31), "open", None),
                ("D2", "Two", None, None, "won", None),
            ]
            assert deals.write(first) == (2, 2)
            later = [
                ("D1", "One", Decimal("99.99"), None, "lost", None),
                ("D2", "Two", None, None, "won", None),
            ]
            assert deals.write(later) == (2, 1)  # D2 would stay as it is: not counted
            people = BulkTable(connection, schema.people, ("id", "name", "is_internal"))
            assert people.write([("P1", "Ann", True), ("P2", "Bob", False)], merge=False) == (2, 2)
        with engine.connect() as connection:
            table = schema.deals
            stored = connection.execute(
                select(*(table.c[name] for name in columns)).order_by(table.c.id)
            ).all()
            flags = connection.execute(
                select(schema.people.c.id, schema.people.c.is_internal).order_by(schema.people.c.id)
            ).all()
    assert [tuple(row) for row in stored] == [
        ("D1", "One", Decimal("99.99"), date(2026, 3, 31), "lost", None),
        ("D2", "Two", None, None, "won", None),
    ]
    assert [(key, bool(flag)) for key, flag in flags] == [("P1", True), ("P2", False)]


HOSTILE = ['say "hi"', "back\\slash", "{braces},comma", "NULL", "", "  spaced  ", "ünï\tcode", None]


def test_array_literals_carry_any_text_and_value_through(workspace: Workspace) -> None:
    """What an array literal holds comes back as it went in: quotes, backslashes, braces,
    the word NULL, empty and spaced text, and None; and typed values read as their type."""
    if not workspace.database_url.startswith("postgresql"):
        pytest.skip("array literals are PostgreSQL's")
    with store_of(workspace) as engine, engine.connect() as connection:
        cursor = driver_connection(connection).cursor()
        cursor.execute("SELECT %s::text[]", (array_literal(HOSTILE),))
        assert cursor.fetchone()[0] == HOSTILE
        typed = [Decimal("12.50"), None, Decimal("-3")]
        cursor.execute("SELECT %s::numeric[]", (array_literal(typed),))
        assert cursor.fetchone()[0] == typed
        cursor.execute(
            "SELECT %s::boolean[], %s::date[]",
            (array_literal([True, False, None]), array_literal([date(2026, 2, 28), None])),
        )
        assert cursor.fetchone() == ([True, False, None], [date(2026, 2, 28), None])
        moment = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
        cursor.execute("SELECT %s::timestamptz[]", (array_literal([moment]),))
        assert cursor.fetchone()[0] == [moment]
