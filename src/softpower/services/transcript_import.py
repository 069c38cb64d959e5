"""Importing call and meeting transcripts: speaker turns to calls with their speakers.

A speaker becomes a person through the mapping file when it names them
(`speaker,email[,name]`: the person with that address), otherwise by name
(`person_for_name`: the stored person of that name, or a new one).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Connection

from softpower.domain import Interaction, InteractionKind, Participant, ParticipantRole, Turn
from softpower.errors import RecordProblem
from softpower.ingest.files import found_files
from softpower.ingest.transcripts import (
    SUFFIXES,
    SpeakerIdentity,
    Transcript,
    TranscriptFormat,
    read_speaker_mapping,
    speaker_key,
    transcript_reader,
)
from softpower.services.imports import FileImporter, ImportSummary, Progress, import_files
from softpower.services.mentions import PersonLookup
from softpower.services.store import writing_store
from softpower.store import communications
from softpower.store.people import load_affiliation
from softpower.workspace import Workspace

KIND = "transcripts"


def _speaker_id(
    name: str | None, people: PersonLookup, mapping: dict[str, SpeakerIdentity], heard: set[str]
) -> str | None:
    if name is None:
        return None
    heard.add(speaker_key(name))
    identity = mapping.get(speaker_key(name))
    if identity is not None:
        return people.by_address(identity.email, identity.name or name)
    return people.by_name(name)


def _call(
    transcript: Transcript,
    people: PersonLookup,
    mapping: dict[str, SpeakerIdentity],
    heard: set[str],
) -> Interaction:
    turns = [
        Turn(
            seq=seq,
            speaker_id=_speaker_id(turn.speaker, people, mapping, heard),
            text=turn.text,
            start_s=turn.start_s,
            end_s=turn.end_s,
        )
        for seq, turn in enumerate(transcript.turns)
    ]
    speakers = [_speaker_id(name, people, mapping, heard) for name in transcript.participants]
    speakers += [turn.speaker_id for turn in turns]
    participants = [
        Participant(person_id, ParticipantRole.SPEAKER)
        for person_id in dict.fromkeys(s for s in speakers if s is not None)
    ]
    ended_at = None
    last_end = max((t.end_s for t in turns if t.end_s is not None), default=None)
    if transcript.started_at is not None and last_end is not None:
        ended_at = transcript.started_at + timedelta(seconds=last_end)
    return Interaction(
        id=transcript.id,
        kind=InteractionKind.CALL,
        subject=transcript.title,
        started_at=transcript.started_at,
        ended_at=ended_at,
        source=transcript.source,
        participants=participants,
        turns=turns,
    )


def transcript_importer(
    workspace: Workspace,
    fmt: TranscriptFormat | None = None,
    speakers: dict[str, SpeakerIdentity] | None = None,
    heard: set[str] | None = None,
) -> FileImporter[Transcript]:
    mapping = speakers if speakers is not None else {}
    said = heard if heard is not None else set()

    def write(connection: Connection, batch: list[Transcript], source_id: int) -> Counter[str]:
        affiliation = load_affiliation(connection, workspace.internal_domains)
        people = PersonLookup(connection, affiliation, KIND)
        calls = [_call(transcript, people, mapping, said) for transcript in batch]
        written = communications.save_interactions(connection, calls, source_id)
        return Counter(calls=len(written), turns=sum(len(c.turns) for c in written))

    shaping = [fmt, sorted((key, i.email, i.name) for key, i in mapping.items())]
    return FileImporter(
        kind=KIND,
        read=transcript_reader(fmt),
        write=write,
        batch_size=1,
        settings=json.dumps(shaping) if mapping or fmt else "",
    )


def import_transcripts(
    workspace: Workspace,
    paths: Sequence[Path],
    fmt: TranscriptFormat | None = None,
    speakers_file: Path | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import transcripts (folders are searched for .vtt, .srt, .json)."""
    mapping = read_speaker_mapping(speakers_file) if speakers_file is not None else {}
    files = found_files(list(paths), SUFFIXES, "transcript")
    heard: set[str] = set()  # speakers of the files imported, to name mapping rows never used
    importer = transcript_importer(workspace, fmt, mapping, heard)
    with writing_store(workspace) as engine:
        summary = import_files(engine, workspace, importer, files, progress)
    if summary.files_imported:
        for key in sorted(set(mapping) - heard):
            reason = f"speaker {key!r} is in none of the transcripts imported; check its spelling"
            summary.problems.append(RecordProblem(str(speakers_file), None, None, reason))
    return summary
