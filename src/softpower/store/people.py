"""Finding or creating the Person behind an address or a name, during an import.

Imports see people as mentions: an e-mail address with a display name, a
calendar attendee, a transcript speaker's name. This module turns a mention
into a stored person id, creating the person the first time. New people get
stable ids derived from what identified them (`email:jane@x.example`,
`name:jane doe`), so re-imports find the same rows. Merging several
addresses into one person is identity resolution's job; it works on the
`person_addresses` table this module reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from softpower.domain import CRM_SOURCE
from softpower.ingest.identity import AUTOMATIC_PREFIX, NAME_PREFIX
from softpower.store import schema
from softpower.store.bulk_table import BulkTable
from softpower.store.repository import rows_where_in, upsert


@dataclass(frozen=True, slots=True)
class Affiliation:
    """Which domains are ours, and which customer account each other domain belongs to."""

    internal_domains: frozenset[str]
    account_by_domain: dict[str, str]

    def of(self, address: str) -> tuple[bool, str | None]:
        """(is internal, account id) for an address, by its domain and parent domains."""
        domain = address.rpartition("@")[2].lower()
        parts = domain.split(".")
        for start in range(len(parts) - 1):
            candidate = ".".join(parts[start:])
            if candidate in self.internal_domains:
                return True, None
            if candidate in self.account_by_domain:
                return False, self.account_by_domain[candidate]
        return False, None


def load_affiliation(connection: Connection, internal_domains: tuple[str, ...]) -> Affiliation:
    table = schema.account_domains
    domains = {row.domain: row.account_id for row in connection.execute(select(table))}
    return Affiliation(frozenset(d.lower() for d in internal_domains), domains)


def normalise_name(name: str) -> str:
    """Lower-case, accents stripped, `Last, First` turned round, spaces collapsed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        text = f"{first} {last}"
    text = re.sub(r"[^\w\s'-]", " ", text.lower())
    return " ".join(text.split())


def name_from_address(address: str) -> str:
    """A readable name guessed from `jane.doe@x` when no display name was given."""
    local = address.partition("@")[0]
    words = [w for w in re.split(r"[._\-+]+", local) if w and not w.isdigit()]
    return " ".join(w.capitalize() for w in words) or address


def person_name(display_name: str | None, address: str) -> str:
    """The name to give a new person: the one shown with the address, when it is a name.

    A single lower-case word ("legal", "houston", "credit") labels a mailbox,
    not a human being; the address then says more.
    """
    name = (display_name or "").strip().strip("'\"")
    if not name or (" " not in name and name.islower()):
        return name_from_address(address)
    return name


def person_for_address(
    connection: Connection,
    address: str,
    display_name: str | None,
    affiliation: Affiliation,
    source: str,
) -> str:
    """The id of the person who uses `address`, created on first sight."""
    address = address.strip().lower()
    table = schema.person_addresses
    found = connection.scalar(select(table.c.person_id).where(table.c.address == address))
    if found is not None:
        return str(found)
    internal, account_id = affiliation.of(address)
    person_id = f"{AUTOMATIC_PREFIX}{address}"
    name = person_name(display_name, address)
    upsert(
        connection,
        schema.people,
        [
            {
                "id": person_id,
                "name": name,
                "account_id": account_id,
                "is_internal": internal,
                "source": source,
            }
        ],
        update=False,
    )
    upsert(
        connection,
        table,
        [
            {
                "address": address,
                "person_id": person_id,
                "display_name": display_name,
                "confidence": 1.0,
                "evidence": f"address seen in {source}",
            }
        ],
        update=False,
    )
    return person_id


def person_for_name(
    connection: Connection, name: str, source: str, account_id: str | None = None
) -> str:
    """The id of the person called `name` (any stored spelling), created on first sight."""
    key = normalise_name(name)
    table = schema.people
    query = select(table.c.id, table.c.name)
    if account_id is not None:
        query = query.where((table.c.account_id == account_id) | (table.c.is_internal.is_(True)))
    query = query.where(func.lower(table.c.name).contains(key.split()[-1] if key else ""))
    for person_id, stored in connection.execute(query):
        if normalise_name(stored) == key:
            return str(person_id)
    person_id = f"{NAME_PREFIX}{key}"
    upsert(
        connection,
        table,
        [{"id": person_id, "name": name.strip(), "account_id": account_id, "source": source}],
        update=False,
    )
    return person_id


