"""Turning address and name mentions into stored people."""

from __future__ import annotations

from sqlalchemy import insert

from softpower.services.store import store_of
from softpower.store import repository, schema
from softpower.store.people import (
    load_affiliation,
    name_from_address,
    normalise_name,
    person_for_address,
    person_for_name,
)
from softpower.workspace import Workspace


def test_names_normalise_across_spellings() -> None:
    assert normalise_name("Skilling, Jeff") == normalise_name("jeff  SKILLING")
    assert normalise_name("Zoë Ångström") == "zoe angstrom"
    assert name_from_address("jane.doe@x.example") == "Jane Doe"


def test_address_mentions_create_one_person_each(workspace: Workspace) -> None:
    with store_of(workspace) as engine, engine.begin() as connection:
        connection.execute(insert(schema.accounts).values(id="nw", name="Northwind"))
        connection.execute(
            insert(schema.account_domains).values(domain="northwind.example", account_id="nw")
        )
        affiliation = load_affiliation(connection, workspace.internal_domains)
        first = person_for_address(
            connection, "Ann.Lee@mail.Northwind.example", "Lee, Ann", affiliation, "t"
        )
        again = person_for_address(
            connection, "ann.lee@mail.northwind.example", None, affiliation, "t"
        )
        ours = person_for_address(connection, "bo@ourco.example", "Bo", affiliation, "t")
        people = {p.id: p for p in repository.list_people(connection)}
    assert first == again == "email:ann.lee@mail.northwind.example"
    assert people[first].account_id == "nw" and not people[first].is_internal
    assert people[ours].is_internal and people[ours].account_id is None


def test_name_mentions_match_stored_spellings(workspace: Workspace) -> None:
    with store_of(workspace) as engine, engine.begin() as connection:
        affiliation = load_affiliation(connection, workspace.internal_domains)
        by_mail = person_for_address(
            connection, "jeff@x.example", "Jeff Skilling", affiliation, "t"
        )
        by_name = person_for_name(connection, "Skilling, Jeff", "t")
        stranger = person_for_name(connection, "Ken Lay", "t")
    assert by_name == by_mail
    assert stranger == "name:ken lay"
