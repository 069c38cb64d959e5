"""Result objects of the conversation engine: detections with evidence, metrics, scores with drivers."""

from __future__ import annotations

from dataclasses import dataclass, field

from softpower.analysis.conversation.cues import BuyerSignal, SellerAct


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a finding comes from: the interaction, the turn, the sentence and the words."""

    interaction_id: str
    turn_seq: int
    sentence: str
    start: int  # character span of the sentence in the turn's text
    end: int
    cue: str = ""  # the words (or model label) that triggered the finding


@dataclass(frozen=True, slots=True)
class ActDetection:
    act: SellerAct
    speaker_id: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class SignalDetection:
    signal: BuyerSignal
    speaker_id: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class SentenceAnalysis:
    """One sentence of one turn, whose side spoke it, and what the engine found in it."""

    turn_seq: int
    speaker_id: str | None
    is_seller: bool
    text: str
    start: int
    end: int
    acts: tuple[SellerAct, ...] = ()
    signals: tuple[BuyerSignal, ...] = ()
    pull_probability: float = 0.0
    push_probability: float = 0.0


@dataclass(frozen=True, slots=True)
class CallMetrics:
    """Talk-time metrics of a timed call or meeting (seconds unless named otherwise)."""

    duration_s: float
    seller_talk_s: float
    customer_talk_s: float
    seller_talk_share: float  # seller talk / all talk, 0..1 (the "talk-to-listen" ratio as a share)
    longest_seller_monologue_s: float
    longest_customer_story_s: float
    seller_questions: int
    seller_open_questions: int
    question_rate_per_min: float  # seller questions per minute of call
    open_question_share: float  # open / all seller questions, 0 when none
    speaker_switches: int
    interactivity_per_min: float  # speaker switches per minute
    patience_s: float | None  # mean pause before the seller answers a customer, None when never


@dataclass(frozen=True, slots=True)
class EmailThreadMetrics:
    """Who writes how much in an email thread, how fast each side answers, who asks."""

    messages_seller: int
    messages_customer: int
    words_seller: int
    words_customer: int
    questions_seller: int
    questions_customer: int
    seller_response_s: tuple[float, ...]  # seller reply delays after a customer message
    customer_response_s: tuple[float, ...]

    @property
    def median_seller_response_s(self) -> float | None:
        return _median(self.seller_response_s)

    @property
    def median_customer_response_s(self) -> float | None:
        return _median(self.customer_response_s)


def _median(values: tuple[float, ...]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True, slots=True)
class Driver:
    """One named part of a score: contribution = weight x value, with its evidence."""

    name: str
    weight: float
    value: float  # the feature, 0..1
    contribution: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class PullScore:
    """0 (all push) to 100 (all pull); `score` is exactly the sum of the drivers' contributions."""

    score: float
    drivers: tuple[Driver, ...]
    seller_sentences: int

    def driver(self, name: str) -> Driver:
        return next(driver for driver in self.drivers if driver.name == name)


@dataclass(frozen=True, slots=True)
class ConversationAnalysis:
    """Everything the engine found in one interaction."""

    interaction_id: str
    kind: str
    deal_id: str | None
    account_id: str | None
    sentences: tuple[SentenceAnalysis, ...]
    acts: tuple[ActDetection, ...]
    signals: tuple[SignalDetection, ...]
    call_metrics: CallMetrics | None
    pull_score: PullScore
    pull_by_seller: dict[str, PullScore] = field(default_factory=dict)
