"""`softpower conversations list|show` and `softpower coach` from the outside."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from conversation_store import (
    CUSTOMER_ONLY,
    PULL_CALL,
    PUSH_CALL,
    PUSH_SENTENCE,
    THREAD,
    fill_store,
)
from typer.testing import CliRunner

from softpower.cli import app
from softpower.domain import (
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Seller,
    Turn,
)
from softpower.errors import UnknownRecord
from softpower.services import conversations as service
from softpower.services.conversations import short_ref
from softpower.services.store import store_of
from softpower.store import communications, repository
from softpower.workspace import Workspace


@pytest.fixture
def acme(workspace: Workspace) -> Workspace:
    fill_store(workspace)
    return workspace


def cli(workspace: Workspace, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["-w", str(workspace.root), "--database-url", workspace.database_url, *args],
        env={"SOFTPOWER_INTERNAL_DOMAINS": "ourco.example", "COLUMNS": "200"},
    )
    return result.exit_code, result.output


def test_list_shows_each_conversation_with_its_score(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "list", "--account", "Acme")
    assert code == 0, output
    assert "4 conversations" in output
    for title in ("Acme discovery", "Route planner commercials", "What I heard"):
        assert title in output
    assert "Pat Puller" in output and "Sam Pusher" in output
    code, output = cli(acme, "conversations", "list", "--kind", "email")
    assert code == 0 and " 1 conversation " in output and "Acme discovery" not in output


def test_list_as_json_matches_the_table(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "list", "--seller", "S1", "--format", "json")
    assert code == 0, output
    rows = json.loads(output)
    assert [row["id"] for row in rows] == [PULL_CALL, THREAD]
    first = rows[0]
    assert first["lead_seller"]["id"] == "S1" and first["deal_id"] == "D1"
    assert (
        abs(sum(d["contribution"] for d in first["pull"]["drivers"]) - first["pull"]["score"])
        < 1e-2
    )
    assert "analysis" not in first and "citations" not in first


def test_show_prints_drivers_evidence_metrics_and_signals(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "show", PUSH_CALL)
    assert code == 0, output
    for text in ("Pull score", "discount", "Call metrics", "Talk-to-listen", "Patience"):
        assert text in output
    assert f'"{PUSH_SENTENCE}"' in output
    assert f"{PUSH_CALL} turn 0 · at 0:00:00 · Sam Pusher" in output
    assert "status_quo" in output  # the buyer's "works well enough"


def test_show_of_a_message_shows_its_thread(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "show", "M1")
    assert code == 0, output
    assert "E-mail thread" in output and "budget" in output


def test_coach_shows_profile_moments_and_practice(acme: Workspace) -> None:
    code, output = cli(acme, "coach", "Sam Pusher")
    assert code == 0, output
    for text in ("Sam Pusher  (S2)", "Strongest moments", "Weakest moments", "Practise next"):
        assert text in output
    assert PUSH_SENTENCE in output
    code, output = cli(acme, "coach", "S2", "--format", "json")
    profile = json.loads(output)
    assert profile["seller"]["id"] == "S2" and profile["practice"]
    assert [c["id"] for c in profile["conversations"]] == [PUSH_CALL, "K3"]


def test_unknown_names_are_one_line_errors(acme: Workspace) -> None:
    command = [sys.executable, "-m", "softpower", "-w", str(acme.root)]
    result = subprocess.run(
        [*command, "--database-url", acme.database_url, "coach", "Nobody"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: no seller 'Nobody'")
    assert "Traceback" not in result.stderr
    code, _ = cli(acme, "conversations", "show", "nope")
    assert code == 1
    code, _ = cli(acme, "conversations", "list", "--kind", "fax")
    assert code == 2


def test_customer_only_mail_is_listed_only_with_all(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "list", "--account", "Acme")
    assert code == 0 and "Budget for next year" not in output
    code, output = cli(acme, "conversations", "list", "--account", "Acme", "--all")
    assert code == 0 and "Budget for next year" in output and "5 conversations" in output
    customers_only = next(line for line in output.splitlines() if "Budget for next year" in line)
    assert "—" in customers_only and "50.0" not in customers_only  # no seller: no score


def test_the_short_ref_in_the_list_opens_the_conversation(acme: Workspace) -> None:
    ref = short_ref(PUSH_CALL)
    code, output = cli(acme, "conversations", "list", "--account", "Acme")
    assert ref in output and PUSH_CALL not in output.split()
    code, output = cli(acme, "conversations", "show", ref[:6])
    assert code == 0, output
    assert output.startswith("Route planner commercials  (call, ref " + ref)
    assert short_ref(CUSTOMER_ONLY) != ref


def test_any_unambiguous_start_of_a_ref_in_any_case_opens_it(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "list", "--all", "--format", "json")
    refs = [short_ref(row["id"]) for row in json.loads(output)]
    ref = short_ref(PUSH_CALL)
    shortest = next(n for n in range(1, 9) if sum(r.startswith(ref[:n]) for r in refs) == 1)
    for given in (ref[:shortest], ref.upper()):
        code, output = cli(acme, "conversations", "show", given)
        assert code == 0 and output.startswith("Route planner commercials"), output
    shared = next((r[:1] for r in refs if sum(o.startswith(r[:1]) for o in refs) > 1), None)
    assert shared is not None  # two of the fixture's refs start with the same digit
    with pytest.raises(UnknownRecord, match="give more digits"):
        service.show_conversation(acme, shared)


def test_list_of_a_deal_gives_its_combined_score_and_conversations(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "list", "--deal", "D2")
    assert code == 0, output
    assert "Acme - Route planner (D2): pull" in output
    assert "Route planner commercials" in output and "Acme discovery" not in output
    code, output = cli(acme, "conversations", "list", "--deal", "D2", "--format", "json")
    data = json.loads(output)
    assert data["deal"]["id"] == "D2"
    assert [c["id"] for c in data["conversations"]] == [PUSH_CALL]


def test_an_empty_list_says_how_to_see_the_rest(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "list", "--kind", "meeting")
    assert code == 0 and "When" not in output  # no empty table, only what to do
    assert "`--all` lists every analysed call" in output


def test_a_long_list_shows_the_most_recent_and_says_how_many_there_are(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "list", "--account", "Acme", "--limit", "2")
    assert code == 0, output
    assert "The 2 most recent of 4 conversations (--limit 0 shows all)" in output
    assert "Acme discovery" not in output  # the oldest, 1 March
    code, output = cli(acme, "conversations", "list", "--account", "Acme", "--limit", "0")
    assert code == 0 and "4 conversations" in output and "Acme discovery" in output
    code, output = cli(acme, "conversations", "list", "--limit", "1", "--format", "json")
    assert code == 0 and len(json.loads(output)) == 1


def _add(workspace: Workspace, *interactions: Interaction, sellers: Sequence[Seller] = ()) -> None:
    with store_of(workspace) as engine, engine.begin() as connection:
        if sellers:
            repository.save_sellers(connection, list(sellers))
        communications.save_interactions(connection, list(interactions), None)


def test_a_conversation_without_a_word_of_ours_shows_no_pull_score(acme: Workspace) -> None:
    code, output = cli(acme, "conversations", "show", CUSTOMER_ONLY)
    assert code == 0, output
    assert "No pull score: no one on our side spoke in this conversation" in output
    assert "Pull score" not in output and "baseline" not in output and "50.0" not in output
    assert "Buyer signals" in output  # the customer's words are still read
    code, output = cli(acme, "conversations", "show", CUSTOMER_ONLY, "--format", "json")
    pull = json.loads(output)["pull"]
    assert pull["score"] is None and pull["seller_sentences"] == 0
    code, output = cli(acme, "conversations", "show", PUSH_CALL, "--format", "json")
    assert isinstance(json.loads(output)["pull"]["score"], float)


def test_a_seller_who_never_spoke_has_a_null_score_in_json(acme: Workspace) -> None:
    _add(acme, sellers=[Seller("S3", "Quinn Quiet", "quinn@ourco.example")])
    code, output = cli(acme, "coach", "S3", "--format", "json")
    assert code == 0, output
    profile = json.loads(output)
    assert profile["pull"]["score"] is None and profile["pull"]["seller_sentences"] == 0
    assert profile["conversations"] == []


def _customer_only_call(call_id: str, deal_id: str, said: str) -> Interaction:
    """A call of the deal's in which only the customer's Carla spoke."""
    return Interaction(
        id=call_id,
        kind=InteractionKind.CALL,
        subject=f"Acme internal review {call_id}",
        started_at=datetime(2022, 3, 1, 9, tzinfo=UTC),
        deal_id=deal_id,
        participants=[Participant("C1", ParticipantRole.SPEAKER)],
        turns=[Turn(0, "C1", said, 0.0, 3.0)],
    )


def test_a_deal_whose_conversations_have_no_word_of_ours_shows_no_score(
    acme: Workspace,
) -> None:
    _add(acme, _customer_only_call("K9", "D4", "What would this cost us next year?"))
    code, output = cli(acme, "conversations", "list", "--deal", "D4")
    assert code == 0, output
    assert "(D4): no pull score: no one on our side spoke in its 1 conversation." in output
    assert "50.0" not in output and "Driver" not in output
    code, output = cli(acme, "conversations", "list", "--deal", "D4", "--format", "json")
    assert json.loads(output)["pull"]["score"] is None


def test_a_deal_score_counts_the_conversations_it_is_made_of(acme: Workspace) -> None:
    _add(acme, _customer_only_call("K8", "D2", "Do we really need this?"))
    code, output = cli(acme, "conversations", "list", "--deal", "D2")
    assert code == 0, output
    heading = " ".join(output.split())  # the heading may wrap
    assert (
        "over 1 conversation where our side spoke; 1 more linked where no one on our side spoke"
        in heading
    )
    assert "Route planner commercials" in output and "review K8" not in output
    code, output = cli(acme, "conversations", "list", "--deal", "d2", "--all")  # any case
    assert code == 0, output
    assert "review K8" in output
    code, output = cli(acme, "conversations", "list", "--deal", "D2", "--account", "Acme")
    assert code == 2


def test_json_of_a_deal_with_an_amount(acme: Workspace) -> None:
    from decimal import Decimal

    from softpower.cli.conversations import jsonable

    assert jsonable({"amount": Decimal("210000.50")}) == {"amount": "210000.50"}
    code, output = cli(acme, "conversations", "list", "--deal", "D2", "--format", "json")
    assert code == 0, output
    assert json.loads(output)["deal"]["amount"] == "210000.50"


def test_show_takes_a_bare_message_id(acme: Workspace) -> None:
    _add(
        acme,
        Interaction(
            id="mail:q1@cust.example",
            kind=InteractionKind.EMAIL,
            subject="A question from Carla",
            started_at=datetime(2024, 3, 3, 9, tzinfo=UTC),
            participants=[Participant("C1", ParticipantRole.FROM)],
            turns=[Turn(0, "C1", "What would the pilot cost us?")],
        ),
    )
    for given in ("<q1@cust.example>", "q1@cust.example", "mail:q1@cust.example"):
        code, output = cli(acme, "conversations", "show", given)
        assert code == 0, (given, output)
        assert "A question from Carla" in output
