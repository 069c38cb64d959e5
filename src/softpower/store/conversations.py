"""Queries the conversation service needs: which interactions to analyse, and who spoke.

Transcripts and calendar entries often carry no account of their own; they
belong to an account through the people who took part. These queries find
conversations by an account's people or by a set of speakers, keep only
those with something said or written (at least one turn), and read the
people and CRM-logged activities that the deal linking rule looks at.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import Connection, exists, func, or_, select

from softpower.domain import InteractionKind, Person
from softpower.store import schema
from softpower.store.people import normalise_name

_CHUNK = 500


def _chunks(values: Collection[str]) -> Iterable[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def conversation_ids(
    connection: Connection,
    *,
    account_id: str | None = None,
    person_ids: Collection[str] | None = None,
    kinds: Iterable[InteractionKind] | None = None,
) -> list[str]:
    """Ids of interactions with at least one turn, oldest first.

    `account_id`: recorded on the interaction, or one of its participants or
    speakers is a person of that account. `person_ids`: one of them took part
    or spoke.
    """
    interactions, participants, turns, people = (
        schema.interactions,
        schema.participants,
        schema.turns,
        schema.people,
    )
    query = select(interactions.c.id).where(
        exists().where(turns.c.interaction_id == interactions.c.id)
    )
    if kinds is not None:
        query = query.where(interactions.c.kind.in_([kind.value for kind in kinds]))
    if account_id is not None:
        by_participant = (
            select(participants.c.interaction_id)
            .join(people, people.c.id == participants.c.person_id)
            .where(people.c.account_id == account_id)
        )
        by_speaker = (
            select(turns.c.interaction_id)
            .join(people, people.c.id == turns.c.speaker_id)
            .where(people.c.account_id == account_id)
        )
        query = query.where(
            or_(
                interactions.c.account_id == account_id,
                interactions.c.id.in_(by_participant),
                interactions.c.id.in_(by_speaker),
            )
        )
    if person_ids is not None:
        wanted = sorted(person_ids)
        if not wanted:
            return []
        query = query.where(
            or_(
                interactions.c.id.in_(
                    select(participants.c.interaction_id).where(
                        participants.c.person_id.in_(wanted)
                    )
                ),
                interactions.c.id.in_(
                    select(turns.c.interaction_id).where(turns.c.speaker_id.in_(wanted))
                ),
            )
        )
    query = query.order_by(interactions.c.started_at, interactions.c.id)
    return [str(value) for value in connection.scalars(query)]


def with_whole_threads(connection: Connection, ids: Collection[str]) -> list[str]:
    """`ids` plus every other message of the email threads they belong to."""
    table = schema.interactions
    threads: set[str] = set()
    for chunk in _chunks(ids):
        threads.update(
            str(value)
            for value in connection.scalars(
                select(table.c.thread_id).where(
                    table.c.id.in_(chunk),
                    table.c.kind == InteractionKind.EMAIL.value,
                    table.c.thread_id.is_not(None),
                )
            )
        )
    found = set(ids)
    for chunk in _chunks(threads):
        found.update(
            str(value)
            for value in connection.scalars(
                select(table.c.id).where(
                    table.c.thread_id.in_(chunk),
                    exists().where(schema.turns.c.interaction_id == table.c.id),
                )
            )
        )
    return sorted(found)


def thread_message_ids(connection: Connection, thread_id: str) -> list[str]:
    """The messages (with text) of one email thread."""
    table = schema.interactions
    return [
        str(value)
        for value in connection.scalars(
            select(table.c.id).where(
                table.c.thread_id == thread_id,
                exists().where(schema.turns.c.interaction_id == table.c.id),
            )
        )
    ]


def conversation_keys(connection: Connection) -> Iterable[str]:
    """Every interaction id and thread id: what a short conversation reference can stand for."""
    table = schema.interactions
    yield from (str(value) for value in connection.scalars(select(table.c.id)))
    threads = select(table.c.thread_id).where(table.c.thread_id.is_not(None)).distinct()
    yield from (str(value) for value in connection.scalars(threads))


def people_by_ids(connection: Connection, ids: Collection[str]) -> list[Person]:
    """The people with these ids, with their addresses."""
    table, addresses = schema.people, schema.person_addresses
    found: dict[str, Person] = {}
    for chunk in _chunks(ids):
        for row in connection.execute(select(table).where(table.c.id.in_(chunk))):
            found[row.id] = Person(
                id=row.id,
                name=row.name,
                account_id=row.account_id,
                is_internal=bool(row.is_internal),
                title=row.title,
                department=row.department,
            )
        for person_id, address in connection.execute(
            select(addresses.c.person_id, addresses.c.address)
            .where(addresses.c.person_id.in_(chunk))
            .order_by(addresses.c.address)
        ):
            found[person_id].addresses.append(address)
    return list(found.values())


def people_named_or_addressed(connection: Connection, name: str, address: str | None) -> list[str]:
    """Ids of the people who use `address` or whose name is `name` (any spelling of it)."""
    found: set[str] = set()
    if address:
        found.update(
            str(value)
            for value in connection.scalars(
                select(schema.person_addresses.c.person_id).where(
                    schema.person_addresses.c.address == address.strip().lower()
                )
            )
        )
    key = normalise_name(name)
    if key:
        table = schema.people
        last_word = key.split()[-1]
        for person_id, stored in connection.execute(
            select(table.c.id, table.c.name).where(func.lower(table.c.name).contains(last_word))
        ):
            if normalise_name(stored) == key:
                found.add(str(person_id))
    return sorted(found)


def logged_deal_activities(
    connection: Connection, account_id: str
) -> list[tuple[str, datetime, str]]:
    """(id, start, deal id) of the account's interactions that name a deal and a start."""
    table = schema.interactions
    rows = connection.execute(
        select(table.c.id, table.c.started_at, table.c.deal_id).where(
            table.c.account_id == account_id,
            table.c.deal_id.is_not(None),
            table.c.started_at.is_not(None),
        )
    )
    return [(str(row.id), row.started_at, str(row.deal_id)) for row in rows]
