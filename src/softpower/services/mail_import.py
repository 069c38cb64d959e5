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

from softpower.ingest.files import nothing_found
from softpower.ingest.mail_bodies import SignatureFacts
from softpower.ingest.mail_rows import MailRow, read_mail_rows
from softpower.ingest.mail_sources import mail_files
from softpower.services.imports import FileImporter, ImportSummary, Progress, import_files
from softpower.services.people import ResolutionSummary, resolve_identities, settle_sides
from softpower.services.store import writing_store
from softpower.store import schema
from softpower.store.mail import count_names, save_mail, stored_threads, threads_by_subject
from softpower.store.people import Affiliation, load_affiliation, people_for_addresses
from softpower.workspace import Workspace

KIND = "mail"
SUBJECT_THREAD_DAYS = 60
PARSERS = 2  # parsing mail costs more than writing it: two processes parse, files in turn
# the tables a message's rows go to (a first import checks their references in bulk)
WRITTEN = (
    schema.interactions, schema.participants, schema.turns, schema.attachments,
    schema.interaction_copies,
)  # fmt: skip


def _thread_ids(
    connection: Connection, batch: list[MailRow], known: dict[str, str]
) -> dict[str, str]:
    """Thread id of each message of the batch (see the module's rule).

    `known`: the thread of each stored message the batch references.
    """
    subjects = {m.thread_subject for m in batch if not m.references and m.thread_subject}
    by_subject = threads_by_subject(connection, sorted(subjects))
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


def _near(started_at: datetime | None, message: MailRow, window: timedelta) -> bool:
    if started_at is None or message.sent_at is None:
        return started_at is None and message.sent_at is None
    if started_at.tzinfo is None:  # SQLite gives back naive UTC
        started_at = started_at.replace(tzinfo=UTC)
    return abs(started_at - message.sent_at) <= window


def _save_signature_titles(
    connection: Connection, written: list[MailRow], people: dict[str, str]
) -> int:
    """Keep each new (person, title) seen in a signature once; fill empty person fields."""
    found: dict[tuple[str, str], tuple[MailRow, SignatureFacts]] = {}
    for message in written:
        sender, facts = message.sender, message.facts
        if sender is not None and facts is not None and facts.title:
            found.setdefault((people[sender], facts.title), (message, facts))
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
    fresh = [(key, seen) for key, seen in found.items() if key not in stored]
    if fresh:
        connection.execute(
            insert(titles),
            [
                {
                    "person_id": person,
                    "title": title,
                    "source": "signature",
                    "observed_at": message.sent_at,
                    "evidence": f"{message.id}: {facts.evidence or title}",
                }
                for (person, title), (message, facts) in fresh
            ],
        )
    people_table = schema.people
    for (person, _), (_, facts) in fresh:
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


def mail_importer(workspace: Workspace) -> FileImporter[MailRow]:
    affiliations: list[Affiliation] = []  # loaded once per import: mail adds no account

    def write(connection: Connection, batch: list[MailRow], source_id: int) -> Counter[str]:
        if not affiliations:
            affiliations.append(load_affiliation(connection, workspace.internal_domains))
        affiliation = affiliations[0]
        mentions: dict[str, str | None] = {}
        for message in batch:
            for _, address, name in message.addresses:
                if mentions.get(address) is None:
                    mentions[address] = _first_last(name)
        people = people_for_addresses(connection, mentions, affiliation, KIND)
        referenced = {f"mail:{r}" for m in batch for r in m.references}
        ids = {m.id for m in batch}
        stored = stored_threads(connection, sorted(referenced | ids))  # one lookup for both
        known = {i: thread or i for i, (thread, _) in stored.items() if i in referenced}
        threads = _thread_ids(connection, batch, known)
        under = {i: source for i, (_, source) in stored.items() if i in ids}
        written, counts = save_mail(connection, batch, people, threads, source_id, under)
        count_names(connection, written)
        counts["titles"] = _save_signature_titles(connection, written, people)
        return counts

    return FileImporter(
        kind=KIND,
        read=read_mail_rows,
        write=write,
        parsers=PARSERS,
        checked_in_bulk=WRITTEN,
        # looking messages up by subject; copies met again (ON CONFLICT)
        indexes_read=("ix_interactions_thread_subject", "pk_interaction_copies"),
    )


def import_mail(
    workspace: Workspace,
    paths: Sequence[Path],
    progress: Progress | None = None,
    resolve: bool = True,
) -> tuple[ImportSummary, ResolutionSummary | None]:
    """Import mbox files, Maildir folders and .eml files; then resolve identities."""
    files = mail_files(list(paths))
    if not files:
        raise nothing_found(paths, "mail file (mbox, Maildir, .eml)")
    with writing_store(workspace) as engine:
        summary = import_files(engine, workspace, mail_importer(workspace), files, progress)
        settle_sides(engine, workspace)
        resolution = resolve_identities(engine) if resolve else None
    return summary, resolution
