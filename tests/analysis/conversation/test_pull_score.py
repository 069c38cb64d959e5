"""The pull score: drivers add up, pull-led calls beat push-heavy ones, aggregation."""

from __future__ import annotations

from softpower.analysis.conversation import (
    ConversationAnalysis,
    analyse_conversation,
    deal_pull_score,
    internal_ids_of,
    seller_pull_score,
)
from softpower.domain import Interaction, InteractionKind, Person, Turn

PEOPLE = [Person("s", "Sam Seller", is_internal=True), Person("c", "Cleo Customer")]


def pull_led_call() -> Interaction:
    turns = [
        Turn(0, "s", "Great to see you, Cleo. What are your top priorities this quarter?", 0, 8),
        Turn(
            1,
            "c",
            "We are losing customers because onboarding is too slow. It costs us a lot.",
            9,
            40,
        ),
        Turn(2, "s", "Tell me more about how onboarding works today.", 41, 46),
        Turn(3, "c", "It is manual and I need to check with IT before we change anything.", 47, 80),
        Turn(
            4,
            "s",
            "So what I'm hearing is that onboarding speed drives your churn goal. Did I get that right?",
            81,
            90,
        ),
        Turn(5, "c", "Exactly.", 91, 92),
        Turn(6, "s", "Should we map out a joint plan with IT and agree next steps?", 93, 100),
    ]
    return Interaction("call-pull", InteractionKind.CALL, deal_id="d1", turns=turns)


def push_heavy_call() -> Interaction:
    turns = [
        Turn(
            0,
            "s",
            "Let me show you our platform. Our product is industry-leading and best-in-class.",
            0,
            90,
        ),
        Turn(1, "s", "We have the latest features and our AI dashboard is world-class.", 90, 200),
        Turn(2, "c", "Okay.", 201, 202),
        Turn(
            3,
            "s",
            "If you sign today I can give you a 20% discount, but the offer expires at the end of the quarter.",
            203,
            240,
        ),
    ]
    return Interaction("call-push", InteractionKind.CALL, deal_id="d1", turns=turns)


def analyse(interaction: Interaction) -> ConversationAnalysis:
    return analyse_conversation(interaction, internal_ids_of(PEOPLE))


def test_drivers_add_up_exactly_to_the_score() -> None:
    for interaction in (pull_led_call(), push_heavy_call()):
        score = analyse(interaction).pull_score
        assert score.score == sum(driver.contribution for driver in score.drivers)
        for driver in score.drivers:
            assert driver.contribution == driver.weight * driver.value
            assert 0.0 <= driver.value <= 1.0


def test_push_heavy_call_scores_below_pull_led_call() -> None:
    pull, push = analyse(pull_led_call()).pull_score, analyse(push_heavy_call()).pull_score
    assert push.score < 35 < 65 < pull.score
    assert push.driver("pitch").contribution < 0 and push.driver("pressure").contribution < 0
    assert push.driver("long_monologue").value == 1.0


def test_driver_evidence_cites_turn_and_sentence() -> None:
    analysis = analyse(push_heavy_call())
    evidence = analysis.pull_score.driver("discount").evidence
    assert evidence and evidence[0].interaction_id == "call-push" and evidence[0].turn_seq == 3
    assert "20% discount" in evidence[0].sentence and evidence[0].cue == "discount"
    turn_text = push_heavy_call().turns[3].text
    assert turn_text[evidence[0].start : evidence[0].end] == evidence[0].sentence


def test_buyer_signals_are_found_on_the_customer_side_only() -> None:
    analysis = analyse(pull_led_call())
    kinds = {signal.signal for signal in analysis.signals}
    assert {"compelling_need", "consensus_gap"} <= kinds
    assert all(signal.speaker_id == "c" for signal in analysis.signals)
    assert all(act.speaker_id == "s" for act in analysis.acts)


def test_deal_and_seller_aggregates_add_up_and_lie_between() -> None:
    analyses = [analyse(pull_led_call()), analyse(push_heavy_call())]
    for combined in (deal_pull_score(analyses, "d1"), seller_pull_score(analyses, "s")):
        assert combined.score == sum(driver.contribution for driver in combined.drivers)
        low, high = sorted(a.pull_score.score for a in analyses)
        assert low < combined.score < high
    assert deal_pull_score(analyses, "other-deal").seller_sentences == 0


def test_an_aggregate_explains_each_driver_from_every_conversation() -> None:
    analyses = [analyse(pull_led_call()), analyse(push_heavy_call())]
    combined = {d.name: d for d in deal_pull_score(analyses, "d1").drivers}
    for name in ("talk_balance", "long_monologue"):
        own = [{d.name: d for d in a.pull_score.drivers}[name].explanation for a in analyses]
        assert own[0] != own[1]  # each call states its own figure
        assert "over 2 conversations" in combined[name].explanation
        assert all(note in combined[name].explanation for note in own)
    assert combined["rapport"].explanation == "rapport"  # the same for every conversation
