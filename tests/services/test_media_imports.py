"""Calendar, transcript and document imports into the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from softpower.cli import app
from softpower.domain import Account, InteractionKind, ParticipantRole
from softpower.errors import UnknownRecord
from softpower.ingest.calendar import Window
from softpower.services.calendar_import import import_calendar
from softpower.services.document_import import import_documents
from softpower.services.store import store_of
from softpower.services.transcript_import import import_transcripts
from softpower.store import communications, repository, schema
from softpower.workspace import Workspace

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:qbr@ourco.example
DTSTART;TZID=America/New_York:20260105T090000
DTEND;TZID=America/New_York:20260105T100000
RRULE:FREQ=WEEKLY;COUNT={count}
SUMMARY:Account review
ORGANIZER;CN=Ann Seller:mailto:ann@ourco.example
ATTENDEE;CN=Ann Seller;PARTSTAT=ACCEPTED:mailto:ann@ourco.example
ATTENDEE;CN=Bob Buyer;PARTSTAT=TENTATIVE:mailto:bob@cust.example
ATTENDEE;CN=Nameless Room:room-4
END:VEVENT
BEGIN:VEVENT
UID:broken
SUMMARY:no start
END:VEVENT
END:VCALENDAR
"""


def count(workspace: Workspace, table: object) -> int:
    with store_of(workspace) as engine, engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


def test_calendar_import_participants_responses_and_incremental(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "review.ics"
    path.write_text(ICS.format(count=3))
    summary = import_calendar(workspace, [path])
    assert summary.written["meetings"] == 3
    assert [(p.line, p.reason) for p in summary.problems] == [
        (15, "VEVENT has no DTSTART; skipped")
    ]
    with store_of(workspace) as engine, engine.connect() as connection:
        meetings = list(communications.load_interactions(connection))
        people = {p.id: p for p in repository.list_people(connection)}
    assert [m.kind for m in meetings] == [InteractionKind.MEETING] * 3
    first = meetings[0]
    assert first.id == "ics:qbr@ourco.example/20260105T140000Z"
    assert first.started_at is not None and first.started_at.hour == 14  # 9:00 New York = 14:00 UTC
    roles = sorted((p.person_id, p.role.value, p.response) for p in first.participants)
    assert roles == [
        ("email:ann@ourco.example", "attendee", "accepted"),
        ("email:ann@ourco.example", "organizer", None),
        ("email:bob@cust.example", "attendee", "tentative"),
        ("name:nameless room", "attendee", "needs-action"),
    ]
    assert people["email:ann@ourco.example"].is_internal
    assert not people["email:bob@cust.example"].is_internal

    again = import_calendar(workspace, [path])
    assert again.files_unchanged == [str(path.resolve())] and not again.written
    path.write_text(ICS.format(count=2))
    changed = import_calendar(workspace, [path])
    assert changed.written["meetings"] == 2
    assert count(workspace, schema.interactions) == 2
    # the same file in another window is another import: the weekly series is cut to it
    narrow = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 8, tzinfo=UTC))
    windowed = import_calendar(workspace, [path], narrow)
    assert windowed.written["meetings"] == 1 and not windowed.files_unchanged
    assert count(workspace, schema.interactions) == 1
    assert import_calendar(workspace, [path], narrow).files_unchanged == [str(path.resolve())]


def test_a_meeting_in_two_calendar_exports_outlives_a_change_to_either(
    workspace: Workspace, tmp_path: Path
) -> None:
    # two attendees' exports both hold the weekly review; it is stored once, under the first
    ann, bob = tmp_path / "ann.ics", tmp_path / "bob.ics"
    ann.write_text(ICS.format(count=2))
    bob.write_text(ICS.format(count=3))

    def meetings() -> int:
        return count(workspace, schema.interactions)

    import_calendar(workspace, [ann, bob])
    assert meetings() == 3
    ann.write_text(ICS.replace("qbr@", "other@").format(count=1))  # Ann's export drops the series
    import_calendar(workspace, [ann, bob])
    assert meetings() == 4  # Bob's export still has all three reviews, plus Ann's new meeting
    bob.write_text(ICS.format(count=1))  # now only one review is left anywhere
    import_calendar(workspace, [ann, bob])
    assert meetings() == 2
    assert count(workspace, schema.interaction_copies) == 0
    assert count(workspace, schema.participants) == 2 * 4  # no row left behind by the removed


