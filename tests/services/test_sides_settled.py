"""People first seen in mail find their account once the CRM names its domain."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from softpower.cli import app
from softpower.errors import SoftpowerError
from softpower.services.accounts import add_account, show_account
from softpower.services.crm_import import import_crm
from softpower.services.mail_import import import_mail
from softpower.services.people import list_people, merge_people
from softpower.services.store import store_of
from softpower.services.transcript_import import import_transcripts
from softpower.store import schema
from softpower.workspace import Workspace


def test_people_seen_before_their_account_existed_are_placed_by_domain(
    workspace: Workspace, tmp_path: Path
) -> None:
    box = tmp_path / "mail" / "box.mbox"
    box.parent.mkdir()
    box.write_bytes(
        b"From x Mon Jul  1 10:00:00 2024\n"
        b"From: Bob Buyer <bob@cust.example>\nTo: Ann <ann@elsewhere.example>\n"
        b"Subject: Pilot\nDate: Mon, 1 Jul 2024 10:00:00 -0400\nMessage-ID: <m1@cust.example>\n"
        b"\nShall we start?\n\n"
    )
    import_mail(workspace, [box])
    assert {r.person.name: r.person.account_id for r in list_people(workspace)}["Bob Buyer"] is None

    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,name,domain\nCUST,Cust Inc,cust.example\n", encoding="utf-8")
    import_crm(workspace, [accounts])

    placed = {r.person.name: r.person.account_id for r in list_people(workspace)}
    assert placed["Bob Buyer"] == "CUST"
    assert placed["Ann"] is None  # a domain no account owns stays unplaced
    base = ["-w", str(workspace.root), "--database-url", workspace.database_url]
    listed = CliRunner().invoke(app, [*base, "people", "list"], env={"COLUMNS": "200"})
    bob = next(line for line in listed.output.splitlines() if "Bob Buyer" in line)
    assert "Cust Inc" in bob and "CUST" not in bob  # the account by its name
    assert "Interactions" in listed.output and "2 people" in listed.output
    one = CliRunner().invoke(app, [*base, "people", "list", "--limit", "1"])
    assert "The 1 most active of 2 people (--limit 0 shows all)" in one.output


def test_an_account_added_by_hand_takes_the_people_at_its_domain(
    workspace: Workspace, tmp_path: Path
) -> None:
    box = tmp_path / "box.mbox"
    box.write_bytes(
        b"From x Mon Jul  1 10:00:00 2024\n"
        b"From: Bob Buyer <bob@mail.cust.example>\nTo: Ann <ann@elsewhere.example>\n"
        b"Subject: Pilot\nDate: Mon, 1 Jul 2024 10:00:00 -0400\nMessage-ID: <m1@cust.example>\n"
        b"\nShall we start?\n\n"
    )
    import_mail(workspace, [box])
    added = add_account(workspace, "Cust Inc", ["https://www.cust.example/about"])
    assert added.created and added.account.id == "cust-inc"
    assert added.account.domains == ["cust.example"]
    assert added.people_placed == 1  # Bob, by the parent domain of mail.cust.example
    with pytest.raises(SoftpowerError, match="already belongs to account 'cust-inc'"):
        add_account(workspace, "Someone Else", ["cust.example"])
    with pytest.raises(SoftpowerError, match="is not an e-mail domain"):
        add_account(workspace, "Cust Inc", ["cust"])
    with pytest.raises(SoftpowerError, match="account 'cust-inc' is 'Cust Inc', not 'Other'"):
        add_account(workspace, "Other", ["other.example"], account_id="cust-inc")
    again = add_account(workspace, "Cust Inc", ["cust-mail.example"], account_id="cust-inc")
    assert not again.created and "cust-mail.example" in again.account.domains


def test_domains_added_to_a_crm_account_keep_its_facts(
    workspace: Workspace, tmp_path: Path
) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "account_id,name,domain,sector\nCUST,Cust Inc,cust.example,Logistics\n", encoding="utf-8"
    )
    import_crm(workspace, [accounts])
    added = add_account(workspace, "cust inc", ["cust-group.example"])
    assert not added.created
    view = show_account(workspace, "CUST")
    assert view.account.sector == "Logistics"
    assert sorted(view.account.domains) == ["cust-group.example", "cust.example"]


def test_a_speaker_heard_before_the_crm_becomes_the_contact_of_that_name(
    workspace: Workspace, tmp_path: Path
) -> None:
    call = tmp_path / "call.vtt"
    call.write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Priya Raman>Cost matters most to us.\n\n"
        "00:00:05.000 --> 00:00:08.000\n<v Dana Doe>Tell me more.\n\n"
        "00:00:09.000 --> 00:00:12.000\n<v Aisha Coleman>What would it change for you?\n"
    )
    import_transcripts(workspace, [call])
    (tmp_path / "accounts.csv").write_text("account_id,name\nNW,Northwind\n", encoding="utf-8")
    (tmp_path / "contacts.csv").write_text(
        "contact_id,account_id,name,title\n"
        "C2,NW,Priya Raman,Finance Director\nC3,NW,Dana Doe,Analyst\nC4,NW,Dana Doe,Buyer\n",
        encoding="utf-8",
    )
    (tmp_path / "sellers.csv").write_text(
        "seller_id,name,email,team\nS1,Aisha Coleman,Aisha.Coleman@ourco.example,West\n",
        encoding="utf-8",
    )
    import_crm(workspace, [tmp_path / n for n in ("accounts.csv", "contacts.csv", "sellers.csv")])

    people = {r.person.id: r for r in list_people(workspace)}
    priya = [r for r in people.values() if r.person.name == "Priya Raman"]
    assert [r.person.id for r in priya] == ["C2"] and priya[0].interactions == 1
    assert priya[0].person.title == "Finance Director"
    # two contacts called Dana Doe: which one spoke is not known, so the speaker stays apart
    assert "name:dana doe" in people and {"C3", "C4"} <= set(people)
    with store_of(workspace) as engine, engine.connect() as connection:
        speakers = set(connection.scalars(select(schema.turns.c.speaker_id)))
    assert speakers == {"C2", "name:dana doe", "email:aisha.coleman@ourco.example"}
    aisha = people["email:aisha.coleman@ourco.example"].person  # the seller, one of ours
    assert aisha.is_internal and aisha.account_id is None and "name:aisha coleman" not in people

    # a seller's CRM id names the person behind the seller's address
    with pytest.raises(SoftpowerError, match="already one person"):
        merge_people(workspace, "S1", "aisha.coleman@ourco.example")
    # the user knows which Dana spoke; two CRM contacts are the CRM's to merge
    with pytest.raises(SoftpowerError, match="two contacts in the CRM"):
        merge_people(workspace, "C3", "C4")
    kept, _ = merge_people(workspace, "name:dana doe", "C3")  # the CRM contact is kept
    assert kept == "C3"
    people = {r.person.id: r for r in list_people(workspace)}
    assert "name:dana doe" not in people and people["C3"].interactions == 1


def test_sellers_with_an_address_become_our_people_even_in_a_store_with_no_people(
    workspace: Workspace, tmp_path: Path
) -> None:
    # settling is skipped only when there is nobody to place: sellers with an address count
    sellers = tmp_path / "sellers.csv"
    sellers.write_text(
        "seller_id,name,email,team\nS1,Elena Marquez,Elena@OurCo.example,Central\n"
        "S2,Tom Nomail,,Central\n",
        encoding="utf-8",
    )
    import_crm(workspace, [sellers])
    people = {r.person.name: r.person for r in list_people(workspace)}
    assert set(people) == {"Elena Marquez"} and people["Elena Marquez"].is_internal
