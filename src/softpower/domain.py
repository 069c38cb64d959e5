"""The nouns of softpower as plain typed objects.

Everything the product knows about a customer account is one of these. They
hold data only: no database, no files, no network. Ingest produces them, the
store persists them, and the analysis engines take them as input, which is
what lets every engine be a pure, testable function.

Identifiers are strings chosen by the source where it has them (a CRM id, a
Message-ID) so that re-importing the same record updates it instead of
duplicating it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


class InteractionKind(enum.StrEnum):
    """How a conversation took place."""

    EMAIL = "email"
    MEETING = "meeting"
    CALL = "call"
    NOTE = "note"  # a CRM activity logged by hand (task, note, logged call)


class ParticipantRole(enum.StrEnum):
    """A person's part in an interaction."""

    FROM = "from"
    TO = "to"
    CC = "cc"
    BCC = "bcc"
    ORGANIZER = "organizer"
    ATTENDEE = "attendee"
    SPEAKER = "speaker"


class DealOutcome(enum.StrEnum):
    """Where a deal ended, or that it has not ended yet."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"
    NO_DECISION = "no_decision"


@dataclass(slots=True)
class Account:
    """A customer organisation."""

    id: str
    name: str
    sector: str | None = None
    revenue_musd: Decimal | None = None
    employees: int | None = None
    location: str | None = None
    parent_id: str | None = None
    domains: list[str] = field(default_factory=list)
    year_established: int | None = None


@dataclass(slots=True)
class Team:
    """A group of sellers under one manager."""

    id: str
    name: str
    manager_name: str | None = None
    region: str | None = None


@dataclass(slots=True)
class Seller:
    """Someone on our side who owns deals and talks to customers."""

    id: str
    name: str
    email: str | None = None
    team_id: str | None = None


@dataclass(slots=True)
class TitleObservation:
    """A job title seen for a person, and where it was seen.

    Titles change and sources disagree; keeping each observation with its
    source is what lets the power base cite why it ranked someone.
    """

    title: str
    source: str  # "crm", "signature", "calendar", ...
    observed_at: datetime | None = None
    evidence: str | None = None


@dataclass(slots=True)
class Person:
    """A human being, on the customer's side or ours."""

    id: str
    name: str
    account_id: str | None = None
    is_internal: bool = False
    title: str | None = None
    department: str | None = None
    phone: str | None = None
    reports_to_id: str | None = None
    addresses: list[str] = field(default_factory=list)
    titles: list[TitleObservation] = field(default_factory=list)


@dataclass(slots=True)
class Participant:
    """A person taking part in an interaction, in a given role."""

    person_id: str
    role: ParticipantRole
    response: str | None = None  # calendar RSVP: accepted, declined, tentative...
    address: str | None = None  # the e-mail address they used here, when known


@dataclass(slots=True)
class Turn:
    """One stretch of speech or writing by one person.

    For a call, a turn is consecutive cues of one speaker with their times in
    seconds from the start; for an email, the new (unquoted) text of the body.
    """

    seq: int
    speaker_id: str | None
    text: str
    start_s: float | None = None
    end_s: float | None = None


@dataclass(slots=True)
class Attachment:
    """A file attached to a message: recorded always, its text only when safe."""

    name: str
    mime_type: str
    size: int
    text: str | None = None


CRM_SOURCE = "crm"  # the source of what a CRM import stores: our own system logged it


@dataclass(slots=True)
class Interaction:
    """A conversation: an email, a meeting or a call."""

    id: str
    kind: InteractionKind
    subject: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    thread_id: str | None = None
    account_id: str | None = None
    deal_id: str | None = None
    source: str | None = None  # file the record came from (CRM_SOURCE: a CRM activity)
    participants: list[Participant] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(slots=True)
class DocumentSentence:
    """A sentence of a customer document with where it stands, so it can be cited."""

    seq: int
    text: str
    page: int | None = None
    paragraph: int | None = None


@dataclass(slots=True)
class Document:
    """A customer's own document: annual report, strategy memo, RFP..."""

    id: str
    title: str
    account_id: str | None = None
    kind: str | None = None
    source: str | None = None
    sentences: list[DocumentSentence] = field(default_factory=list)


@dataclass(slots=True)
class Priority:
    """A business priority of the customer, ranked by the customer's own weight."""

    id: str
    account_id: str
    statement: str
    rank: int | None = None
    outcome: str | None = None


@dataclass(slots=True)
class Capability:
    """Something we can do that may advance a customer priority."""

    id: str
    name: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Deal:
    """An opportunity: what we hope the customer will decide, and when."""

    id: str
    name: str
    account_id: str | None = None
    owner_id: str | None = None
    product: str | None = None
    stage: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    created_on: date | None = None
    engaged_on: date | None = None
    close_on: date | None = None
    outcome: DealOutcome = DealOutcome.OPEN


@dataclass(slots=True)
class Product:
    """Something we sell; deals name it, sometimes spelled several ways."""

    id: str
    name: str
    series: str | None = None
    list_price: Decimal | None = None
