"""Seller acts that the rest of the sentence overrides: denied pressure, acknowledge-then-pitch."""

import pytest

from softpower.analysis.conversation.cues import SellerAct, seller_act_cues


def acts(sentence: str) -> set[str]:
    return {cue.label for cue in seller_act_cues(sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "The plan deadline is the end of August.",
        "We would hold the terms open so nobody is asked to decide before the evidence is in.",
    ],
)
def test_a_shared_timeline_or_denied_pressure_is_not_pressure(sentence: str) -> None:
    assert SellerAct.PRESSURE not in acts(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["I can hold the price if we sign by Friday.", "Gary, last chance for the Q2 pricing."],
)
def test_a_deadline_tied_to_price_or_signature_is_pressure(sentence: str) -> None:
    assert SellerAct.PRESSURE in acts(sentence)


def test_an_acknowledgement_that_turns_into_a_pitch_is_a_pitch() -> None:
    found = acts(
        "I hear you, and that's the beauty of it, it's so intuitive nobody needs training."
    )
    assert SellerAct.PITCH in found
    assert SellerAct.LISTENING not in found


def test_a_plain_play_back_is_still_listening() -> None:
    assert SellerAct.LISTENING in acts("So if I'm hearing you right, the problem is visibility.")
