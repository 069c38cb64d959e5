"""Formal rank from titles, with the variants people really write."""

from __future__ import annotations

from datetime import datetime

import pytest

from softpower.analysis.powerbase import Level, formal_rank, parse_title
from softpower.domain import Person, TitleObservation


@pytest.mark.parametrize(
    ("title", "level", "function"),
    [
        ("CFO", Level.C_SUITE, "finance"),
        ("Chief Information Officer", Level.C_SUITE, "IT"),
        ("President & CEO", Level.C_SUITE, "executive"),
        ("Sr. VP, Fin.", Level.VP, "finance"),
        ("VP, Fin.", Level.VP, "finance"),
        ("SVP Operations", Level.VP, "operations"),
        ("Vice President", Level.VP, None),
        ("Managing Director", Level.VP, None),
        ("Assistant Vice President", Level.DIRECTOR, None),
        ("Dir., FP&A", Level.DIRECTOR, "finance"),
        ("Sr. Dir. IT Infrastructure", Level.DIRECTOR, "IT"),
        ("Head of Procurement", Level.DIRECTOR, "procurement"),
        ("Corporate Controller", Level.DIRECTOR, "finance"),
        ("Associate Director, Sales", Level.MANAGER, "sales"),
        ("Procurement Mgr", Level.MANAGER, "procurement"),
        ("Mgr, Information Security", Level.MANAGER, "IT"),
        ("Senior Financial Analyst", Level.INDIVIDUAL_CONTRIBUTOR, "finance"),
        ("Assistant to the CEO", Level.INDIVIDUAL_CONTRIBUTOR, "executive"),
        ("Shift Supervisor, Columbus DC", Level.INDIVIDUAL_CONTRIBUTOR, "operations"),
        ("Trader", Level.INDIVIDUAL_CONTRIBUTOR, "trading"),
        ("", Level.UNKNOWN, None),
        ("Wizard", Level.UNKNOWN, None),
    ],
)
def test_parse_title(title: str, level: Level, function: str | None) -> None:
    rank = parse_title(title)
    assert rank.level == level
    assert rank.function == function


def test_the_latest_observation_wins_and_keeps_its_source() -> None:
    person = Person(
        "p1",
        "Ann Example",
        titles=[
            TitleObservation("Finance Manager", "crm", datetime(2023, 1, 1)),
            TitleObservation("Director of Finance", "signature", datetime(2024, 5, 1)),
        ],
    )
    rank = formal_rank(person)
    assert rank.level == Level.DIRECTOR
    assert rank.source == "signature"
    assert rank.cue == "director"


def test_person_title_used_when_no_observation() -> None:
    assert formal_rank(Person("p", "P", title="VP Sales")).level == Level.VP
    assert formal_rank(Person("p", "P")).level == Level.UNKNOWN
