"""Calendar reader: recurrence in a window, time zones, RSVPs, and hostile calendars."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from softpower.errors import BadFile, RecordProblem
from softpower.ingest.calendar import CalendarOccurrence, Window, read_calendar

PARIS = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
"""

WEEKLY = """BEGIN:VEVENT
UID:weekly-sync@ourco.example
DTSTART;TZID=Europe/Paris:20260316T100000
DTEND;TZID=Europe/Paris:20260316T103000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=Europe/Paris:20260323T100000
SUMMARY:Weekly sync
ORGANIZER;CN=Ann Seller:mailto:ann@ourco.example
ATTENDEE;CN=Bob Buyer;PARTSTAT=ACCEPTED:mailto:bob@cust.example
ATTENDEE;CN="Stone, Carla";PARTSTAT=DECLINED:mailto:carla@cust.example
ATTENDEE;PARTSTAT=TENTATIVE:MAILTO:Dan@Cust.example
ATTENDEE;CN=Eve:mailto:eve@cust.example
END:VEVENT
BEGIN:VEVENT
UID:weekly-sync@ourco.example
RECURRENCE-ID;TZID=Europe/Paris:20260330T100000
DTSTART;TZID=Europe/Paris:20260330T150000
DTEND;TZID=Europe/Paris:20260330T153000
SUMMARY:Weekly sync (moved)
ORGANIZER;CN=Ann Seller:mailto:ann@ourco.example
ATTENDEE;CN=Bob Buyer;PARTSTAT=DECLINED:mailto:bob@cust.example
END:VEVENT
"""


def calendar(*parts: str) -> str:
    body = "".join(parts)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{body}END:VCALENDAR\n"


def read(
    path: Path, window: Window | None = None
) -> tuple[list[CalendarOccurrence], list[RecordProblem]]:
    items = list(read_calendar(path, window))
    return (
        [i for i in items if isinstance(i, CalendarOccurrence)],
        [i for i in items if isinstance(i, RecordProblem)],
    )


