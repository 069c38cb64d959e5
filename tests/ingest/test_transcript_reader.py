"""Transcript readers: cues to speaker turns with times, and what happens on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from softpower.errors import BadFile, RecordProblem
from softpower.ingest.transcripts import (
    Transcript,
    TranscriptFormat,
    ami_speaker,
    clean_ami_text,
    parse_timestamp,
    read_speaker_mapping,
    read_transcript,
)

VTT = """WEBVTT
Kind: captions

NOTE this block is a comment

intro
00:00:01.000 --> 00:00:04.000
<v Alice Martin>Good morning, everyone.</v>

00:00:04.500 --> 00:00:06.000 align:start
<v Alice Martin>Let's look at the <b>pilot</b> numbers.

00:00:06.000 --> 00:00:09.250
<v.loud Bob Stone>What did the pilot show &amp; when?

00:01:10.000 --> 00:01:12.000
Bob Stone: And the budget?

00:01:12.000 --> 00:01:15.000
Alice Martin: It is approved.
Bob Stone: Great.
"""


def read(path: Path, fmt: TranscriptFormat | None = None) -> tuple[Transcript, list[RecordProblem]]:
    items = list(read_transcript(path, fmt))
    problems = [i for i in items if isinstance(i, RecordProblem)]
    transcripts = [i for i in items if isinstance(i, Transcript)]
    assert len(transcripts) == 1
    return transcripts[0], problems


def test_timestamps() -> None:
    assert parse_timestamp("00:01:02.500") == 62.5
    assert parse_timestamp("01:02.5") == 62.5
    assert parse_timestamp("1:00:00,040") == 3600.04
    assert parse_timestamp("00:61:00.000") is None
    assert parse_timestamp("soon") is None


def test_vtt_voices_and_prefixes_merge_into_turns_with_times(tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    transcript, problems = read(path)
    assert problems == []
    assert [(t.speaker, t.start_s, t.end_s) for t in transcript.turns] == [
        ("Alice Martin", 1.0, 6.0),
        ("Bob Stone", 6.0, 72.0),
        ("Alice Martin", 72.0, 75.0),
        ("Bob Stone", 72.0, 75.0),
    ]
    assert transcript.turns[0].text == "Good morning, everyone. Let's look at the pilot numbers."
    assert transcript.turns[1].text == "What did the pilot show & when? And the budget?"
    assert transcript.title == "call"


def test_srt_with_prefixes_and_a_cue_without_speaker(tmp_path: Path) -> None:
    path = tmp_path / "call.srt"
    path.write_text(
        "1\n00:00:00,000 --> 00:00:02,000\nCarol: Hello there.\n\n"
        "2\n00:00:02,000 --> 00:00:03,500\nCarol: How are you?\n\n"
        "3\n00:00:04,000 --> 00:00:05,000\n(laughter)\n\n"
        "4\n00:00:05,000 --> 00:00:06,000\n[inaudible]\n\n"
        "5\nnot a timing line\nDan: lost\n\n"
        "6\n00:00:07,000 --> 00:00:08,000\nDan: Fine.\n"
    )
    transcript, problems = read(path)
    assert [(t.speaker, t.start_s, t.end_s) for t in transcript.turns] == [
        ("Carol", 0.0, 3.5),
        (None, 4.0, 6.0),
        ("Dan", 7.0, 8.0),
    ]
    reasons = {(p.line, p.reason) for p in problems}
    assert (9, "2 consecutive cues without a speaker; kept with speaker unknown") in reasons
    assert (17, "cue has no timing line ('-->'); skipped") in reasons


def test_json_documented_schema(tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    path.write_text(
        json.dumps(
            {
                "id": "zoom-123",
                "title": "Discovery call",
                "started_at": "2026-03-02T15:00:00+01:00",
                "participants": ["Erin", "Frank"],
                "segments": [
                    {"speaker": "Erin", "start": 0, "end": 2.5, "text": "Hi Frank."},
                    {"speaker": "Erin", "start": 2.5, "end": 4, "text": "Thanks for joining."},
                    {"speaker": "Frank", "start": "00:00:04.000", "end": 9, "text": "Sure."},
                    {"speaker": "Frank", "start": 9},
                    "nonsense",
                ],
            }
        )
    )
    transcript, problems = read(path)
    assert transcript.id == "transcript:zoom-123"
    assert transcript.title == "Discovery call"
    assert transcript.started_at is not None and transcript.started_at.utcoffset() is not None
    assert transcript.participants == ["Erin", "Frank"]
    assert [(t.speaker, t.text, t.start_s, t.end_s) for t in transcript.turns] == [
        ("Erin", "Hi Frank. Thanks for joining.", 0.0, 4.0),
        ("Frank", "Sure.", 4.0, 9.0),
    ]
    assert [(p.column, p.reason) for p in problems] == [
        ("segments[3]", "segment has no text; skipped"),
        ("segments[4]", "segment is not an object; skipped"),
    ]


def test_json_list_export(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            [
                {"speaker": "A", "start": 0, "end": 1, "text": "one"},
                {"speaker": "B", "start": 1, "end": 2, "text": "two"},
                {"speaker": "A", "start": 2, "end": 3, "text": "three"},
            ]
        )
    )
    transcript, _ = read(path)
    assert [t.speaker for t in transcript.turns] == ["A", "B", "A"]
    assert transcript.id.startswith("transcript:")


def test_ami_mapping(tmp_path: Path) -> None:
    path = tmp_path / "ES2002a.json"
    path.write_text(
        json.dumps(
            {
                "topic_list": [],
                "meeting_transcripts": [
                    {"speaker": "Project Manager", "content": "Okay {vocalsound} so , first ."},
                    {"speaker": "Project Manager", "content": "Um {disfmarker} the agenda ."},
                    {"speaker": "Marketing", "content": "{vocalsound}"},
                    {"speaker": "Marketing", "content": "Mm-hmm ."},
                    {"speaker": "", "content": "{gap} who ?"},
                    {"content": 42},
                ],
            }
        )
    )
    transcript, problems = read(path)
    assert transcript.id == "ami:ES2002a"
    assert [(t.speaker, t.text, t.start_s) for t in transcript.turns] == [
        ("Project Manager (ES2002)", "Okay so, first. Um the agenda.", None),
        ("Marketing (ES2002)", "Mm-hmm.", None),
        (None, "who?", None),
    ]
    assert transcript.participants == ["Project Manager (ES2002)", "Marketing (ES2002)"]
    assert [p.column for p in problems if p.column] == ["meeting_transcripts[5]"]
    assert any(p.line == 5 and "without a speaker" in p.reason for p in problems)
    assert read(path, TranscriptFormat.AMI)[0].turns == transcript.turns


def test_ami_helpers() -> None:
    assert clean_ami_text("I {disfmarker} I think , yes .") == "I I think, yes."
    assert ami_speaker("User Interface", "TS3005c") == "User Interface (TS3005)"


def test_long_cue_without_speaker_is_bounded_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "long.vtt"
    lines = "\n".join(f"words number {n}" for n in range(50_000))
    path.write_text(f"WEBVTT\n\n00:00:00.000 --> 00:10:00.000\n{lines}\n")
    transcript, problems = read(path)
    assert len(transcript.turns) == 1
    assert transcript.turns[0].speaker is None
    assert len(transcript.turns[0].text) <= 20_000
    reasons = [p.reason for p in problems]
    assert any("cue longer than" in r for r in reasons)
    assert "cue without a speaker; kept with speaker unknown" in reasons


@pytest.mark.parametrize("name", ["garbage.vtt", "garbage.srt", "garbage.json"])
def test_binary_garbage_is_a_bad_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(BadFile):
        list(read_transcript(path))


@pytest.mark.parametrize(
    ("name", "text"),
    [("empty.vtt", "WEBVTT garbage\n"), ("empty.json", "[]"), ("blank.srt", "\n\n")],
)
def test_a_transcript_without_turns_is_a_problem_not_a_call(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    items = list(read_transcript(path))
    assert not [i for i in items if isinstance(i, Transcript)]
    assert RecordProblem(str(path), None, None, "no speaker turns: nothing to import") in items


def test_vtt_without_header_is_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.vtt"
    path.write_text("00:00:00.000 --> 00:00:01.000\nhello\n")
    with pytest.raises(BadFile, match="WEBVTT"):
        list(read_transcript(path))


def test_latin1_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.srt"
    path.write_bytes("1\n00:00:00,000 --> 00:00:01,000\nRené: Déjà vu.\n".encode("cp1252"))
    transcript, _ = read(path)
    assert transcript.turns[0].speaker == "René"
    assert transcript.turns[0].text == "Déjà vu."


def test_speaker_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "speakers.csv"
    path.write_text(
        "speaker,email,name\nAlice Martin,Alice@Cust.example,Alice M.\nBob, bob@x.example\n"
    )
    mapping = read_speaker_mapping(path)
    assert mapping["alice martin"].email == "alice@cust.example"
    assert mapping["alice martin"].name == "Alice M."
    assert mapping["bob"].name is None
    path.write_text("speaker,email\nCarol,not-an-address\n")
    with pytest.raises(BadFile, match="line 2"):
        read_speaker_mapping(path)
