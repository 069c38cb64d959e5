"""People: identity resolution after imports, manual merge and split, listing.

`resolve_identities` runs after every mail import: it reads what the store
knows of each address, asks `ingest.identity.resolve` which person each
belongs to, and moves the addresses whose person changed. The user's own
decisions (`merge_people`, `split_address`) are stored in
`identity_decisions` and win over the automatic result on every later run,
so a re-import never undoes them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, select

from softpower.domain import Person
from softpower.errors import SoftpowerError, UnknownRecord, unknown_account
from softpower.ingest.identity import (
    AUTOMATIC_PREFIX,
    NAME_PREFIX,
    UNLINKED,
    IdentityLink,
    resolve,
)
from softpower.services.store import store_of, writing_store
from softpower.store import identity, repository, schema
from softpower.store.people import (
    assign_accounts_by_domain,
    ensure_seller_people,
    load_affiliation,
)
from softpower.workspace import Workspace


@dataclass(slots=True)
class ResolutionSummary:
    """What a resolution run changed."""

    addresses: int = 0
    moved: list[IdentityLink] = field(default_factory=list)

    @property
    def people_merged(self) -> int:
        return len({link.person_id for link in self.moved})


def resolve_in(connection: Connection) -> ResolutionSummary:
    """Resolve identities inside the caller's transaction."""
    facts = identity.load_address_facts(connection)
    current = {fact.address: fact.person_id for fact in facts}
    summary = ResolutionSummary(addresses=len(facts))
    table = schema.person_addresses
    stored = {
        row.address: (row.confidence, row.evidence)
        for row in connection.execute(select(table.c.address, table.c.confidence, table.c.evidence))
    }
    for link in resolve(facts):
        old = current[link.address]
        if old == link.person_id:
            confidence, evidence = link.confidence, link.evidence
            stored_confidence, stored_evidence = stored.get(link.address, (1.0, None))
            if confidence == 1.0 and evidence == UNLINKED:
                if stored_confidence >= 1.0:
                    continue  # keeps how it was first seen
                evidence = "no longer matched to another address"
            elif (stored_confidence, stored_evidence) == (confidence, evidence):
                continue
            identity.move_address(connection, link.address, old, old, confidence, evidence)
            continue
        if link.person_id.startswith(AUTOMATIC_PREFIX):
            identity.ensure_person(connection, link.person_id, link.address)
        identity.move_address(
            connection, link.address, old, link.person_id, link.confidence, link.evidence
        )
        summary.moved.append(link)
    return summary


def settle_sides(engine: Engine, workspace: Workspace) -> int:
    """Place people stored without a side, now that the CRM or the config names their domain.

    People first known only by a name (a transcript speaker) become the CRM
    contact or e-mail sender of that name, so import order does not matter.
    """
    with engine.begin() as connection:
        if not _anyone_to_place(connection):
            return 0
        affiliation = load_affiliation(connection, workspace.internal_domains)
        ensure_seller_people(connection, affiliation)
        identity.fold_named_people(connection)
        return assign_accounts_by_domain(connection, affiliation)


def _anyone_to_place(connection: Connection) -> bool:
    """Whether settling could change anything: only people, or sellers with an address (who
    become people), can be placed. A CRM of deals alone has neither: one query, not four."""
    sellers = schema.sellers
    return bool(
        connection.scalar(
            select(
                select(schema.people.c.id).exists()
                | select(sellers.c.id).where(sellers.c.email.is_not(None)).exists()
            )
        )
    )


def resolve_identities(engine: Engine) -> ResolutionSummary:
    with engine.begin() as connection:
        return resolve_in(connection)


def _addresses_of(connection: Connection, person_or_address: str) -> tuple[str, list[str]]:
    """(person id, its addresses) for a person id or any of its addresses."""
    table = schema.person_addresses
    key = person_or_address.strip()
    person_id = connection.scalar(select(table.c.person_id).where(table.c.address == key.lower()))
    if person_id is None:
        person_id = connection.scalar(select(schema.people.c.id).where(schema.people.c.id == key))
    if person_id is None:  # a CRM seller id stands for the person behind the seller's address
        email = connection.scalar(select(schema.sellers.c.email).where(schema.sellers.c.id == key))
        if email:
            person_id = connection.scalar(
                select(table.c.person_id).where(table.c.address == str(email).strip().lower())
            )
    if person_id is None:
        raise UnknownRecord(f"no person, address or seller {person_or_address!r}")
    addresses = list(
        connection.scalars(
            select(table.c.address).where(table.c.person_id == person_id).order_by(table.c.address)
        )
    )
    return str(person_id), addresses


