"""Call metrics from timed turns, and email-thread metrics from messages.

Call metrics need every turn to carry start and end times; without them the
function returns None rather than guessing (a benchmark that wants estimates
must build timed turns itself and say how). Sides are decided by the set of
internal (seller-side) person ids; a turn without a speaker is ignored.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence, Set

from softpower.analysis.conversation.cues import SellerAct, question_kind
from softpower.analysis.conversation.results import CallMetrics, EmailThreadMetrics
from softpower.analysis.conversation.sentences import split_sentences
from softpower.domain import Interaction, ParticipantRole, Turn

_WORD = re.compile(r"\w+(?:'\w+)?")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _stretches(turns: Sequence[Turn], internal_ids: Set[str]) -> list[tuple[bool, float, float]]:
    """Consecutive turns of one side merged: (is_seller, start, end)."""
    merged: list[tuple[bool, float, float]] = []
    for turn in turns:
        assert turn.start_s is not None and turn.end_s is not None
        side = turn.speaker_id in internal_ids
        if merged and merged[-1][0] == side:
            merged[-1] = (side, merged[-1][1], max(merged[-1][2], turn.end_s))
        else:
            merged.append((side, turn.start_s, turn.end_s))
    return merged


def call_metrics(turns: Sequence[Turn], internal_ids: Set[str]) -> CallMetrics | None:
    """Talk share, monologues, questions, interactivity and patience of a timed call."""
    spoken = [turn for turn in turns if turn.speaker_id is not None and turn.text.strip()]
    if not spoken or any(turn.start_s is None or turn.end_s is None for turn in spoken):
        return None
    spoken.sort(key=lambda turn: (turn.start_s or 0.0, turn.seq))
    start = min(turn.start_s or 0.0 for turn in spoken)
    end = max(turn.end_s or 0.0 for turn in spoken)
    duration = max(end - start, 0.0)
    seller_talk = sum(
        (turn.end_s or 0.0) - (turn.start_s or 0.0)
        for turn in spoken
        if turn.speaker_id in internal_ids
    )
    customer_talk = sum(
        (turn.end_s or 0.0) - (turn.start_s or 0.0)
        for turn in spoken
        if turn.speaker_id not in internal_ids
    )
    stretches = _stretches(spoken, internal_ids)
    questions = open_questions = 0
    for turn in spoken:
        if turn.speaker_id in internal_ids:
            for sentence in split_sentences(turn.text):
                kind = question_kind(sentence.text)
                questions += kind is not None
                open_questions += kind == SellerAct.OPEN_QUESTION
    switches = sum(
        1 for before, after in itertools.pairwise(spoken) if before.speaker_id != after.speaker_id
    )
    pauses = [
        max(0.0, (after.start_s or 0.0) - (before.end_s or 0.0))
        for before, after in itertools.pairwise(spoken)
        if before.speaker_id not in internal_ids and after.speaker_id in internal_ids
    ]
    minutes = duration / 60.0
    total_talk = seller_talk + customer_talk
    return CallMetrics(
        duration_s=duration,
        seller_talk_s=seller_talk,
        customer_talk_s=customer_talk,
        seller_talk_share=seller_talk / total_talk if total_talk else 0.0,
        longest_seller_monologue_s=max((e - s for side, s, e in stretches if side), default=0.0),
        longest_customer_story_s=max((e - s for side, s, e in stretches if not side), default=0.0),
        seller_questions=questions,
        seller_open_questions=open_questions,
        question_rate_per_min=questions / minutes if minutes else 0.0,
        open_question_share=open_questions / questions if questions else 0.0,
        speaker_switches=switches,
        interactivity_per_min=switches / minutes if minutes else 0.0,
        patience_s=sum(pauses) / len(pauses) if pauses else None,
    )


def sender_of(message: Interaction) -> str | None:
    """The FROM participant of an email, else the speaker of its first turn."""
    for participant in message.participants:
        if participant.role == ParticipantRole.FROM:
            return participant.person_id
    return message.turns[0].speaker_id if message.turns else None


def email_thread_metrics(
    messages: Sequence[Interaction], internal_ids: Set[str]
) -> EmailThreadMetrics:
    """Messages, words and questions per side, and each side's reply delays, over one thread."""
    counts = {True: [0, 0, 0], False: [0, 0, 0]}  # messages, words, questions
    responses: dict[bool, list[float]] = {True: [], False: []}
    dated = sorted(
        messages,
        key=lambda message: (message.started_at is None, message.started_at or 0, message.id),
    )  # type: ignore[arg-type, return-value]
    previous: tuple[bool, Interaction] | None = None
    for message in dated:
        sender = sender_of(message)
        if sender is None:
            continue
        side = sender in internal_ids
        text = "\n".join(turn.text for turn in message.turns)
        counts[side][0] += 1
        counts[side][1] += word_count(text)
        counts[side][2] += sum(
            1 for sentence in split_sentences(text) if sentence.text.endswith("?")
        )
        if (
            previous is not None
            and previous[0] != side
            and message.started_at
            and previous[1].started_at
        ):
            responses[side].append((message.started_at - previous[1].started_at).total_seconds())
        previous = (side, message)
    return EmailThreadMetrics(
        messages_seller=counts[True][0],
        messages_customer=counts[False][0],
        words_seller=counts[True][1],
        words_customer=counts[False][1],
        questions_seller=counts[True][2],
        questions_customer=counts[False][2],
        seller_response_s=tuple(responses[True]),
        customer_response_s=tuple(responses[False]),
    )
