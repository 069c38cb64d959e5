"""Calendar exports (.ics, RFC 5545) to meeting occurrences with organizer and attendees.

Parsing is `icalendar`'s and recurrence expansion `recurring-ical-events`';
this module adds what an import needs on top:

- Isolation: the file is cut into its VEVENT and VTIMEZONE blocks first, with
  line numbers, so one malformed event becomes a `RecordProblem` naming its
  line and the others still import. Each series (all VEVENTs of one UID,
  overrides included) is expanded on its own, with the file's time zones.
- A window: recurring events are expanded between `window.start` and
  `window.end`. By default the window runs from the earliest DTSTART in the
  file to one year after the latest, so a series without an end is bounded;
  and no series yields more than `MAX_OCCURRENCES` occurrences.
- Stable ids: `ics:<UID>` for a single event, `ics:<UID>/<RECURRENCE-ID in
  UTC>` for an occurrence of a series, so re-imports update, never double.
- Times are time zone aware (TZID with the file's VTIMEZONE, or UTC);
  floating times and all-day dates are read in the calendar's
  X-WR-TIMEZONE when it names one, else in UTC. Cancelled events are left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from softpower.errors import BadFile, RecordProblem
from softpower.ingest.text_files import numbered_lines

MAX_OCCURRENCES = 2000
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ID_CHARS = 200
DEFAULT_HORIZON = timedelta(days=365)
RESPONSES = ("accepted", "declined", "tentative", "needs-action", "delegated")


@dataclass(frozen=True, slots=True)
class Window:
    """The time span in which recurring events are expanded (end exclusive)."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Invitee:
    """An organizer or attendee as the calendar names them."""

    address: str | None
    name: str | None
    response: str | None = None


@dataclass(slots=True)
class CalendarOccurrence:
    """One meeting as it happened (or is planned): one occurrence of a series, or a single event."""

    id: str
    title: str | None
    started_at: datetime
    ended_at: datetime | None
    source: str
    organizer: Invitee | None = None
    attendees: list[Invitee] = field(default_factory=list)


@dataclass(slots=True)
class _Block:
    name: str
    line: int
    lines: list[str]


def _blocks(path: Path) -> Iterator[_Block | RecordProblem | tuple[str, str]]:
    """VEVENT and VTIMEZONE blocks at the top of each VCALENDAR, and its header properties."""
    file = str(path)
    saw_calendar = False
    stack: list[str] = []
    current: _Block | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            name = upper[6:].strip()
            if name == "VCALENDAR":
                saw_calendar = True
            if name == "VEVENT" and current is not None and current.name == "VEVENT":
                yield RecordProblem(file, current.line, None, "VEVENT not closed; skipped")
                current, stack = None, stack[:1]
            if current is None and len(stack) == 1 and name in ("VEVENT", "VTIMEZONE"):
                current = _Block(name, number, [])
            stack.append(name)
        elif upper.startswith("END:"):
            name = upper[4:].strip()
            if name == "VCALENDAR" and current is not None:
                yield RecordProblem(file, current.line, None, f"{current.name} not closed; skipped")
                current = None
            while stack and stack[-1] != name:
                stack.pop()
            if stack:
                stack.pop()
            if current is not None and len(stack) == 1:
                current.lines.append(line)
                yield current
                current = None
                continue
        elif current is None and len(stack) == 1 and upper.startswith("X-WR-TIMEZONE"):
            yield ("X-WR-TIMEZONE", line.partition(":")[2].strip())
        if current is not None:
            current.lines.append(line)
    if not saw_calendar:
        raise BadFile(file, "not an iCalendar file (no BEGIN:VCALENDAR)")


@dataclass(slots=True)
class _Series:
    uid: str
    line: int
    blocks: list[str] = field(default_factory=list)
    starts: list[datetime] = field(default_factory=list)
    recurring: bool = False


def _as_utc(value: date | datetime, floating: tzinfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=floating)
    return value.astimezone(UTC)


def _floating_zone(name: str | None) -> tzinfo:
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return UTC
    return UTC


def _check_event(event: Any, file: str, line: int) -> RecordProblem | None:
    broken = {prop for prop, _ in event.errors}
    for prop in ("DTSTART", "DTEND", "RRULE", "RECURRENCE-ID", "DURATION"):
        if prop in broken:
            return RecordProblem(file, line, None, f"VEVENT has an unreadable {prop}; skipped")
    if event.get("DTSTART") is None:
        return RecordProblem(file, line, None, "VEVENT has no DTSTART; skipped")
    return None


def _address(value: Any) -> str | None:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip()
    if "@" not in text or len(text) > 200 or any(ch.isspace() for ch in text):
        return None
    return text.lower()


def _invitee(value: Any, with_response: bool) -> Invitee | None:
    params = getattr(value, "params", {})
    name = params.get("CN")
    name = " ".join(str(name).split())[:200] if name else None
    address = _address(value)
    if address is None and not name:
        return None
    response = None
    if with_response:
        status = str(params.get("PARTSTAT", "NEEDS-ACTION")).strip().lower()
        response = status if status in RESPONSES else status[:16] or None
    return Invitee(address, name, response)


