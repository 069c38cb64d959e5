"""Looking at what the store holds: accounts, their people and deals."""

from __future__ import annotations

from dataclasses import dataclass, field

from softpower.domain import Account, Deal, DealOutcome, Person
from softpower.errors import UnknownRecord
from softpower.services.store import store_of
from softpower.store import repository
from softpower.workspace import Workspace


@dataclass(slots=True)
class AccountSummary:
    account: Account
    deals_by_outcome: dict[str, int]

    @property
    def open_deals(self) -> int:
        return self.deals_by_outcome.get(DealOutcome.OPEN.value, 0)

    @property
    def total_deals(self) -> int:
        return sum(self.deals_by_outcome.values())


@dataclass(slots=True)
class AccountView:
    account: Account
    people: list[Person] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)


def list_accounts(workspace: Workspace) -> list[AccountSummary]:
    with store_of(workspace) as engine, engine.connect() as connection:
        counts = repository.deal_counts_by_account(connection)
        return [
            AccountSummary(account, counts.get(account.id, {}))
            for account in repository.list_accounts(connection)
        ]


def account_names(workspace: Workspace) -> dict[str, str]:
    """Account id to display name, for views that list records of many accounts."""
    with store_of(workspace) as engine, engine.connect() as connection:
        return {account.id: account.name for account in repository.list_accounts(connection)}


def product_names(workspace: Workspace) -> dict[str, str]:
    """Product key to the name the CRM spelled it with (deals store the normalised key)."""
    with store_of(workspace) as engine, engine.connect() as connection:
        return {product.id: product.name for product in repository.list_products(connection)}


def show_account(workspace: Workspace, name: str) -> AccountView:
    with store_of(workspace) as engine, engine.connect() as connection:
        account = repository.find_account(connection, name)
        if account is None:
            raise UnknownRecord(f"no account named {name!r}; `softpower accounts list` shows them")
        return AccountView(
            account=account,
            people=repository.list_people(connection, account_id=account.id),
            deals=repository.list_deals(connection, account_id=account.id),
        )


def list_deals(
    workspace: Workspace,
    account: str | None = None,
    outcome: DealOutcome | None = None,
    limit: int | None = None,
) -> list[Deal]:
    with store_of(workspace) as engine, engine.connect() as connection:
        account_id = None
        if account is not None:
            found = repository.find_account(connection, account)
            if found is None:
                raise UnknownRecord(f"no account named {account!r}")
            account_id = found.id
        return repository.list_deals(
            connection, account_id=account_id, outcome=outcome, limit=limit
        )
