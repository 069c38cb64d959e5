"""Writing parsed mail in bulk: interactions, participants, turns, attachments, shown names.

A mail corpus is hundreds of thousands of rows (Enron: 17k messages, 120k
participants), so this bypasses SQLAlchemy's per-row work: plain tuples go
to the driver's `executemany` on SQLite and through `COPY` on PostgreSQL
(`BulkTable.insert`). The rows are new by construction (a message already
stored is filtered out first, and one message's participants are made unique
here), so they are appended without any ON CONFLICT clause.

Everything runs on the caller's connection, inside the caller's transaction
(several files share one, each inside its own savepoint: see `services.imports`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from softpower.ingest.mail_rows import MailRow
from softpower.store import schema
from softpower.store.bulk_table import BulkTable
from softpower.store.communications import ATTACHMENT_COLUMNS, record_copies
from softpower.store.repository import rows_where_in

INTERACTION_COLUMNS = (
    "id", "kind", "subject", "started_at", "thread_id", "source", "source_file_id",
    "thread_subject",
)  # fmt: skip
PARTICIPANT_COLUMNS = ("interaction_id", "person_id", "role", "address")
TURN_COLUMNS = ("interaction_id", "seq", "speaker_id", "text")


def stored_threads(
    connection: Connection, ids: Sequence[str]
) -> dict[str, tuple[str | None, int | None]]:
    """(thread id, source file id) of each of these interactions that is already stored."""
    query = "SELECT id, thread_id, source_file_id FROM interactions WHERE id IN ({})"
    return {id_: (thread, source) for id_, thread, source in rows_where_in(connection, query, ids)}


def threads_by_subject(
    connection: Connection, subjects: Sequence[str]
) -> dict[str, list[tuple[datetime | None, str]]]:
    """(start, thread id) of the stored e-mails with each of these normalised subjects."""
    query = (
        "SELECT thread_subject, started_at, thread_id FROM interactions "
        "WHERE thread_subject IN ({}) AND kind = 'email'"
    )
    found: dict[str, list[tuple[datetime | None, str]]] = {}
    for subject, started_at, thread_id in rows_where_in(connection, query, subjects):
        if isinstance(started_at, str):  # SQLite keeps naive UTC text
            started_at = datetime.fromisoformat(started_at)
        found.setdefault(subject, []).append((started_at, thread_id))
    return found


def save_mail(
    connection: Connection,
    rows: Iterable[MailRow],
    people: Mapping[str, str],
    threads: Mapping[str, str],
    source_file_id: int,
    stored: Mapping[str, int | None],
) -> tuple[list[MailRow], Counter[str]]:
    """Write the messages not stored yet; returns them and how many rows of each kind.

    `people` maps every address of the messages to its person id, `threads`
    every message id to its thread id; `stored` maps the ids already stored
    (the same message met in another folder) to the file they are stored
    under: they are skipped, and noted as copies read from this file.
    """
    batch = list(rows)
    seen = set(stored)
    record_copies(
        connection,
        {
            (row.id, source_file_id)
            for row in batch
            if stored.get(row.id, source_file_id) != source_file_id
        },
    )
    fresh: list[MailRow] = []
    for row in batch:
        if row.id not in seen:
            seen.add(row.id)
            fresh.append(row)
    interactions: list[tuple[Any, ...]] = []
    participants: list[tuple[Any, ...]] = []
    turns: list[tuple[Any, ...]] = []
    attachments: list[tuple[Any, ...]] = []
    for row in fresh:
        interactions.append(
            (
                row.id, "email", row.subject, row.sent_at, threads[row.id], row.source,
                source_file_id, row.thread_subject,
            )
        )  # fmt: skip
        roles: dict[tuple[str, str], str] = {}
        for role, address, _ in row.addresses:
            roles.setdefault((people[address], role), address)
        participants.extend((row.id, person, role, used) for (person, role), used in roles.items())
        if row.text:
            sender = row.sender
            turns.append((row.id, 0, people[sender] if sender else None, row.text))
        attachments.extend(
            (row.id, seq, *attachment) for seq, attachment in enumerate(row.attachments)
        )
    for table, columns, values in (
        (schema.interactions, INTERACTION_COLUMNS, interactions),
        (schema.participants, PARTICIPANT_COLUMNS, participants),
        (schema.turns, TURN_COLUMNS, turns),
        (schema.attachments, ATTACHMENT_COLUMNS, attachments),
    ):
        BulkTable(connection, table, columns).insert(values)
    counts = Counter(
        messages=len(fresh),
        participants=len(participants),
        attachments=len(attachments),
        duplicates=len(batch) - len(fresh),
    )
    return fresh, counts


def count_names(connection: Connection, rows: Iterable[MailRow]) -> None:
    """Add one sighting per (address, shown name) of these messages (identity evidence)."""
    seen = Counter(
        (address, name[:255]) for row in rows for _, address, name in row.addresses if name
    )
    if not seen:
        return
    names = BulkTable(connection, schema.address_names, ("address", "name", "seen"))
    names.add(((a, n, count) for (a, n), count in sorted(seen.items())), counters=("seen",))
