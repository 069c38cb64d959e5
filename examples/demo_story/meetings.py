"""The six calendar meetings, one of them a weekly series, with who accepted and who declined."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Meeting:
    uid: str
    summary: str
    starts_at: str  # local time in tz, ISO
    minutes: int
    tz: str
    organizer: str  # person key
    attendees: tuple[tuple[str, str, str], ...]  # (key, PARTSTAT, ROLE)
    location: str
    description: str
    rrule: str = ""
    deal_id: str = ""


REQ = "REQ-PARTICIPANT"
OPT = "OPT-PARTICIPANT"

MEETINGS: tuple[Meeting, ...] = (
    Meeting(
        "nwl-discovery-20240409@ourco.example",
        "Northwind / OurCo - operations discovery",
        "2024-04-09T10:00:00",
        60,
        "America/New_York",
        "aisha",
        (
            ("michael", "ACCEPTED", REQ),
            ("priya", "ACCEPTED", REQ),
            ("hannah", "ACCEPTED", REQ),
            ("janet", "DECLINED", OPT),
            ("raj", "ACCEPTED", REQ),
        ),
        "Video call",
        "How exceptions are handled today, what they cost, what success looks like.",
        deal_id="NW-D01",
    ),
    Meeting(
        "nwl-working-session-weekly@ourco.example",
        "Control Tower pilot - weekly working session",
        "2024-06-06T09:00:00",
        45,
        "America/New_York",
        "priya",
        (
            ("grace", "ACCEPTED", REQ),
            ("hannah", "ACCEPTED", REQ),
            ("aisha", "ACCEPTED", REQ),
            ("raj", "ACCEPTED", REQ),
            ("tomas", "TENTATIVE", OPT),
            ("luis", "NEEDS-ACTION", OPT),
        ),
        "Columbus HQ, room 3B / video",
        "Weekly pilot working session: plan, open risks, decisions. Owner: Priya.",
        rrule="FREQ=WEEKLY;BYDAY=TH;COUNT=10",
        deal_id="NW-D01",
    ),
    Meeting(
        "nwl-joint-plan-20240521@ourco.example",
        "Northwind / OurCo - business case and joint plan with Finance",
        "2024-05-21T14:00:00",
        60,
        "America/New_York",
        "aisha",
        (
            ("robert", "ACCEPTED", REQ),
            ("priya", "ACCEPTED", REQ),
            ("laura", "ACCEPTED", REQ),
            ("elena", "ACCEPTED", OPT),
        ),
        "Video call",
        "Check the business case against the FY25 planning calendar; agree a joint plan.",
        deal_id="NW-D01",
    ),
    Meeting(
        "nwl-architecture-20240604@ourco.example",
        "Control Tower - architecture and rollback review",
        "2024-06-04T16:00:00",
        90,
        "Europe/London",
        "raj",
        (
            ("tomas", "TENTATIVE", REQ),
            ("grace", "ACCEPTED", REQ),
            ("ahmed", "ACCEPTED", REQ),
            ("priya", "ACCEPTED", OPT),
            ("aisha", "ACCEPTED", OPT),
        ),
        "Video call",
        "Integration with TMS and WMS, SSO, data retention, rollback plan.",
        deal_id="NW-D01",
    ),
    Meeting(
        "nwl-route-commercials-20240618@ourco.example",
        "Route Optimizer expansion - commercial review",
        "2024-06-18T11:00:00",
        30,
        "America/New_York",
        "jordan",
        (
            ("gary", "ACCEPTED", REQ),
            ("olivia", "ACCEPTED", REQ),
            ("janet", "ACCEPTED", OPT),
            ("priya", "DECLINED", OPT),
        ),
        "Video call",
        "Walk through the new release and the end-of-quarter offer.",
        deal_id="NW-D02",
    ),
    Meeting(
        "nwl-dock-demo-20240625@ourco.example",
        "Dock Scheduling - product demo",
        "2024-06-25T15:00:00",
        45,
        "America/New_York",
        "jordan",
        (
            ("janet", "ACCEPTED", REQ),
            ("luis", "ACCEPTED", REQ),
            ("tomas", "ACCEPTED", REQ),
            ("michael", "DECLINED", OPT),
            ("raj", "ACCEPTED", REQ),
        ),
        "Video call",
        "Demo of Dock Scheduling and the pilot offer.",
        deal_id="NW-D03",
    ),
)
