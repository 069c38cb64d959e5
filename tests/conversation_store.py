"""A small hand-written account for the conversation service and CLI tests.

Acme (acme.example) has two contacts and three open deals; Pat Puller (S1)
asks and listens, Sam Pusher (S2) pitches, presses and discounts. Pat speaks
in a transcript under his name only (a `name:` person with no account), Sam
under his ourco.example address, so both ways of recognising our side are
exercised. K3 has no start time: its date is in its title.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from softpower.domain import (
    Account,
    Deal,
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Person,
    Seller,
    Turn,
)
from softpower.services.store import store_of
from softpower.store import communications, repository
from softpower.workspace import Workspace

PULL_CALL = "K1"
PUSH_CALL = "K2"
UNDATED_PUSH_CALL = "K3"
THREAD = "T1"
MEETING_WITHOUT_TRANSCRIPT = "CAL1"
CUSTOMER_ONLY = "M9"  # the customer's own mail: no seller of ours took part
OURS_ONLY = "M8"  # our own internal mail: no customer took part

PUSH_SENTENCE = "If you sign today I can give you a twenty percent discount."


def _timed(turns: list[tuple[str, str, float]]) -> list[Turn]:
    """Turns with times: each lasts len(words)/2.5 seconds from the given start."""
    return [
        Turn(seq, speaker, text, start, start + len(text.split()) / 2.5)
        for seq, (speaker, text, start) in enumerate(turns)
    ]


def _call(
    call_id: str, subject: str, started_at: datetime | None, turns: list[Turn]
) -> Interaction:
    speakers = dict.fromkeys(t.speaker_id for t in turns if t.speaker_id)
    return Interaction(
        id=call_id,
        kind=InteractionKind.CALL,
        subject=subject,
        started_at=started_at,
        participants=[Participant(s, ParticipantRole.SPEAKER) for s in speakers],
        turns=turns,
    )


def _mail(
    mail_id: str, subject: str, sent_at: datetime, sender_to: tuple[str, str], text: str
) -> Interaction:
    """A one-message thread of its own."""
    sender, to = sender_to
    return Interaction(
        id=mail_id,
        kind=InteractionKind.EMAIL,
        subject=subject,
        started_at=sent_at,
        participants=[
            Participant(sender, ParticipantRole.FROM),
            Participant(to, ParticipantRole.TO),
        ],
        turns=[Turn(0, sender, text)],
    )


def _open_deal(deal_id: str, name: str, owner_id: str, amount: Decimal | None = None) -> Deal:
    return Deal(
        deal_id,
        name,
        "A1",
        owner_id,
        amount=amount,
        created_on=date(2024, 1, 1),
        close_on=date(2024, 6, 30),
    )


def fill_store(workspace: Workspace) -> None:
    pat, sam = "name:pat puller", "email:sam@ourco.example"
    carla, dan = "C1", "C2"
    pull = _timed(
        [
            (pat, "Thanks for making the time today.", 0.0),
            (pat, "What made shipment visibility a priority for you this year?", 3.0),
            (
                carla,
                "We keep missing our on-time target and it costs us a lot of money every "
                "week. Our CFO needs to sign off and IT has to agree before anything changes.",
                9.0,
            ),
            (
                pat,
                "So if I'm hearing you right, you find out about late loads too late to act. "
                "Is that fair? How would you measure success?",
                22.0,
            ),
            (carla, "Fewer detention charges and an on-time rate of ninety seven percent.", 33.0),
            (
                pat,
                "Let's agree the next step: you bring the numbers and we draft a joint plan "
                "together.",
                40.0,
            ),
        ]
    )
    push = _timed(
        [
            (
                sam,
                "Our platform is the industry leader and has the best features on the market. "
                "We have over four hundred customers. " + PUSH_SENTENCE + " This offer ends at "
                "the end of the quarter.",
                0.0,
            ),
            (dan, "We are happy with our current system, it works well enough.", 20.0),
            (sam, "Our product is much better than your current system.", 25.0),
        ]
    )
    undated = _timed(
        [
            (sam, "Our dock module has every feature you need and a great new release.", 0.0),
            (dan, "I am not sure we have budget this year.", 8.0),
            (sam, "I can offer a special discount if you sign by Friday.", 12.0),
        ]
    )
    thread = [
        Interaction(
            id="M1",
            kind=InteractionKind.EMAIL,
            subject="What I heard",
            started_at=datetime(2024, 3, 2, 9, 0, tzinfo=UTC),
            thread_id=THREAD,
            participants=[
                Participant(pat, ParticipantRole.FROM),
                Participant(carla, ParticipantRole.TO),
            ],
            turns=[Turn(0, pat, "Thanks for the call. What would a good week look like for you?")],
        ),
        Interaction(
            id="M2",
            kind=InteractionKind.EMAIL,
            subject="Re: What I heard",
            started_at=datetime(2024, 3, 2, 11, 0, tzinfo=UTC),
            thread_id=THREAD,
            participants=[
                Participant(carla, ParticipantRole.FROM),
                Participant(pat, ParticipantRole.TO),
            ],
            turns=[Turn(0, carla, "No exceptions after noon on Monday, and budget for it.")],
        ),
    ]
    customer_only = _mail(
        CUSTOMER_ONLY,
        "Budget for next year",
        datetime(2024, 3, 4, 9, 0, tzinfo=UTC),
        (dan, carla),
        "Carla, can we hold the visibility budget until the board meets?",
    )
    ours_only = _mail(
        OURS_ONLY,
        "Acme - discounting",
        datetime(2024, 3, 6, 9, 0, tzinfo=UTC),
        (sam, pat),
        "I think a bigger discount would do it, sign by Friday.",
    )
    meeting = Interaction(
        id=MEETING_WITHOUT_TRANSCRIPT,
        kind=InteractionKind.MEETING,
        subject="Calendar entry only",
        started_at=datetime(2024, 3, 3, 15, 0, tzinfo=UTC),
        participants=[Participant(carla, ParticipantRole.ATTENDEE)],
    )
    with store_of(workspace) as engine, engine.begin() as connection:
        repository.save_accounts(
            connection, [Account("A1", "Acme", domains=["acme.example"])], source="test"
        )
        repository.save_sellers(
            connection,
            [
                Seller("S1", "Pat Puller", "pat@ourco.example"),
                Seller("S2", "Sam Pusher", "sam@ourco.example"),
            ],
        )
        repository.save_people(
            connection,
            [
                Person(carla, "Carla Buyer", "A1", addresses=["carla@acme.example"]),
                Person(dan, "Dan Ops", "A1", addresses=["dan@acme.example"]),
                Person(pat, "Pat Puller"),
                Person(sam, "Sam Pusher", is_internal=True, addresses=["sam@ourco.example"]),
            ],
            source="test",
        )
        repository.save_deals(
            connection,
            [
                _open_deal("D1", "Acme - Visibility platform", "S1"),
                _open_deal("D2", "Acme - Route planner", "S2", Decimal("210000.50")),
                _open_deal("D3", "Acme - Dock pilot", "S2"),
                Deal(
                    "D4",
                    "Acme - Old analytics",
                    "A1",
                    "S1",
                    created_on=date(2022, 1, 1),
                    close_on=date(2022, 6, 1),
                ),
            ],
        )
        communications.save_interactions(
            connection,
            [
                _call(PULL_CALL, "Acme discovery", datetime(2024, 3, 1, 14, tzinfo=UTC), pull),
                _call(
                    PUSH_CALL,
                    "Route planner commercials",
                    datetime(2024, 3, 5, 10, tzinfo=UTC),
                    push,
                ),
                _call(UNDATED_PUSH_CALL, "2024-03-09 dock pilot demo", None, undated),
                *thread,
                customer_only,
                ours_only,
                meeting,
            ],
            None,
        )
