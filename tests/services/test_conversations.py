"""The conversation service on a small hand-written account, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conversation_store import (
    MEETING_WITHOUT_TRANSCRIPT,
    PULL_CALL,
    PUSH_CALL,
    PUSH_SENTENCE,
    THREAD,
    UNDATED_PUSH_CALL,
    fill_store,
)

from softpower.domain import Interaction, InteractionKind, Participant, ParticipantRole, Turn
from softpower.errors import UnknownRecord
from softpower.services import conversations as service
from softpower.services.conversations import ExplainedScore
from softpower.services.store import store_of
from softpower.store import communications
from softpower.workspace import Workspace


@pytest.fixture
def acme(workspace: Workspace) -> Workspace:
    fill_store(workspace)
    return workspace


def _adds_up(score: ExplainedScore) -> bool:
    return abs(sum(d.contribution for d in score.drivers) - score.score) < 1e-9


def test_account_conversations_are_found_through_their_people(acme: Workspace) -> None:
    found = service.list_conversations(acme, account="Acme")
    assert [c.id for c in found] == [PULL_CALL, THREAD, PUSH_CALL, UNDATED_PUSH_CALL]
    assert MEETING_WITHOUT_TRANSCRIPT not in {c.id for c in found}
    assert all(c.account_id == "A1" for c in found)
    assert all(_adds_up(c.pull) for c in found)


def test_sellers_are_recognised_by_name_and_by_address(acme: Workspace) -> None:
    by_id = {c.id: c for c in service.list_conversations(acme)}
    puller, pusher = by_id[PULL_CALL].lead_seller, by_id[PUSH_CALL].lead_seller
    assert puller is not None and puller.id == "S1"  # a `name:` person matched to the seller
    assert pusher is not None and pusher.id == "S2"  # matched by address
    assert by_id[PULL_CALL].customers == ("Carla Buyer",)
    assert set(by_id[PULL_CALL].pull_by_seller) == {"S1"}


def test_deals_are_linked_by_owner_window_and_title(acme: Workspace) -> None:
    by_id = {c.id: c for c in service.list_conversations(acme)}
    assert by_id[PULL_CALL].deal_id == "D1"  # the old D4 of the same owner is out of its window
    assert "only deal" in (by_id[PULL_CALL].deal_rule or "")
    assert by_id[PUSH_CALL].deal_id == "D2"
    assert "route" in (by_id[PUSH_CALL].deal_rule or "")
    assert by_id[UNDATED_PUSH_CALL].deal_id == "D3"  # date from the title
    undated_day = by_id[UNDATED_PUSH_CALL].day
    assert undated_day is not None and undated_day.isoformat() == "2024-03-09"
    assert by_id[THREAD].deal_id == "D1"


def test_pull_call_scores_above_push_calls(acme: Workspace) -> None:
    by_id = {c.id: c for c in service.list_conversations(acme, kind=InteractionKind.CALL)}
    assert set(by_id) == {PULL_CALL, PUSH_CALL, UNDATED_PUSH_CALL}
    assert by_id[PULL_CALL].pull.score > 60
    assert by_id[PULL_CALL].pull.score > max(
        by_id[PUSH_CALL].pull.score, by_id[UNDATED_PUSH_CALL].pull.score
    )
    discount = next(d for d in by_id[PUSH_CALL].pull.drivers if d.name == "discount")
    assert discount.contribution < 0
    assert any(c.sentence == PUSH_SENTENCE and c.offset_s == 0.0 for c in discount.evidence)


def test_call_metrics_and_signals_cite_their_turn(acme: Workspace) -> None:
    call = service.show_conversation(acme, PULL_CALL)
    assert call.call_metrics is not None
    assert 0 < call.call_metrics.seller_talk_share < 1
    assert call.call_metrics.seller_open_questions >= 2
    signals = {found.signal for found in call.signals}
    assert "consensus_gap" in signals
    gap = next(found for found in call.signals if found.signal == "consensus_gap")
    assert gap.citation.interaction_id == PULL_CALL
    assert gap.citation.turn_seq == 2 and gap.citation.speaker == "Carla Buyer"
    assert gap.citation.offset_s == 9.0


def test_an_email_thread_is_one_conversation_citing_its_messages(acme: Workspace) -> None:
    [thread] = service.list_conversations(acme, kind=InteractionKind.EMAIL)
    assert thread.id == THREAD and thread.interaction_ids == ("M1", "M2")
    assert thread.email_metrics is not None
    assert (thread.email_metrics.messages_seller, thread.email_metrics.messages_customer) == (1, 1)
    assert thread.email_metrics.seller_response_s == ()
    assert thread.email_metrics.customer_response_s == (7200.0,)
    budget = next(found for found in thread.signals if found.signal == "budget")
    assert budget.citation.interaction_id == "M2" and budget.citation.sent_at is not None
    assert service.show_conversation(acme, "M2").id == THREAD
    assert service.show_conversation(acme, THREAD).interaction_ids == ("M1", "M2")


def test_seller_filter_and_unknown_names(acme: Workspace) -> None:
    assert [c.id for c in service.list_conversations(acme, seller="Sam Pusher")] == [
        PUSH_CALL,
        UNDATED_PUSH_CALL,
    ]
    with pytest.raises(UnknownRecord, match="no seller"):
        service.list_conversations(acme, seller="Nobody")
    with pytest.raises(UnknownRecord, match="no conversation"):
        service.show_conversation(acme, "missing")
    with pytest.raises(UnknownRecord, match="no transcript"):
        service.show_conversation(acme, MEETING_WITHOUT_TRANSCRIPT)


def test_coach_profiles_a_pushing_seller_with_evidence(acme: Workspace) -> None:
    pusher = service.coach_seller(acme, "sam@ourco.example")
    puller = service.coach_seller(acme, "S1")
    assert pusher.seller.id == "S2"
    assert [c.id for c in pusher.conversations] == [PUSH_CALL, UNDATED_PUSH_CALL]
    assert pusher.pull.score < puller.pull.score
    assert _adds_up(pusher.pull) and _adds_up(puller.pull)
    assert any("discount" in moment.acts for moment in pusher.weakest)
    assert pusher.practice and pusher.practice[0].points >= pusher.practice[-1].points
    assert {p.driver for p in pusher.practice} & {"open_questions", "pitch", "discount"}
    assert all(p.examples for p in pusher.practice)
    assert all(e.speaker == "Sam Pusher" for p in pusher.practice for e in p.examples)
    assert any("open_question" in moment.acts for moment in puller.strongest)
    assert pusher.habits.calls == 2 and pusher.habits.talk_share is not None


def test_deal_conversations_combine_their_scores(acme: Workspace) -> None:
    deal = service.deal_conversations(acme, "D1")
    assert [c.id for c in deal.conversations] == [PULL_CALL, THREAD]
    assert _adds_up(deal.pull)
    assert deal.pull.seller_sentences == sum(c.pull.seller_sentences for c in deal.conversations)


def test_coaching_leaves_out_our_internal_mail(acme: Workspace) -> None:
    profile = service.coach_seller(acme, "Sam Pusher")
    assert "Acme - discounting" not in [c.title for c in profile.conversations]
    everything = service.list_conversations(acme, ours_only=False)
    internal = next(c for c in everything if c.title == "Acme - discounting")
    assert internal.sellers and not internal.with_customer
    assert internal.id not in [c.id for c in service.list_conversations(acme)]


def _add_call(workspace: Workspace, call_id: str, deal_id: str, speakers: list[str]) -> None:
    """A call recorded on a deal in which only the customer (C1) says anything."""
    call = Interaction(
        id=call_id,
        kind=InteractionKind.CALL,
        subject="Acme side conversation",
        started_at=datetime(2024, 3, 7, 9, tzinfo=UTC),
        deal_id=deal_id,
        participants=[Participant(p, ParticipantRole.SPEAKER) for p in speakers],
        turns=[
            Turn(0, "C1", "What would this cost us next year?", 0.0, 3.0),
            Turn(1, "C1", "We must sign off before the board meets.", 3.0, 6.0),
        ],
    )
    with store_of(workspace) as engine, engine.begin() as connection:
        communications.save_interactions(connection, [call], None)


def test_a_conversation_without_a_seller_sentence_leaves_deal_and_seller_scores_alone(
    acme: Workspace,
) -> None:
    deal_before = service.deal_conversations(acme, "D2")
    seller_before = service.coach_seller(acme, "S2")
    _add_call(acme, "K8", "D2", ["C1", "email:sam@ourco.example"])  # Sam listened, said nothing
    deal_after = service.deal_conversations(acme, "D2")
    assert [c.id for c in deal_after.conversations] == [PUSH_CALL, "K8"]
    silent = deal_after.conversations[1]
    assert silent.pull.seller_sentences == 0 and not silent.pull.measured
    assert deal_after.pull.score == pytest.approx(deal_before.pull.score)
    assert deal_after.pull.seller_sentences == deal_before.pull.seller_sentences
    seller_after = service.coach_seller(acme, "S2")
    assert seller_after.pull.score == pytest.approx(seller_before.pull.score)
    assert [c.id for c in seller_after.conversations] == [c.id for c in seller_before.conversations]