VTT = """WEBVTT

00:00:00.000 --> 00:00:03.000
<v Alice Martin>What keeps you up at night?

00:00:03.000 --> 00:00:08.000
<v Bob Stone>Churn. We lose customers.

00:00:08.000 --> 00:00:10.000
<v Bob Stone>And margins.

00:00:10.000 --> 00:00:11.000
Tell me more.
"""


def test_transcript_import_with_speaker_mapping(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "discovery.vtt").write_text(VTT)
    (folder / "garbage.vtt").write_bytes(bytes(range(256)) * 20)
    (folder / "list.json").write_text(
        json.dumps([{"speaker": "bob stone", "start": 1, "end": 2, "text": "Hello."}])
    )
    mapping = tmp_path / "speakers.csv"
    mapping.write_text("speaker,email,name\nAlice Martin,alice@ourco.example,Alice Martin\n")
    summary = import_transcripts(workspace, [folder], speakers_file=mapping)
    assert summary.written["calls"] == 2
    assert summary.written["turns"] == 4
    assert [Path(f).name for f in summary.files_failed] == ["garbage.vtt"]
    assert any(p.line == 12 and "without a speaker" in p.reason for p in summary.problems)
    with store_of(workspace) as engine, engine.connect() as connection:
        calls = {c.source: c for c in communications.load_interactions(connection)}
        people = {p.id: p for p in repository.list_people(connection)}
    call = calls[str(folder / "discovery.vtt")]
    assert call.kind is InteractionKind.CALL
    assert [(t.speaker_id, t.start_s, t.end_s) for t in call.turns] == [
        ("email:alice@ourco.example", 0.0, 3.0),
        ("name:bob stone", 3.0, 10.0),
        (None, 10.0, 11.0),
    ]
    assert call.turns[1].text == "Churn. We lose customers. And margins."
    assert {(p.person_id, p.role) for p in call.participants} == {
        ("email:alice@ourco.example", ParticipantRole.SPEAKER),
        ("name:bob stone", ParticipantRole.SPEAKER),
    }
    assert people["email:alice@ourco.example"].is_internal
    # the same speaker, spelled in lower case in another file, is the same person
    assert calls[str(folder / "list.json")].turns[0].speaker_id == "name:bob stone"

    again = import_transcripts(workspace, [folder], speakers_file=mapping)
    assert len(again.files_unchanged) == 2 and not again.written
    (folder / "discovery.vtt").write_text(VTT.replace("And margins.", "And margins!"))
    changed = import_transcripts(workspace, [folder], speakers_file=mapping)
    assert changed.written == {"calls": 1, "turns": 3}
    assert count(workspace, schema.interactions) == 2
    assert count(workspace, schema.turns) == 4


def test_a_corrected_speaker_mapping_reimports_and_an_unused_row_is_named(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "call.vtt").write_text(VTT)
    mapping = tmp_path / "speakers.csv"
    mapping.write_text("speaker,email\nBob Stne,bob@cust.example\n")  # misspelt
    first = import_transcripts(workspace, [tmp_path / "call.vtt"], speakers_file=mapping)
    assert any("'bob stne' is in none of the transcripts" in p.reason for p in first.problems)
    mapping.write_text("speaker,email\nBob Stone,bob@cust.example\n")
    fixed = import_transcripts(workspace, [tmp_path / "call.vtt"], speakers_file=mapping)
    assert fixed.written["calls"] == 1 and not fixed.files_unchanged
    assert not [p for p in fixed.problems if "none of the transcripts" in p.reason]
    with store_of(workspace) as engine, engine.connect() as connection:
        (call,) = communications.load_interactions(connection)
    assert "email:bob@cust.example" in {t.speaker_id for t in call.turns}
    again = import_transcripts(workspace, [tmp_path / "call.vtt"], speakers_file=mapping)
    assert len(again.files_unchanged) == 1 and not again.problems
    assert count(workspace, schema.interactions) == 1


