"""Stance: is each stakeholder for, neutral or against our initiative, in their own words?

The evidence is sentences the person wrote or said. The conversation
engine's buyer signals count when present (a compelling need or a stated
priority leans towards change; status-quo comfort, objections, fear of
failure and a preferred competitor lean against), together with a short
lexicon of explicit support ("I recommend we take it to committee") and
resistance ("the whiteboard and the radio work fine", "we won't be
signing"). Someone is a supporter or an opponent only when at least two
sentences say so and the balance leans clearly one way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Set
from dataclasses import dataclass, field

from softpower.analysis.conversation import (
    BuyerSignal,
    ConversationAnalysis,
    buyer_signal_cues,
    split_sentences,
)
from softpower.analysis.powerbase.results import Evidence, Stance
from softpower.domain import Interaction

SIGNAL_LEANING: dict[BuyerSignal, float] = {
    BuyerSignal.COMPELLING_NEED: 0.5,
    BuyerSignal.PRIORITY: 0.25,
    BuyerSignal.STATUS_QUO: -1.0,
    BuyerSignal.OBJECTION: -0.25,
    BuyerSignal.FEAR_OF_FAILURE: -0.25,
}
# Reported speech ("he'd rather extend the old module") is about someone else.
_REPORTED = re.compile(r"\b(?:he|she|they|he's|she's|they're|he'd|she'd|they'd)\b", re.IGNORECASE)
_SUPPORT = re.compile(
    r"\b(?:i (?:support|back|recommend|like|love|want)|recommend we|let's (?:do|move|go|take|start|pilot)|"
    r"makes sense|(?:great|good|excellent) (?:idea|results|news|progress|work)|excellent|"
    r"(?:i'm|i am|we're|we are) (?:in|on board|supportive|excited)|on board|worth (?:it|a try|evaluating|piloting)|"
    r"happy to (?:show|help|champion|sponsor|share|support)|go ahead|sounds good|i'd evaluate|"
    r"(?:can|could) (?:fix|solve|help)|would (?:give us|help|save|fix)|support (?:the|this|it)|"
    r"count me in|in favou?r|"
    # agreement with what was just proposed
    r"i agree|that's exactly it|exactly right|"
    # putting their own time or people behind it
    r"works for me|the earlier the better|please (?:include|add|invite|loop in)|"
    r"i(?:'ll| will) (?:loop in|bring|join|set (?:it|this) up|introduce)|i(?:'d| would) want \w+ in|"
    # picturing their world once the change is made
    r"(?:we|i)(?:'d| would) (?:see|know|catch|rebook|finally|go home|be able|save|get ahead|go into))\b",
    re.IGNORECASE,
)
_OPPOSE = re.compile(
    r"\b(?:not (?:putting|signing|changing|pulling|convinced|interested|going to)|"
    r"(?:won't|will not) (?:be signing|get used|sign|support|work)|"
    r"(?:don't|do not) (?:have time|need|see the need|want another)|rather (?:extend|stick|keep)|"
    r"works? (?:fine|well enough)|another (?:system|vendor|tool)|(?:i'm|i am|we're|we are) against|"
    r"waste of|no (?:appetite|way)|"
    r"push ?back|(?:can't|cannot) take|doesn't have time|over my|not on my|"
    r"stick with|it's on us|hard no)\b",
    re.IGNORECASE,
)
EVIDENCE_PER_SIDE = 5
MIN_SENTENCES = 2  # sentences leaning at least STRONG the same way
STRONG = 0.5
THRESHOLD = 0.2


@dataclass(slots=True)
class _Tally:
    support: float = 0.0
    oppose: float = 0.0
    support_sentences: int = 0
    oppose_sentences: int = 0
    support_evidence: list[Evidence] = field(default_factory=list)
    oppose_evidence: list[Evidence] = field(default_factory=list)

    def add(self, weight: float, evidence: Evidence) -> None:
        strong = abs(weight) >= STRONG
        if weight > 0:
            self.support += weight
            self.support_sentences += strong
            if len(self.support_evidence) < EVIDENCE_PER_SIDE:
                self.support_evidence.append(evidence)
        elif weight < 0:
            self.oppose -= weight
            self.oppose_sentences += strong
            if len(self.oppose_evidence) < EVIDENCE_PER_SIDE:
                self.oppose_evidence.append(evidence)


def sentence_leaning(text: str, signals: Iterable[BuyerSignal]) -> tuple[float, str]:
    """The lean of one sentence (-1..+1) and what made it lean."""
    lean = 0.0
    reasons: list[str] = []
    if _REPORTED.search(text):
        return 0.0, ""
    for signal in signals:
        weight = SIGNAL_LEANING.get(signal, 0.0)
        if weight:
            lean += weight
            reasons.append(str(signal))
    support = _SUPPORT.search(text)
    oppose = _OPPOSE.search(text)
    if support:
        lean += 1.0
        reasons.append(f"'{support.group(0)}'")
    if oppose:
        lean -= 1.0
        reasons.append(f"'{oppose.group(0)}'")
    return max(-1.0, min(1.0, lean)), ", ".join(reasons)


def stances(
    interactions: Iterable[Interaction],
    stakeholder_ids: Set[str],
    analyses: Iterable[ConversationAnalysis] | None = None,
) -> dict[str, Stance]:
    """Every stakeholder's stance from their own sentences; `unknown` when they said nothing."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    spoke: set[str] = set()
    if analyses is not None:
        for analysis in analyses:
            for sentence in analysis.sentences:
                speaker = sentence.speaker_id
                if speaker is None or speaker not in stakeholder_ids or sentence.is_seller:
                    continue
                spoke.add(speaker)
                _tally(
                    tallies[speaker],
                    analysis.interaction_id,
                    sentence.turn_seq,
                    sentence.text,
                    sentence.signals,
                )
    else:
        for interaction in interactions:
            for turn in interaction.turns:
                speaker = turn.speaker_id
                if speaker is None or speaker not in stakeholder_ids:
                    continue
                spoke.add(speaker)
                for span in split_sentences(turn.text):
                    signals = [BuyerSignal(cue.label) for cue in buyer_signal_cues(span.text)]
                    _tally(tallies[speaker], interaction.id, turn.seq, span.text, signals)
    result: dict[str, Stance] = {}
    for person_id in stakeholder_ids:
        if person_id not in spoke:
            result[person_id] = Stance("unknown", 0.0)
            continue
        tally = tallies[person_id]
        score = (tally.support - tally.oppose) / (tally.support + tally.oppose + 1.0)
        label = "neutral"
        if score >= THRESHOLD and tally.support_sentences >= MIN_SENTENCES:
            label = "supporter"
        elif score <= -THRESHOLD and tally.oppose_sentences >= MIN_SENTENCES:
            label = "opponent"
        result[person_id] = Stance(
            label, score, tuple(tally.support_evidence), tuple(tally.oppose_evidence)
        )
    return result


def _tally(
    tally: _Tally, interaction_id: str, turn_seq: int, text: str, signals: Iterable[BuyerSignal]
) -> None:
    lean, why = sentence_leaning(text, signals)
    if lean:
        tally.add(lean, Evidence(interaction_id, why, turn_seq, text.strip()[:300]))
