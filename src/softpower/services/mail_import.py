"""Importing e-mail: mail files to interactions, people, threads and title evidence.

Each batch of parsed messages is written in the file's transaction:

- every address becomes a person (the CRM contact or person already using
  it, or a new one, internal or assigned to an account by its domain);
- each message is an `email` interaction with its participants (role and
  the address used), one turn holding the sender's new text, and its
  attachments; a message already stored from another folder is skipped;
- the thread is that of any stored message it references (In-Reply-To,
  References), else the first message it references, else that of a stored
  message with the same normalised subject within `SUBJECT_THREAD_DAYS`, else
  its own;
- the names each address was shown with are counted (identity evidence) and
  titles read from signatures are kept as `TitleObservation`s (source
  "signature"), filling a person's empty title, department and phone.

After the files, identity resolution merges the people behind one human's
several addresses (see `services.people`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, and_, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from softpower.domain import Interaction, InteractionKind, Participant, ParticipantRole, Turn
from softpower.ingest.mail import MailMessage, read_mail
from softpower.ingest.mail_sources import mail_files
from softpower.services.imports import FileImporter, ImportSummary, Progress, import_files
from softpower.services.people import ResolutionSummary, resolve_identities, settle_sides
from softpower.services.store import store_of
from softpower.store import communications, schema
from softpower.store.people import load_affiliation, people_for_addresses
from softpower.workspace import Workspace

KIND = "mail"
SUBJECT_THREAD_DAYS = 60
PARSERS = 2  # parsing mail costs more than writing it: two processes parse, files in turn


def _thread_ids(connection: Connection, batch: list[MailMessage]) -> dict[str, str]:
    """Thread id of each message of the batch (see the module's rule)."""
    table = schema.interactions
    referenced = {f"mail:{r}" for m in batch for r in m.references}
    known: dict[str, str] = {}
    for chunk in _chunks(sorted(referenced)):
        for found_id, found_thread in connection.execute(
            select(table.c.id, table.c.thread_id).where(table.c.id.in_(chunk))
        ):
            known[found_id] = found_thread or found_id
    subjects = {m.thread_subject for m in batch if not m.references and m.thread_subject}
    by_subject: dict[str, list[tuple[datetime | None, str]]] = {}
    for chunk in _chunks(sorted(subjects)):
        for row in connection.execute(
            select(table.c.thread_subject, table.c.started_at, table.c.thread_id).where(
                table.c.thread_subject.in_(chunk), table.c.kind == InteractionKind.EMAIL.value
            )
        ):
            by_subject.setdefault(row.thread_subject, []).append((row.started_at, row.thread_id))
    threads: dict[str, str] = {}
    window = timedelta(days=SUBJECT_THREAD_DAYS)
    for message in batch:
        thread = None
        for reference in reversed(message.references):
            key = f"mail:{reference}"
            thread = known.get(key) or threads.get(key)
            if thread:
                break
        if thread is None and message.references:
            thread = f"mail:{message.references[0]}"
        if thread is None and message.thread_subject:
            for started_at, candidate in by_subject.get(message.thread_subject, []):
                if _near(started_at, message, window):
                    thread = candidate
                    break
        thread = thread or message.id
        threads[message.id] = thread
        known.setdefault(message.id, thread)
        if message.thread_subject and not message.references:
            by_subject.setdefault(message.thread_subject, []).append((message.sent_at, thread))
    return threads


def _near(started_at: datetime | None, message: MailMessage, window: timedelta) -> bool:
    if started_at is None or message.sent_at is None:
        return started_at is None and message.sent_at is None
    if started_at.tzinfo is None:  # SQLite gives back naive UTC
        started_at = started_at.replace(tzinfo=UTC)
    return abs(started_at - message.sent_at) <= window


def _chunks(items: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _interaction(message: MailMessage, people: dict[str, str], thread_id: str) -> Interaction:
    participants: dict[tuple[str, ParticipantRole], Participant] = {}
    for role, mail_address in message.addresses:
        person_id = people[mail_address.address]
        participants.setdefault(
            (person_id, role), Participant(person_id, role, address=mail_address.address)
        )
    sender = message.sender
    speaker = people[sender.address] if sender is not None else None
    turns = [Turn(seq=0, speaker_id=speaker, text=message.text)] if message.text else []
    return Interaction(
        id=message.id,
        kind=InteractionKind.EMAIL,
        subject=message.subject,
        started_at=message.sent_at,
        thread_id=thread_id,
        source=message.source,
        participants=list(participants.values()),
        turns=turns,
        attachments=message.attachments,
    )


def _count_names(connection: Connection, written: list[MailMessage]) -> None:
    """Add one sighting per (address, shown name) of the messages just written."""
    seen: Counter[tuple[str, str]] = Counter(
        (a.address, a.name[:255]) for m in written for _, a in m.addresses if a.name
    )
    if not seen:
        return
    table = schema.address_names
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["address", "name"], set_={"seen": table.c.seen + statement.excluded.seen}
    )
    connection.execute(
        statement,
        [{"address": a, "name": n, "seen": count} for (a, n), count in sorted(seen.items())],
    )


def _save_signature_titles(
    connection: Connection, written: list[MailMessage], people: dict[str, str]
) -> int:
    """Keep each new (person, title) seen in a signature once; fill empty person fields."""
    found: dict[tuple[str, str], MailMessage] = {}
    for message in written:
        sender = message.sender
        if sender is not None and message.facts.title:
            found.setdefault((people[sender.address], message.facts.title), message)
    if not found:
        return 0
    titles = schema.person_titles
    person_ids = sorted({person for person, _ in found})
    stored = {
        (row.person_id, row.title)
        for row in connection.execute(
            select(titles.c.person_id, titles.c.title).where(
                titles.c.person_id.in_(person_ids), titles.c.source == "signature"
            )
        )
    }
    fresh = [(key, message) for key, message in found.items() if key not in stored]
    if fresh:
        connection.execute(
            insert(titles),
            [
                {
                    "person_id": person,
                    "title": title,
                    "source": "signature",
                    "observed_at": message.sent_at,
                    "evidence": f"{message.id}: {message.facts.evidence or title}",
                }
                for (person, title), message in fresh
            ],
        )
    people_table = schema.people
    for (person, _), message in fresh:
        facts = message.facts
        for column, value in (
            ("title", facts.title),
            ("department", facts.department),
            ("phone", facts.phone),
        ):
            if value:
                connection.execute(
                    update(people_table)
                    .where(
                        and_(
                            people_table.c.id == person,
                            or_(people_table.c[column].is_(None), people_table.c[column] == ""),
                        )
                    )
                    .values({column: value[:255]})
                )
    return len(fresh)


def _first_last(name: str | None) -> str | None:
    """`Skilling, Jeff` as `Jeff Skilling`, for the name a new person gets."""
    if name is None or name.count(",") != 1:
        return name
    last, first = (part.strip() for part in name.split(","))
    if not last or not first or len(first.split()) > 3 or len(last.split()) > 3:
        return name
    return f"{first} {last}"


def mail_importer(workspace: Workspace) -> FileImporter[MailMessage]:
    def write(connection: Connection, batch: list[MailMessage], source_id: int) -> Counter[str]:
        affiliation = load_affiliation(connection, workspace.internal_domains)
        mentions: dict[str, str | None] = {}
        for message in batch:
            for _, mail_address in message.addresses:
                if mentions.get(mail_address.address) is None:
                    mentions[mail_address.address] = _first_last(mail_address.name)
        people = people_for_addresses(connection, mentions, affiliation, KIND)
        threads = _thread_ids(connection, batch)
        interactions = [_interaction(m, people, threads[m.id]) for m in batch]
        subjects = {m.id: m.thread_subject for m in batch}
        written = communications.save_interactions(connection, interactions, source_id, subjects)
        written_ids = {i.id for i in written}
        written_messages = [m for m in batch if m.id in written_ids]
        _count_names(connection, written_messages)
        titles = _save_signature_titles(connection, written_messages, people)
        return Counter(
            messages=len(written),
            participants=sum(len(i.participants) for i in written),
            attachments=sum(len(i.attachments) for i in written),
            duplicates=len(batch) - len(written),
            titles=titles,
        )

    return FileImporter(kind=KIND, read=read_mail, write=write, parsers=PARSERS)


def import_mail(
    workspace: Workspace,
    paths: Sequence[Path],
    progress: Progress | None = None,
    resolve: bool = True,
) -> tuple[ImportSummary, ResolutionSummary | None]:
    """Import mbox files, Maildir folders and .eml files; then resolve identities."""
    files = mail_files(list(paths))
    with store_of(workspace) as engine:
        summary = import_files(engine, workspace, mail_importer(workspace), files, progress)
        settle_sides(engine, workspace)
        resolution = resolve_identities(engine) if resolve else None
    return summary, resolution
