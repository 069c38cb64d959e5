"""Seller acts and buyer signals on short sentences written for the purpose."""

from __future__ import annotations

import pytest

from softpower.analysis.conversation import (
    BuyerSignal,
    SellerAct,
    buyer_signal_cues,
    seller_act_cues,
    split_sentences,
)
from softpower.analysis.conversation.cues import question_kind


def acts(sentence: str) -> set[str]:
    return {cue.label for cue in seller_act_cues(sentence)}


def signals(sentence: str) -> set[str]:
    return {cue.label for cue in buyer_signal_cues(sentence)}


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        ("What are the biggest challenges your team faces?", SellerAct.OPEN_QUESTION),
        ("Walk me through how renewals work today.", SellerAct.OPEN_QUESTION),
        ("Do you have a budget for this?", SellerAct.CLOSED_QUESTION),
        ("So what I'm hearing is that onboarding takes too long.", SellerAct.LISTENING),
        ("What would success look like, and how do you measure success?", SellerAct.OUTCOME_TALK),
        ("Our platform is industry-leading and best-in-class.", SellerAct.PITCH),
        ("This offer expires at the end of the quarter.", SellerAct.PRESSURE),
        ("What if we start the paperwork now at the quarter-end price?", SellerAct.PRESSURE),
        ("If it's signed by June 28, our quarter end, the price holds.", SellerAct.PRESSURE),
        ("Only 17 days left in the quarter to lock in the 20% discount.", SellerAct.PRESSURE),
        ("I can give you 20% off if you commit.", SellerAct.DISCOUNT),
        ("Great to see you again, how was your weekend?", SellerAct.RAPPORT),
        ("Let's schedule a call with your CFO to agree next steps.", SellerAct.NEXT_STEP),
    ],
)
def test_seller_act_detected(sentence: str, act: SellerAct) -> None:
    assert act in acts(sentence)


def test_statement_is_not_a_question_and_plain_talk_has_no_push() -> None:
    found = acts("The meeting is on Tuesday.")
    assert SellerAct.OPEN_QUESTION not in found
    assert SellerAct.CLOSED_QUESTION not in found
    assert not found & {SellerAct.PITCH, SellerAct.PRESSURE, SellerAct.DISCOUNT}
    # the customer's own year-end close is their calendar, not our pressure
    assert SellerAct.PRESSURE not in acts("How does the year-end close work for your team?")


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("We are losing customers because support is too slow.", BuyerSignal.COMPELLING_NEED),
        ("Honestly the current system works well enough.", BuyerSignal.STATUS_QUO),
        ("My neck is on the line if this rollout fails.", BuyerSignal.FEAR_OF_FAILURE),
        ("I need to check with procurement first.", BuyerSignal.CONSENSUS_GAP),
        ("Cutting churn is our top priority this year.", BuyerSignal.PRIORITY),
        ("We have no budget left until next year.", BuyerSignal.BUDGET),
        ("The migration has to be done by the end of March.", BuyerSignal.TIMELINE),
        ("I'm not convinced this fits us.", BuyerSignal.OBJECTION),
        ("We are also evaluating other vendors.", BuyerSignal.COMPETITOR),
    ],
)
def test_buyer_signal_detected(sentence: str, signal: BuyerSignal) -> None:
    assert signal in signals(sentence)


def test_cue_span_points_at_the_words_in_the_original_case() -> None:
    sentence = "Well, Our Platform does it all."
    cue = next(c for c in seller_act_cues(sentence) if c.label == SellerAct.PITCH)
    assert sentence[cue.start : cue.end] == cue.cue == "Our Platform"


