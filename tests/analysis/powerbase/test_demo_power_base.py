"""On the demo account: the planted Fox is found with evidence, reporting lines are recovered,
the planted opponents are found, and the effort starver is named.

The demo is generated into a temporary folder; the CRM export, calendar and
call transcripts go through softpower's own importers; the mailbox is read
here with the standard library (a stand-in for the mail importer, headers
and the new text of each body), since the engine only needs Interactions.
"""

from __future__ import annotations

import importlib
import mailbox
import re
import sys
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from types import ModuleType

import pytest

from softpower.analysis.powerbase import PowerBase, build_power_base, to_dot, to_json
from softpower.domain import Interaction, InteractionKind, Participant, ParticipantRole, Turn
from softpower.services.calendar_import import import_calendar
from softpower.services.crm_import import import_crm
from softpower.services.powerbase import load_account_inputs
from softpower.services.store import init_workspace, store_of
from softpower.services.transcript_import import import_transcripts
from softpower.store import repository
from softpower.workspace import Workspace, create_workspace

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
_QUOTE_START = re.compile(
    r"^(?:-----Original Message-----|-+ ?Forwarded message ?-+|On .+ wrote:|From: .+)$", re.M
)


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    sys.path.insert(0, str(EXAMPLES))
    try:
        return importlib.import_module("generate_demo")
    finally:
        sys.path.remove(str(EXAMPLES))


def _new_text(message: Message) -> str:
    part = message
    if message.is_multipart():
        part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
    payload = part.get_payload(decode=True)
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    match = _QUOTE_START.search(text)
    text = text[: match.start()] if match else text
    return "\n".join(line for line in text.splitlines() if not line.startswith(">")).strip()


def read_demo_mail(path: Path, person_of: dict[str, str]) -> list[Interaction]:
    """Interactions from the demo mbox; addresses resolved through `person_of`."""

    def person(address: str) -> str:
        address = address.lower()
        return person_of.get(address, f"email:{address}")

    interactions = []
    for message in mailbox.mbox(path):
        senders = getaddresses(message.get_all("From", []))
        if not senders:
            continue
        sender = person(senders[0][1])
        participants = [Participant(sender, ParticipantRole.FROM)]
        for header, role in (("To", ParticipantRole.TO), ("Cc", ParticipantRole.CC)):
            for _, address in getaddresses(message.get_all(header, [])):
                if address:
                    participants.append(Participant(person(address), role))
        references = (message.get("References") or "").split()
        message_id = (message.get("Message-ID") or "").strip()
        interactions.append(
            Interaction(
                id=message_id,
                kind=InteractionKind.EMAIL,
                subject=str(message.get("Subject") or ""),
                started_at=parsedate_to_datetime(str(message["Date"])),
                thread_id=references[0] if references else message_id,
                participants=participants,
                turns=[Turn(0, sender, _new_text(message))],
            )
        )
    return interactions


