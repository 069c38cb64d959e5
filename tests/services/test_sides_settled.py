"""People first seen in mail find their account once the CRM names its domain."""

from __future__ import annotations

from pathlib import Path

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
