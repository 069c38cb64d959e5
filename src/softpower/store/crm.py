"""Writing CRM records in bulk: fast upserts keyed on the CRM's own ids.

A CRM import can be a million deals, so this writer skips the per-row work
of the generic `repository.upsert`: on SQLite it hands plain tuples to the
driver's `executemany`; on PostgreSQL it streams each batch with `COPY` into
a temporary table and merges it with one `INSERT ... SELECT ... ON CONFLICT`.
Both merge the same way: a value present in the file replaces the stored
one, an empty cell keeps what is stored (so a contacts file without phone
numbers does not erase phones another file gave). Records a row refers to
but no file described yet (an account id on a deal) get placeholder rows
named after their id, never overwriting a fuller row.

Everything runs on the caller's connection, inside the caller's transaction:
the import service decides what is committed together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Float,
    Numeric,
    Table,
    and_,
    select,
    tuple_,
)

from softpower.domain import Account, Deal, Interaction, Person, Product, Seller, Team
from softpower.ingest.crm import CrmRecord, Placeholder
from softpower.store import schema
from softpower.store.repository import upsert

Values = tuple[Any, ...]

ACCOUNT_COLUMNS = (
    "id",
    "name",
    "sector",
    "revenue_musd",
    "employees",
    "location",
    "parent_id",
    "year_established",
    "source",
)
PERSON_COLUMNS = (
    "id",
    "name",
    "account_id",
    "is_internal",
    "title",
    "department",
    "phone",
    "reports_to_id",
    "source",
)
DEAL_COLUMNS = (
    "id", "name", "account_id", "owner_id", "product_id", "stage", "amount", "currency",
    "created_on", "engaged_on", "close_on", "outcome", "source",
)  # fmt: skip
SOURCE = "crm"


def _sqlite_datetime(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_converter(column: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy itself would store a value of this column's type in SQLite."""
    kind = column.type
    if isinstance(kind, Numeric) and not isinstance(kind, Float):
        return float
    if isinstance(kind, DateTime):
        return _sqlite_datetime
    if isinstance(kind, Date):
        return date.isoformat
    if isinstance(kind, Boolean):
        return int
    return None


