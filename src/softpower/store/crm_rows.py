"""CRM records as table rows, in the database driver's own value types.

Turning a batch of domain records into rows is most of the Python work of a
large CRM import, and it needs no connection, so it can run in the process
that parses the file while another writes. The rows are plain tuples of
str, int, float, bool and None (dates already text, amounts already numbers
or text, enums their values), cheap to send between processes with
`marshal`. Rows for records a row refers to but no file described yet (a
deal's account) come first, as insert-if-missing placeholders named after
their id; which ids were already seen is remembered here, per import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from softpower.domain import Account, Deal, Interaction, Person, Product, Seller, Team
from softpower.ingest.crm import CrmRecord, Placeholder
from softpower.store import schema
from softpower.store.bulk_table import Values, driver_converter

SOURCE = "crm"
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
        self._converters = {
            table: [
                (position, converter)
                for position, name in enumerate(columns)
                if (converter := driver_converter(schema.metadata.tables[table].c[name], dialect))
            ]
            for table, columns in COLUMNS.items()
        }
        self._known: dict[str, set[str]] = {name: set() for name in COLUMNS}
        self._out: list[TableRows] = []

    def rows_of(self, batch: Sequence[CrmRecord | Placeholder]) -> list[TableRows]:
        """The writes for one batch, in an order that never refers to a missing row."""
        groups: dict[type, list[Any]] = {}
        for item in batch:
            groups.setdefault(type(item), []).append(item)
        self._out = []
        if teams := groups.get(Team):
            self._teams(teams)
        if sellers := groups.get(Seller):
            self._sellers(sellers)
        if accounts := groups.get(Account):
            self._accounts(accounts)
        if products := groups.get(Product):
            self._products(products, merge=True)
        if placeholders := groups.get(Placeholder):
            self._products([p.record for p in placeholders], merge=False)
        if people := groups.get(Person):
            self._people(people)
        if deals := groups.get(Deal):
            self._deals(deals)
        if interactions := groups.get(Interaction):
            self._interactions(interactions)
        return self._out

    # --- output -----------------------------------------------------------------

    def _emit(
        self,
        table: str,
        rows: Iterable[Values],
        *,
        merge: bool = True,
        counted_as: str | None = None,
    ) -> None:
        converters = self._converters[table]
        if converters:
            converted: list[Values] = []
            for row in rows:
                values = list(row)
                for position, converter in converters:
                    if values[position] is not None:
                        values[position] = converter(values[position])
                converted.append(tuple(values))
            out = converted
        else:
            out = list(rows)
        if out:
            self._out.append(TableRows(table, out, merge, counted_as))

    def _ensure(self, table: str, ids: Iterable[str | None], row: Callable[[str], Values]) -> None:
        known = self._known[table]
        missing = {i for i in ids if i is not None and i not in known}
        if missing:
            self._emit(table, [row(i) for i in sorted(missing)], merge=False)
            known.update(missing)

    def _ensure_accounts(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(ACCOUNT_COLUMNS) - 3)
        self._ensure("accounts", ids, lambda i: (i, i, *blank, SOURCE))

    def _ensure_people(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(PERSON_COLUMNS) - 5)
        self._ensure("people", ids, lambda i: (i, i, None, False, *blank, SOURCE))

    def _ensure_deals(self, ids: Iterable[str | None]) -> None:
        blank = (None,) * (len(DEAL_COLUMNS) - 4)
        self._ensure("deals", ids, lambda i: (i, i, *blank, "open", SOURCE))

    def _ensure_named(self, table: str, ids: Iterable[str | None]) -> None:
        """Teams, sellers and products: a row named after its id."""
        self._ensure(table, ids, lambda i: (i, i, None, None))

    # --- records ----------------------------------------------------------------

    def _teams(self, teams: list[Team]) -> None:
        merged: dict[str, Team] = {}
        for team in teams:
            held = merged.get(team.id)
            if held is not None:
                team.manager_name = team.manager_name or held.manager_name
                team.region = team.region or held.region
            merged[team.id] = team
        rows = [(t.id, t.name, t.manager_name, t.region) for t in merged.values()]
        self._emit("teams", rows, counted_as="teams")
        self._known["teams"].update(merged)

    def _sellers(self, sellers: list[Seller]) -> None:
        self._ensure_named("teams", (s.team_id for s in sellers))
        rows = [(s.id, s.name, s.email, s.team_id) for s in sellers]
        self._emit("sellers", rows, counted_as="sellers")
        self._known["sellers"].update(s.id for s in sellers)

    def _accounts(self, accounts: list[Account]) -> None:
        rows = [
            (
                a.id, a.name, a.sector, a.revenue_musd, a.employees, a.location, a.parent_id,
                a.year_established, SOURCE,
            )
            for a in accounts
        ]  # fmt: skip
        self._emit("accounts", rows, counted_as="accounts")
        self._known["accounts"].update(a.id for a in accounts)
        domains = {d: a.id for a in accounts for d in a.domains}
        self._emit("account_domains", list(domains.items()))

    def _products(self, products: list[Product], *, merge: bool) -> None:
        if not merge:
            known = self._known["products"]
            products = [p for p in products if p.id not in known]
        rows = [(p.id, p.name, p.series, p.list_price) for p in products]
        self._emit("products", rows, merge=merge, counted_as="products" if merge else None)
        self._known["products"].update(p.id for p in products)

    def _people(self, people: list[Person]) -> None:
        self._ensure_accounts(p.account_id for p in people)
        rows = [
            (
                p.id, p.name, p.account_id, p.is_internal, p.title, p.department, p.phone,
                p.reports_to_id, SOURCE,
            )
            for p in people
        ]  # fmt: skip
        self._emit("people", rows, counted_as="contacts")
        # people and deals are not remembered: a million ids would cost more memory than the
        # few redundant insert-if-missing rows that activities may cause
        addresses = {a: p.id for p in people for a in p.addresses}
        self._emit("person_addresses", [(a, i, 1.0, SOURCE) for a, i in addresses.items()])
        titles = {
            (p.id, t.title): (p.id, t.title, t.source, t.observed_at, t.evidence)
            for p in people
            for t in p.titles
        }
        self._emit(TITLES, list(titles.values()), merge=False)

    def _deals(self, deals: list[Deal]) -> None:
        self._ensure_accounts(d.account_id for d in deals)
        self._ensure_named("sellers", (d.owner_id for d in deals))
        self._ensure_named("products", (d.product for d in deals))
        rows = [
            (
                d.id, d.name, d.account_id, d.owner_id, d.product, d.stage, d.amount,
                d.currency, d.created_on, d.engaged_on, d.close_on, d.outcome._value_, SOURCE,
            )
            for d in deals
        ]  # fmt: skip
        self._emit("deals", rows, counted_as="deals")

    def _interactions(self, interactions: list[Interaction]) -> None:
        self._ensure_accounts(i.account_id for i in interactions)
        self._ensure_deals(i.deal_id for i in interactions)
        self._ensure_people(p.person_id for i in interactions for p in i.participants)
        unique = {i.id: i for i in interactions}
        rows = [
            (
                i.id, i.kind._value_, i.subject, i.started_at, i.ended_at, i.account_id,
                i.deal_id, i.source,
            )
            for i in unique.values()
        ]  # fmt: skip
        self._emit("interactions", rows, counted_as="activities")
        participants = {
            (i.id, p.person_id, p.role._value_): p.response
            for i in unique.values()
            for p in i.participants
        }
        self._emit(
            "participants",
            [(i, person, role, response) for (i, person, role), response in participants.items()],
            merge=False,
        )
