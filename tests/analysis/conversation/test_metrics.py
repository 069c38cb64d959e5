"""Call and email metrics on hand-built conversations with known answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from softpower.analysis.conversation import call_metrics, email_thread_metrics
from softpower.domain import Interaction, InteractionKind, Participant, ParticipantRole, Turn

SELLER = {"s"}


def timed_call() -> list[Turn]:
    return [
        Turn(0, "s", "Thanks for joining. What are your goals this year?", 0.0, 10.0),
        Turn(1, "c", "We want to cut churn. It is hurting us.", 12.0, 42.0),
        Turn(2, "c", "Support is slow.", 42.0, 52.0),
        Turn(3, "s", "Got it. Is support in-house?", 55.0, 60.0),
        Turn(4, "c", "Yes.", 61.0, 62.0),
        Turn(5, "s", "Let me explain our product. It has many features.", 62.0, 122.0),
    ]


def test_call_metrics_exact_values() -> None:
    metrics = call_metrics(timed_call(), SELLER)
    assert metrics is not None
    assert metrics.duration_s == 122.0
    assert metrics.seller_talk_s == 75.0
    assert metrics.customer_talk_s == 41.0
    assert metrics.seller_talk_share == 75.0 / 116.0
    assert metrics.longest_seller_monologue_s == 60.0
    assert metrics.longest_customer_story_s == 40.0
    assert metrics.seller_questions == 2
    assert metrics.seller_open_questions == 1
    assert metrics.open_question_share == 0.5
    assert metrics.question_rate_per_min == 2 / (122.0 / 60.0)
    assert metrics.speaker_switches == 4
    assert metrics.interactivity_per_min == 4 / (122.0 / 60.0)
    assert metrics.patience_s == (3.0 + 0.0) / 2


def test_untimed_call_has_no_metrics() -> None:
    assert call_metrics([Turn(0, "s", "Hello"), Turn(1, "c", "Hi")], SELLER) is None


def test_email_thread_metrics() -> None:
    start = datetime(2026, 3, 2, 9, 0)

    def message(id_: str, sender: str, text: str, minutes: int) -> Interaction:
        return Interaction(
            id=id_,
            kind=InteractionKind.EMAIL,
            started_at=start + timedelta(minutes=minutes),
            participants=[Participant(sender, ParticipantRole.FROM)],
            turns=[Turn(0, sender, text)],
        )

    thread = [
        message("m1", "s", "Hello Anna. Could we talk about your renewal?", 0),
        message("m2", "c", "Sure. What do you propose?", 90),
        message("m3", "s", "A call on Tuesday.", 120),
    ]
    metrics = email_thread_metrics(thread, SELLER)
    assert (metrics.messages_seller, metrics.messages_customer) == (2, 1)
    assert (metrics.words_seller, metrics.words_customer) == (12, 5)
    assert (metrics.questions_seller, metrics.questions_customer) == (1, 1)
    assert metrics.customer_response_s == (5400.0,)
    assert metrics.seller_response_s == (1800.0,)
    assert metrics.median_seller_response_s == 1800.0