def _is_crm_contact(person_id: str) -> bool:
    """People the CRM created keep its ids; the others are named after what identified them."""
    return not person_id.startswith((AUTOMATIC_PREFIX, NAME_PREFIX))


def merge_people(
    workspace: Workspace, keep: str, other: str, note: str | None = None
) -> tuple[str, list[str]]:
    """Make `other` (person id or address) the same person as `keep`; kept across re-imports.

    Returns the kept person id and the addresses moved to it. A CRM contact
    is always the one kept (the CRM would bring it back on its next import);
    two CRM contacts are refused: the CRM itself holds the duplicate.
    """
    with writing_store(workspace) as engine, engine.begin() as connection:
        person_id, kept_addresses = _addresses_of(connection, keep)
        other_id, moved = _addresses_of(connection, other)
        if other_id == person_id:
            raise SoftpowerError(f"{keep!r} and {other!r} are already one person ({person_id})")
        if _is_crm_contact(person_id) and _is_crm_contact(other_id):
            raise SoftpowerError(
                f"{person_id} and {other_id} are two contacts in the CRM: merge them there and "
                "import it again"
            )
        _refuse_across_sides(connection, person_id, other_id)
        if _is_crm_contact(other_id):
            (person_id, kept_addresses), (other_id, moved) = (
                (other_id, moved),
                (person_id, kept_addresses),
            )
        for address in kept_addresses + moved:
            identity.record_decision(connection, "merge", address, person_id, note)
        resolve_in(connection)
        if other_id.startswith(NAME_PREFIX):  # known by name only: nothing else moves it
            identity.fold_person(connection, other_id, person_id)
        repository.record_audit(connection, "people.merge", person_id, f"{other_id} -> {person_id}")
        return person_id, moved


def _refuse_across_sides(connection: Connection, a: str, b: str) -> None:
    """One of ours (a seller, a colleague) and a customer's person are never one human."""
    people = schema.people
    rows = connection.execute(
        select(people.c.id, people.c.is_internal, people.c.account_id).where(
            people.c.id.in_([a, b])
        )
    ).all()
    ours = [row.id for row in rows if row.is_internal]
    theirs = [row for row in rows if not row.is_internal and row.account_id is not None]
    if ours and theirs:
        raise SoftpowerError(
            f"{ours[0]} is on our side and {theirs[0].id} is a person at account "
            f"{theirs[0].account_id}: they cannot be one person"
        )


def split_address(workspace: Workspace, address: str, note: str | None = None) -> tuple[str, str]:
    """Give `address` a person of its own, never merged automatically again.

    Returns (the person it left, its new person id).
    """
    with writing_store(workspace) as engine, engine.begin() as connection:
        key = address.strip().lower()
        old = connection.scalar(
            select(schema.person_addresses.c.person_id).where(
                schema.person_addresses.c.address == key
            )
        )
        if old is None:
            raise UnknownRecord(f"no address {address!r}")
        new_person = f"{AUTOMATIC_PREFIX}{key}"
        held = connection.scalar(
            select(func.count()).where(schema.person_addresses.c.person_id == old)
        )
        if old != new_person and held == 1:
            raise SoftpowerError(
                f"{key} is the only address of {old}: there is nothing to split it from"
            )
        identity.record_decision(connection, "split", key, new_person, note)
        resolve_in(connection)
        repository.record_audit(connection, "people.split", key, f"{old} -> {new_person}")
        return str(old), new_person


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person with their addresses and how many interactions they take part in."""

    person: Person
    interactions: int
    lowest_confidence: float


def list_people(workspace: Workspace, account: str | None = None) -> list[PersonRow]:
    """Everyone (or one account's people), most active first."""
    with store_of(workspace) as engine, engine.connect() as connection:
        account_id = None
        if account is not None:
            found = repository.find_account(connection, account)
            if found is None:
                raise unknown_account(account)
            account_id = found.id
        people = repository.list_people(connection, account_id)
        p = schema.participants
        counts: Counter[str] = Counter(
            {
                row.person_id: int(row.n)
                for row in connection.execute(
                    select(
                        p.c.person_id, func.count(func.distinct(p.c.interaction_id)).label("n")
                    ).group_by(p.c.person_id)
                )
            }
        )
        a = schema.person_addresses
        confidence = {
            row.person_id: float(row.low)
            for row in connection.execute(
                select(a.c.person_id, func.min(a.c.confidence).label("low")).group_by(a.c.person_id)
            )
        }
    rows = [PersonRow(p, counts[p.id], confidence.get(p.id, 1.0)) for p in people]
    return sorted(rows, key=lambda r: (-r.interactions, r.person.name, r.person.id))
