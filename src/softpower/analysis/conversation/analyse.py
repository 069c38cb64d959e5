"""Analyse interactions: seller acts, buyer signals, call metrics and the pull score.

The entry points take domain objects (an `Interaction` and the set of person
ids on the seller's side) and return result objects; they read no files and
touch no database, so services can call them on stored interactions and a
batch run can fan them out. The trained sentence model is the one shipped in
the package unless another is passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from functools import cache

from softpower.analysis.conversation.cues import (
    BuyerSignal,
    SellerAct,
    buyer_signal_cues,
    seller_act_cues,
)
from softpower.analysis.conversation.features import SentenceContext
from softpower.analysis.conversation.labelled import PULL, PUSH
from softpower.analysis.conversation.metrics import call_metrics
from softpower.analysis.conversation.model import StrategyModel, load_default_model
from softpower.analysis.conversation.results import (
    ActDetection,
    ConversationAnalysis,
    Evidence,
    PullScore,
    SentenceAnalysis,
    SignalDetection,
)
from softpower.analysis.conversation.scoring import aggregate_pull_scores, pull_score
from softpower.analysis.conversation.sentences import split_sentences
from softpower.domain import Interaction, Person


@cache
def default_model() -> StrategyModel:
    """The shipped pull/push sentence model, read once per process."""
    return load_default_model()


def internal_ids_of(people: Iterable[Person]) -> frozenset[str]:
    """Ids of the people on our side, for the `internal_ids` argument."""
    return frozenset(person.id for person in people if person.is_internal)


def analyse_conversation(
    interaction: Interaction, internal_ids: Set[str], model: StrategyModel | None = None
) -> ConversationAnalysis:
    """Find acts, signals, metrics and the pull score of one interaction."""
    model = model or default_model()
    pull_column = model.labels.index(PULL) if PULL in model.labels else None
    push_column = model.labels.index(PUSH) if PUSH in model.labels else None
    sentences: list[SentenceAnalysis] = []
    acts: list[ActDetection] = []
    signals: list[SignalDetection] = []
    last_other = ""
    for turn_index, turn in enumerate(sorted(interaction.turns, key=lambda t: t.seq)):
        if turn.speaker_id is None:
            continue
        is_seller = turn.speaker_id in internal_ids
        previous_own = ""
        for position, span in enumerate(split_sentences(turn.text)):
            turn_acts: list[SellerAct] = []
            turn_signals: list[BuyerSignal] = []
            pull = push = 0.0
            if is_seller:
                seller_cues = seller_act_cues(span.text)
                for cue in seller_cues:
                    act = SellerAct(cue.label)
                    turn_acts.append(act)
                    acts.append(
                        ActDetection(
                            act,
                            turn.speaker_id,
                            Evidence(
                                interaction.id, turn.seq, span.text, span.start, span.end, cue.cue
                            ),
                        )
                    )
                context = SentenceContext(
                    turn_index=turn_index,
                    index_in_turn=position,
                    previous_other=last_other,
                    previous_own=previous_own,
                )
                probabilities = model.sentence_probabilities(span.text, context)
                pull = float(probabilities[pull_column]) if pull_column is not None else 0.0
                push = float(probabilities[push_column]) if push_column is not None else 0.0
                previous_own = span.text
            else:
                for cue in buyer_signal_cues(span.text):
                    signal = BuyerSignal(cue.label)
                    turn_signals.append(signal)
                    signals.append(
                        SignalDetection(
                            signal,
                            turn.speaker_id,
                            Evidence(
                                interaction.id, turn.seq, span.text, span.start, span.end, cue.cue
                            ),
                        )
                    )
            sentences.append(
                SentenceAnalysis(
                    turn.seq,
                    turn.speaker_id,
                    is_seller,
                    span.text,
                    span.start,
                    span.end,
                    tuple(turn_acts),
                    tuple(turn_signals),
                    pull,
                    push,
                )
            )
        if not is_seller:
            last_other = turn.text
    metrics = call_metrics(interaction.turns, internal_ids)
    overall = pull_score(sentences, acts, metrics, interaction.id)
    sellers = sorted({s.speaker_id for s in sentences if s.is_seller and s.speaker_id is not None})
    by_seller: dict[str, PullScore] = {}
    for seller in sellers:
        theirs = [s for s in sentences if not s.is_seller or s.speaker_id == seller]
        by_seller[seller] = pull_score(
            theirs,
            [a for a in acts if a.speaker_id == seller],
            metrics if len(sellers) == 1 else None,
            interaction.id,
        )
    return ConversationAnalysis(
        interaction_id=interaction.id,
        kind=str(interaction.kind),
        deal_id=interaction.deal_id,
        account_id=interaction.account_id,
        sentences=tuple(sentences),
        acts=tuple(acts),
        signals=tuple(signals),
        call_metrics=metrics,
        pull_score=overall,
        pull_by_seller=by_seller,
    )


def analyse_conversations(
    interactions: Iterable[Interaction], internal_ids: Set[str], model: StrategyModel | None = None
) -> list[ConversationAnalysis]:
    return [analyse_conversation(interaction, internal_ids, model) for interaction in interactions]


def deal_pull_score(analyses: Sequence[ConversationAnalysis], deal_id: str) -> PullScore:
    """The pull score of every conversation on one deal, combined."""
    return aggregate_pull_scores([a.pull_score for a in analyses if a.deal_id == deal_id])


def seller_pull_score(analyses: Sequence[ConversationAnalysis], seller_id: str) -> PullScore:
    """One seller's own part of every conversation they spoke in, combined."""
    return aggregate_pull_scores(
        [a.pull_by_seller[seller_id] for a in analyses if seller_id in a.pull_by_seller]
    )
