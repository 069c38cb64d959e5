"""Call and meeting transcripts (WebVTT, SRT, JSON, AMI/QMSum) to speaker turns.

Every format is first read into cues (speaker, times, text, line) and then
consecutive cues of one speaker are merged into a `SpokenTurn` with the start
of its first cue and the end of its last. Speakers stay names here: turning a
name into a stored person is the writer's job, with the store at hand.

Decisions worth knowing (also in docs/formats.md):

- A cue whose speaker cannot be read is kept, with the speaker unknown, and
  reported once per run of such cues (file, line of the first, how many), so
  a subtitle file without voices still imports and says why its turns have
  no speaker.
- In WebVTT and SRT a speaker is read from a voice tag `<v Name>` or a
  `Name: text` prefix at the start of a cue line; the speaker then holds to
  the end of that cue, not into the next one.
- AMI/QMSum transcripts have no times: turns keep `start_s`/`end_s` empty.
  The disfluency tags `{vocalsound}`, `{disfmarker}`, `{gap}` (any `{word}`)
  are removed and the tokenised spacing before punctuation closed up.
- A cue's text is bounded (`MAX_CUE_CHARS`), a turn's too (`MAX_TURN_CHARS`);
  beyond that the text is cut and a problem recorded.
"""

from __future__ import annotations

import csv
import enum
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from softpower.errors import BadFile, RecordProblem
from softpower.ingest.text_files import numbered_lines, open_text

MAX_CUE_CHARS = 20_000
MAX_TURN_CHARS = 100_000
MAX_SPEAKER_CHARS = 100
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_ID_CHARS = 200


class TranscriptFormat(enum.StrEnum):
    VTT = "vtt"
    SRT = "srt"
    JSON = "json"
    AMI = "ami"


SUFFIXES = (".vtt", ".srt", ".json")


@dataclass(slots=True)
class Cue:
    """One timed (or untimed) piece of speech as the source gives it."""

    speaker: str | None
    text: str
    start_s: float | None
    end_s: float | None
    line: int | None


@dataclass(slots=True)
class SpokenTurn:
    """Consecutive cues of one speaker, merged; the speaker is still a name."""

    speaker: str | None
    text: str
    start_s: float | None
    end_s: float | None
    line: int | None = None


@dataclass(slots=True)
class Transcript:
    """One call or meeting read from one file."""

    id: str
    title: str
    source: str
    started_at: datetime | None = None
    participants: list[str] = field(default_factory=list)  # named, even if silent
    turns: list[SpokenTurn] = field(default_factory=list)


# --- shared -----------------------------------------------------------------------

_TIMESTAMP = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_timestamp(text: str) -> float | None:
    """Seconds from `hh:mm:ss.mmm`, `mm:ss.mmm` or `hh:mm:ss,mmm`; None if unreadable."""
    match = _TIMESTAMP.match(text.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    value = float(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds))
    if fraction:
        value += int(fraction.ljust(3, "0")) / 1000
    return value


def _clean_speaker(name: str) -> str | None:
    name = " ".join(name.split())[:MAX_SPEAKER_CHARS]
    return name or None


def merge_cues(cues: Iterable[Cue], file: str) -> Iterator[SpokenTurn | RecordProblem]:
    """Consecutive cues of one speaker as one turn; unknown speakers reported per run."""
    current: SpokenTurn | None = None
    parts: list[str] = []
    size = 0
    unknown_run: list[int | None] = []
    truncated_at: int | None = None

    def close() -> Iterator[SpokenTurn | RecordProblem]:
        nonlocal current, parts, size, unknown_run, truncated_at
        if current is None:
            return
        current.text = " ".join(parts)
        if current.speaker is None:
            first = unknown_run[0]
            count = len(unknown_run)
            cues_word = "cue" if count == 1 else f"{count} consecutive cues"
            yield RecordProblem(
                file, first, None, f"{cues_word} without a speaker; kept with speaker unknown"
            )
        if truncated_at is not None:
            yield RecordProblem(
                file, truncated_at, None, f"turn longer than {MAX_TURN_CHARS} characters; cut"
            )
        yield current
        current, parts, size, unknown_run, truncated_at = None, [], 0, [], None

    for cue in cues:
        text = cue.text.strip()
        if not text:
            continue
        key = cue.speaker.casefold() if cue.speaker else None
        if current is None or (current.speaker.casefold() if current.speaker else None) != key:
            yield from close()
            current = SpokenTurn(cue.speaker, "", cue.start_s, cue.end_s, cue.line)
        elif cue.end_s is not None:
            current.end_s = cue.end_s
        if current.start_s is None:
            current.start_s = cue.start_s
        if cue.speaker is None:
            unknown_run.append(cue.line)
        if size + len(text) > MAX_TURN_CHARS:
            if truncated_at is None:
                truncated_at = cue.line
            text = text[: max(0, MAX_TURN_CHARS - size)]
        if text:
            parts.append(text)
            size += len(text) + 1
    yield from close()


