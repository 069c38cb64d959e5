"""On the demo account, the calls the generator wrote as push-heavy rank lowest on pull score."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from softpower.services import conversations
from softpower.services.calendar_import import import_calendar
from softpower.services.crm_import import import_crm
from softpower.services.transcript_import import import_transcripts
from softpower.workspace import Workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    sys.path.insert(0, str(EXAMPLES))
    try:
        return importlib.import_module("generate_demo")
    finally:
        sys.path.remove(str(EXAMPLES))


@pytest.fixture(scope="module")
def demo(generator: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generator.generate(out)
    return out


@pytest.fixture
def demo_workspace(workspace: Workspace, demo: Path) -> Workspace:
    import_crm(workspace, sorted((demo / "crm").glob("*.csv")))
    import_calendar(workspace, [demo / "calendar"])
    import_transcripts(workspace, [demo / "calls"])
    return workspace


def test_push_calls_rank_lowest(generator: ModuleType, demo_workspace: Workspace) -> None:
    found = conversations.list_conversations(demo_workspace, account="Northwind Logistics")
    calls = sorted(found, key=lambda c: c.pull.score)
    titles = [call.title for call in calls]
    push = {Path(name).stem for name in generator.PUSH_CALLS}
    pull = {Path(name).stem for name in generator.PULL_CALLS}
    assert set(titles) == push | pull
    assert set(titles[: len(push)]) == push, [(c.title, round(c.pull.score, 1)) for c in calls]
    assert (
        max(c.pull.score for c in calls[: len(push)])
        < 50
        < min(c.pull.score for c in calls[len(push) :])
    )


def test_calls_link_to_their_deals_and_lead_sellers(
    generator: ModuleType, demo_workspace: Workspace
) -> None:
    truth = generator.truth()
    deal_of = {Path(call.file_name).stem: call.deal_id for call in generator.call_story.CALLS}
    name_of = {email: s["name"] for s in truth["sellers"] for email in s["emails"]}
    lead_of = {Path(name).stem: name_of[email] for name, email in truth["calls"]["lead"].items()}
    found = conversations.list_conversations(demo_workspace)
    assert len(found) == len(deal_of)
    for conversation in found:
        assert conversation.deal_id == deal_of[conversation.title], conversation.deal_rule
        assert conversation.lead_seller is not None and conversation.lead_seller.is_seller
        assert conversation.lead_seller.name == lead_of[conversation.title]


def test_the_pushing_seller_is_coached_below_the_pulling_one(demo_workspace: Workspace) -> None:
    aisha = conversations.coach_seller(demo_workspace, "Aisha Coleman")
    jordan = conversations.coach_seller(demo_workspace, "Jordan Blake")
    assert jordan.pull.score < aisha.pull.score
    assert {p.driver for p in jordan.practice} & {"pitch", "discount", "pressure", "open_questions"}
    assert jordan.weakest and all(m.citation.speaker == "Jordan Blake" for m in jordan.weakest)
