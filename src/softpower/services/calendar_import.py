"""Importing calendar exports: `.ics` files to meetings with organizer and attendees."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection

from softpower.domain import Interaction, InteractionKind, Participant, ParticipantRole
from softpower.ingest.calendar import CalendarOccurrence, Invitee, Window, calendar_reader
from softpower.ingest.files import found_files
from softpower.services.imports import FileImporter, ImportSummary, Progress, import_files
from softpower.services.mentions import PersonLookup
from softpower.services.store import writing_store
from softpower.store import communications
from softpower.store.people import load_affiliation
from softpower.workspace import Workspace

KIND = "calendar"
SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")


def _person(people: PersonLookup, invitee: Invitee) -> str | None:
    if invitee.address:
        return people.by_address(invitee.address, invitee.name)
    return people.by_name(invitee.name) if invitee.name else None


def _meeting(occurrence: CalendarOccurrence, people: PersonLookup) -> Interaction:
    participants: dict[tuple[str, ParticipantRole], Participant] = {}
    if occurrence.organizer is not None:
        person_id = _person(people, occurrence.organizer)
        if person_id is not None:
            role = ParticipantRole.ORGANIZER
            participants[(person_id, role)] = Participant(person_id, role)
    for attendee in occurrence.attendees:
        person_id = _person(people, attendee)
        if person_id is not None:
            role = ParticipantRole.ATTENDEE
            participants[(person_id, role)] = Participant(person_id, role, attendee.response)
    return Interaction(
        id=occurrence.id,
        kind=InteractionKind.MEETING,
        subject=occurrence.title,
        started_at=occurrence.started_at,
        ended_at=occurrence.ended_at,
        source=occurrence.source,
        participants=list(participants.values()),
    )


def calendar_importer(
    workspace: Workspace, window: Window | None = None
) -> FileImporter[CalendarOccurrence]:
    def write(
        connection: Connection, batch: list[CalendarOccurrence], source_id: int
    ) -> Counter[str]:
        affiliation = load_affiliation(connection, workspace.internal_domains)
        people = PersonLookup(connection, affiliation, KIND)
        meetings = [_meeting(occurrence, people) for occurrence in batch]
        written = communications.save_interactions(connection, meetings, source_id)
        return Counter(
            meetings=len(written), participants=sum(len(m.participants) for m in written)
        )

    settings = f"{window.start.isoformat()}/{window.end.isoformat()}" if window else ""
    return FileImporter(kind=KIND, read=calendar_reader(window), write=write, settings=settings)


def import_calendar(
    workspace: Workspace,
    paths: Sequence[Path],
    window: Window | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import `.ics` files (folders are searched), expanding recurring events in `window`."""
    files = found_files(list(paths), SUFFIXES, "calendar")
    with writing_store(workspace) as engine:
        return import_files(
            engine, workspace, calendar_importer(workspace, window), files, progress
        )
