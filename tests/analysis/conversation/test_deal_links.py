"""The deal linking rule: recorded deal, logged CRM activity, window and owner, title words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from softpower.analysis.conversation.deal_links import (
    LoggedDealActivity,
    conversation_date,
    link_deal,
)
from softpower.domain import Deal, Interaction, InteractionKind

START = datetime(2024, 6, 18, 15, 0, tzinfo=UTC)
DEALS = [
    Deal("D1", "Northwind - Control Tower", "A", "aisha", created_on=date(2024, 3, 11)),
    Deal(
        "D2",
        "Northwind - Route Optimizer expansion",
        "A",
        "jordan",
        created_on=date(2024, 4, 2),
        close_on=date(2024, 6, 28),
    ),
    Deal(
        "D3",
        "Northwind - Dock Scheduling pilot",
        "A",
        "jordan",
        created_on=date(2024, 5, 20),
        close_on=date(2024, 10, 31),
    ),
    Deal(
        "D4",
        "Northwind - Analytics",
        "A",
        "aisha",
        created_on=date(2022, 1, 1),
        close_on=date(2022, 5, 1),
    ),
]


def _call(
    subject: str, started_at: datetime | None = START, deal_id: str | None = None
) -> Interaction:
    return Interaction(
        id="x", kind=InteractionKind.CALL, subject=subject, started_at=started_at, deal_id=deal_id
    )


def test_a_recorded_deal_wins() -> None:
    link = link_deal(_call("anything", deal_id="D9"), {"jordan"}, DEALS)
    assert link is not None and link.deal_id == "D9" and link.rule.startswith("recorded")


def test_a_crm_activity_logged_at_the_same_time_names_the_deal() -> None:
    logged = [
        LoggedDealActivity("ACT1", START + timedelta(minutes=20), "D3"),
        LoggedDealActivity("ACT2", START + timedelta(hours=3), "D1"),
    ]
    link = link_deal(_call("Route Optimizer review"), {"jordan"}, DEALS, logged)
    assert link is not None and link.deal_id == "D3" and "ACT1" in link.rule
    too_late = [LoggedDealActivity("ACT2", START + timedelta(minutes=31), "D1")]
    link = link_deal(_call("Route Optimizer review"), {"jordan"}, DEALS, too_late)
    assert link is not None and link.deal_id == "D2"


def test_the_only_open_deal_of_a_seller_who_took_part() -> None:
    link = link_deal(_call("Discovery"), {"aisha"}, DEALS)
    assert link is not None and link.deal_id == "D1"  # D4 closed two years earlier


def test_several_candidates_are_told_apart_by_title_words() -> None:
    link = link_deal(_call("Dock scheduling - product demo"), {"jordan"}, DEALS)
    assert link is not None and link.deal_id == "D3"
    assert "dock" in link.rule and "scheduling" in link.rule


def test_no_word_or_a_tie_leaves_it_unlinked() -> None:
    assert link_deal(_call("Northwind weekly call"), {"jordan"}, DEALS) is None
    assert link_deal(_call("Route and dock review"), {"jordan"}, DEALS) is None


def test_without_a_seller_who_owns_one_every_window_deal_counts() -> None:
    link = link_deal(_call("Control Tower check-in"), {"raj"}, DEALS)
    assert link is not None and link.deal_id == "D1"


def test_the_date_comes_from_the_title_or_file_name_when_there_is_no_start() -> None:
    undated = _call("2024-06-25_northwind_dock_scheduling_demo", started_at=None)
    assert conversation_date(undated) == date(2024, 6, 25)
    named = Interaction(
        id="y", kind=InteractionKind.CALL, subject="demo", source="/calls/20240618-call.vtt"
    )
    assert conversation_date(named) == date(2024, 6, 18)
    assert conversation_date(_call("no date", started_at=None)) is None
    link = link_deal(undated, {"jordan"}, DEALS)
    assert link is not None and link.deal_id == "D3"
