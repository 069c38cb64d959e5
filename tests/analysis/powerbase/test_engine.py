"""The power base engine on small hand-written accounts."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from softpower.analysis.powerbase import (
    build_power_base,
    collect_traces,
    coordination_towards,
    count_mentions,
    percentiles,
    to_json,
)
from softpower.analysis.powerbase.coverage import engage_next
from softpower.analysis.powerbase.stance import sentence_leaning
from softpower.analysis.powerbase.titles import Level
from softpower.domain import (
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Person,
    Turn,
)

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
FROM, TO, CC = ParticipantRole.FROM, ParticipantRole.TO, ParticipantRole.CC


def mail(
    number: int,
    sender: str,
    to: list[str],
    text: str,
    *,
    at: timedelta,
    subject: str = "Plan",
    cc: tuple[str, ...] = (),
) -> Interaction:
    return Interaction(
        id=f"m{number}",
        kind=InteractionKind.EMAIL,
        subject=subject,
        started_at=T0 + at,
        participants=[
            Participant(sender, FROM),
            *(Participant(p, TO) for p in to),
            *(Participant(p, CC) for p in cc),
        ],
        turns=[Turn(0, sender, text)],
    )


PEOPLE = [
    Person("boss", "Barbara Boss", account_id="a", title="CFO", department="Finance"),
    Person(
        "analyst",
        "Priya Quick",
        account_id="a",
        title="Financial Analyst",
        department="Finance",
        reports_to_id="ctrl",
    ),
    Person(
        "ctrl",
        "Carl Control",
        account_id="a",
        title="Controller",
        department="Finance",
        reports_to_id="boss",
    ),
    Person(
        "ops",
        "Oscar Ops",
        account_id="a",
        title="Warehouse Supervisor",
        department="Operations",
        reports_to_id="vpops",
    ),
    Person("vpops", "Vera Ops", account_id="a", title="VP, Operations", department="Operations"),
    Person("seller", "Sam Seller", is_internal=True),
]


def account() -> list[Interaction]:
    found = [
        mail(
            1,
            "boss",
            ["analyst"],
            "Fw: the vendor quote - what do you think?",
            at=timedelta(hours=1),
            subject="Fw: quote",
        ),
        mail(
            2,
            "analyst",
            ["boss"],
            "The numbers work if we phase it. I recommend we pilot it.",
            at=timedelta(hours=1, minutes=10),
            subject="Re: quote",
        ),
        mail(
            3,
            "ctrl",
            ["boss"],
            "Let's see what Priya's numbers say before we commit.",
            at=timedelta(days=1),
            subject="Budget",
            cc=("analyst",),
        ),
        mail(
            4,
            "vpops",
            ["ops", "analyst"],
            "Check with Priya on the budget.",
            at=timedelta(days=2),
            subject="Rollout",
        ),
        mail(
            5,
            "ops",
            ["vpops"],
            "The whiteboard works fine. We don't have time for another system.",
            at=timedelta(days=3),
            subject="Re: Rollout",
        ),
        mail(
            6,
            "ops",
            ["vpops"],
            "Not changing the dock process for a pilot. It won't get used.",
            at=timedelta(days=4),
            subject="Re: Rollout",
        ),
        mail(
            7,
            "seller",
            ["vpops"],
            "Thanks for the meeting.",
            at=timedelta(days=5),
            subject="Next steps",
        ),
        mail(
            8,
            "analyst",
            ["ctrl"],
            "I support the pilot; makes sense to go ahead.",
            at=timedelta(days=6),
            subject="Pilot",
            cc=("boss",),
        ),
        mail(
            9,
            "ctrl",
            ["analyst"],
            "Ok, per Priya we go.",
            at=timedelta(days=6, minutes=5),
            subject="Re: Pilot",
        ),
    ]
    return found


def test_traces_count_forwards_copies_and_replies() -> None:
    traces = collect_traces(account())
    analyst = traces.people["analyst"]
    assert analyst.forwarded_to == 1
    assert analyst.copied == 1
    assert analyst.replies_received_s == [300.0]  # ctrl answered her in 5 minutes
    assert traces.people["boss"].replies_received_s == [600.0]
    assert traces.dyads[("ops", "vpops")].reply_delays_s == [86400.0]


def test_mentions_find_deference_and_skip_the_speaker() -> None:
    mentions = count_mentions(account(), PEOPLE)
    assert mentions["analyst"].count == 3
    assert mentions["analyst"].deferential == 3
    assert "boss" not in mentions


def test_percentiles_handle_ties_and_missing_values() -> None:
    assert percentiles({"a": 1.0, "b": 1.0, "c": 3.0, "d": None}) == {
        "a": 0.25,
        "b": 0.25,
        "c": 1.0,
        "d": 0.5,
    }


def test_coordination_is_positive_when_repliers_echo_the_target() -> None:
    from softpower.analysis.powerbase.behaviour import ReplyPair

    pairs = [
        ReplyPair("t", "I think the plan is in the budget", "r", "the budget is in the plan")
        for _ in range(4)
    ]
    pairs += [ReplyPair("t", "ok", "r", "fine") for _ in range(4)]
    found = coordination_towards(pairs)
    assert found["t"].value > 0.3
    assert coordination_towards(pairs[:3]) == {}


def test_power_base_finds_fox_starver_lines_and_dominance() -> None:
    base = build_power_base(PEOPLE, account(), account_id="a")
    assert set(base.stakeholders) == {"boss", "analyst", "ctrl", "ops", "vpops"}
    assert base.outsiders == {"seller": "Sam Seller"}
    analyst = base.stakeholders["analyst"]
    assert analyst.is_fox, analyst.influence
    assert [s.person_id for s in base.foxes] == ["analyst"]
    assert any("forwarded" in line for line in analyst.fox_evidence)
    assert analyst.stance.label == "supporter"
    ops = base.stakeholders["ops"]
    assert ops.stance.label == "opponent"
    assert ops.could_starve_change
    assert base.reporting_lines == {"analyst": "ctrl", "ctrl": "boss", "ops": "vpops"}
    boss_over_analyst = base.dominance("analyst", "boss")
    assert boss_over_analyst.stronger_id == "boss"
    assert any("reports" in reason for reason in boss_over_analyst.reasons)
    # Influence is the exact sum of its drivers.
    assert (
        abs(analyst.influence.score - sum(d.contribution for d in analyst.influence.drivers)) < 1e-9
    )
    # Only the VP of Operations has met us; the Fox has not.
    assert base.stakeholders["vpops"].engagement.interactions == 1
    assert base.coverage.engaged_centres == ("vpops",)
    reasons = {e.person_id: e.reasons for e in base.engage_next}
    assert any(r.startswith("the Fox in Finance has not met us") for r in reasons["analyst"])
    # an opponent with say (here: given the most power) is to be heard out, in their own words
    louder = {**base.stakeholders, "ops": replace(ops, power=1.0)}
    why = {e.person_id: e.reasons for e in engage_next(louder, 90)}["ops"]
    objection = next(r for r in why if r.startswith("an opponent with say"))
    quoted = ops.stance.opposition[0]
    assert objection.endswith(f"[{quoted.interaction_id}]") and "— “" in objection
    finance = next(d for d in base.departments if d.department == "Finance")
    assert finance.supporters == ("analyst",)


def test_empty_account_gives_an_empty_power_base() -> None:
    base = build_power_base([], [])
    assert base.stakeholders == {}
    assert base.engage_next == ()
    assert base.coverage.power_centres == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "That's exactly it.",
        "Monday the 15th at 7am works for me.",
        "Please include Priya Raman from Finance.",
        "We'd rebook the dock automatically.",
        "And I would go home on Mondays.",
    ],
)
def test_agreement_commitment_and_picturing_the_change_lean_for(sentence: str) -> None:
    assert sentence_leaning(sentence, [])[0] > 0


@pytest.mark.parametrize(
    "sentence",
    [
        "Confirmed, no objections.",  # a routine approval says nothing about our initiative
        "He would rather extend the old module.",  # reported speech
        "We'd have to rebuild every interface.",
    ],
)
def test_routine_approvals_reported_speech_and_burdens_do_not_lean_for(sentence: str) -> None:
    assert sentence_leaning(sentence, [])[0] <= 0


def test_foxes_come_widest_gap_first() -> None:
    base = build_power_base(PEOPLE, account(), account_id="a")
    gaps = [fox.fox_gap for fox in base.foxes]
    assert gaps == sorted(gaps, reverse=True)
    assert all(gap > 0 for gap in gaps)


def test_a_meeting_the_crm_logged_counts_as_met_with_none_of_ours_on_it() -> None:
    """CRM activities list the customer's attendees only; the CRM is ours, so we were there."""
    logged = Interaction(
        "act-1",
        InteractionKind.MEETING,
        started_at=T0 + timedelta(days=30),
        source="crm",
        participants=[Participant("analyst", ParticipantRole.ATTENDEE)],
    )
    hearsay = Interaction(
        "ext-1",
        InteractionKind.MEETING,
        started_at=T0 + timedelta(days=40),
        source="their-calendar.ics",
        participants=[Participant("ctrl", ParticipantRole.ATTENDEE)],
    )
    base = build_power_base(PEOPLE, [*account(), logged, hearsay], account_id="a")
    analyst = base.stakeholders["analyst"].engagement
    assert analyst.last_at == T0 + timedelta(days=30) and analyst.meetings == 1
    assert base.stakeholders["ctrl"].engagement.last_at is None


def test_the_decision_level_rule_reads_estimated_levels_as_the_table_shows_them() -> None:
    base = build_power_base(PEOPLE, account(), account_id="a")
    below = "the only supporters are below the decision level"
    assert any(below in e.reasons for e in engage_next(base.stakeholders, 90))
    # an untitled supporter whom influence places in the C-suite is at the decision level
    raised = {
        key: replace(s, estimated_level=Level.C_SUITE) if s.stance.label == "supporter" else s
        for key, s in base.stakeholders.items()
    }
    assert not any(below in e.reasons for e in engage_next(raised, 90))


def test_the_order_the_store_gives_inputs_in_changes_nothing() -> None:
    # PostgreSQL and SQLite hand rows over in different orders; ties must not follow them
    expected = to_json(build_power_base(PEOPLE, account(), account_id="a"))
    for seed in range(3):
        rng = random.Random(seed)
        people, interactions = list(PEOPLE), account()
        rng.shuffle(people)
        rng.shuffle(interactions)
        for interaction in interactions:
            rng.shuffle(interaction.participants)
        assert to_json(build_power_base(people, interactions, account_id="a")) == expected
