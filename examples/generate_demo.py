"""Generate the demo account: CRM CSVs, mailbox, calendar, call transcripts, documents, truth.

    python examples/generate_demo.py [OUTPUT_DIR]     (default: examples/demo)

The content lives in `demo_story/` as data; this script only writes it out.
The output is deterministic: a seeded random generator, fixed timestamps, no
wall clock, fixed MIME boundaries, so two runs produce identical bytes.
`truth()` returns the planted facts (the Fox, reporting lines, the push-heavy
calls, the top three priorities, who supports and who opposes) that tests of
the engines assert against; the same is written to `truth.json`.
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_story import calls as call_story
from demo_story import cast, documents, mail_routine, meetings
from demo_story.mail_story import ATTACHMENTS, STORY_THREADS, Mail, Thread

SEED = 20240304
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "demo"
STORY_START = date(2024, 3, 4)
STORY_END = date(2024, 8, 30)
FIXED_CREATION = datetime(2024, 6, 24, 9, 0, tzinfo=ZoneInfo("America/New_York"))

# ---------------------------------------------------------------------------
# Ground truth, importable by tests
# ---------------------------------------------------------------------------

FOX_EMAIL = cast.PEOPLE[cast.FOX_KEY].email
PULL_CALLS = tuple(c.file_name for c in call_story.CALLS if c.style == "pull")
PUSH_CALLS = tuple(c.file_name for c in call_story.CALLS if c.style == "push")
TOP_PRIORITIES = documents.TOP_PRIORITIES
SUPPORTERS = tuple(s.email for s in cast.STAKEHOLDERS if s.stance == "supporter")
OPPONENTS = tuple(s.email for s in cast.STAKEHOLDERS if s.stance == "opponent")
REPORTING_LINES = {
    s.contact_id: cast.PEOPLE[s.reports_to].contact_id  # type: ignore[union-attr]
    for s in cast.STAKEHOLDERS
    if s.reports_to
}


def _contact_id(key: str) -> str:
    person = cast.PEOPLE[key]
    assert isinstance(person, cast.Stakeholder)
    return person.contact_id


def truth() -> dict[str, object]:
    """The facts planted in the demo, as plain JSON-ready data."""
    fox = cast.PEOPLE[cast.FOX_KEY]
    assert isinstance(fox, cast.Stakeholder)
    by_id = {s.contact_id: s for s in cast.STAKEHOLDERS}
    return {
        "account": {
            "account_id": "NW-A01",
            "name": cast.CUSTOMER_COMPANY,
            "domain": cast.CUSTOMER_DOMAIN,
        },
        "internal_domain": cast.INTERNAL_DOMAIN,
        "fox": {
            "contact_id": fox.contact_id,
            "name": fox.name,
            "email": fox.email,
            "title": fox.title,
            "department": fox.department,
            "level": fox.level,
            "why": [
                "the CFO forwards decisions to her and acts on her answer",
                "copied on budget, vendor and plan decisions",
                "answers within minutes; others take hours",
                "colleagues defer to her numbers in their own words",
                "owner of the joint plan; talks most in the Finance call",
            ],
        },
        "economic_buyer": by_id[_contact_id(cast.ECONOMIC_BUYER_KEY)].email,
        "effort_starver": cast.PEOPLE[cast.EFFORT_STARVER_KEY].email,
        "reporting_lines": [
            {
                "contact_id": s.contact_id,
                "email": s.email,
                "reports_to_id": REPORTING_LINES.get(s.contact_id, ""),
                "reports_to_email": by_id[REPORTING_LINES[s.contact_id]].email
                if s.contact_id in REPORTING_LINES
                else "",
            }
            for s in cast.STAKEHOLDERS
        ],
        "people": [
            {
                "contact_id": s.contact_id,
                "name": s.name,
                "emails": [s.email, *s.aliases],
                "name_variants": list(s.display_variants),
                "title": s.title,
                "department": s.department,
                "level": s.level,
                "stance": s.stance,
            }
            for s in cast.STAKEHOLDERS
        ],
        "sellers": [
            {
                "seller_id": s.seller_id,
                "name": s.name,
                "emails": [s.email, *s.aliases],
                "style": s.style,
            }
            for s in cast.SELLERS
        ],
        "supporters": list(SUPPORTERS),
        "opponents": list(OPPONENTS),
        "departments": sorted({s.department for s in cast.STAKEHOLDERS}),
        "calls": {
            "pull": list(PULL_CALLS),
            "push": list(PUSH_CALLS),
            "lead": {c.file_name: cast.PEOPLE[c.lead].email for c in call_story.CALLS},
        },
        "priorities": [dict(p) for p in TOP_PRIORITIES],
        "lesser_initiatives": list(documents.LESSER_INITIATIVES),
        "capability_alignment": {
            c.id: list(c.advances) for c in documents.CAPABILITIES if c.advances
        },
        "unaligned_capabilities": [c.id for c in documents.CAPABILITIES if not c.advances],
        "deals": {d.deal_id: d.outcome for d in cast.DEALS if d.account_id == "NW-A01"},
    }


# ---------------------------------------------------------------------------
# CRM CSVs
# ---------------------------------------------------------------------------

CRM_HEADERS: dict[str, tuple[str, ...]] = {
    "accounts.csv": (
        "account_id", "name", "domain", "sector", "employees", "revenue_musd", "location",
        "parent_account_id",
    ),
    "contacts.csv": (
        "contact_id", "account_id", "name", "email", "title", "department", "phone",
        "reports_to_id",
    ),
    "deals.csv": (
        "deal_id", "name", "account_id", "owner_id", "product", "stage", "amount", "currency",
        "created_on", "close_on", "outcome",
    ),
    "activities.csv": (
        "activity_id", "account_id", "deal_id", "kind", "subject", "occurred_at", "owner_id",
        "contact_ids",
    ),
    "sellers.csv": ("seller_id", "name", "email", "team", "manager", "region"),
}  # fmt: skip


def _csv_bytes(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def crm_files(activities: list[tuple[object, ...]]) -> dict[str, bytes]:
    accounts = [
        (
            a.account_id, a.name, a.domain, a.sector, a.employees, a.revenue_musd, a.location,
            a.parent_account_id,
        )
        for a in cast.ACCOUNTS
    ]  # fmt: skip
    contacts: list[tuple[object, ...]] = [
        (
            s.contact_id, "NW-A01", s.name, s.email, s.title, s.department, s.phone,
            REPORTING_LINES.get(s.contact_id, ""),
        )
        for s in cast.STAKEHOLDERS
    ]  # fmt: skip
    for contact_id, account_id, name, title, department, phone, manager in cast.OTHER_CONTACTS:
        email = f"{name.lower().replace(' ', '.')}@{cast.OTHER_DOMAINS[account_id]}"
        contacts.append((contact_id, account_id, name, email, title, department, phone, manager))
    deals = [
        (
            d.deal_id, d.name, d.account_id, cast.PEOPLE[d.owner].seller_id,  # type: ignore[union-attr]
            d.product, d.stage, d.amount, d.currency, d.created_on, d.close_on, d.outcome,
        )
        for d in cast.DEALS
    ]  # fmt: skip
    manager = cast.PEOPLE["elena"]
    sellers = [
        (
            s.seller_id, s.name, s.email, cast.TEAM_NAME,
            "" if s.key == "elena" else manager.name, cast.TEAM_REGION,
        )
        for s in cast.SELLERS
    ]  # fmt: skip
    rows = {
        "accounts.csv": accounts,
        "contacts.csv": contacts,
        "deals.csv": deals,
        "activities.csv": activities,
        "sellers.csv": sellers,
    }
    return {name: _csv_bytes(CRM_HEADERS[name], rows[name]) for name in CRM_HEADERS}


# ---------------------------------------------------------------------------
# Mail
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class SentMail:
    """One mail placed in time, with its thread context resolved."""

    mail: Mail
    subject: str
    sent_at: datetime  # aware, in the sender's zone
    message_id: str
    parent: SentMail | None
    deal_id: str
    references: list[str] = field(default_factory=list)
    body_with_quote: str = ""


def _delay(text: str) -> timedelta:
    total = timedelta()
    number = ""
    for char in text:
        if char.isdigit():
            number += char
            continue
        amount = int(number)
        number = ""
        total += {"d": timedelta(days=amount), "h": timedelta(hours=amount)}.get(
            char, timedelta(minutes=amount)
        )
    return total


def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(cast.PEOPLE[key].tz)


def _address(key: str, rng: random.Random, alias: bool = False) -> str:
    person = cast.PEOPLE[key]
    email = person.aliases[0] if alias and person.aliases else person.email
    name = person.name
    if person.display_variants and rng.random() < 0.3:
        name = rng.choice(person.display_variants)
    if "," in name or not name.isascii():
        quoted = name.replace('"', "")
        return f'"{quoted}" <{email}>' if "," in name else f"{name} <{email}>"
    return f"{name} <{email}>"


def _signature(key: str, alias: bool) -> str:
    person = cast.PEOPLE[key]
    if alias and key == "robert":
        return "Sent from my iPhone"
    company = cast.CUSTOMER_COMPANY if isinstance(person, cast.Stakeholder) else "OurCo"
    department = person.department
    if sum(map(ord, person.key)) % 2:
        return f"{person.name}\n{person.title} | {department}\n{company}\nT: {person.phone}"
    return f"--\n{person.name} | {person.title}, {department} | {company} | {person.phone}"


def _quote(previous: SentMail, replier: str) -> str:
    """The quoted block under a reply, in the replier's mail client's style."""
    sender = cast.PEOPLE[previous.mail.sender]
    when = previous.sent_at.astimezone(_zone(replier))
    previous_text = previous.body_with_quote
    if cast.PEOPLE[replier].outlook:
        to = "; ".join(cast.PEOPLE[k].name for k in previous.mail.to)
        lines = [
            "-----Original Message-----",
            f"From: {sender.name} <{sender.email}>",
            f"Sent: {when.strftime('%A, %B %-d, %Y %-I:%M %p')}",
            f"To: {to}",
        ]
        if previous.mail.cc:
            lines.append("Cc: " + "; ".join(cast.PEOPLE[k].name for k in previous.mail.cc))
        lines += [f"Subject: {previous.subject}", "", previous_text]
        return "\n".join(lines)
    header = (
        f"On {when.strftime('%a, %b %-d, %Y at %-I:%M %p')} {sender.name} <{sender.email}> wrote:"
    )
    quoted = "\n".join(">" + (" " + line if line else "") for line in previous_text.splitlines())
    return f"{header}\n{quoted}"


def _forward_block(previous: SentMail) -> str:
    sender = cast.PEOPLE[previous.mail.sender]
    to = ", ".join(f"{cast.PEOPLE[k].name} <{cast.PEOPLE[k].email}>" for k in previous.mail.to)
    return "\n".join(
        [
            "---------- Forwarded message ---------",
            f"From: {sender.name} <{sender.email}>",
            f"Date: {format_datetime(previous.sent_at)}",
            f"Subject: {previous.subject}",
            f"To: {to}",
            "",
            previous.body_with_quote,
        ]
    )


def _message_id(sender: str, sent_at: datetime, serial: int) -> str:
    domain = cast.PEOPLE[sender].email.split("@")[1]
    stamp = sent_at.astimezone(ZoneInfo("UTC")).strftime("%Y%m%d%H%M%S")
    return f"<{stamp}.{serial:04d}.{sender}@{domain}>"


def place_thread(thread: Thread, first_at: datetime, serial_start: int) -> list[SentMail]:
    """Resolve dates, subjects, quoting and threading headers for one thread."""
    placed: list[SentMail] = []
    for index, mail in enumerate(thread.mails):
        parent = placed[-1] if placed else None
        if parent is None:
            sent_at = first_at
            subject = thread.subject
        else:
            sent_at = parent.sent_at.astimezone(_zone(mail.sender)) + _delay(mail.after or "1h")
            outlook = cast.PEOPLE[mail.sender].outlook
            base = parent.subject
            for prefix in ("Re: ", "RE: ", "Fwd: ", "FW: "):
                if base.startswith(prefix):
                    base = base[len(prefix) :]
            if mail.forward:
                subject = ("FW: " if outlook else "Fwd: ") + base
            else:
                subject = ("RE: " if outlook else "Re: ") + base
        sent = SentMail(
            mail=mail,
            subject=subject,
            sent_at=sent_at.astimezone(_zone(mail.sender)),
            message_id=_message_id(mail.sender, sent_at, serial_start + index),
            parent=parent,
            deal_id=thread.deal_id,
        )
        if parent is not None:
            sent.references = [*parent.references, parent.message_id]
        signature = _signature(mail.sender, mail.alias)
        text = f"{mail.body}\n\n{signature}"
        if parent is not None:
            block = _forward_block(parent) if mail.forward else _quote(parent, mail.sender)
            text = f"{text}\n\n{block}"
        sent.body_with_quote = text
        placed.append(sent)
    return placed


def _html_of(text: str) -> str:
    paragraphs = "".join(
        f"<p>{html.escape(block).replace(chr(10), '<br>')}</p>" for block in text.split("\n\n")
    )
    return (
        '<html><head><meta charset="utf-8"></head>'
        f'<body style="font-family:Arial,sans-serif;font-size:11pt">{paragraphs}</body></html>'
    )


def to_email(sent: SentMail, rng: random.Random, serial: int) -> EmailMessage:
    mail = sent.mail
    message = EmailMessage()
    message["From"] = _address(mail.sender, rng, mail.alias)
    message["To"] = ", ".join(_address(k, rng) for k in mail.to)
    if mail.cc:
        message["Cc"] = ", ".join(_address(k, rng) for k in mail.cc)
    message["Subject"] = sent.subject
    message["Date"] = format_datetime(sent.sent_at)
    message["Message-ID"] = sent.message_id
    if sent.parent is not None:
        message["In-Reply-To"] = sent.parent.message_id
        message["References"] = " ".join(sent.references)
    if cast.PEOPLE[mail.sender].outlook:
        message["X-Mailer"] = "Microsoft Outlook 16.0"
    message.set_content(sent.body_with_quote)
    if mail.html:
        message.add_alternative(_html_of(sent.body_with_quote), subtype="html")
    if mail.attachment:
        content = ATTACHMENTS[mail.attachment]
        if mail.attachment.endswith(".pdf"):
            message.add_attachment(
                order_form_pdf(), maintype="application", subtype="pdf", filename=mail.attachment
            )
        else:
            message.add_attachment(content, filename=mail.attachment)
    for index, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_demo_{serial:04d}_{index}")
    return message


def _day_at(rng: random.Random, day: date, tz: str, early: int = 7, late: int = 18) -> datetime:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(
        day.year, day.month, day.day, rng.randint(early, late - 1), rng.randrange(0, 60),
        tzinfo=ZoneInfo(tz),
    )  # fmt: skip


def _spread(rng: random.Random, count: int, start: date = STORY_START) -> list[date]:
    span = (STORY_END - start).days
    return sorted(start + timedelta(days=rng.randrange(span)) for _ in range(count))


def _fast() -> str:
    return ""


def routine_threads(rng: random.Random) -> Iterator[tuple[Thread, datetime]]:
    """The everyday mail, each thread with the time of its first message."""
    days = _spread(rng, len(mail_routine.CFO_FORWARDS))
    for day, (origin, subject, ask, note, answer, decision) in zip(
        days, mail_routine.CFO_FORWARDS, strict=True
    ):
        mails = (
            Mail(origin, ("robert",), ask),
            Mail("robert", ("priya",), note, forward=True, after=f"{rng.randint(10, 180)}m",
                 alias=rng.random() < 0.3),
            Mail("priya", ("robert",), answer, after=f"{rng.randint(3, 22)}m"),
            Mail("robert", (origin,), decision, cc=("priya",), after=f"{rng.randint(1, 5)}h"),
        )  # fmt: skip
        yield Thread(subject, "", mails), _day_at(rng, day, cast.PEOPLE[origin].tz)

    days = _spread(rng, len(mail_routine.ASK_PRIYA))
    for day, (asker, subject, question, answer, thanks) in zip(
        days, mail_routine.ASK_PRIYA, strict=True
    ):
        manager = cast.PEOPLE[asker]
        cc = (manager.reports_to,) if isinstance(manager, cast.Stakeholder) and manager.reports_to and rng.random() < 0.4 else ()  # fmt: skip
        mails = (
            Mail(asker, ("priya",), question, cc=cc),
            Mail("priya", (asker,), answer, cc=cc, after=f"{rng.randint(3, 25)}m"),
            Mail(asker, ("priya",), thanks, cc=cc, after=f"{rng.randint(20, 240)}m"),
        )
        yield Thread(subject, "", mails), _day_at(rng, day, cast.PEOPLE[asker].tz)

    week = STORY_START + timedelta(days=4)  # Fridays
    while week <= STORY_END:
        otif = 89.0 + rng.random() * 3.6
        late = rng.randint(18, 41)
        detention = rng.randint(34, 58)
        body = rng.choice(mail_routine.OPS_STATUS_OPENING).format(week=week.strftime("%b %-d"))
        body += (
            f"- OTIF: {otif:.1f}%\n- Late loads: {late}\n- Detention charges: ${detention}k\n"
            f"- Overtime hours (all DCs): {rng.randint(380, 720)}\n\nJanet"
        )
        cc = ("luis", "hannah", "priya") if rng.random() < 0.5 else ("luis", "hannah")
        mails = [Mail("janet", ("michael",), body, cc=cc)]
        for replier in rng.sample(["luis", "michael", "priya", "hannah"], k=rng.randint(1, 3)):
            if replier == "priya" and "priya" not in cc:
                continue
            text = rng.choice(mail_routine.OPS_STATUS_REPLIES[replier]).format(
                detention=detention, target=36, late=late
            )
            delay = f"{rng.randint(4, 20)}m" if replier == "priya" else f"{rng.randint(1, 20)}h"
            to = ("janet",) if replier != "michael" else ("janet", "luis")
            mails.append(
                Mail(
                    replier, to, text, cc=("michael",) if replier != "michael" else (), after=delay
                )
            )
        yield (
            Thread(f"DC weekly status - week of {week.strftime('%b %-d')}", "", tuple(mails)),
            datetime(week.year, week.month, week.day, 16, rng.randrange(60), tzinfo=_zone("janet")),
        )  # fmt: skip
        week += timedelta(days=7)

    days = _spread(rng, len(mail_routine.IT_NOTICES))
    for day, (sender, to, cc, subject, body, acker) in zip(
        days, mail_routine.IT_NOTICES, strict=True
    ):
        it_mails = [Mail(sender, to, body, cc=cc, alias=sender == "tomas" and rng.random() < 0.5)]
        if acker:
            it_mails.append(
                Mail(
                    acker,
                    (sender,),
                    rng.choice(mail_routine.IT_ACKS),
                    after=f"{rng.randint(1, 6)}h",
                )
            )
        yield Thread(subject, "", tuple(it_mails)), _day_at(rng, day, cast.PEOPLE[sender].tz)

    days = _spread(rng, len(mail_routine.ADMIN_MAILS))
    for day, (sender, to, cc, subject, body, replier, reply) in zip(
        days, mail_routine.ADMIN_MAILS, strict=True
    ):
        admin = [Mail(sender, to, body, cc=cc, html=rng.random() < 0.25)]
        if replier:
            admin.append(Mail(replier, (sender,), reply, cc=cc, after=f"{rng.randint(1, 28)}h"))
        yield Thread(subject, "", tuple(admin)), _day_at(rng, day, cast.PEOPLE[sender].tz)

    days = _spread(rng, len(mail_routine.PUSH_FOLLOWUPS), start=date(2024, 6, 3))
    for day, (to, cc, subject, body) in zip(days, mail_routine.PUSH_FOLLOWUPS, strict=True):
        days_left = max(1, (date(2024, 6, 28) - day).days)
        push = [Mail("jordan", to, body.format(days=days_left), cc=cc, html=True)]
        if rng.random() < 0.5:
            push.append(
                Mail(
                    to[0],
                    ("jordan",),
                    rng.choice(mail_routine.PUSH_REPLIES),
                    after=f"{rng.randint(20, 60)}h",
                )
            )
        deal = "NW-D03" if "Dock" in subject or to[0] in ("luis", "tomas") else "NW-D02"
        yield Thread(subject, deal, tuple(push)), _day_at(rng, day, "America/New_York")

    days = _spread(rng, len(mail_routine.PULL_CHECKINS), start=date(2024, 4, 15))
    for day, (to, cc, subject, question, answer) in zip(
        days, mail_routine.PULL_CHECKINS, strict=True
    ):
        pull = (
            Mail("aisha", to, question, cc=cc),
            Mail(to[0], ("aisha",), answer, cc=cc,
                 after=f"{rng.randint(4, 20)}m" if to[0] == "priya" else f"{rng.randint(2, 26)}h"),
        )  # fmt: skip
        yield Thread(subject, "NW-D01", pull), _day_at(rng, day, "America/Chicago")

    days = _spread(rng, len(mail_routine.INTERNAL_MAILS))
    for day, (sender, to, cc, subject, body, replier, reply) in zip(
        days, mail_routine.INTERNAL_MAILS, strict=True
    ):
        internal = (
            Mail(sender, to, body, cc=cc, alias=sender == "raj"),
            Mail(replier, (sender,), reply, after=f"{rng.randint(1, 9)}h"),
        )
        yield Thread(subject, "", internal), _day_at(rng, day, cast.PEOPLE[sender].tz)


def all_mail(rng: random.Random) -> list[SentMail]:
    """Every mail of the demo, story and routine, in the order sent."""
    placed: list[SentMail] = []
    serial = 1
    for thread in STORY_THREADS:
        first = thread.mails[0]
        naive = datetime.fromisoformat(first.at)
        start = naive.replace(tzinfo=_zone(first.sender))
        placed += place_thread(thread, start, serial)
        serial += len(thread.mails)
    for thread, start in routine_threads(rng):
        placed += place_thread(thread, start, serial)
        serial += len(thread.mails)
    placed.sort(key=lambda s: (s.sent_at.astimezone(ZoneInfo("UTC")), s.message_id))
    return placed


def mbox_bytes(placed: list[SentMail], rng: random.Random) -> bytes:
    policy = default_policy.clone(linesep="\n", max_line_length=78)
    out = io.BytesIO()
    for serial, sent in enumerate(placed, start=1):
        message = to_email(sent, rng, serial)
        sender = cast.PEOPLE[sent.mail.sender].email
        stamp = sent.sent_at.astimezone(ZoneInfo("UTC")).strftime("%a %b %d %H:%M:%S %Y")
        out.write(f"From {sender} {stamp}\n".encode("ascii"))
        BytesGenerator(out, mangle_from_=True, policy=policy).flatten(message)
        out.write(b"\n")
    return out.getvalue()


def activities_from(placed: list[SentMail]) -> list[tuple[object, ...]]:
    """The CRM's activity log: what a seller would have logged, not every mail."""
    rows: list[tuple[object, ...]] = []
    sellers = {s.key for s in cast.SELLERS}
    for mail in placed:
        if mail.mail.sender not in sellers or mail.parent is not None or not mail.deal_id:
            continue
        contacts = [k for k in (*mail.mail.to, *mail.mail.cc) if k not in sellers]
        rows.append(("email", mail.deal_id, mail.subject, mail.sent_at, mail.mail.sender, contacts))
    for meeting in meetings.MEETINGS:
        start = datetime.fromisoformat(meeting.starts_at).replace(tzinfo=ZoneInfo(meeting.tz))
        keys = [k for k, _, _ in meeting.attendees if k not in sellers]
        owner = meeting.organizer if meeting.organizer in sellers else "aisha"
        rows.append(("meeting", meeting.deal_id, meeting.summary, start, owner, keys))
    for call in call_story.CALLS:
        start = datetime.fromisoformat(call.starts_at).replace(tzinfo=ZoneInfo(call.tz))
        keys = sorted({k for k, _ in call.turns if k not in sellers})
        rows.append(("call", call.deal_id, call.title, start, call.lead, keys))
    notes = (
        ("NW-D01", "Priya Raman (Finance) is the real decision influence; CFO defers to her.",
         datetime(2024, 4, 10, 9, 0, tzinfo=ZoneInfo("America/Chicago")), "aisha", ["priya", "robert"]),
        ("NW-D03", "Floor supervisor Luis Ortega opposed; no time for training.",
         datetime(2024, 6, 26, 8, 0, tzinfo=ZoneInfo("America/New_York")), "jordan", ["luis"]),
    )  # fmt: skip
    for deal_id, subject, at, owner, keys in notes:
        rows.append(("note", deal_id, subject, at, owner, keys))
    rows.sort(key=lambda r: (r[3].astimezone(ZoneInfo("UTC")), str(r[2])))  # type: ignore[union-attr]
    return [
        (
            f"NW-ACT{number:03d}", "NW-A01", deal_id, kind, subject,
            at.isoformat(),  # type: ignore[union-attr]
            cast.PEOPLE[owner].seller_id,  # type: ignore[union-attr]
            ";".join(_contact_id(k) for k in keys),  # type: ignore[union-attr]
        )
        for number, (kind, deal_id, subject, at, owner, keys) in enumerate(rows, start=1)
    ]  # fmt: skip


