"""`softpower powerbase` and its service on a small stored account, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from softpower.cli import app
from softpower.domain import (
    Account,
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Person,
    Turn,
)
from softpower.errors import UnknownRecord
from softpower.services.powerbase import power_base
from softpower.services.store import store_of
from softpower.store import communications, repository, schema
from softpower.store.account_interactions import load_title_observations
from softpower.workspace import Workspace

T0 = datetime(2024, 5, 1, 9, tzinfo=UTC)


def _store_account(workspace: Workspace) -> None:
    people = [
        Person(
            "c1",
            "Cora Chief",
            account_id="acme",
            title="CFO",
            department="Finance",
            addresses=["cora@acme.example"],
        ),
        Person(
            "c2",
            "Finn Analyst",
            account_id="acme",
            department="Finance",
            reports_to_id="c1",
            addresses=["finn@acme.example"],
        ),
        Person("us", "Una Seller", is_internal=True, addresses=["una@ourco.example"]),
    ]
    interactions = [
        Interaction(
            "m1",
            InteractionKind.EMAIL,
            "Quote",
            T0,
            participants=[
                Participant("us", ParticipantRole.FROM),
                Participant("c1", ParticipantRole.TO),
                Participant("c2", ParticipantRole.CC),
            ],
            turns=[Turn(0, "us", "Here is the quote.")],
        ),
        Interaction(
            "m2",
            InteractionKind.EMAIL,
            "Re: Quote",
            T0 + timedelta(minutes=30),
            participants=[
                Participant("c1", ParticipantRole.FROM),
                Participant("c2", ParticipantRole.TO),
            ],
            turns=[Turn(0, "c1", "Finn, what do you think? I'll follow Finn's recommendation.")],
        ),
    ]
    with store_of(workspace) as engine, engine.begin() as connection:
        repository.save_accounts(
            connection, [Account("acme", "Acme Corp", domains=["acme.example"])]
        )
        repository.save_people(connection, people)
        connection.execute(
            insert(schema.person_titles).values(
                person_id="c2", title="Sr. Financial Analyst", source="signature"
            )
        )
        communications.save_interactions(connection, interactions, None)


def test_service_loads_people_titles_and_interactions(workspace: Workspace) -> None:
    _store_account(workspace)
    result = power_base(workspace, "acme corp")
    base = result.power_base
    assert result.account_name == "Acme Corp"
    assert set(base.stakeholders) == {"c1", "c2"}
    assert base.interactions_used == 2
    assert base.stakeholders["c1"].formal.level.label == "C-suite"
    assert base.reporting_lines == {"c2": "c1"}
    assert base.stakeholders["c1"].engagement.interactions == 1
    assert base.stakeholders["c2"].formal.source == "signature"
    with store_of(workspace) as engine, engine.connect() as connection:
        titles = load_title_observations(connection, ["c2", "c1"])
    assert [t.title for t in titles["c2"]] == ["Sr. Financial Analyst"]
    with pytest.raises(UnknownRecord):
        power_base(workspace, "nobody")


def test_cli_table_json_and_dot(workspace: Workspace, tmp_path: Path) -> None:
    _store_account(workspace)
    runner = CliRunner()
    base_args = ["--workspace", str(workspace.root), "--database-url", workspace.database_url]
    table = runner.invoke(app, [*base_args, "powerbase", "Acme Corp"])
    assert table.exit_code == 0, table.output
    assert "Cora Chief" in table.output and "Engage next" in table.output
    exported = runner.invoke(app, [*base_args, "powerbase", "acme", "--format", "json"])
    data = json.loads(exported.output)
    assert {n["id"] for n in data["nodes"]} == {"c1", "c2"}
    assert data["reporting_lines"] == {"c2": "c1"}
    out = tmp_path / "graph.dot"
    dot = runner.invoke(
        app, [*base_args, "powerbase", "acme", "--format", "dot", "--out", str(out)]
    )
    assert dot.exit_code == 0
    assert out.read_text().startswith("digraph power_base {")
    missing = runner.invoke(app, [*base_args, "powerbase", "Nobody"])
    assert missing.exit_code == 1


def test_cli_top_limits_the_table_and_an_empty_account_says_what_to_import(
    workspace: Workspace,
) -> None:
    _store_account(workspace)
    with store_of(workspace) as engine, engine.begin() as connection:
        repository.save_accounts(connection, [Account("empty", "Empty Inc")])
    runner = CliRunner()
    base_args = ["--workspace", str(workspace.root), "--database-url", workspace.database_url]
    top = runner.invoke(app, [*base_args, "powerbase", "Acme Corp", "--top", "1"])
    assert top.exit_code == 0, top.output
    assert "the 1 most powerful of 2" in top.output
    assert "Cora Chief" in top.output
    empty = runner.invoke(app, [*base_args, "powerbase", "Empty Inc"])
    assert empty.exit_code == 0
    assert "No people at Empty Inc yet" in empty.output


def test_cli_compare_names_the_stronger_with_the_reporting_line_as_reason(
    workspace: Workspace,
) -> None:
    _store_account(workspace)
    runner = CliRunner()
    base_args = ["--workspace", str(workspace.root), "--database-url", workspace.database_url]
    compared = runner.invoke(
        app, [*base_args, "powerbase", "Acme Corp", "--compare", "c2", "cora chief"]
    )
    assert compared.exit_code == 0, compared.output
    assert compared.output.startswith("Cora Chief holds more power than")
    assert "reports (directly or higher up) to Cora Chief" in compared.output
    unknown = runner.invoke(app, [*base_args, "powerbase", "Acme Corp", "--compare", "c1", "Zed"])
    assert unknown.exit_code == 1
    assert "no stakeholder called 'Zed'" in str(unknown.exception)
    itself = runner.invoke(
        app, [*base_args, "powerbase", "Acme Corp", "--compare", "cora chief", "c1"]
    )
    assert itself.exit_code == 1 and "are one person" in str(itself.exception)
    as_json = runner.invoke(
        app,
        [*base_args, "powerbase", "Acme Corp", "--compare", "c2", "cora chief", "--format", "json"],
    )
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["stronger"]["name"] == "Cora Chief" and data["confidence"] > 0.5
    assert any("reports (directly or higher up) to Cora Chief" in r for r in data["reasons"])
    as_dot = runner.invoke(
        app,
        [*base_args, "powerbase", "Acme Corp", "--compare", "c2", "cora chief", "--format", "dot"],
    )
    assert as_dot.exit_code == 2


def test_an_account_not_yet_heard_from_shows_no_influence_figures(workspace: Workspace) -> None:
    with store_of(workspace) as engine, engine.begin() as connection:
        repository.save_accounts(connection, [Account("hp", "Harbor Point")])
        repository.save_people(
            connection,
            [
                Person("h1", "Marcus Webb", account_id="hp", title="Director", department="Ops"),
                Person("h2", "Nina Sorensen", account_id="hp", department="Ops"),
            ],
        )
    base_args = ["--workspace", str(workspace.root), "--database-url", workspace.database_url]
    shown = CliRunner().invoke(
        app, [*base_args, "powerbase", "Harbor Point"], env={"COLUMNS": "200"}
    )
    assert shown.exit_code == 0, shown.output
    marcus = next(line for line in shown.output.splitlines() if "Marcus Webb" in line)
    assert "—" in marcus and "0.500" not in marcus  # no behaviour seen: no percentile to show
    assert "No mail, meeting or call with these people yet" in shown.output
    ops = next(line for line in shown.output.splitlines() if line.startswith("│ Ops"))
    assert "Marcus Webb, Nina Sorensen" in ops  # not heard yet, by name
