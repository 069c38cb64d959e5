"""The demo's mailbox imports cleanly and identity resolution finds its planted aliases."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from softpower.services.crm_import import import_crm
from softpower.services.mail_import import import_mail
from softpower.services.people import list_people
from softpower.workspace import Workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_demo_mail_imports_cleanly_with_every_alias_resolved(
    workspace: Workspace, tmp_path: Path
) -> None:
    sys.path.insert(0, str(EXAMPLES))
    try:
        generator = importlib.import_module("generate_demo")
    finally:
        sys.path.remove(str(EXAMPLES))
    demo = tmp_path / "demo"
    generator.generate(demo)
    truth = json.loads((demo / "truth.json").read_text())
    import_crm(workspace, sorted((demo / "crm").glob("*.csv")))
    summary, _ = import_mail(workspace, [demo / "mail"])
    assert summary.problems == [] and summary.files_failed == []
    assert summary.written["messages"] >= 250
    person_of = {a: row.person.id for row in list_people(workspace) for a in row.person.addresses}
    for person in truth["people"] + truth["sellers"]:
        addresses = [a for a in person["emails"] if a in person_of]
        assert len({person_of[a] for a in addresses}) == 1, person["name"]
    people = {row.person.id: row.person for row in list_people(workspace)}
    titled = [p for p in truth["people"] if people[p["contact_id"]].title]
    assert len(titled) == len(truth["people"])  # the CRM's titles, kept over signatures
    fox = people[truth["fox"]["contact_id"]]
    assert fox.title == truth["fox"]["title"]


def test_demo_signatures_give_every_stakeholder_their_title(
    workspace: Workspace, tmp_path: Path
) -> None:
    sys.path.insert(0, str(EXAMPLES))
    try:
        generator = importlib.import_module("generate_demo")
    finally:
        sys.path.remove(str(EXAMPLES))
    demo = tmp_path / "demo"
    generator.generate(demo)
    truth = json.loads((demo / "truth.json").read_text())
    import_mail(workspace, [demo / "mail"])  # no CRM: titles come from signatures alone
    by_address = {a: row.person for row in list_people(workspace) for a in row.person.addresses}
    for stakeholder in truth["people"]:
        person = by_address[stakeholder["emails"][0]]
        assert (person.title, person.department) == (
            stakeholder["title"],
            stakeholder["department"],
        ), stakeholder["name"]
