"""The pull score: a sum of named drivers, each a weight times a feature in [0, 1].

The baseline driver contributes 50; pull drivers add up to +50 at most, push
drivers take away up to 46, so the score stays within 4..100 without any
clipping, and the drivers always add up exactly to the score. Shares are
counted over the seller's sentences and saturate at a target rate (a seller
who asks an open question in 15% of their sentences gets the full open-
question driver). Weights and targets are the project's judgement from the
pull-selling literature, stated here so a coach can argue with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from softpower.analysis.conversation.cues import SellerAct
from softpower.analysis.conversation.metrics import word_count
from softpower.analysis.conversation.results import (
    ActDetection,
    CallMetrics,
    Driver,
    Evidence,
    PullScore,
    SentenceAnalysis,
)

BASELINE = 50.0
IDEAL_SELLER_SHARE = 0.45
MAX_EVIDENCE = 5


@dataclass(frozen=True, slots=True)
class ActDriver:
    name: str
    act: SellerAct
    weight: float
    target_share: float
    explanation: str


ACT_DRIVERS = (
    ActDriver(
        "open_questions",
        SellerAct.OPEN_QUESTION,
        14.0,
        0.15,
        "open discovery questions (what, how, why, who, tell me)",
    ),
    ActDriver(
        "listening",
        SellerAct.LISTENING,
        10.0,
        0.10,
        "acknowledging, summarising, confirming the customer's words",
    ),
    ActDriver(
        "outcome_talk",
        SellerAct.OUTCOME_TALK,
        8.0,
        0.10,
        "talking about the customer's outcomes, not our product",
    ),
    ActDriver(
        "joint_plan", SellerAct.NEXT_STEP, 6.0, 0.05, "coordinating next steps and a joint plan"
    ),
    ActDriver("rapport", SellerAct.RAPPORT, 2.0, 0.05, "rapport"),
    ActDriver("pitch", SellerAct.PITCH, -14.0, 0.25, "pitching features, our company, our product"),
    ActDriver("pressure", SellerAct.PRESSURE, -12.0, 0.05, "pressing a deadline"),
    ActDriver("discount", SellerAct.DISCOUNT, -10.0, 0.05, "offering a discount or concession"),
)
TALK_BALANCE_WEIGHT = 5.0
MODEL_PULL_WEIGHT = 5.0
MODEL_PUSH_WEIGHT = -5.0
MONOLOGUE_WEIGHT = -5.0
MONOLOGUE_FROM_S = 60.0
MONOLOGUE_FULL_S = 180.0


def _saturating(count: int, total: int, target: float) -> float:
    return min(1.0, count / (total * target)) if total else 0.0


def _talk_balance(share: float) -> float:
    return max(0.0, 1.0 - abs(share - IDEAL_SELLER_SHARE) / IDEAL_SELLER_SHARE)


def _sentence_evidence(
    sentences: Sequence[SentenceAnalysis], interaction_id: str, key: str
) -> tuple[Evidence, ...]:
    ranked = sorted((s for s in sentences if s.is_seller), key=lambda s: -getattr(s, key))[
        :MAX_EVIDENCE
    ]
    return tuple(
        Evidence(
            interaction_id, s.turn_seq, s.text, s.start, s.end, f"model {key}={getattr(s, key):.2f}"
        )
        for s in ranked
        if getattr(s, key) >= 0.5
    )


def pull_score(
    sentences: Sequence[SentenceAnalysis],
    acts: Sequence[ActDetection],
    metrics: CallMetrics | None,
    interaction_id: str,
) -> PullScore:
    """Score one conversation (or one seller's part of it) from its analysed sentences."""
    seller = [s for s in sentences if s.is_seller]
    total = len(seller)
    drivers = [Driver("baseline", BASELINE, 1.0, BASELINE, "neutral starting point")]
    for spec in ACT_DRIVERS:
        found = [act for act in acts if act.act == spec.act]
        value = _saturating(len(found), total, spec.target_share)
        drivers.append(
            Driver(
                spec.name,
                spec.weight,
                value,
                spec.weight * value,
                spec.explanation,
                tuple(a.evidence for a in found[:MAX_EVIDENCE]),
            )
        )
    if metrics is not None:
        share = metrics.seller_talk_share
        balance_note = (
            f"seller talk share {share:.0%} of talk time (ideal about {IDEAL_SELLER_SHARE:.0%})"
        )
    else:
        seller_words = sum(word_count(s.text) for s in seller)
        all_words = sum(word_count(s.text) for s in sentences)
        share = seller_words / all_words if all_words else 1.0
        balance_note = f"seller share {share:.0%} of words (ideal about {IDEAL_SELLER_SHARE:.0%})"
    balance = _talk_balance(share) if total else 0.0
    drivers.append(
        Driver(
            "talk_balance",
            TALK_BALANCE_WEIGHT,
            balance,
            TALK_BALANCE_WEIGHT * balance,
            balance_note,
        )
    )
    mean_pull = sum(s.pull_probability for s in seller) / total if total else 0.0
    mean_push = sum(s.push_probability for s in seller) / total if total else 0.0
    drivers.append(
        Driver(
            "model_pull",
            MODEL_PULL_WEIGHT,
            mean_pull,
            MODEL_PULL_WEIGHT * mean_pull,
            "mean pull probability of the trained sentence model",
            _sentence_evidence(seller, interaction_id, "pull_probability"),
        )
    )
    drivers.append(
        Driver(
            "model_push",
            MODEL_PUSH_WEIGHT,
            mean_push,
            MODEL_PUSH_WEIGHT * mean_push,
            "mean push probability of the trained sentence model",
            _sentence_evidence(seller, interaction_id, "push_probability"),
        )
    )
    monologue = 0.0
    monologue_note = "no timed turns"
    if metrics is not None:
        longest = metrics.longest_seller_monologue_s
        monologue = min(
            1.0, max(0.0, (longest - MONOLOGUE_FROM_S) / (MONOLOGUE_FULL_S - MONOLOGUE_FROM_S))
        )
        monologue_note = f"longest seller monologue {longest:.0f} s"
    drivers.append(
        Driver(
            "long_monologue",
            MONOLOGUE_WEIGHT,
            monologue,
            MONOLOGUE_WEIGHT * monologue,
            monologue_note,
        )
    )
    return PullScore(
        score=sum(driver.contribution for driver in drivers),
        drivers=tuple(drivers),
        seller_sentences=total,
    )


def aggregate_pull_scores(scores: Sequence[PullScore]) -> PullScore:
    """Several conversations' scores as one, weighted by seller sentences; drivers still add up."""
    weighted = [score for score in scores if score.seller_sentences > 0]
    total = sum(score.seller_sentences for score in weighted)
    if not weighted:
        return PullScore(
            BASELINE, (Driver("baseline", BASELINE, 1.0, BASELINE, "neutral starting point"),), 0
        )
    drivers: list[Driver] = []
    for position, template in enumerate(weighted[0].drivers):
        value = (
            sum(score.drivers[position].value * score.seller_sentences for score in weighted)
            / total
        )
        evidence = tuple(item for score in weighted for item in score.drivers[position].evidence)[
            :MAX_EVIDENCE
        ]
        notes = [score.drivers[position].explanation for score in weighted]
        drivers.append(
            Driver(
                template.name,
                template.weight,
                value,
                template.weight * value,
                _combined_note(notes),
                evidence,
            )
        )
    return PullScore(
        score=sum(driver.contribution for driver in drivers),
        drivers=tuple(drivers),
        seller_sentences=total,
    )


def _combined_note(notes: Sequence[str], shown: int = 3) -> str:
    """One driver's explanation over several conversations.

    Notes that state a conversation's own figure (its talk share, its longest
    monologue) differ: all of them are given, never only the first's.
    """
    distinct = list(dict.fromkeys(notes))
    if len(distinct) == 1:
        return distinct[0]
    counted = [
        f"{note} ({notes.count(note)}x)" if notes.count(note) > 1 else note for note in distinct
    ]
    more = f"; and {len(counted) - shown} more" if len(counted) > shown else ""
    return (
        f"weighted by seller sentences over {len(notes)} conversations: "
        + "; ".join(counted[:shown])
        + more
    )