def test_sentences_keep_their_spans() -> None:
    text = "Hi Dr. Smith. It costs $3.5m, right?  Yes!\nNext line"
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "Hi Dr. Smith.",
        "It costs $3.5m, right?",
        "Yes!",
        "Next line",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_sentences_end_the_same_far_into_a_long_text() -> None:
    """The word before a full stop is read from a short window, not from the text's start."""
    tail = "Ask Dr. Smith. Try Supercalifragilisticco. Done."
    spans = split_sentences("We met. " * 5000 + tail)
    assert [s.text for s in spans[-3:]] == [
        "Ask Dr. Smith.",
        "Try Supercalifragilisticco.",
        "Done.",
    ]
    assert len(spans) == 5003


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Michael, what made shipment visibility come up this year?", SellerAct.OPEN_QUESTION),
        ("Priya and Laura, how would you judge the pilot?", SellerAct.OPEN_QUESTION),
        ("Tomás, could you send it?", SellerAct.CLOSED_QUESTION),
        ("Hi, how are you today?", SellerAct.CLOSED_QUESTION),  # a greeting discovers nothing
        ("How was your weekend?", SellerAct.CLOSED_QUESTION),
        ("How are you handling the migration?", SellerAct.OPEN_QUESTION),
        ("How are things with the DC rollout?", SellerAct.OPEN_QUESTION),
    ],
)
def test_questions_past_the_people_addressed_and_greetings(sentence: str, kind: SellerAct) -> None:
    assert question_kind(sentence) is kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Who else at Northwind feels this most?",
        "Who would sign off on a change like this?",
        "Sara, who decides when the budget is released?",
    ],
)
def test_who_questions_are_open(sentence: str) -> None:
    assert question_kind(sentence) is SellerAct.OPEN_QUESTION


@pytest.mark.parametrize(
    ("sentence", "kind", "cue"),
    [
        ("What happens next, walk me through it?", SellerAct.OPEN_QUESTION, "What"),
        ("Walk me through how renewals work today.", SellerAct.OPEN_QUESTION, "Walk me through"),
        ("  Michael, how would you judge it?", SellerAct.OPEN_QUESTION, "how"),
        ("So, who else feels this?", SellerAct.OPEN_QUESTION, "who"),
        ("Tomás, could you send it?", SellerAct.CLOSED_QUESTION, "could"),
        ("Hi, how are you today?", SellerAct.CLOSED_QUESTION, "?"),  # a question by its mark
    ],
)
def test_a_question_is_cued_by_the_words_that_make_it_one(
    sentence: str, kind: SellerAct, cue: str
) -> None:
    found = next(c for c in seller_act_cues(sentence) if c.label == kind)
    assert found.cue == cue
    assert sentence[found.start : found.end] == cue


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Who else at Northwind feels this most?", ["Who else at Northwind feels this most?"]),
        ("* Pricing.\n• Timeline", ["Pricing.", "Timeline"]),
        (
            "Two things:\n1. Who decides?\n 2) What next?",
            ["Two things:", "Who decides?", "What next?"],
        ),
    ],
)
def test_list_markers_are_left_out_of_sentences_whose_spans_stay_honest(
    text: str, expected: list[str]
) -> None:
    spans = split_sentences(text)
    assert [s.text for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_a_number_or_dash_inside_a_sentence_is_kept() -> None:
    text = "We grew 3. Then - slowly - it stopped."
    assert [s.text for s in split_sentences(text)] == ["We grew 3.", "Then - slowly - it stopped."]


@pytest.mark.parametrize(
    "sentence",
    ["I think it will work.", "Think it need shoes.", "But it is fine.", "But we did that."],
)
def test_pronouns_and_a_plain_but_signal_neither_consensus_gap_nor_objection(sentence: str) -> None:
    assert not signals(sentence) & {"consensus_gap", "objection"}


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("Our IT team will need to review it.", "consensus_gap"),
        ("But the price is too high for us.", "objection"),
        ("But we can't move before Q3.", "objection"),
    ],
)
def test_the_it_department_and_a_but_that_names_a_problem_still_signal(
    sentence: str, signal: str
) -> None:
    assert signal in signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["How many days left in your project?", "We have two weeks left to finish the pilot together."],
)
def test_time_left_on_the_customers_own_work_is_no_pressure(sentence: str) -> None:
    assert SellerAct.PRESSURE not in acts(sentence)
