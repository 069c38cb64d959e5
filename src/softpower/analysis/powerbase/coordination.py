"""Linguistic coordination: how much others echo a person's function words when answering them.

People adapt their style to those they depend on. Following Danescu-Niculescu-Mizil
et al. (WWW 2012), the coordination of repliers towards a target on a marker
class m (articles, pronouns, prepositions ...) is

    P(reply uses m | target's message used m) - P(reply uses m)

pooled over every reply to the target, averaged over the marker classes
with enough data. A positive figure means others mirror the target: a
signal of the target's power that no title shows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from softpower.analysis.powerbase.behaviour import ReplyPair

MARKERS: dict[str, frozenset[str]] = {
    "article": frozenset(["a", "an", "the"]),
    "auxiliary_verb": frozenset(
        [
            "am",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "have",
            "has",
            "had",
            "do",
            "does",
            "did",
            "will",
            "would",
            "shall",
            "should",
            "can",
            "could",
            "may",
            "might",
            "must",
        ]
    ),
    "conjunction": frozenset(
        [
            "and",
            "but",
            "or",
            "so",
            "because",
            "although",
            "though",
            "while",
            "whereas",
            "nor",
            "yet",
        ]
    ),
    "adverb": frozenset(
        [
            "very",
            "really",
            "just",
            "also",
            "only",
            "still",
            "even",
            "too",
            "quite",
            "rather",
            "already",
            "always",
            "never",
        ]
    ),
    "impersonal_pronoun": frozenset(
        [
            "it",
            "its",
            "this",
            "that",
            "these",
            "those",
            "something",
            "anything",
            "everything",
            "nothing",
            "someone",
            "anyone",
        ]
    ),
    "personal_pronoun": frozenset(
        [
            "i",
            "me",
            "my",
            "mine",
            "we",
            "us",
            "our",
            "ours",
            "you",
            "your",
            "yours",
            "he",
            "him",
            "his",
            "she",
            "her",
            "hers",
            "they",
            "them",
            "their",
        ]
    ),
    "preposition": frozenset(
        [
            "in",
            "on",
            "at",
            "by",
            "for",
            "with",
            "about",
            "against",
            "between",
            "into",
            "through",
            "during",
            "before",
            "after",
            "above",
            "below",
            "to",
            "from",
            "up",
            "down",
            "of",
            "off",
            "over",
            "under",
        ]
    ),
    "quantifier": frozenset(
        [
            "all",
            "some",
            "any",
            "many",
            "much",
            "more",
            "most",
            "few",
            "several",
            "each",
            "every",
            "lot",
        ]
    ),
}
_WORD = re.compile(r"[a-z']+")
MIN_PAIRS = 5
MIN_TRIGGERS = 3


def marker_classes(text: str) -> frozenset[str]:
    words = set(_WORD.findall(text.lower()[:4000]))
    return frozenset(name for name, vocabulary in MARKERS.items() if words & vocabulary)


@dataclass(frozen=True, slots=True)
class Coordination:
    target: str
    value: float  # mean over marker classes, roughly -0.3 .. +0.3
    replies: int


def coordination_towards(pairs: Iterable[ReplyPair]) -> dict[str, Coordination]:
    """Others' coordination towards each person who was answered at least `MIN_PAIRS` times."""
    by_target: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = defaultdict(list)
    for pair in pairs:
        by_target[pair.original_author].append(
            (marker_classes(pair.original_text), marker_classes(pair.reply_text))
        )
    found: dict[str, Coordination] = {}
    for target, observed in by_target.items():
        if len(observed) < MIN_PAIRS:
            continue
        differences: list[float] = []
        for marker in MARKERS:
            triggered = [reply for original, reply in observed if marker in original]
            if len(triggered) < MIN_TRIGGERS:
                continue
            conditional = sum(marker in reply for reply in triggered) / len(triggered)
            base = sum(marker in reply for _, reply in observed) / len(observed)
            differences.append(conditional - base)
        if differences:
            found[target] = Coordination(target, sum(differences) / len(differences), len(observed))
    return found