@pytest.fixture(scope="module")
def demo_power_base(
    generator: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> tuple[PowerBase, dict[str, object]]:
    root = tmp_path_factory.mktemp("demo")
    demo = root / "demo"
    generator.generate(demo)
    create_workspace(root / "ws")
    workspace = Workspace(
        root=root / "ws",
        database_url=f"sqlite:///{root / 'ws' / 'softpower.db'}",
        internal_domains=("ourco.example",),
    )
    init_workspace(workspace).dispose()
    import_crm(workspace, sorted((demo / "crm").glob("*.csv")))
    import_calendar(workspace, [demo / "calendar" / "demo.ics"])
    import_transcripts(workspace, sorted((demo / "calls").glob("*.vtt")))
    truth = generator.truth()
    with store_of(workspace) as engine, engine.connect() as connection:
        account = repository.find_account(connection, "Northwind Logistics")
        assert account is not None
        people, interactions = load_account_inputs(connection, account.id)
    # The stand-in for identity resolution: every address of a stakeholder is theirs.
    person_of = {
        address.lower(): entry["contact_id"]
        for entry in truth["people"]  # type: ignore[attr-defined]
        for address in entry["emails"]
    }
    mail = read_demo_mail(demo / "mail" / "demo.mbox", person_of)
    internal = {p.id for p in people if p.is_internal} | {
        p.person_id for i in mail for p in i.participants if p.person_id.endswith("@ourco.example")
    }
    base = build_power_base(
        people, [*interactions, *mail], internal_ids=internal, account_id=account.id
    )
    return base, truth


def test_the_planted_fox_is_found_with_evidence(
    demo_power_base: tuple[PowerBase, dict[str, object]],
) -> None:
    base, truth = demo_power_base
    fox = truth["fox"]["contact_id"]  # type: ignore[index]
    assert [s.person_id for s in base.foxes] == [fox]
    priya = base.stakeholders[fox]
    assert priya.formal.level.label == "individual contributor"
    assert priya.influence.percentile >= 0.9
    assert any("forwarded" in line for line in priya.fox_evidence)
    assert any(e.person_id == fox for e in base.engage_next) or priya.engagement.interactions > 0


def test_reporting_lines_are_recovered(
    demo_power_base: tuple[PowerBase, dict[str, object]],
) -> None:
    base, truth = demo_power_base
    expected = {
        line["contact_id"]: line["reports_to_id"]
        for line in truth["reporting_lines"]  # type: ignore[attr-defined]
        if line["reports_to_id"]
    }
    assert base.reporting_lines == expected
    cfo = "NW-C01"
    dominance = base.dominance(cfo, "NW-C15")  # the CFO over the procurement manager
    assert dominance.stronger_id == cfo
    assert dominance.confidence > 0.9


def test_formal_levels_match_the_planted_ones(
    demo_power_base: tuple[PowerBase, dict[str, object]],
) -> None:
    base, truth = demo_power_base
    labels = {
        "c_suite": "C-suite",
        "vp": "SVP/VP",
        "director": "director",
        "manager": "manager",
        "individual_contributor": "individual contributor",
    }
    for entry in truth["people"]:  # type: ignore[attr-defined]
        assert (
            base.stakeholders[entry["contact_id"]].formal.level.label == labels[entry["level"]]
        ), entry["title"]


def test_opponents_and_the_effort_starver(
    demo_power_base: tuple[PowerBase, dict[str, object]],
) -> None:
    base, truth = demo_power_base
    by_email = {
        entry["emails"][0]: entry["contact_id"]
        for entry in truth["people"]  # type: ignore[attr-defined]
    }
    opponents = {by_email[e] for e in truth["opponents"]}  # type: ignore[attr-defined]
    supporters = {by_email[e] for e in truth["supporters"]}  # type: ignore[attr-defined]
    found_opponents = {
        s.person_id for s in base.stakeholders.values() if s.stance.label == "opponent"
    }
    assert opponents <= found_opponents
    assert not supporters & found_opponents
    starver = by_email[truth["effort_starver"]]  # type: ignore[index]
    assert [s.person_id for s in base.effort_starvers] == [starver]
    it = next(d for d in base.departments if d.department == "IT")
    assert "NW-C07" in it.opponents  # Tomás Herrera
    assert it.verdict in ("against", "undecided", "split")
    operations = next(d for d in base.departments if d.department == "Operations")
    assert starver in operations.opponents


def test_exports_carry_the_graph(demo_power_base: tuple[PowerBase, dict[str, object]]) -> None:
    base, _ = demo_power_base
    dot = to_dot(base)
    assert dot.startswith("digraph power_base {") and "peripheries=2" in dot
    assert '"NW-C01" -> "NW-C14" [style=bold, label=manages];' in dot
    assert '"fox": true' in to_json(base)


def _planted(truth: dict[str, object], key: str) -> set[str]:
    """Contact ids of the people the generator planted under `key` of its truth file."""
    by_email = {
        entry["emails"][0]: entry["contact_id"]
        for entry in truth["people"]  # type: ignore[attr-defined]
    }
    return {by_email[e] for e in truth[key]}  # type: ignore[attr-defined]


def test_most_planted_supporters_are_found(
    demo_power_base: tuple[PowerBase, dict[str, object]],
) -> None:
    base, truth = demo_power_base
    supporters = _planted(truth, "supporters")
    found = {s.person_id for s in base.stakeholders.values() if s.stance.label == "supporter"}
    assert len(supporters & found) >= 3  # of 5; the CIO says too little to call


def test_dominance_marks_evidence_that_points_the_other_way(
    demo_power_base: tuple[PowerBase, dict[str, object]],
) -> None:
    base, _ = demo_power_base
    ids = {s.name: s.person_id for s in base.stakeholders.values()}
    found = base.dominance(ids["Priya Raman"], ids["Olivia Chen"])
    assert found.stronger_id == ids["Priya Raman"]
    against = [r for r in found.reasons if r.endswith("(points the other way)")]
    assert against == [
        "Priya Raman answers Olivia Chen faster than the other way round (points the other way)"
    ]
    assert not any("points the other way" in r for r in found.reasons if r.startswith("power"))
