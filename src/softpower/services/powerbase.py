"""The power base of one account: load its people and interactions from the store, run the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from softpower.analysis.powerbase import (
    Dominance,
    PowerBase,
    PowerBaseSettings,
    build_power_base,
    power_base_data,
    to_dot,
    to_json,
)
from softpower.domain import Interaction, Person
from softpower.errors import SoftpowerError, UnknownRecord, unknown_account
from softpower.services.store import store_of
from softpower.store import repository
from softpower.store.account_interactions import (
    load_account_interactions,
    load_title_observations,
)
from softpower.workspace import Workspace

__all__ = [
    "AccountPowerBase",
    "compare",
    "power_base",
    "power_base_data",
    "to_dot",
    "to_json",
]


@dataclass(slots=True)
class AccountPowerBase:
    account_id: str
    account_name: str
    power_base: PowerBase


def load_account_inputs(
    connection: Connection, account_id: str
) -> tuple[list[Person], list[Interaction]]:
    """The account's people (with their titles) and our people, and every interaction involving them."""
    people = repository.list_people(connection, account_id=account_id)
    ours = [p for p in repository.list_people(connection) if p.is_internal]
    titles = load_title_observations(connection, [p.id for p in people])
    for person in people:
        person.titles = titles.get(person.id, [])
    interactions = list(load_account_interactions(connection, account_id))
    return people + ours, interactions


def power_base(
    workspace: Workspace,
    account: str,
    *,
    as_of: datetime | None = None,
    settings: PowerBaseSettings | None = None,
) -> AccountPowerBase:
    """Build the power base of the account named (or with the id) `account`."""
    with store_of(workspace) as engine, engine.connect() as connection:
        found = repository.find_account(connection, account)
        if found is None:
            raise unknown_account(account)
        people, interactions = load_account_inputs(connection, found.id)
    result = build_power_base(
        people,
        interactions,
        internal_ids={p.id for p in people if p.is_internal},
        account_id=found.id,
        as_of=as_of,
        settings=settings,
    )
    return AccountPowerBase(found.id, found.name, result)


def _stakeholder_id(base: PowerBase, who: str) -> str:
    """The stakeholder with this id or name (any case); an error names the candidates."""
    if who in base.stakeholders:
        return who
    wanted = " ".join(who.lower().split())
    found = [s.person_id for s in base.stakeholders.values() if s.name.lower() == wanted]
    if not found:
        found = [s.person_id for s in base.stakeholders.values() if wanted in s.name.lower()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UnknownRecord(f"no stakeholder called {who!r} at this account")
    names = ", ".join(sorted(base.stakeholders[p].name for p in found)[:5])
    raise UnknownRecord(f"{who!r} could be several people ({names}); give the full name")


def compare(result: AccountPowerBase, first: str, second: str) -> Dominance:
    """Of two stakeholders (by name or id), who holds more power, how sure, and why."""
    base = result.power_base
    first_id, second_id = _stakeholder_id(base, first), _stakeholder_id(base, second)
    if first_id == second_id:
        raise SoftpowerError(f"{first!r} and {second!r} are one person; compare two people")
    return base.dominance(first_id, second_id)
