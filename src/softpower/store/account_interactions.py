"""Reading what the power base needs: an account's interactions and its people's title observations.

An interaction belongs to an account's picture when the account is named on
it or one of the account's people took part or spoke in it; meetings and
calls imported from calendars and transcripts often carry no account id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, or_, select

from softpower.domain import Interaction, TitleObservation
from softpower.store import schema
from softpower.store.communications import load_interactions

CHUNK = 2000


def account_interaction_ids(connection: Connection, account_id: str) -> list[str]:
    """Ids of the interactions of an account or its people, oldest first."""
    people = select(schema.people.c.id).where(schema.people.c.account_id == account_id)
    participants = select(schema.participants.c.interaction_id).where(
        schema.participants.c.person_id.in_(people)
    )
    speakers = select(schema.turns.c.interaction_id).where(schema.turns.c.speaker_id.in_(people))
    table = schema.interactions
    query = (
        select(table.c.id)
        .where(
            or_(
                table.c.account_id == account_id,
                table.c.id.in_(participants),
                table.c.id.in_(speakers),
            )
        )
        .order_by(table.c.started_at, table.c.id)
    )
    return list(connection.scalars(query))


def load_account_interactions(connection: Connection, account_id: str) -> Iterator[Interaction]:
    """Stream an account's interactions with participants and turns, in chunks."""
    ids = account_interaction_ids(connection, account_id)
    for start in range(0, len(ids), CHUNK):
        yield from load_interactions(connection, ids=ids[start : start + CHUNK], batch_size=CHUNK)


def load_title_observations(
    connection: Connection, person_ids: Sequence[str]
) -> dict[str, list[TitleObservation]]:
    """Every recorded title of the given people, oldest first."""
    table = schema.person_titles
    found: dict[str, list[TitleObservation]] = {}
    for start in range(0, len(person_ids), CHUNK):
        chunk = list(person_ids[start : start + CHUNK])
        query = (
            select(table)
            .where(table.c.person_id.in_(chunk))
            .order_by(table.c.person_id, table.c.observed_at, table.c.id)
        )
        for row in connection.execute(query):
            found.setdefault(row.person_id, []).append(
                TitleObservation(row.title, row.source, row.observed_at, row.evidence)
            )
    return found
