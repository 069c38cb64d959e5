"""CRM records as table rows, in the database driver's own value types.

Turning a batch of CRM records into rows is much of the Python work of a
large CRM import, and it needs no connection, so it can run in the process
that parses the file while another writes. The records are the checked
value tuples of `ingest.crm.record_builder` (layouts in `RECORDS`), read
with this dialect's `natives`, so dates and amounts arrive already in the
driver's types; no domain object is built per row. The rows are plain
tuples of str, int, float, bool and None, cheap to send between processes
with `marshal`. Rows for records a row refers to but no file described yet
(a deal's account) come first, as insert-if-missing placeholders named
after their id; which ids were already seen is remembered here, per import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column

from softpower.domain import CRM_SOURCE
from softpower.ingest.crm import Record
from softpower.ingest.crm_fields import Natives
from softpower.store import schema
from softpower.store.bulk_table import Values, driver_converter

SOURCE = CRM_SOURCE
TITLES = "person_titles"  # no natural key: the writer adds only titles not yet stored

ACCOUNT_COLUMNS = (
    "id", "name", "sector", "revenue_musd", "employees", "location", "parent_id",
    "year_established", "source",
)  # fmt: skip
PERSON_COLUMNS = (
    "id", "name", "account_id", "is_internal", "title", "department", "phone",
    "reports_to_id", "source",
)  # fmt: skip
DEAL_COLUMNS = (
    "id", "name", "account_id", "owner_id", "product_id", "stage", "amount", "currency",
    "created_on", "engaged_on", "close_on", "outcome", "source",
)  # fmt: skip
INTERACTION_COLUMNS = (
    "id", "kind", "subject", "started_at", "ended_at", "account_id", "deal_id", "source",
)  # fmt: skip
COLUMNS: dict[str, tuple[str, ...]] = {
    "teams": ("id", "name", "manager_name", "region"),
    "sellers": ("id", "name", "email", "team_id"),
    "accounts": ACCOUNT_COLUMNS,
    "account_domains": ("domain", "account_id"),
    "products": ("id", "name", "series", "list_price"),
    "people": PERSON_COLUMNS,
    "person_addresses": ("address", "person_id", "confidence", "evidence"),
    TITLES: ("person_id", "title", "source", "observed_at", "evidence"),
    "deals": DEAL_COLUMNS,
    "interactions": INTERACTION_COLUMNS,
    "participants": ("interaction_id", "person_id", "role", "response"),
}

# the tables each kind of record writes, its references' placeholders included: an import
# locks, checks and re-indexes these alone
TABLES_WRITTEN: dict[str, tuple[str, ...]] = {
    "sellers": ("teams", "sellers"),
    "accounts": ("accounts", "account_domains"),
    "products": ("products",),
    "contacts": ("accounts", "people", "person_addresses", TITLES),
    "deals": ("products", "accounts", "sellers", "deals"),
    "activities": ("accounts", "deals", "people", "interactions", "participants"),
}


@dataclass(frozen=True, slots=True)
class TableRows:
    """Rows for one table; `merge=False` inserts only keys not stored yet."""

    table: str
    rows: list[Values]
    merge: bool = True
    counted_as: str | None = None  # the kind of record these rows are, for the summary

    def as_plain(self) -> tuple[str, list[Values], bool, str | None]:
        return (self.table, self.rows, self.merge, self.counted_as)


class CrmRows:
    """Turns batches of CRM records into `TableRows`, references first."""

    def __init__(self, dialect: str) -> None:
        deals, interactions = schema.deals, schema.interactions
        self.natives = Natives(
            money=_converter(deals.c.amount, dialect),
            day=_converter(deals.c.created_on, dialect),
            moment=_converter(interactions.c.started_at, dialect),
        )
        is_internal = driver_converter(schema.people.c.is_internal, dialect)
        self._false = is_internal(False) if is_internal else False
        self._known: dict[str, set[str]] = {name: set() for name in COLUMNS}
        self._out: list[TableRows] = []
        self._rows_of: dict[str, Callable[[list[Record]], None]] = {
            "sellers": self._sellers,
            "accounts": self._accounts,
            "products": self._products,
            "contacts": self._people,
            "deals": self._deals,
            "activities": self._interactions,
        }

    def rows_of(self, entity: str, records: list[Record]) -> list[TableRows]:
        """The writes for one batch of one kind of record (`ingest.crm.RECORDS`).

        The records must have been read with `natives`; the writes come in an
        order that never refers to a missing row.
        """
        self._out = []
        if records:
            self._rows_of[entity](records)
        return self._out

    # --- output -----------------------------------------------------------------

    def _emit(
        self,
        table: str,
        rows: list[Values],
        *,
        merge: bool = True,
        counted_as: str | None = None,
    ) -> None:
        if rows:
            self._out.append(TableRows(table, rows, merge, counted_as))

    def _ensure(self, table: str, ids: Iterable[str | None], row: Callable[[str], Values]) -> None:
        known = self._known[table]
        missing: set[Any] = set(ids) - known
        missing.discard(None)
        if missing:
            self._emit(table, [row(i) for i in sorted(missing)], merge=False)
            known.update(missing)

    def _ensure_accounts(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(ACCOUNT_COLUMNS) - 3)
        self._ensure("accounts", ids, lambda i: (i, i, *blank, SOURCE))

    def _ensure_people(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(PERSON_COLUMNS) - 5)
        self._ensure("people", ids, lambda i: (i, i, None, self._false, *blank, SOURCE))

    def _ensure_deals(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(DEAL_COLUMNS) - 4)
        self._ensure("deals", ids, lambda i: (i, i, *blank, "open", SOURCE))

    def _ensure_named(self, table: str, ids: Iterable[str | None]) -> None:
        """Teams, sellers and products: a row named after its id."""
        self._ensure(table, ids, lambda i: (i, i, None, None))

    # --- records, by kind (layouts in `ingest.crm.RECORDS`) ----------------------

    def _sellers(self, sellers: list[Record]) -> None:
        teams: dict[str, Values] = {}
        for _, _, _, team, manager, region in sellers:
            if team:
                held = teams.get(team)
                if held is not None:
                    manager, region = manager or held[2], region or held[3]
                teams[team] = (team, team, manager, region)
        self._emit("teams", list(teams.values()), counted_as="teams")
        self._known["teams"].update(teams)
        self._ensure_named("teams", (s[3] for s in sellers))
        self._emit("sellers", [s[:4] for s in sellers], counted_as="sellers")
        self._known["sellers"].update(s[0] for s in sellers)

    def _accounts(self, accounts: list[Record]) -> None:
        self._emit("accounts", [a[:8] + _SOURCE for a in accounts], counted_as="accounts")
        self._known["accounts"].update(a[0] for a in accounts)
        domains = {a[8]: a[0] for a in accounts if a[8]}
        self._emit("account_domains", list(domains.items()))

    def _products(self, products: list[Record]) -> None:
        self._emit("products", products, counted_as="products")
        self._known["products"].update(p[0] for p in products)

    def _people(self, people: list[Record]) -> None:
        self._ensure_accounts(p[2] for p in people)
        false = self._false
        rows = [(p[0], p[1], p[2], false, *p[3:7], SOURCE) for p in people]
        self._emit("people", rows, counted_as="contacts")
        # people and deals are not remembered: a million ids would cost more memory than the
        # few redundant insert-if-missing rows that activities may cause
        addresses = {p[7]: p[0] for p in people if p[7]}
        self._emit("person_addresses", [(a, i, 1.0, SOURCE) for a, i in addresses.items()])
        titles = {(p[0], p[3]): (p[0], p[3], SOURCE, None, None) for p in people if p[3]}
        self._emit(TITLES, list(titles.values()), merge=False)

    def _deals(self, deals: list[Record]) -> None:
        # a product a deal names is created, under the first spelling seen, if no file described it
        known = self._known["products"]
        named: dict[str, str] = {}
        for deal in deals:
            product = deal[4]
            if product is not None and product not in known and product not in named:
                named[product] = deal[12]
        self._emit("products", [(p, name, None, None) for p, name in named.items()], merge=False)
        known.update(named)
        self._ensure_accounts(d[2] for d in deals)
        self._ensure_named("sellers", (d[3] for d in deals))
        self._ensure_named("products", (d[4] for d in deals))
        self._emit("deals", [d[:12] + _SOURCE for d in deals], counted_as="deals")

    def _interactions(self, interactions: list[Record]) -> None:
        self._ensure_accounts(i[4] for i in interactions)
        self._ensure_deals(i[5] for i in interactions)
        self._ensure_people(p for i in interactions for p in i[6])
        # an activity repeated in the batch merges like one repeated across batches
        rows = [(i[0], i[1], i[2], i[3], None, i[4], i[5], SOURCE) for i in interactions]
        self._emit("interactions", rows, counted_as="activities")
        participants = dict.fromkeys(
            (i[0], person, "attendee", None) for i in interactions for person in i[6]
        )
        self._emit("participants", list(participants), merge=False)


_SOURCE = (SOURCE,)


def _converter(column: Column[Any], dialect: str) -> Callable[[Any], Any]:
    converter = driver_converter(column, dialect)
    assert converter is not None, f"{column} needs no conversion"
    return converter
