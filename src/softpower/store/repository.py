"""Domain objects to rows and back.

Writers are upserts keyed on the sources' own identifiers, so writing the
same record twice leaves one row; they take batches because imports stream
hundreds of thousands of records. Readers return domain objects. Every
function takes an open `Connection` so the caller's unit of work decides
what is committed together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite

from softpower.domain import (
    Account,
    Capability,
    Deal,
    DealOutcome,
    Person,
    Product,
    Seller,
    Team,
)
from softpower.store import schema
from softpower.store.database import array_literal, driver_connection

Row = dict[str, Any]
IN_CHUNK = 500


def rows_where_in(
    connection: Connection, query: str, values: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """Rows of `query` (its `IN ({})` a list of `values`), straight to the driver.

    For the lookups an import makes per batch: going through SQLAlchemy's
    expanding IN costs more than the queries themselves. SQLite gets the
    values 500 at a time; PostgreSQL gets them all as one array literal
    (`= ANY(%s::text[])`, see `array_literal`), planned with the values each
    time: a plan kept from the first lookups, made while the table was nearly
    empty, would read the whole table for every later one.
    """
    driver = driver_connection(connection)
    cursor = driver.cursor()
    try:
        if connection.dialect.name == "postgresql":
            statement = query.replace("IN ({})", "= ANY(%s::text[])")
            cursor.execute(statement, (array_literal(values),), prepare=False)
            yield from cursor.fetchall()
            return
        for start in range(0, len(values), IN_CHUNK):
            chunk = values[start : start + IN_CHUNK]
            cursor.execute(query.format(", ".join(["?"] * len(chunk))), chunk)
            yield from cursor.fetchall()
    finally:
        cursor.close()


def upsert(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    update: bool = True,
) -> None:
    """Insert `rows`, replacing (or, with `update=False`, keeping) rows with the same key.

    All rows must carry the same columns. Columns not given keep their stored
    value, so a partial source (a contacts file without phone numbers) does not
    erase what another source said.
    """
    if not rows:
        return
    keys = [column.name for column in table.primary_key.columns]
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    statement = dialect.insert(table)
    changing = [name for name in rows[0] if name not in keys]
    if update and changing:
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={name: statement.excluded[name] for name in changing},
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    connection.execute(statement, list(rows))


# --- writers ---------------------------------------------------------------


def account_row(account: Account, source: str | None = None) -> Row:
    return {
        "id": account.id,
        "name": account.name,
        "sector": account.sector,
        "revenue_musd": account.revenue_musd,
        "employees": account.employees,
        "location": account.location,
        "parent_id": account.parent_id,
        "year_established": account.year_established,
        "source": source,
    }


def save_accounts(
    connection: Connection, accounts: Iterable[Account], source: str | None = None
) -> None:
    batch = list(accounts)
    upsert(connection, schema.accounts, [account_row(a, source) for a in batch])
    domains = [{"domain": d.lower(), "account_id": a.id} for a in batch for d in a.domains]
    upsert(connection, schema.account_domains, domains)


def domain_owners(connection: Connection, domains: Iterable[str]) -> dict[str, str]:
    """Which account owns each of these domains (those owned by none are left out)."""
    table = schema.account_domains
    wanted = [d.lower() for d in domains]
    rows = connection.execute(select(table).where(table.c.domain.in_(wanted)))
    return {row.domain: row.account_id for row in rows}


def add_account_domains(connection: Connection, account_id: str, domains: Iterable[str]) -> None:
    rows = [{"domain": d.lower(), "account_id": account_id} for d in domains]
    upsert(connection, schema.account_domains, rows)


def ensure_accounts(connection: Connection, names_by_id: Mapping[str, str], source: str) -> None:
    """Create placeholder accounts that a record refers to but no file described yet."""
    rows = [{"id": key, "name": name, "source": source} for key, name in names_by_id.items()]
    upsert(connection, schema.accounts, rows, update=False)


def save_teams(connection: Connection, teams: Iterable[Team]) -> None:
    rows = [
        {"id": t.id, "name": t.name, "manager_name": t.manager_name, "region": t.region}
        for t in teams
    ]
    upsert(connection, schema.teams, rows)


def save_sellers(connection: Connection, sellers: Iterable[Seller], *, update: bool = True) -> None:
    rows = [{"id": s.id, "name": s.name, "email": s.email, "team_id": s.team_id} for s in sellers]
    if not update:
        rows = [{"id": r["id"], "name": r["name"]} for r in rows]
    upsert(connection, schema.sellers, rows, update=update)


def save_products(
    connection: Connection, products: Iterable[Product], *, update: bool = True
) -> None:
    rows = [
        {"id": p.id, "name": p.name, "series": p.series, "list_price": p.list_price}
        for p in products
    ]
    if not update:
        rows = [{"id": r["id"], "name": r["name"]} for r in rows]
    upsert(connection, schema.products, rows, update=update)


def person_row(person: Person, source: str | None = None) -> Row:
    return {
        "id": person.id,
        "name": person.name,
        "account_id": person.account_id,
        "is_internal": person.is_internal,
        "title": person.title,
        "department": person.department,
        "phone": person.phone,
        "reports_to_id": person.reports_to_id,
        "source": source,
    }


def save_people(
    connection: Connection, people: Iterable[Person], source: str | None = None
) -> None:
    batch = list(people)
    upsert(connection, schema.people, [person_row(p, source) for p in batch])
    addresses = [
        {"address": address.lower(), "person_id": p.id, "confidence": 1.0, "evidence": source}
        for p in batch
        for address in p.addresses
    ]
    upsert(connection, schema.person_addresses, addresses)


def deal_row(deal: Deal, source: str | None = None) -> Row:
    return {
        "id": deal.id,
        "name": deal.name,
        "account_id": deal.account_id,
        "owner_id": deal.owner_id,
        "product_id": deal.product,
        "stage": deal.stage,
        "amount": deal.amount,
        "currency": deal.currency,
        "created_on": deal.created_on,
        "engaged_on": deal.engaged_on,
        "close_on": deal.close_on,
        "outcome": deal.outcome.value,
        "source": source,
    }


def save_deals(connection: Connection, deals: Iterable[Deal], source: str | None = None) -> None:
    upsert(connection, schema.deals, [deal_row(d, source) for d in deals])


def save_capabilities(connection: Connection, capabilities: Iterable[Capability]) -> None:
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "description": c.description,
            "keywords": "\n".join(c.keywords),
        }
        for c in capabilities
    ]
    upsert(connection, schema.capabilities, rows)


def record_audit(
    connection: Connection, action: str, subject: str, detail: str | None = None
) -> None:
    connection.execute(
        schema.audit_log.insert().values(
            at=datetime.now(UTC), action=action, subject=subject, detail=detail
        )
    )


# --- readers ---------------------------------------------------------------


def _account(row: Any) -> Account:
    return Account(
        id=row.id,
        name=row.name,
        sector=row.sector,
        revenue_musd=row.revenue_musd,
        employees=row.employees,
        location=row.location,
        parent_id=row.parent_id,
        year_established=row.year_established,
    )


def list_accounts(connection: Connection) -> list[Account]:
    accounts = schema.accounts
    rows = connection.execute(
        select(accounts).order_by(func.lower(accounts.c.name), accounts.c.name, accounts.c.id)
    )
    return [_account(row) for row in rows]


# what a record named by others (a deal's account, seller, product) has when no file described
# it: none of these columns, and its id as its name (a product: the name a deal gave it)
UNDESCRIBED: dict[str, tuple[tuple[str, ...], bool]] = {
    "accounts": (("sector", "revenue_musd", "employees", "location", "parent_id"), True),
    "sellers": (("email", "team_id"), True),
    "products": (("series", "list_price"), False),
}


def undescribed(connection: Connection) -> dict[str, list[tuple[str, str]]]:
    """Per table of `UNDESCRIBED`, the (id, name) of records only ever named by other records,
    by name.

    The CRM import creates them so that what names them can be stored; a typo
    in an account id, or a seller missing from the sellers file, shows up here.
    One statement for all three tables.
    """
    parts = []
    for name, (columns, named_by_id) in UNDESCRIBED.items():
        table = schema.metadata.tables[name]
        blank: list[ColumnElement[bool]] = [table.c[column].is_(None) for column in columns]
        if named_by_id:
            blank.append(table.c.id == table.c.name)
        parts.append(select(literal(name).label("kind"), table.c.id, table.c.name).where(*blank))
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in UNDESCRIBED}
    for kind, record_id, record_name in connection.execute(union_all(*parts)):
        found[kind].append((str(record_id), str(record_name)))
    return {name: sorted(records, key=lambda r: r[1]) for name, records in found.items()}


def find_account(connection: Connection, name_or_id: str) -> Account | None:
    """An account by id, exact name, or case-insensitive name."""
    table = schema.accounts
    for condition in (
        table.c.id == name_or_id,
        table.c.name == name_or_id,
        func.lower(table.c.name) == name_or_id.lower(),
    ):
        row = connection.execute(select(table).where(condition).limit(1)).first()
        if row is not None:
            account = _account(row)
            account.domains = list(
                connection.scalars(
                    select(schema.account_domains.c.domain).where(
                        schema.account_domains.c.account_id == account.id
                    )
                )
            )
            return account
    return None


def _deal(row: Any) -> Deal:
    return Deal(
        id=row.id,
        name=row.name,
        account_id=row.account_id,
        owner_id=row.owner_id,
        product=row.product_id,
        stage=row.stage,
        amount=row.amount,
        currency=row.currency,
        created_on=row.created_on,
        engaged_on=row.engaged_on,
        close_on=row.close_on,
        outcome=DealOutcome(row.outcome),
    )


def _deals_where(
    account_id: str | None, outcome: DealOutcome | None, owner_id: str | None
) -> list[ColumnElement[bool]]:
    table = schema.deals
    conditions = []
    if account_id is not None:
        conditions.append(table.c.account_id == account_id)
    if outcome is not None:
        conditions.append(table.c.outcome == outcome.value)
    if owner_id is not None:
        conditions.append(table.c.owner_id == owner_id)
    return conditions


def list_deals(
    connection: Connection,
    account_id: str | None = None,
    outcome: DealOutcome | None = None,
    owner_id: str | None = None,
    limit: int | None = None,
) -> list[Deal]:
    table = schema.deals
    # newest first by the latest date a deal has: its close date, else when it was engaged or
    # created (an open deal); a deal with no date at all comes last
    latest = func.coalesce(table.c.close_on, table.c.engaged_on, table.c.created_on)
    query = (
        select(table)
        .where(*_deals_where(account_id, outcome, owner_id))
        .order_by(latest.desc().nulls_last(), table.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [_deal(row) for row in connection.execute(query)]


def find_deal(connection: Connection, deal_id: str) -> Deal | None:
    """The deal with this id, or the one whose id differs only in case."""
    table = schema.deals
    row = connection.execute(select(table).where(table.c.id == deal_id)).first()
    if row is None:
        rows = connection.execute(
            select(table).where(func.lower(table.c.id) == deal_id.strip().lower()).limit(2)
        ).all()
        row = rows[0] if len(rows) == 1 else None
    return _deal(row) if row is not None else None


def count_deals(
    connection: Connection, account_id: str | None = None, outcome: DealOutcome | None = None
) -> int:
    query = select(func.count()).select_from(schema.deals)
    return int(connection.scalar(query.where(*_deals_where(account_id, outcome, None))) or 0)


def _person(row: Any) -> Person:
    return Person(
        id=row.id,
        name=row.name,
        account_id=row.account_id,
        is_internal=bool(row.is_internal),
        title=row.title,
        department=row.department,
        phone=row.phone,
        reports_to_id=row.reports_to_id,
    )


def list_people(connection: Connection, account_id: str | None = None) -> list[Person]:
    table = schema.people
    query = select(table).order_by(table.c.name)
    if account_id is not None:
        query = query.where(table.c.account_id == account_id)
    people = [_person(row) for row in connection.execute(query)]
    if people:
        addresses: dict[str, list[str]] = {}
        address_query = select(
            schema.person_addresses.c.person_id, schema.person_addresses.c.address
        )
        if account_id is not None:
            address_query = address_query.where(
                schema.person_addresses.c.person_id.in_([p.id for p in people])
            )
        for person_id, address in connection.execute(address_query.order_by("address")):
            addresses.setdefault(person_id, []).append(address)
        for person in people:
            person.addresses = addresses.get(person.id, [])
    return people


def list_sellers(connection: Connection) -> list[Seller]:
    rows = connection.execute(select(schema.sellers).order_by(schema.sellers.c.name))
    return [Seller(id=r.id, name=r.name, email=r.email, team_id=r.team_id) for r in rows]


def list_teams(connection: Connection) -> list[Team]:
    rows = connection.execute(select(schema.teams).order_by(schema.teams.c.name))
    return [Team(id=r.id, name=r.name, manager_name=r.manager_name, region=r.region) for r in rows]


def list_products(connection: Connection) -> list[Product]:
    rows = connection.execute(select(schema.products).order_by(schema.products.c.name))
    return [Product(id=r.id, name=r.name, series=r.series, list_price=r.list_price) for r in rows]


def list_capabilities(connection: Connection) -> list[Capability]:
    rows = connection.execute(select(schema.capabilities).order_by(schema.capabilities.c.name))
    return [
        Capability(
            id=r.id,
            name=r.name,
            description=r.description,
            keywords=[k for k in r.keywords.split("\n") if k],
        )
        for r in rows
    ]


def count_rows(connection: Connection, table: Table) -> int:
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def all_empty(connection: Connection, tables: Iterable[Table]) -> bool:
    """Whether none of `tables` holds a row: one statement, a cheap probe per table (a
    statement apiece cost a command 5 ms more, mostly in compiling each the first time)."""
    probes = [exists().select_from(table) for table in tables]
    return not probes or not connection.scalar(select(or_(*probes)))


def deal_counts_by_account(connection: Connection) -> dict[str, dict[str, int]]:
    """For each account id, the number of deals per outcome."""
    table = schema.deals
    query = select(table.c.account_id, table.c.outcome, func.count()).group_by(
        table.c.account_id, table.c.outcome
    )
    counts: dict[str, dict[str, int]] = {}
    for account_id, outcome, count in connection.execute(query):
        if account_id is not None:
            counts.setdefault(account_id, {})[outcome] = int(count)
    return counts
