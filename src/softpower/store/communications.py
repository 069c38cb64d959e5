"""Interactions and documents to rows and back, tied to the file version they came from.

Every interaction and document row points at its `source_files` row. That is
what makes communications imports incremental (an unchanged file is skipped
by content hash), replaceable (a changed file's records are deleted and
written again) and resumable (a file is committed whole or not at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from softpower.domain import (
    Attachment,
    Document,
    DocumentSentence,
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Turn,
)
from softpower.store import schema
from softpower.store.bulk_table import BulkTable

# --- source files ------------------------------------------------------------


def recorded_file(connection: Connection, kind: str, path: str) -> tuple[int, str] | None:
    """(id, content hash) of `path` as recorded the last time it was imported as `kind`."""
    table = schema.source_files
    row = connection.execute(
        select(table.c.id, table.c.sha256).where(table.c.kind == kind, table.c.path == path)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def begin_source_file(
    connection: Connection, kind: str, path: str, sha256: str, size: int, existing: int | None
) -> int:
    """Register a file version, dropping what an older version of it had written.

    `existing`: the file's id if an earlier version is recorded (see `recorded_file`).
    """
    table = schema.source_files
    now = datetime.now(UTC)
    if existing is None:
        result = connection.execute(
            insert(table).values(
                kind=kind, path=path, sha256=sha256, size=size, imported_at=now, records=0
            )
        )
        assert result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])
    _hand_over_shared(connection, existing)
    connection.execute(
        delete(schema.interactions).where(schema.interactions.c.source_file_id == existing)
    )
    connection.execute(
        delete(schema.documents).where(schema.documents.c.source_file_id == existing)
    )
    connection.execute(
        update(table)
        .where(table.c.id == existing)
        .values(sha256=sha256, size=size, imported_at=now, records=0)
    )
    return int(existing)


def _hand_over_shared(connection: Connection, source_file_id: int) -> None:
    """Before a file's records are replaced, hand what it shared over to the other files.

    Its copies of interactions stored under other files are forgotten, and the
    interactions it stores that other files also had move to one of those; if
    its new version still has them, it records a copy again.
    """
    copies = schema.interaction_copies
    interactions = schema.interactions
    connection.execute(delete(copies).where(copies.c.source_file_id == source_file_id))
    shared = connection.execute(
        select(copies.c.interaction_id, func.min(copies.c.source_file_id))
        .join(interactions, interactions.c.id == copies.c.interaction_id)
        .where(interactions.c.source_file_id == source_file_id)
        .group_by(copies.c.interaction_id)
    ).all()
    for interaction_id, other_file in shared:
        connection.execute(
            update(interactions)
            .where(interactions.c.id == interaction_id)
            .values(source_file_id=other_file)
        )
        connection.execute(
            delete(copies).where(
                copies.c.interaction_id == interaction_id, copies.c.source_file_id == other_file
            )
        )


def record_copies(connection: Connection, copies: Iterable[tuple[str, int]]) -> None:
    """Note that these (interaction id, source file id) were read again from another file."""
    BulkTable(connection, schema.interaction_copies, ("interaction_id", "source_file_id")).write(
        copies, merge=False
    )


def finish_source_file(connection: Connection, source_file_id: int, records: int) -> None:
    connection.execute(
        update(schema.source_files)
        .where(schema.source_files.c.id == source_file_id)
        .values(records=records)
    )


# --- interactions -------------------------------------------------------------

INTERACTION_COLUMNS = (
    "id", "kind", "subject", "started_at", "ended_at", "thread_id", "account_id", "deal_id",
    "source", "source_file_id", "thread_subject",
)  # fmt: skip
PARTICIPANT_COLUMNS = ("interaction_id", "person_id", "role", "response", "address")
TURN_COLUMNS = ("interaction_id", "seq", "speaker_id", "text", "start_s", "end_s")
ATTACHMENT_COLUMNS = ("interaction_id", "seq", "name", "mime_type", "size", "text")


def _stored_under(connection: Connection, ids: Sequence[str]) -> dict[str, int | None]:
    """The file each of these interactions is stored under, for those already stored."""
    if not ids:
        return {}
    table = schema.interactions
    query = select(table.c.id, table.c.source_file_id).where(table.c.id.in_(ids))
    return {row.id: row.source_file_id for row in connection.execute(query)}


def save_interactions(
    connection: Connection,
    interactions: Sequence[Interaction],
    source_file_id: int | None,
    thread_subjects: Mapping[str, str | None] | None = None,
) -> list[Interaction]:
    """Write interactions not already stored; returns those written.

    The same record met in several files (a meeting in two attendees'
    calendar exports) is stored once, under the first file that brought it;
    the others are noted as copies, so that it outlives a change to that
    file as long as another still has it. Participants must already exist as
    people. `thread_subjects` (interaction id -> normalised subject) lets
    later mail find its thread by subject.
    """
    subjects = thread_subjects or {}
    stored = _stored_under(connection, [i.id for i in interactions])
    if source_file_id is not None:
        record_copies(
            connection,
            {(i, source_file_id) for i, under in stored.items() if under != source_file_id},
        )
    seen = set(stored)
    fresh: list[Interaction] = []
    for interaction in interactions:
        if interaction.id not in seen:
            seen.add(interaction.id)
            fresh.append(interaction)
    if not fresh:
        return []
    bulk = partial(BulkTable, connection)
    # every row below belongs to an interaction just found new: plain inserts
    bulk(schema.interactions, INTERACTION_COLUMNS).insert(
        (
            (
                i.id, i.kind.value, i.subject, i.started_at, i.ended_at, i.thread_id,
                i.account_id, i.deal_id, i.source, source_file_id, subjects.get(i.id),
            )
            for i in fresh
        ),
    )  # fmt: skip
    participants = {
        (i.id, p.person_id, p.role.value): (i.id, p.person_id, p.role.value, p.response, p.address)
        for i in fresh
        for p in i.participants
    }
    bulk(schema.participants, PARTICIPANT_COLUMNS).insert(participants.values())
    bulk(schema.turns, TURN_COLUMNS).insert(
        (i.id, t.seq, t.speaker_id, t.text, t.start_s, t.end_s) for i in fresh for t in i.turns
    )
    bulk(schema.attachments, ATTACHMENT_COLUMNS).insert(
        (i.id, n, a.name, a.mime_type, a.size, a.text)
        for i in fresh
        for n, a in enumerate(i.attachments)
    )
    return fresh


def _interaction(row: Any) -> Interaction:
    return Interaction(
        id=row.id,
        kind=InteractionKind(row.kind),
        subject=row.subject,
        started_at=row.started_at,
        ended_at=row.ended_at,
        thread_id=row.thread_id,
        account_id=row.account_id,
        deal_id=row.deal_id,
        source=row.source,
    )


def load_interactions(
    connection: Connection,
    *,
    account_id: str | None = None,
    kinds: Iterable[InteractionKind] | None = None,
    ids: Sequence[str] | None = None,
    batch_size: int = 2000,
) -> Iterator[Interaction]:
    """Stream interactions with their participants, turns and attachments, oldest first."""
    table = schema.interactions
    query = select(table).order_by(table.c.started_at, table.c.id)
    if account_id is not None:
        query = query.where(table.c.account_id == account_id)
    if kinds is not None:
        query = query.where(table.c.kind.in_([k.value for k in kinds]))
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    result = connection.execution_options(yield_per=batch_size).execute(query)
    for rows in result.partitions():
        batch = {row.id: _interaction(row) for row in rows}
        _fill_children(connection, batch)
        yield from batch.values()


def _fill_children(connection: Connection, batch: dict[str, Interaction]) -> None:
    keys = list(batch)
    p = schema.participants
    for row in connection.execute(
        select(p).where(p.c.interaction_id.in_(keys)).order_by(p.c.interaction_id, p.c.role)
    ):
        batch[row.interaction_id].participants.append(
            Participant(
                person_id=row.person_id,
                role=ParticipantRole(row.role),
                response=row.response,
                address=row.address,
            )
        )
    t = schema.turns
    for row in connection.execute(
        select(t).where(t.c.interaction_id.in_(keys)).order_by(t.c.interaction_id, t.c.seq)
    ):
        batch[row.interaction_id].turns.append(
            Turn(
                seq=row.seq,
                speaker_id=row.speaker_id,
                text=row.text,
                start_s=row.start_s,
                end_s=row.end_s,
            )
        )
    a = schema.attachments
    for row in connection.execute(
        select(a).where(a.c.interaction_id.in_(keys)).order_by(a.c.interaction_id, a.c.seq)
    ):
        batch[row.interaction_id].attachments.append(
            Attachment(name=row.name, mime_type=row.mime_type, size=row.size, text=row.text)
        )


# --- documents ------------------------------------------------------------------


def save_document(connection: Connection, document: Document, source_file_id: int | None) -> None:
    """Write a document and its sentences, replacing an older copy with the same id."""
    connection.execute(delete(schema.documents).where(schema.documents.c.id == document.id))
    connection.execute(
        insert(schema.documents).values(
            id=document.id,
            title=document.title,
            account_id=document.account_id,
            kind=document.kind,
            source=document.source,
            source_file_id=source_file_id,
        )
    )
    if document.sentences:
        connection.execute(
            insert(schema.document_sentences),
            [
                {
                    "document_id": document.id,
                    "seq": s.seq,
                    "text": s.text,
                    "page": s.page,
                    "paragraph": s.paragraph,
                }
                for s in document.sentences
            ],
        )


def load_documents(connection: Connection, account_id: str | None = None) -> list[Document]:
    table = schema.documents
    query = select(table).order_by(table.c.title)
    if account_id is not None:
        query = query.where(table.c.account_id == account_id)
    documents = {
        row.id: Document(
            id=row.id, title=row.title, account_id=row.account_id, kind=row.kind, source=row.source
        )
        for row in connection.execute(query)
    }
    if documents:
        s = schema.document_sentences
        for row in connection.execute(
            select(s).where(s.c.document_id.in_(list(documents))).order_by(s.c.document_id, s.c.seq)
        ):
            documents[row.document_id].sentences.append(
                DocumentSentence(seq=row.seq, text=row.text, page=row.page, paragraph=row.paragraph)
            )
    return list(documents.values())
