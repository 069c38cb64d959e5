"""Annotated dialogue sentences, and how their strategy labels map to pull or push.

The corpora we learn from (PersuasionForGood, CaSiNo) label persuasion and
negotiation strategies. The product asks a coarser question of every seller
sentence: does it pull (ask, listen, coordinate), push (pitch, press, argue
for one's own side) or neither? The mappings below are the project's decision,
argued in docs/methodology/conversation.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from softpower.analysis.conversation.features import SentenceContext

PULL = "pull"
PUSH = "push"
NEUTRAL = "neutral"
PULL_PUSH_LABELS = (PULL, PUSH, NEUTRAL)

PERSUASION_PULL_PUSH: dict[str, str] = {
    # asking about the other person, listening and warmth toward them
    "task-related-inquiry": PULL,
    "source-related-inquiry": PULL,
    "personal-related-inquiry": PULL,
    "ask-not-donate-reason": PULL,
    "praise-user": PULL,
    "comment-partner": PULL,
    "acknowledgement": PULL,
    # arguing, pitching the cause, asking for the money
    "logical-appeal": PUSH,
    "emotion-appeal": PUSH,
    "credibility-appeal": PUSH,
    "foot-in-the-door": PUSH,
    "proposition-of-donation": PUSH,
    "ask-donation-amount": PUSH,
    "ask-donate-more": PUSH,
    "donation-information": PUSH,
    "self-modeling": PUSH,
    "personal-story": PUSH,
    # ritual, answers to the other side's questions, off-task talk
    "greeting": NEUTRAL,
    "thank": NEUTRAL,
    "closing": NEUTRAL,
    "you-are-welcome": NEUTRAL,
    "off-task": NEUTRAL,
    "other": NEUTRAL,
    "confirm-donation": NEUTRAL,
    "positive-to-inquiry": NEUTRAL,
    "neutral-to-inquiry": NEUTRAL,
    "negative-to-inquiry": NEUTRAL,
}

# The ten strategies the PersuasionForGood paper classified; every other label
# counts as its eleventh class, "non-strategy".
PERSUASION_PAPER_STRATEGIES = frozenset(
    {
        "logical-appeal",
        "emotion-appeal",
        "credibility-appeal",
        "foot-in-the-door",
        "self-modeling",
        "personal-story",
        "donation-information",
        "source-related-inquiry",
        "task-related-inquiry",
        "personal-related-inquiry",
    }
)
NON_STRATEGY = "non-strategy"

NEGOTIATION_PULL_PUSH: dict[str, str] = {
    "elicit-pref": PULL,
    "showing-empathy": PULL,
    "promote-coordination": PULL,
    "other-need": PULL,
    "small-talk": PULL,
    "self-need": PUSH,
    "uv-part": PUSH,
    "vouch-fair": PUSH,
    "no-need": PUSH,
    "non-strategic": NEUTRAL,
}
NEGOTIATION_STRATEGIES = tuple(label for label in NEGOTIATION_PULL_PUSH if label != "non-strategic")


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One annotated unit (a sentence, or a whole utterance in CaSiNo) and its labels."""

    dialogue_id: str
    text: str
    labels: tuple[str, ...]
    context: SentenceContext


def pull_push_of(labels: Iterable[str], mapping: dict[str, str]) -> str:
    """One pull/push/neutral label for a unit with one or more strategy labels.

    Majority of the mapped labels; a tie between pull and push goes to the
    first label listed (annotators list the dominant strategy first); a label
    the mapping does not know counts as neutral.
    """
    sides = [mapping.get(label, NEUTRAL) for label in labels]
    pulls, pushes = sides.count(PULL), sides.count(PUSH)
    if pulls > pushes:
        return PULL
    if pushes > pulls:
        return PUSH
    if pulls:
        return next(side for side in sides if side != NEUTRAL)
    return NEUTRAL


def paper_strategy_of(label: str) -> str:
    return label if label in PERSUASION_PAPER_STRATEGIES else NON_STRATEGY