def _transcript_id(prefix: str, key: str) -> str:
    if len(key) > MAX_ID_CHARS:
        key = hashlib.sha256(key.encode()).hexdigest()
    return f"{prefix}:{key}"


def _path_id(path: Path) -> str:
    return _transcript_id(
        "transcript", hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:20]
    )


def _split_problems(
    items: Iterable[SpokenTurn | RecordProblem], transcript: Transcript
) -> Iterator[RecordProblem]:
    for item in items:
        if isinstance(item, RecordProblem):
            yield item
        else:
            transcript.turns.append(item)


# --- WebVTT and SRT ---------------------------------------------------------------

_VOICE = re.compile(r"^\s*<v(?:\.[^\s>]*)?\s+([^>]+)>(.*)$", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:-\s*|>>\s*)?([^\W\d_][\w.'’ -]{0,59}?)\s*:\s+(\S.*)$")
_TAG = re.compile(r"<[^>]*>")
_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)")


def _speaker_prefix(line: str) -> tuple[str, str] | None:
    """`Name: text` when Name looks like a name (at most five words)."""
    match = _PREFIX.match(line)
    if match is None or len(match.group(1).split()) > 5:
        return None
    return match.group(1), match.group(2)


def _cue_lines(lines: list[str], start: float | None, end: float | None, line: int) -> list[Cue]:
    """A cue's text lines to cues, one per change of voice inside the cue."""
    cues: list[Cue] = []
    speaker: str | None = None
    texts: list[str] = []
    for raw in lines:
        named: tuple[str, str] | None = None
        voice = _VOICE.match(raw)
        if voice is not None:
            named = (voice.group(1), voice.group(2))
        else:
            prefixed = _speaker_prefix(_TAG.sub("", raw))
            if prefixed is not None:
                named = prefixed
        if named is not None:
            if texts:
                cues.append(Cue(speaker, " ".join(texts), start, end, line))
                texts = []
            speaker = _clean_speaker(html.unescape(_TAG.sub("", named[0])))
            raw = named[1]
        text = html.unescape(_TAG.sub("", raw)).strip()
        if text:
            texts.append(text)
    if texts:
        cues.append(Cue(speaker, " ".join(texts), start, end, line))
    return cues


def _blocks(path: Path) -> Iterator[tuple[int, list[str], bool]]:
    """Blank-line separated blocks: (first line number, lines, cut short), bounded in size."""
    lines: list[str] = []
    first = 0
    size = 0
    cut = False
    for number, line in numbered_lines(path):
        if not line.strip():
            if lines:
                yield first, lines, cut
            lines, size, cut = [], 0, False
            continue
        if not lines:
            first = number
        if size + len(line) + 1 > MAX_CUE_CHARS:
            cut = True
            continue
        lines.append(line)
        size += len(line) + 1
    if lines:
        yield first, lines, cut


def _timed_cues(path: Path, is_vtt: bool) -> Iterator[Cue | RecordProblem]:
    file = str(path)
    header_seen = not is_vtt
    for first, lines, cut in _blocks(path):
        if not header_seen:
            if not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
                raise BadFile(file, "not a WebVTT file (no WEBVTT header)")
            header_seen = True
            continue
        if is_vtt and lines[0].split(" ", 1)[0] in ("NOTE", "STYLE", "REGION"):
            continue
        timing_at = next((i for i, text in enumerate(lines[:2]) if "-->" in text), None)
        if timing_at is None:
            yield RecordProblem(file, first, None, "cue has no timing line ('-->'); skipped")
            continue
        timing = _TIMING.match(lines[timing_at])
        start = parse_timestamp(timing.group(1)) if timing else None
        end = parse_timestamp(timing.group(2)) if timing else None
        if start is None or end is None:
            yield RecordProblem(
                file, first + timing_at, None, f"unreadable cue timing {lines[timing_at][:80]!r}"
            )
            continue
        if end < start:
            yield RecordProblem(file, first + timing_at, None, "cue ends before it starts; skipped")
            continue
        if cut:
            yield RecordProblem(
                file, first, None, f"cue longer than {MAX_CUE_CHARS} characters; cut"
            )
        yield from _cue_lines(lines[timing_at + 1 :], start, end, first)
    if not header_seen:
        raise BadFile(file, "not a WebVTT file (empty)")


def _read_timed(path: Path, is_vtt: bool) -> Iterator[Transcript | RecordProblem]:
    transcript = Transcript(id=_path_id(path), title=path.stem, source=str(path))
    cues: list[Cue] = []
    for item in _timed_cues(path, is_vtt):
        if isinstance(item, RecordProblem):
            yield item
        else:
            cues.append(item)
    yield from _split_problems(merge_cues(cues, str(path)), transcript)
    yield transcript


# --- JSON -------------------------------------------------------------------------


def _load_json(path: Path) -> Any:
    if path.stat().st_size > MAX_JSON_BYTES:
        raise BadFile(str(path), f"JSON transcript larger than {MAX_JSON_BYTES} bytes")
    with open_text(path) as handle:
        try:
            return json.load(handle)
        except (json.JSONDecodeError, RecursionError) as error:
            raise BadFile(str(path), f"not valid JSON ({error})") from error


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value >= 0 else None
    if isinstance(value, str):
        try:
            return max(float(value), 0.0)
        except ValueError:
            return parse_timestamp(value)
    return None


def _started_at(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _json_cues(segments: list[Any], file: str) -> Iterator[Cue | RecordProblem]:
    for index, segment in enumerate(segments):
        where = f"segments[{index}]"
        if not isinstance(segment, dict):
            yield RecordProblem(file, None, where, "segment is not an object; skipped")
            continue
        text = segment.get("text")
        if not isinstance(text, str):
            yield RecordProblem(file, None, where, "segment has no text; skipped")
            continue
        speaker = segment.get("speaker")
        start, end = _seconds(segment.get("start")), _seconds(segment.get("end"))
        if segment.get("start") is not None and start is None:
            yield RecordProblem(file, None, where, "unreadable start time; kept without times")
        yield Cue(
            _clean_speaker(str(speaker)) if speaker not in (None, "") else None,
            text[:MAX_CUE_CHARS],
            start,
            end,
            index + 1,
        )


def _read_json(path: Path) -> Iterator[Transcript | RecordProblem]:
    data = _load_json(path)
    if isinstance(data, dict) and "meeting_transcripts" in data:
        yield from _read_ami_data(path, data)
        return
    transcript = Transcript(id=_path_id(path), title=path.stem, source=str(path))
    if isinstance(data, list):
        segments: Any = data
    elif isinstance(data, dict) and isinstance(data.get("segments"), list):
        segments = data["segments"]
        if isinstance(data.get("id"), str | int) and str(data["id"]).strip():
            transcript.id = _transcript_id("transcript", str(data["id"]).strip())
        if isinstance(data.get("title"), str) and data["title"].strip():
            transcript.title = data["title"].strip()[:500]
        transcript.started_at = _started_at(data.get("started_at"))
        if data.get("started_at") is not None and transcript.started_at is None:
            yield RecordProblem(str(path), None, "started_at", "unreadable timestamp; ignored")
        for name in data.get("participants") or []:
            if isinstance(name, str) and (cleaned := _clean_speaker(name)):
                transcript.participants.append(cleaned)
    else:
        raise BadFile(
            str(path), "JSON transcript must be a list of segments or an object with 'segments'"
        )
    cues: list[Cue] = []
    for item in _json_cues(segments, str(path)):
        if isinstance(item, RecordProblem):
            yield item
        else:
            cues.append(item)
    yield from _split_problems(merge_cues(cues, str(path)), transcript)
    yield transcript


# --- AMI meeting corpus (QMSum JSON) -----------------------------------------------

_AMI_TAG = re.compile(r"\{\w+\}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,?!;:])")


def clean_ami_text(text: str) -> str:
    """Remove `{vocalsound}`-style tags and close up tokenised punctuation."""
    text = _AMI_TAG.sub(" ", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return " ".join(text.split())


def ami_speaker(role: str, meeting: str) -> str:
    """The AMI mapping: one person per role within a meeting series (ES2002a-d share ES2002)."""
    series = re.sub(r"[a-z]$", "", meeting)
    return f"{role.strip()} ({series})"


def _read_ami_data(path: Path, data: dict[str, Any]) -> Iterator[Transcript | RecordProblem]:
    file = str(path)
    turns = data.get("meeting_transcripts")
    if not isinstance(turns, list):
        raise BadFile(file, "AMI transcript has no 'meeting_transcripts' list")
    meeting = path.stem
    transcript = Transcript(
        id=_transcript_id("ami", meeting), title=f"AMI meeting {meeting}", source=file
    )
    cues: list[Cue] = []
    for index, turn in enumerate(turns):
        where = f"meeting_transcripts[{index}]"
        if not isinstance(turn, dict) or not isinstance(turn.get("content"), str):
            yield RecordProblem(file, None, where, "turn has no 'content' text; skipped")
            continue
        role = turn.get("speaker")
        speaker = ami_speaker(role, meeting) if isinstance(role, str) and role.strip() else None
        cues.append(
            Cue(speaker, clean_ami_text(turn["content"][:MAX_CUE_CHARS]), None, None, index + 1)
        )
    names = dict.fromkeys(c.speaker for c in cues if c.speaker)
    transcript.participants = list(names)
    yield from _split_problems(merge_cues(cues, file), transcript)
    yield transcript


def _read_ami(path: Path) -> Iterator[Transcript | RecordProblem]:
    data = _load_json(path)
    if not isinstance(data, dict):
        raise BadFile(str(path), "AMI transcript must be a JSON object")
    yield from _read_ami_data(path, data)


# --- entry points --------------------------------------------------------------------


def format_of(path: Path, forced: TranscriptFormat | None = None) -> TranscriptFormat:
    if forced is not None:
        return forced
    suffix = path.suffix.lower().lstrip(".")
    try:
        return TranscriptFormat(suffix)
    except ValueError:
        raise BadFile(str(path), f"unknown transcript type {path.suffix!r}") from None


def read_transcript(
    path: Path, fmt: TranscriptFormat | None = None
) -> Iterator[Transcript | RecordProblem]:
    """The transcript in `path` (one per file), preceded by its problems.

    A transcript without a single speaker turn (an empty file, or every cue
    refused) is itself a problem: a call of nothing would count as a call.
    """
    for item in _read_any(path, fmt):
        if isinstance(item, Transcript) and not item.turns:
            yield RecordProblem(str(path), None, None, "no speaker turns: nothing to import")
        else:
            yield item


def _read_any(path: Path, fmt: TranscriptFormat | None) -> Iterator[Transcript | RecordProblem]:
    match format_of(path, fmt):
        case TranscriptFormat.VTT:
            yield from _read_timed(path, is_vtt=True)
        case TranscriptFormat.SRT:
            yield from _read_timed(path, is_vtt=False)
        case TranscriptFormat.JSON:
            yield from _read_json(path)
        case TranscriptFormat.AMI:
            yield from _read_ami(path)


def transcript_reader(
    fmt: TranscriptFormat | None = None,
) -> Callable[[Path], Iterator[Transcript | RecordProblem]]:
    def read(path: Path) -> Iterator[Transcript | RecordProblem]:
        return read_transcript(path, fmt)

    return read


# --- speaker mapping -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeakerIdentity:
    email: str
    name: str | None


def speaker_key(name: str) -> str:
    return " ".join(name.casefold().split())


def read_speaker_mapping(path: Path) -> dict[str, SpeakerIdentity]:
    """`speaker,email[,name]` rows (a header row naming `speaker` is allowed)."""
    mapping: dict[str, SpeakerIdentity] = {}
    with open_text(path) as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or not "".join(row).strip():
                continue
            if number == 1 and row[0].strip().casefold() == "speaker":
                continue
            cells = [cell.strip() for cell in row]
            if len(cells) < 2 or not cells[0] or "@" not in cells[1]:
                raise BadFile(f"{path}, line {number}", "expected 'speaker,email[,name]'")
            name = cells[2] if len(cells) > 2 and cells[2] else None
            mapping[speaker_key(cells[0])] = SpeakerIdentity(cells[1].lower(), name)
    return mapping