def _occurrence_id(uid: str, recurrence: datetime | None) -> str:
    key = uid if len(uid) <= MAX_ID_CHARS else hashlib.sha256(uid.encode()).hexdigest()
    if recurrence is None:
        return f"ics:{key}"
    return f"ics:{key}/{recurrence:%Y%m%dT%H%M%SZ}"


def _occurrence(
    event: Any, series: _Series, file: str, floating: tzinfo
) -> CalendarOccurrence | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start = _as_utc(event["DTSTART"].dt, floating)
    end_prop = event.get("DTEND")
    end = _as_utc(end_prop.dt, floating) if end_prop is not None else None
    if end is None and event.get("DURATION") is not None:
        end = start + event["DURATION"].dt
    recurrence_prop = event.get("RECURRENCE-ID") if series.recurring else None
    recurrence = _as_utc(recurrence_prop.dt, floating) if recurrence_prop is not None else None
    attendees_raw = event.get("ATTENDEE") or []
    if not isinstance(attendees_raw, list):
        attendees_raw = [attendees_raw]
    organizer_raw = event.get("ORGANIZER")
    summary = event.get("SUMMARY")
    return CalendarOccurrence(
        id=_occurrence_id(series.uid, recurrence),
        title=" ".join(str(summary).split())[:500] if summary is not None else None,
        started_at=start,
        ended_at=end,
        source=file,
        organizer=_invitee(organizer_raw, False) if organizer_raw is not None else None,
        attendees=[i for raw in attendees_raw if (i := _invitee(raw, True)) is not None],
    )


def _calendar_text(timezones: list[str], blocks: list[str]) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//softpower//import//EN"]
    return "\r\n".join([*head, *timezones, *blocks, "END:VCALENDAR", ""])


def _expand(
    series: _Series,
    timezones: list[str],
    window: Window,
    file: str,
    floating: tzinfo,
) -> Iterator[CalendarOccurrence | RecordProblem]:
    try:
        calendar: Any = icalendar.Calendar.from_ical(_calendar_text(timezones, series.blocks))
        occurrences = recurring_ical_events.of(calendar).after(window.start)
        count = 0
        event: Any
        for event in occurrences:
            if _as_utc(event["DTSTART"].dt, floating) >= window.end:
                break
            if count == MAX_OCCURRENCES:
                yield RecordProblem(
                    file,
                    series.line,
                    None,
                    f"more than {MAX_OCCURRENCES} occurrences; rest left out",
                )
                break
            occurrence = _occurrence(event, series, file, floating)
            if occurrence is not None:
                count += 1
                yield occurrence
    except Exception as error:  # a broken series must not stop the file: hostile input
        yield RecordProblem(file, series.line, None, f"event cannot be expanded ({error})"[:300])


def read_calendar(
    path: Path, window: Window | None = None
) -> Iterator[CalendarOccurrence | RecordProblem]:
    """Meeting occurrences of one .ics file, in the window (default: around its events)."""
    file = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise BadFile(file, error.strerror or str(error)) from error
    if size > MAX_FILE_BYTES:
        raise BadFile(file, f"calendar larger than {MAX_FILE_BYTES} bytes")
    timezones: list[str] = []
    series: dict[str, _Series] = {}
    floating_name: str | None = None
    for item in _blocks(path):
        if isinstance(item, RecordProblem):
            yield item
            continue
        if isinstance(item, tuple):
            floating_name = item[1]
            continue
        text = "\r\n".join(item.lines)
        if item.name == "VTIMEZONE":
            timezones.append(text)
            continue
        try:
            event: Any = icalendar.Event.from_ical(text)
        except Exception as error:  # icalendar raises ValueError and others on bad content
            yield RecordProblem(file, item.line, None, f"malformed VEVENT ({error})"[:300])
            continue
        problem = _check_event(event, file, item.line)
        if problem is not None:
            yield problem
            continue
        uid = str(event.get("UID") or "").strip()
        if not uid:
            uid = "nouid-" + hashlib.sha256(text.encode()).hexdigest()[:24]
        found = series.setdefault(uid, _Series(uid, item.line))
        found.blocks.append(text)
        found.recurring = found.recurring or any(
            event.get(prop) is not None for prop in ("RRULE", "RDATE", "RECURRENCE-ID")
        )
        start = event["DTSTART"].dt
        found.starts.append(_as_utc(start, UTC) if isinstance(start, date) else datetime.now(UTC))
    floating = _floating_zone(floating_name)
    if window is None:
        starts = [s for found in series.values() for s in found.starts]
        if not starts:
            return
        window = Window(min(starts) - timedelta(days=1), max(starts) + DEFAULT_HORIZON)
    for found in series.values():
        yield from _expand(found, timezones, window, file, floating)


def calendar_reader(
    window: Window | None = None,
) -> Callable[[Path], Iterator[CalendarOccurrence | RecordProblem]]:
    def read(path: Path) -> Iterator[CalendarOccurrence | RecordProblem]:
        return read_calendar(path, window)

    return read
