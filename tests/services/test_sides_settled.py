"""People first seen in mail find their account once the CRM names its domain."""

from __future__ import annotations

from pathlib import Path

import pytest

from softpower.errors import SoftpowerError
from softpower.services.accounts import add_account, show_account
from softpower.services.crm_import import import_crm
from softpower.services.mail_import import import_mail
from softpower.services.people import list_people
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