def test_document_import_for_an_account(workspace: Workspace, tmp_path: Path) -> None:
    with store_of(workspace) as engine, engine.begin() as connection:
        repository.save_accounts(connection, [Account(id="acme", name="Acme Corp")])
    folder = tmp_path / "docs (v2) — été"
    folder.mkdir()
    (folder / "strategy.md").write_text("# Strategy\n\nGrow in Asia. Cut costs.\n")
    (folder / "page.html").write_text("<p>Hello <script>alert(1)</script>world.</p>")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    summary = import_documents(workspace, [folder], account="acme corp")
    assert summary.written == {"documents": 2, "sentences": 4}
    assert [Path(f).name for f in summary.files_failed] == ["broken.pdf"]
    assert "PDF cannot be parsed" in summary.problems[0].reason
    with store_of(workspace) as engine, engine.connect() as connection:
        stored = {d.kind: d for d in communications.load_documents(connection, account_id="acme")}
    assert [(s.paragraph, s.text) for s in stored["md"].sentences] == [
        (1, "Strategy"),
        (2, "Grow in Asia."),
        (2, "Cut costs."),
    ]
    assert [s.text for s in stored["html"].sentences] == ["Hello world."]

    assert not import_documents(workspace, [folder], account="acme").written
    (folder / "strategy.md").write_text("# Strategy\n\nGrow in Asia only.\n")
    changed = import_documents(workspace, [folder], account="acme")
    assert changed.written == {"documents": 1, "sentences": 2}
    assert count(workspace, schema.document_sentences) == 3
    with pytest.raises(UnknownRecord):
        import_documents(workspace, [folder], account="nobody")


def test_an_import_that_reads_nothing_usable_exits_1(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "empty.vtt").write_text("WEBVTT\n")
    (tmp_path / "junk.eml").write_text("hello, this is not mail\n")
    (tmp_path / "call.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nAl: Hi.\n")
    base = ["-w", str(workspace.root), "--database-url", workspace.database_url, "import"]
    runner = CliRunner()
    for kind, name in (("transcripts", "empty.vtt"), ("mail", "junk.eml")):
        result = runner.invoke(app, [*base, kind, str(tmp_path / name)])
        assert result.exit_code == 1, result.output
        assert "1 problem" in result.output and "no usable record" in str(result.exception)
    both = runner.invoke(app, [*base, "transcripts", str(tmp_path)])  # one good file, one bad
    assert both.exit_code == 0 and "1 call, 1 turn" in both.output


def test_cli_commands_show_a_summary(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "call.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nAl: Hi.\n")
    (tmp_path / "memo.txt").write_text("One. Two.")
    (tmp_path / "cal.ics").write_text(ICS.format(count=1))
    base = ["-w", str(workspace.root), "--database-url", workspace.database_url, "import"]
    runner = CliRunner()
    result = runner.invoke(app, [*base, "transcripts", str(tmp_path / "call.srt")])
    assert result.exit_code == 0, result.output
    assert "1 file imported" in result.output and "1 call, 1 turn" in result.output
    result = runner.invoke(app, [*base, "docs", str(tmp_path / "memo.txt")])
    assert result.exit_code == 0 and "1 document, 2 sentences" in result.output
    result = runner.invoke(
        app,
        [
            *base,
            "calendar",
            str(tmp_path / "cal.ics"),
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 meeting," in result.output and "line 15" in result.output
    result = runner.invoke(app, [*base, "transcripts", "--format", "mp3", str(tmp_path)])
    assert result.exit_code == 2