class BulkTable:
    """Merge-upserts and insert-if-missing for one table, in the dialect's fastest way."""

    def __init__(self, connection: Connection, table: Table, columns: Sequence[str]) -> None:
        self.connection = connection
        self.table = table
        self.columns = tuple(columns)
        self.keys = tuple(column.name for column in table.primary_key.columns)
        self.key_positions = tuple(self.columns.index(key) for key in self.keys)
        self.postgres = connection.dialect.name == "postgresql"
        self._staging: str | None = None
        self._converters = [
            (position, converter)
            for position, name in enumerate(self.columns)
            if (converter := _sqlite_converter(table.c[name])) is not None
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
        """Write rows (later rows with the same key win); returns how many distinct keys."""
        unique: dict[Any, Values] = {}
        for row in rows:
            unique[tuple(row[p] for p in self.key_positions)] = row
        if not unique:
            return 0
        if self.postgres:
            self._write_postgres(list(unique.values()), merge)
        else:
            converted: list[Any] = []
            for row in unique.values():
                values = list(row)
                for position, converter in self._converters:
                    if values[position] is not None:
                        values[position] = converter(values[position])
                converted.append(values)
            marks = ", ".join("?" for _ in self.columns)
            driver = self.connection.connection.driver_connection
            assert driver is not None
            driver.executemany(self._statement(merge, f"VALUES ({marks})"), converted)
        return len(unique)

    def _write_postgres(self, rows: list[Values], merge: bool) -> None:
        driver = self.connection.connection.driver_connection
        assert driver is not None
        columns = ", ".join(self.columns)
        with driver.cursor() as cursor:
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
    """Writes batches of CRM records for one import, remembering which references exist."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        if connection.dialect.name == "sqlite":
            # a 64 MiB page cache keeps the indexes of a large import in memory
            connection.exec_driver_sql("PRAGMA cache_size=-65536")
        self.accounts = BulkTable(connection, schema.accounts, ACCOUNT_COLUMNS)
        self.people = BulkTable(connection, schema.people, PERSON_COLUMNS)
        self.deals = BulkTable(connection, schema.deals, DEAL_COLUMNS)
        self.sellers = BulkTable(connection, schema.sellers, ("id", "name", "email", "team_id"))
        self.teams = BulkTable(connection, schema.teams, ("id", "name", "manager_name", "region"))
        self.products = BulkTable(
            connection, schema.products, ("id", "name", "series", "list_price")
        )
        self._known: dict[str, set[str]] = {name: set() for name in schema.metadata.tables}

    # --- references -----------------------------------------------------------

    def _ensure(
        self, bulk: BulkTable, ids: Iterable[str | None], row: Callable[[str], Values]
    ) -> None:
        known = self._known[bulk.table.name]
        missing = {i for i in ids if i is not None and i not in known}
        if missing:
            bulk.write([row(i) for i in sorted(missing)], merge=False)
            known.update(missing)

    def _ensure_accounts(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(ACCOUNT_COLUMNS) - 3)
        self._ensure(self.accounts, ids, lambda i: (i, i, *blank, SOURCE))

    def _ensure_people(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(PERSON_COLUMNS) - 5)
        self._ensure(self.people, ids, lambda i: (i, i, None, False, *blank, SOURCE))

    def _ensure_deals(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(DEAL_COLUMNS) - 4)
        self._ensure(self.deals, ids, lambda i: (i, i, *blank, "open", SOURCE))

    def _mark(self, bulk: BulkTable, ids: Iterable[str]) -> None:
        self._known[bulk.table.name].update(ids)

    # --- batches --------------------------------------------------------------

    def write(self, batch: Sequence[CrmRecord | Placeholder]) -> Counter[str]:
        """Write one batch; returns the number of records per kind."""
        groups: dict[type, list[Any]] = {}
        for item in batch:
            groups.setdefault(type(item), []).append(item)
        counts: Counter[str] = Counter()
        if teams := groups.get(Team):
            counts["teams"] += self._write_teams(teams)
        if sellers := groups.get(Seller):
            counts["sellers"] += self._write_sellers(sellers)
        if accounts := groups.get(Account):
            counts["accounts"] += self._write_accounts(accounts)
        if products := groups.get(Product):
            counts["products"] += self._write_products(products, merge=True)
        if placeholders := groups.get(Placeholder):
            self._write_products([p.record for p in placeholders], merge=False)
        if people := groups.get(Person):
            counts["contacts"] += self._write_people(people)
        if deals := groups.get(Deal):
            counts["deals"] += self._write_deals(deals)
        if interactions := groups.get(Interaction):
            counts["activities"] += self._write_interactions(interactions)
        return counts

    def _write_teams(self, teams: list[Team]) -> int:
        merged: dict[str, Team] = {}
        for team in teams:
            held = merged.get(team.id)
            if held is not None:
                team.manager_name = team.manager_name or held.manager_name
                team.region = team.region or held.region
            merged[team.id] = team
        written = self.teams.write(
            (t.id, t.name, t.manager_name, t.region) for t in merged.values()
        )
        self._mark(self.teams, merged)
        return written

    def _write_sellers(self, sellers: list[Seller]) -> int:
        self._ensure(self.teams, (s.team_id for s in sellers), lambda i: (i, i, None, None))
        written = self.sellers.write((s.id, s.name, s.email, s.team_id) for s in sellers)
        self._mark(self.sellers, (s.id for s in sellers))
        return written

    def _write_accounts(self, accounts: list[Account]) -> int:
        written = self.accounts.write(
            (
                a.id, a.name, a.sector, a.revenue_musd, a.employees, a.location, a.parent_id,
                a.year_established, SOURCE,
            )
            for a in accounts
        )  # fmt: skip
        self._mark(self.accounts, (a.id for a in accounts))
        domains = {d: a.id for a in accounts for d in a.domains}
        upsert(
            self.connection,
            schema.account_domains,
            [{"domain": d, "account_id": i} for d, i in domains.items()],
        )
        return written

    def _write_products(self, products: list[Product], *, merge: bool) -> int:
        if not merge:
            known = self._known[schema.products.name]
            products = [p for p in products if p.id not in known]
        written = self.products.write(
            ((p.id, p.name, p.series, p.list_price) for p in products), merge=merge
        )
        self._mark(self.products, (p.id for p in products))
        return written

    def _write_people(self, people: list[Person]) -> int:
        self._ensure_accounts(p.account_id for p in people)
        written = self.people.write(
            (
                p.id, p.name, p.account_id, p.is_internal, p.title, p.department, p.phone,
                p.reports_to_id, SOURCE,
            )
            for p in people
        )  # fmt: skip
        # people and deals are not remembered: a million ids would cost more memory than the
        # few redundant insert-if-missing rows that activities may cause
        addresses = {a: p.id for p in people for a in p.addresses}
        upsert(
            self.connection,
            schema.person_addresses,
            [
                {"address": a, "person_id": i, "confidence": 1.0, "evidence": SOURCE}
                for a, i in addresses.items()
            ],
        )
        self._save_titles(people)
        return written

    def _save_titles(self, people: list[Person]) -> None:
        """Add each CRM title observation once, however often the file is imported."""
        wanted = {(p.id, t.title): t for p in people for t in p.titles}
        if not wanted:
            return
        table = schema.person_titles
        stored = {
            (row[0], row[1])
            for row in self.connection.execute(
                select(table.c.person_id, table.c.title).where(
                    and_(
                        table.c.source == SOURCE,
                        tuple_(table.c.person_id, table.c.title).in_(list(wanted)),
                    )
                )
            )
        }
        fresh = [
            {
                "person_id": person_id,
                "title": title,
                "source": observation.source,
                "observed_at": observation.observed_at,
                "evidence": observation.evidence,
            }
            for (person_id, title), observation in wanted.items()
            if (person_id, title) not in stored
        ]
        if fresh:
            self.connection.execute(table.insert(), fresh)

    def _write_deals(self, deals: list[Deal]) -> int:
        self._ensure_accounts(d.account_id for d in deals)
        self._ensure(self.sellers, (d.owner_id for d in deals), lambda i: (i, i, None, None))
        self._ensure(self.products, (d.product for d in deals), lambda i: (i, i, None, None))
        written = self.deals.write(
            (
                d.id, d.name, d.account_id, d.owner_id, d.product, d.stage, d.amount,
                d.currency, d.created_on, d.engaged_on, d.close_on, d.outcome.value, SOURCE,
            )
            for d in deals
        )  # fmt: skip
        return written

    def _write_interactions(self, interactions: list[Interaction]) -> int:
        self._ensure_accounts(i.account_id for i in interactions)
        self._ensure_deals(i.deal_id for i in interactions)
        self._ensure_people(p.person_id for i in interactions for p in i.participants)
        unique = {i.id: i for i in interactions}
        upsert(
            self.connection,
            schema.interactions,
            [
                {
                    "id": i.id,
                    "kind": i.kind.value,
                    "subject": i.subject,
                    "started_at": i.started_at.astimezone(UTC) if i.started_at else None,
                    "ended_at": i.ended_at.astimezone(UTC) if i.ended_at else None,
                    "account_id": i.account_id,
                    "deal_id": i.deal_id,
                    "source": i.source,
                }
                for i in unique.values()
            ],
        )
        participants = {
            (i.id, p.person_id, p.role.value): p.response
            for i in unique.values()
            for p in i.participants
        }
        upsert(
            self.connection,
            schema.participants,
            [
                {"interaction_id": i, "person_id": person, "role": role, "response": response}
                for (i, person, role), response in participants.items()
            ],
            update=False,
        )
        return len(unique)