PERSON_COLUMNS = ("id", "name", "account_id", "is_internal", "source")
ADDRESS_COLUMNS = ("address", "person_id", "display_name", "confidence", "evidence")


def people_for_addresses(
    connection: Connection,
    mentions: dict[str, str | None],
    affiliation: Affiliation,
    source: str,
) -> dict[str, str]:
    """Person ids for many addresses at once (address -> display name), creating the unknown.

    The bulk form of `person_for_address`, for imports that see thousands of
    addresses per batch: one query per 500 addresses instead of one each,
    sent straight to the driver, and the new rows written in bulk.
    """
    table = schema.person_addresses
    query = "SELECT address, person_id FROM person_addresses WHERE address IN ({})"
    found = {
        address: str(person) for address, person in rows_where_in(connection, query, [*mentions])
    }
    new_people: list[tuple[Any, ...]] = []
    new_addresses: list[tuple[Any, ...]] = []
    for address, display_name in mentions.items():
        if address in found:
            continue
        internal, account_id = affiliation.of(address)
        person_id = f"{AUTOMATIC_PREFIX}{address}"
        name = person_name(display_name, address)
        new_people.append((person_id, name, account_id, internal, source))
        new_addresses.append((address, person_id, display_name, 1.0, f"address seen in {source}"))
        found[address] = person_id
    # a person of that id may exist already (an address moved away from it): kept as it is
    BulkTable(connection, schema.people, PERSON_COLUMNS).write(new_people, merge=False)
    # the addresses were just looked up and not found: new by construction
    BulkTable(connection, table, ADDRESS_COLUMNS).insert(new_addresses)
    return found


def ensure_seller_people(connection: Connection, affiliation: Affiliation) -> int:
    """Each CRM seller with an e-mail address as a person of our side; returns how many.

    The CRM says who our sellers are: the person behind a seller's address is
    ours whatever its domain, and exists before their first mail or call, so
    a transcript speaker of that name and the seller are one person.
    """
    people = schema.people
    sellers = connection.execute(
        select(schema.sellers.c.name, schema.sellers.c.email).where(
            schema.sellers.c.email.is_not(None)
        )
    ).all()
    placed = 0
    for name, email in sellers:
        address = str(email).strip().lower()
        if "@" not in address:
            continue
        person_id = person_for_address(connection, address, name, affiliation, CRM_SOURCE)
        connection.execute(
            people.update()
            .where(people.c.id == person_id, people.c.is_internal.is_(False))
            .values(is_internal=True, account_id=None)
        )
        placed += 1
    return placed


def assign_accounts_by_domain(connection: Connection, affiliation: Affiliation) -> int:
    """Give people without a side the account (or our company) their address domain names.

    A person first seen in mail before the CRM said which account owns the
    domain (or before the workspace listed our own domains) was stored with
    no account; this settles them once the domain is known. People the CRM
    placed keep their account. Returns how many people moved.
    """
    people = schema.people
    addresses = schema.person_addresses
    rows = connection.execute(
        select(addresses.c.person_id, addresses.c.address)
        .join(people, people.c.id == addresses.c.person_id)
        .where(people.c.account_id.is_(None), people.c.is_internal.is_(False))
        .order_by(addresses.c.person_id, addresses.c.address)
    )
    sides: dict[str, tuple[bool, str | None]] = {}
    for person_id, address in rows:
        internal, account_id = affiliation.of(address)
        if (internal or account_id) and person_id not in sides:
            sides[str(person_id)] = (internal, account_id)
    for person_id, (internal, account_id) in sides.items():
        connection.execute(
            people.update()
            .where(people.c.id == person_id)
            .values(account_id=account_id, is_internal=internal)
        )
    return len(sides)
