"""Turn one sentence (and a little of its context) into hashed feature indices.

The classifier is linear over sparse binary features, so a sentence becomes a
list of bucket numbers: words, word pairs, character n-grams inside words,
the first words (where dialogue acts show: "what", "would you", "thank"), the
cue lexicons of `cues`, where the sentence sits in the conversation, and the
words of the other side's last sentence (an answer reads differently from an
opening). Buckets come from CRC-32, which is stable across runs and machines,
unlike Python's salted `hash`, so a trained weight table stays valid.
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass

from softpower.analysis.conversation.cues import buyer_signal_cues, seller_act_cues

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!$%]")
_PRONOUN_GROUPS = {
    "we": "self",
    "our": "self",
    "us": "self",
    "i": "self",
    "my": "self",
    "me": "self",
    "you": "other",
    "your": "other",
    "yours": "other",
}


@dataclass(frozen=True, slots=True)
class FeatureSettings:
    """What goes into a sentence's features; stored with a trained model."""

    bits: int = 18
    char_ngrams: tuple[int, ...] = (3, 4)
    context: bool = True
    # the speaker's own previous sentence in the turn, and the other side's word pairs
    own_context: bool = False
    # weights of the dense sentence vector and the other side's previous-words vector
    # (used only by a model that carries word vectors; 0 leaves them out)
    sentence_vector_weight: float = 0.0
    context_vector_weight: float = 0.0

    @property
    def buckets(self) -> int:
        return 1 << self.bits


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """Where a sentence sits: turn number, place in its turn, the other side's last words."""

    turn_index: int = 0
    index_in_turn: int = 0
    previous_other: str = ""
    previous_own: str = ""  # the sentence before, in the same turn ("" for a turn's first)


def tokens_of(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _position_bucket(value: int) -> str:
    return str(value) if value < 4 else ("4-7" if value < 8 else ("8-15" if value < 16 else "16+"))


def cue_labels_of(text: str) -> list[str]:
    """Labels of the seller-act and buyer-signal cues that fire on a sentence."""
    return [cue.label for cue in seller_act_cues(text)] + [
        cue.label for cue in buyer_signal_cues(text)
    ]


def feature_names(
    text: str,
    context: SentenceContext,
    settings: FeatureSettings,
    cue_labels: list[str] | None = None,
) -> list[str]:
    """The named features of a sentence, before hashing (useful to explain a prediction).

    `cue_labels` lets a caller that already ran the cue lexicons pass their labels instead of running them twice.
    """
    words = tokens_of(text)
    names = ["bias"]
    names.extend("w:" + word for word in words)
    names.extend("b:" + first + " " + second for first, second in itertools.pairwise(words))
    if words:
        names.append("first:" + words[0])
        names.append("first2:" + " ".join(words[:2]))
        names.append("last:" + words[-1])
    for word in words:
        padded = "<" + word + ">"
        for size in settings.char_ngrams:
            names.extend("c:" + padded[i : i + size] for i in range(len(padded) - size + 1))
        group = _PRONOUN_GROUPS.get(word)
        if group is not None:
            names.append("pron:" + group)
    length = len(words)
    names.append("len:" + ("short" if length < 5 else ("mid" if length < 15 else "long")))
    names.extend(
        "cue:" + label for label in (cue_labels if cue_labels is not None else cue_labels_of(text))
    )
    if settings.context:
        names.append("turn:" + _position_bucket(context.turn_index))
        names.append("inturn:" + _position_bucket(context.index_in_turn))
        previous = tokens_of(context.previous_other)
        names.extend("p:" + word for word in previous)
        if previous:
            names.append("plast:" + previous[-1])
        if settings.own_context:
            names.extend("pb:" + a + " " + b for a, b in itertools.pairwise(previous))
            if previous:
                names.append("pfirst:" + previous[0])
            own = tokens_of(context.previous_own)
            names.extend("o:" + word for word in own)
            if own:
                names.append("ofirst:" + own[0])
    return names


def hashed_features(
    text: str,
    context: SentenceContext,
    settings: FeatureSettings,
    cue_labels: list[str] | None = None,
) -> list[int]:
    """Distinct bucket numbers of the sentence's features."""
    mask = settings.buckets - 1
    return sorted(
        {
            zlib.crc32(name.encode()) & mask
            for name in feature_names(text, context, settings, cue_labels)
        }
    )