def test_recurrence_exceptions_overrides_and_daylight_saving(tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_text(calendar(PARIS, WEEKLY))
    meetings, problems = read(path)
    assert problems == []
    # 16 Mar (CET, UTC+1), 23 Mar excluded, 30 Mar moved (CEST, UTC+2), 6 Apr (CEST).
    assert [(m.id, m.started_at, m.title) for m in meetings] == [
        (
            "ics:weekly-sync@ourco.example/20260316T090000Z",
            datetime(2026, 3, 16, 9, 0, tzinfo=UTC),
            "Weekly sync",
        ),
        (
            "ics:weekly-sync@ourco.example/20260330T080000Z",
            datetime(2026, 3, 30, 13, 0, tzinfo=UTC),
            "Weekly sync (moved)",
        ),
        (
            "ics:weekly-sync@ourco.example/20260406T080000Z",
            datetime(2026, 4, 6, 8, 0, tzinfo=UTC),
            "Weekly sync",
        ),
    ]
    assert meetings[0].ended_at == datetime(2026, 3, 16, 9, 30, tzinfo=UTC)


def test_organizer_attendees_and_responses(tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_text(calendar(PARIS, WEEKLY))
    meetings, _ = read(path)
    first, moved = meetings[0], meetings[1]
    assert first.organizer is not None
    assert (first.organizer.address, first.organizer.name) == ("ann@ourco.example", "Ann Seller")
    assert [(a.address, a.name, a.response) for a in first.attendees] == [
        ("bob@cust.example", "Bob Buyer", "accepted"),
        ("carla@cust.example", "Stone, Carla", "declined"),
        ("dan@cust.example", None, "tentative"),
        ("eve@cust.example", "Eve", "needs-action"),
    ]
    assert [(a.address, a.response) for a in moved.attendees] == [("bob@cust.example", "declined")]


def test_ids_are_stable_across_reads(tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_text(calendar(PARIS, WEEKLY))
    first = [m.id for m in read(path)[0]]
    path.write_text(calendar(WEEKLY.replace("Weekly sync", "Weekly sync, renamed"), PARIS))
    assert [m.id for m in read(path)[0]] == first


def test_single_event_in_utc_and_all_day_event(tmp_path: Path) -> None:
    path = tmp_path / "one.ics"
    path.write_text(
        calendar(
            "BEGIN:VEVENT\nUID:one\nDTSTART:20260501T120000Z\nDURATION:PT45M\nSUMMARY:Kick-off\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:day\nDTSTART;VALUE=DATE:20260502\nSUMMARY:Offsite\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:gone\nDTSTART:20260503T120000Z\nSTATUS:CANCELLED\nEND:VEVENT\n",
        )
    )
    meetings, problems = read(path)
    assert problems == []
    assert [(m.id, m.started_at, m.ended_at) for m in meetings] == [
        (
            "ics:one",
            datetime(2026, 5, 1, 12, tzinfo=UTC),
            datetime(2026, 5, 1, 12, 45, tzinfo=UTC),
        ),
        ("ics:day", datetime(2026, 5, 2, tzinfo=UTC), datetime(2026, 5, 3, tzinfo=UTC)),
    ]


def test_floating_times_use_the_calendar_time_zone(tmp_path: Path) -> None:
    path = tmp_path / "google.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-TIMEZONE:America/New_York\n"
        "BEGIN:VEVENT\nUID:f\nDTSTART:20260115T090000\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    meetings, _ = read(path)
    assert meetings[0].started_at == datetime(2026, 1, 15, 14, 0, tzinfo=UTC)


def test_unbounded_rule_stops_at_the_window(tmp_path: Path) -> None:
    path = tmp_path / "daily.ics"
    path.write_text(
        calendar("BEGIN:VEVENT\nUID:d\nDTSTART:20260101T080000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n")
    )
    window = Window(datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 2, 8, tzinfo=UTC))
    meetings, _ = read(path, window)
    assert [m.started_at.day for m in meetings] == [1, 2, 3, 4, 5, 6, 7]
    default, _ = read(path)
    assert len(default) == 365  # the default window: first start to a year after the last


def test_runaway_rule_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "minutely.ics"
    path.write_text(
        calendar("BEGIN:VEVENT\nUID:m\nDTSTART:20260101T080000Z\nRRULE:FREQ=MINUTELY\nEND:VEVENT\n")
    )
    meetings, problems = read(path)
    assert len(meetings) == 2000
    assert ["more than 2000 occurrences" in p.reason for p in problems] == [True]


def test_malformed_events_are_reported_with_their_line_and_the_rest_imports(tmp_path: Path) -> None:
    path = tmp_path / "hostile.ics"
    text = calendar(
        "BEGIN:VEVENT\nUID:no-start\nSUMMARY:missing DTSTART\nEND:VEVENT\n",  # line 4
        "BEGIN:VEVENT\nUID:bad-start\nDTSTART:yesterday\nEND:VEVENT\n",  # line 8
        "BEGIN:VEVENT\nUID:bad-rule\nDTSTART:20260101T080000Z\nRRULE:FREQ=SOMETIMES\nEND:VEVENT\n",
        "BEGIN:VEVENT\nUID:unclosed\nDTSTART:20260101T080000Z\n",  # line 17, never closed
        "BEGIN:VEVENT\nUID:good\nDTSTART:20260102T080000Z\nSUMMARY:fine\nEND:VEVENT\n",
    )
    path.write_text(text)
    meetings, problems = read(path)
    assert [m.id for m in meetings] == ["ics:good"]
    assert [(p.line, p.reason.split(";")[0]) for p in problems] == [
        (4, "VEVENT has no DTSTART"),
        (8, "VEVENT has an unreadable DTSTART"),
        (12, "VEVENT has an unreadable RRULE"),
        (17, "VEVENT not closed"),
    ]


def test_binary_garbage_is_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.ics"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(BadFile):
        list(read_calendar(path))
    path.write_text("hello, this is not a calendar\n")
    with pytest.raises(BadFile, match="VCALENDAR"):
        list(read_calendar(path))


def test_windows_time_zone_name_defined_in_the_file(tmp_path: Path) -> None:
    zone = PARIS.replace("TZID:Europe/Paris", "TZID:W. Europe Standard Time")
    path = tmp_path / "outlook.ics"
    path.write_text(
        calendar(
            zone,
            "BEGIN:VEVENT\nUID:o1\nDTSTART;TZID=W. Europe Standard Time:20260701T100000\n"
            "END:VEVENT\n",
        )
    )
    meetings, problems = read(path)
    assert problems == []
    assert meetings[0].started_at == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
