"""Large loads check references and rebuild indexes once, at the end, and stay atomic."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect

from softpower.errors import SoftpowerError
from softpower.services.store import store_of
from softpower.store import schema
from softpower.store.bulk_load import bulk_load
from softpower.store.bulk_table import BulkTable
from softpower.store.repository import all_empty
from softpower.workspace import Workspace

DEAL = ("id", "name", "account_id", "outcome")


def _deal_ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.exec_driver_sql("SELECT id FROM deals ORDER BY id").scalars())


def _index_names(engine: Engine) -> set[str]:
    return {index["name"] or "" for index in inspect(engine).get_indexes("deals")}


def test_a_dangling_reference_fails_the_whole_load(workspace: Workspace) -> None:
    with store_of(workspace) as engine:
        indexes = _index_names(engine)
        with pytest.raises(Exception) as raised, bulk_load(engine, [schema.deals]) as connection:
            deals = BulkTable(connection, schema.deals, DEAL)
            deals.write([("D1", "First", None, "open"), ("D2", "Second", "NOPE", "open")])
        assert isinstance(raised.value, SoftpowerError) or "foreign key" in str(raised.value)
        assert _deal_ids(engine) == []
        assert _index_names(engine) == indexes  # dropped for the load, back after the rollback
        _references_enforced(engine)  # the load's connection went back to the pool checking


def _references_enforced(engine: Engine) -> None:
    with engine.begin() as connection, pytest.raises(Exception, match=r"(?i)foreign key"):
        connection.exec_driver_sql(
            "INSERT INTO deals (id, name, account_id, outcome) "
            "VALUES ('D9', 'Dangling', 'NOPE', 'open')"
        )


def test_a_good_load_commits_with_its_indexes_and_checks_back(workspace: Workspace) -> None:
    with store_of(workspace) as engine:
        indexes = _index_names(engine)
        assert {"ix_deals_account_id", "ix_deals_owner_id"} <= indexes
        with bulk_load(engine, [schema.accounts, schema.deals]) as connection:
            BulkTable(connection, schema.accounts, ("id", "name")).write([("A1", "Acme")])
            BulkTable(connection, schema.deals, DEAL).write([("D1", "First", "A1", "open")])
        assert _deal_ids(engine) == ["D1"]
        assert _index_names(engine) == indexes
        _references_enforced(engine)  # row by row again afterwards


def test_all_empty_sees_a_single_row_in_any_table(workspace: Workspace) -> None:
    tables = [schema.accounts, schema.deals]
    with store_of(workspace) as engine:
        with engine.connect() as connection:
            assert all_empty(connection, tables)
        with engine.begin() as connection:
            BulkTable(connection, schema.deals, DEAL).write([("D1", "First", None, "open")])
        with engine.connect() as connection:
            assert not all_empty(connection, tables)
            assert all_empty(connection, [schema.accounts])
