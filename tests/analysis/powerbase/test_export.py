"""The Graphviz export: labels Graphviz reads as lines, with names and titles kept literal."""

from __future__ import annotations

from datetime import UTC, datetime

from softpower.analysis.powerbase import build_power_base, to_dot
from softpower.domain import (
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Person,
    Turn,
)

NAME = 'Bob "The Hammer" O\\Brien'  # a quote and a backslash of his own


def _dot() -> tuple[str, float]:
    people = [
        Person("bob", NAME, account_id="a", title="CFO", department="Finance"),
        Person("ann", "Ann Analyst", account_id="a", title="Analyst", department="Finance"),
    ]
    mail = Interaction(
        id="m1",
        kind=InteractionKind.EMAIL,
        subject="Plan",
        started_at=datetime(2024, 3, 4, 9, tzinfo=UTC),
        participants=[
            Participant("bob", ParticipantRole.FROM),
            Participant("ann", ParticipantRole.TO),
        ],
        turns=[Turn(0, "bob", "Please send me the plan.")],
    )
    base = build_power_base(people, [mail], account_id="a")
    return to_dot(base), base.stakeholders["bob"].power


def test_a_label_has_one_escape_per_line_break_and_keeps_quotes_and_backslashes() -> None:
    dot, power = _dot()
    node = next(line for line in dot.splitlines() if line.startswith('  "bob" ['))
    expected = f'label="Bob \\"The Hammer\\" O\\\\Brien\\nCFO\\npower {power:.2f}"'
    assert expected in node, node
    assert "\\\\n" not in dot  # no doubled line break anywhere
