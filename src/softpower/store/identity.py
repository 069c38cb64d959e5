"""Identity facts out of the store, and moving an address from one person to another.

`load_address_facts` gathers what identity resolution needs (each address,
its person, the names it was shown with, the user's decisions).
`move_address` carries out one result: the address, the participant rows
that used it and the turns its sender wrote move to the new person; a
person created automatically and left with no address is folded into the
new one (its remaining rows, titles and empty fields) and removed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, delete, exists, insert, select, update

from softpower.ingest.identity import AUTOMATIC_PREFIX, NAME_PREFIX, AddressFacts
from softpower.store import schema
from softpower.store.people import normalise_name, person_name
from softpower.store.repository import upsert


def decisions(connection: Connection) -> dict[str, tuple[str, str]]:
    """The latest manual decision for each address: address -> (action, person id)."""
    table = schema.identity_decisions
    latest: dict[str, tuple[str, str]] = {}
    for row in connection.execute(select(table).order_by(table.c.decided_at, table.c.id)):
        latest[row.address] = (row.action, row.person_id)
    return latest


def load_address_facts(connection: Connection) -> list[AddressFacts]:
    names: dict[str, dict[str, int]] = {}
    for row in connection.execute(select(schema.address_names)):
        names.setdefault(row.address, {})[row.name] = int(row.seen)
    decided = decisions(connection)
    facts = []
    table = schema.person_addresses
    for row in connection.execute(select(table.c.address, table.c.person_id).order_by("address")):
        action, person_id = decided.get(row.address, ("", ""))
        facts.append(
            AddressFacts(
                address=row.address,
                person_id=row.person_id,
                names=names.get(row.address, {}),
                split=action == "split",
                merged_into=person_id if action == "merge" else None,
            )
        )
    return facts


def record_decision(
    connection: Connection, action: str, address: str, person_id: str, note: str | None = None
) -> None:
    connection.execute(
        insert(schema.identity_decisions).values(
            action=action,
            address=address,
            person_id=person_id,
            decided_at=datetime.now(UTC),
            note=note,
        )
    )


def ensure_person(connection: Connection, person_id: str, address: str) -> None:
    """A person row for an address split off on its own, named as the address was shown."""
    shown = connection.execute(
        select(schema.address_names.c.name)
        .where(schema.address_names.c.address == address)
        .order_by(schema.address_names.c.seen.desc(), schema.address_names.c.name)
        .limit(1)
    ).scalar()
    old = connection.execute(
        select(schema.people)
        .join(schema.person_addresses, schema.person_addresses.c.person_id == schema.people.c.id)
        .where(schema.person_addresses.c.address == address)
    ).first()
    upsert(
        connection,
        schema.people,
        [
            {
                "id": person_id,
                "name": person_name(shown, address),
                "account_id": old.account_id if old else None,
                "is_internal": bool(old.is_internal) if old else False,
                "source": "identity",
            }
        ],
        update=False,
    )


def move_address(
    connection: Connection,
    address: str,
    old_person: str,
    new_person: str,
    confidence: float,
    evidence: str,
) -> None:
    p = schema.participants
    connection.execute(
        update(schema.person_addresses)
        .where(schema.person_addresses.c.address == address)
        .values(person_id=new_person, confidence=confidence, evidence=evidence)
    )
    if old_person != new_person:
        _move_participants(
            connection, and_(p.c.address == address, p.c.person_id == old_person), new_person
        )
        from_here = select(p.c.interaction_id).where(
            p.c.address == address, p.c.person_id == new_person, p.c.role == "from"
        )
        connection.execute(
            update(schema.turns)
            .where(schema.turns.c.speaker_id == old_person)
            .where(schema.turns.c.interaction_id.in_(from_here))
            .values(speaker_id=new_person)
        )
        _fold_if_empty(connection, old_person, new_person)


def _move_participants(connection: Connection, which: ColumnElement[bool], new_person: str) -> None:
    p = schema.participants
    alias = p.alias("other")
    clash = exists().where(
        alias.c.interaction_id == p.c.interaction_id,
        alias.c.role == p.c.role,
        alias.c.person_id == new_person,
    )
    connection.execute(delete(p).where(which).where(clash))
    connection.execute(update(p).where(which).values(person_id=new_person))


def _fold_if_empty(connection: Connection, old_person: str, new_person: str) -> None:
    if not old_person.startswith(AUTOMATIC_PREFIX):
        return
    still_used = connection.execute(
        select(schema.person_addresses.c.address).where(
            schema.person_addresses.c.person_id == old_person
        )
    ).first()
    if still_used is not None:
        return
    fold_person(connection, old_person, new_person)


def fold_person(connection: Connection, old_person: str, new_person: str) -> None:
    """Make `old_person` part of `new_person`: participations, turns, titles, blanks filled."""
    p = schema.participants
    _move_participants(connection, p.c.person_id == old_person, new_person)
    connection.execute(
        update(schema.turns)
        .where(schema.turns.c.speaker_id == old_person)
        .values(speaker_id=new_person)
    )
    connection.execute(
        update(schema.person_titles)
        .where(schema.person_titles.c.person_id == old_person)
        .values(person_id=new_person)
    )
    old = connection.execute(select(schema.people).where(schema.people.c.id == old_person)).first()
    new = connection.execute(select(schema.people).where(schema.people.c.id == new_person)).first()
    if old is not None and new is not None:
        filled = {
            column: getattr(old, column)
            for column in ("title", "department", "phone", "account_id")
            if getattr(new, column) in (None, "") and getattr(old, column)
        }
        if filled:
            connection.execute(
                update(schema.people).where(schema.people.c.id == new_person).values(filled)
            )
    connection.execute(delete(schema.people).where(schema.people.c.id == old_person))


def fold_named_people(connection: Connection) -> int:
    """Fold each person known only by a name into the one other person of that name.

    A transcript speaker or calendar attendee seen before the CRM was
    imported gets a person of their own (`name:priya raman`); once a CRM
    contact (or an e-mail sender) of the same name exists on the same
    account, or the name-only person has no account, they are one human
    being. Two or more people of that name: left alone, it is not clear
    which. Returns how many were folded.
    """
    people = schema.people
    columns = (people.c.id, people.c.name, people.c.account_id)
    is_named = people.c.id.startswith(NAME_PREFIX)
    named = connection.execute(select(*columns).where(is_named)).all()
    if not named:  # the usual case, and a CRM may hold many contacts: nothing else is read
        return 0
    by_name: dict[str, list[Any]] = {}
    for row in connection.execute(select(*columns).where(~is_named, people.c.name.is_not(None))):
        by_name.setdefault(normalise_name(row.name), []).append(row)
    folded = 0
    for row in named:
        same = [
            other
            for other in by_name.get(normalise_name(row.name), [])
            if row.account_id in (None, other.account_id)
        ]
        if len(same) == 1:
            addresses = schema.person_addresses
            connection.execute(
                update(addresses)
                .where(addresses.c.person_id == row.id)
                .values(person_id=same[0].id)
            )
            fold_person(connection, row.id, same[0].id)
            folded += 1
    return folded
