"""Conversation engine: did the seller pull or push, and what did the buyer signal?

Public API (pure functions over domain objects):

- `analyse_conversation(interaction, internal_ids, model=None) -> ConversationAnalysis`
- `analyse_conversations(interactions, internal_ids, model=None) -> list[ConversationAnalysis]`
- `deal_pull_score(analyses, deal_id) -> PullScore`
- `seller_pull_score(analyses, seller_id) -> PullScore`
- `aggregate_pull_scores(scores) -> PullScore`
- `call_metrics(turns, internal_ids) -> CallMetrics | None`
- `email_thread_metrics(messages, internal_ids) -> EmailThreadMetrics`
- `internal_ids_of(people) -> frozenset[str]`
- `split_sentences(text)`, `seller_act_cues(sentence)`, `buyer_signal_cues(sentence)`
- `load_default_model() -> StrategyModel`
"""

from softpower.analysis.conversation.analyse import (
    analyse_conversation,
    analyse_conversations,
    deal_pull_score,
    default_model,
    internal_ids_of,
    seller_pull_score,
)
from softpower.analysis.conversation.cues import (
    BuyerSignal,
    SellerAct,
    buyer_signal_cues,
    seller_act_cues,
)
from softpower.analysis.conversation.metrics import call_metrics, email_thread_metrics
from softpower.analysis.conversation.model import StrategyModel, load_default_model
from softpower.analysis.conversation.results import (
    ActDetection,
    CallMetrics,
    ConversationAnalysis,
    Driver,
    EmailThreadMetrics,
    Evidence,
    PullScore,
    SentenceAnalysis,
    SignalDetection,
)
from softpower.analysis.conversation.scoring import aggregate_pull_scores
from softpower.analysis.conversation.sentences import SentenceSpan, split_sentences

__all__ = [
    "ActDetection",
    "BuyerSignal",
    "CallMetrics",
    "ConversationAnalysis",
    "Driver",
    "EmailThreadMetrics",
    "Evidence",
    "PullScore",
    "SellerAct",
    "SentenceAnalysis",
    "SentenceSpan",
    "SignalDetection",
    "StrategyModel",
    "aggregate_pull_scores",
    "analyse_conversation",
    "analyse_conversations",
    "buyer_signal_cues",
    "call_metrics",
    "deal_pull_score",
    "default_model",
    "email_thread_metrics",
    "internal_ids_of",
    "load_default_model",
    "seller_act_cues",
    "seller_pull_score",
    "split_sentences",
]