# ---------------------------------------------------------------------------
# Calendar (RFC 5545), written by hand to control every byte
# ---------------------------------------------------------------------------

VTIMEZONES = {
    "America/New_York": ("EST", "-0500", "EDT", "-0400", "1SU", "2SU"),
    "America/Chicago": ("CST", "-0600", "CDT", "-0500", "1SU", "2SU"),
    "Europe/London": ("GMT", "+0000", "BST", "+0100", "-1SU", "-1SU"),
}


def _vtimezone(tz: str) -> list[str]:
    std_name, std_offset, dst_name, dst_offset, back_day, forward_day = VTIMEZONES[tz]
    if tz == "Europe/London":
        forward = ("19810329T010000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
        back = ("19961027T020000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
    else:
        forward = ("20070311T020000", f"FREQ=YEARLY;BYMONTH=3;BYDAY={forward_day}")
        back = ("20071104T020000", f"FREQ=YEARLY;BYMONTH=11;BYDAY={back_day}")
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{tz}",
        "BEGIN:DAYLIGHT",
        f"TZOFFSETFROM:{std_offset}",
        f"TZOFFSETTO:{dst_offset}",
        f"TZNAME:{dst_name}",
        f"DTSTART:{forward[0]}",
        f"RRULE:{forward[1]}",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        f"TZOFFSETFROM:{dst_offset}",
        f"TZOFFSETTO:{std_offset}",
        f"TZNAME:{std_name}",
        f"DTSTART:{back[0]}",
        f"RRULE:{back[1]}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def _ical_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
            limit = 74
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _cal_address(key: str) -> tuple[str, str]:
    person = cast.PEOPLE[key]
    return person.name, person.email


def ics_bytes() -> bytes:
    zones = sorted({m.tz for m in meetings.MEETINGS})
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//OurCo//Demo calendar export//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for tz in zones:
        lines += _vtimezone(tz)
    stamp = "20240901T120000Z"
    for meeting in meetings.MEETINGS:
        start = datetime.fromisoformat(meeting.starts_at)
        end = start + timedelta(minutes=meeting.minutes)
        name, email = _cal_address(meeting.organizer)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{meeting.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={meeting.tz}:{start.strftime('%Y%m%dT%H%M%S')}",
            f"DTEND;TZID={meeting.tz}:{end.strftime('%Y%m%dT%H%M%S')}",
            f"SUMMARY:{_ical_text(meeting.summary)}",
            f"DESCRIPTION:{_ical_text(meeting.description)}",
            f"LOCATION:{_ical_text(meeting.location)}",
            f'ORGANIZER;CN="{name}":mailto:{email}',
        ]
        if meeting.rrule:
            lines.append(f"RRULE:{meeting.rrule}")
        for key, partstat, role in meeting.attendees:
            attendee_name, attendee_email = _cal_address(key)
            lines.append(
                f'ATTENDEE;CN="{attendee_name}";ROLE={role};PARTSTAT={partstat};'
                f"CUTYPE=INDIVIDUAL:mailto:{attendee_email}"
            )
        if meeting.deal_id:
            lines.append(f"X-OURCO-DEAL-ID:{meeting.deal_id}")
        lines += ["STATUS:CONFIRMED", "SEQUENCE:0", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


# ---------------------------------------------------------------------------
# Call transcripts (WebVTT)
# ---------------------------------------------------------------------------

WORDS_PER_SECOND = 2.6


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for index, char in enumerate(text):
        current += char
        at_end = index + 1 == len(text) or text[index + 1] == " "
        if char in ".?!" and at_end:
            pieces.append(current.strip())
            current = ""
    if current.strip():
        pieces.append(current.strip())
    return pieces


def _cues(text: str, max_words: int = 28) -> list[str]:
    """Split a turn into cues of whole sentences, at most about max_words words each."""
    cues: list[str] = []
    current: list[str] = []
    for sentence in _sentences(text):
        words = sum(len(s.split()) for s in current)
        if current and words + len(sentence.split()) > max_words:
            cues.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        cues.append(" ".join(current))
    return cues


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def vtt_bytes(call: call_story.Call, rng: random.Random) -> bytes:
    """One call as WebVTT: a cue per sentence group, `<v Name>` voice tags, realistic pauses."""
    sellers = {s.key for s in cast.SELLERS}
    lines = ["WEBVTT", f"NOTE {call.title}", f"NOTE recorded {call.starts_at} {call.tz}", ""]
    clock = 1.0
    cue_number = 1
    for turn_index, (speaker, text) in enumerate(call.turns):
        if turn_index:
            if speaker in sellers and call.style == "pull":
                clock += 0.9 + rng.random() * 1.2  # the pull seller lets a silence sit
            elif speaker in sellers:
                clock += 0.1 + rng.random() * 0.3  # the push seller jumps straight in
            else:
                clock += 0.4 + rng.random() * 0.8
        name = cast.PEOPLE[speaker].name
        for cue in _cues(text):
            duration = len(cue.split()) / WORDS_PER_SECOND * (0.9 + rng.random() * 0.2)
            lines += [
                str(cue_number),
                f"{_timestamp(clock)} --> {_timestamp(clock + duration)}",
                f"<v {name}>{cue}",
                "",
            ]
            clock += duration + 0.15
            cue_number += 1
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------------------
# Documents, capabilities
# ---------------------------------------------------------------------------


def _pdf(title: str, sections: tuple[tuple[str, tuple[str, ...]], ...], subject: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_creation_date(FIXED_CREATION)
    pdf.set_title(title)
    pdf.set_author("Northwind Logistics Procurement")
    pdf.set_subject(subject)
    pdf.set_creator("Northwind Logistics")
    pdf.set_producer("Northwind Logistics document system")
    pdf.set_margins(22, 22, 22)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for heading, paragraphs in sections:
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10.5)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(2)
    return bytes(pdf.output())


def rfp_pdf() -> bytes:
    return _pdf(documents.RFP_TITLE, documents.RFP_SECTIONS, "RFP NWL-2024-017")


def order_form_pdf() -> bytes:
    sections = (
        (
            "Order form",
            (
                "Customer: Northwind Logistics. Product: Route Optimizer expansion, nine "
                "distribution centres. Term: 12 months.",
                "List price USD 260,000. Quarter-end price USD 210,000 if signed by June 28, "
                "2024, with implementation services included.",
            ),
        ),
    )
    return _pdf("OurCo - Route Optimizer order form", sections, "Order form")


def capabilities_toml() -> bytes:
    lines = [
        "# OurCo capabilities catalog: what we can do for a customer, in their terms.",
        "# Each [[capability]] has an id, a name, a description and keywords.",
        "",
    ]
    for capability in documents.CAPABILITIES:
        keywords = ", ".join(json.dumps(k) for k in capability.keywords)
        lines += [
            "[[capability]]",
            f"id = {json.dumps(capability.id)}",
            f"name = {json.dumps(capability.name)}",
            f"description = {json.dumps(capability.description)}",
            f"keywords = [{keywords}]",
            "",
        ]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------


def build() -> dict[str, bytes]:
    """Every file of the demo, by path relative to the output folder."""
    rng = random.Random(SEED)
    placed = all_mail(rng)
    files: dict[str, bytes] = {}
    for name, content in crm_files(activities_from(placed)).items():
        files[f"crm/{name}"] = content
    files["mail/demo.mbox"] = mbox_bytes(placed, rng)
    files["calendar/demo.ics"] = ics_bytes()
    for call in call_story.CALLS:
        files[f"calls/{call.file_name}"] = vtt_bytes(call, rng)
    files[f"documents/{documents.ANNUAL_REPORT_NAME}"] = documents.ANNUAL_REPORT.encode()
    files[f"documents/{documents.STRATEGY_MEMO_NAME}"] = documents.STRATEGY_MEMO.encode()
    files[f"documents/{documents.RFP_NAME}"] = rfp_pdf()
    files["capabilities.toml"] = capabilities_toml()
    files["truth.json"] = (json.dumps(truth(), indent=2, ensure_ascii=False) + "\n").encode()
    return files


def generate(output: Path = DEFAULT_OUTPUT) -> list[Path]:
    """Write the demo into `output`, replacing files of the same names; return their paths."""
    written = []
    for relative, content in build().items():
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    written = generate(output)
    print(f"demo: wrote {len(written)} files to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
