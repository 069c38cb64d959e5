"""Looking at what the store holds: accounts, their people and deals."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from softpower.domain import Account, Deal, DealOutcome, Person
from softpower.errors import SoftpowerError, unknown_account
from softpower.services.people import settle_sides
from softpower.services.store import store_of, writing_store
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
    people: list[Person] = field(default_factory=list)  # titled first, then by name
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


def seller_names(workspace: Workspace) -> dict[str, str]:
    """Seller id to name, for the owner column of deal lists."""
    with store_of(workspace) as engine, engine.connect() as connection:
        return {seller.id: seller.name for seller in repository.list_sellers(connection)}


def show_account(workspace: Workspace, name: str) -> AccountView:
    with store_of(workspace) as engine, engine.connect() as connection:
        account = repository.find_account(connection, name)
        if account is None:
            raise unknown_account(name)
        return AccountView(
            account=account,
            # names of punctuation (from mangled mail headers) go last
            people=sorted(
                repository.list_people(connection, account_id=account.id),
                key=lambda p: (not p.title, not p.name[:1].isalpha(), p.name.casefold()),
            ),
            deals=repository.list_deals(connection, account_id=account.id),
        )


def list_deals(
    workspace: Workspace,
    account: str | None = None,
    outcome: DealOutcome | None = None,
    limit: int | None = None,
) -> list[Deal]:
    """The deals, newest close date first, at most `limit`."""
    with store_of(workspace) as engine, engine.connect() as connection:
        account_id = _account_id(connection, account)
        return repository.list_deals(
            connection, account_id=account_id, outcome=outcome, limit=limit
        )


def count_deals(
    workspace: Workspace, account: str | None = None, outcome: DealOutcome | None = None
) -> int:
    """How many deals `list_deals` would give without a limit."""
    with store_of(workspace) as engine, engine.connect() as connection:
        return repository.count_deals(connection, _account_id(connection, account), outcome)


def _account_id(connection: Connection, account: str | None) -> str | None:
    if account is None:
        return None
    found = repository.find_account(connection, account)
    if found is None:
        raise unknown_account(account)
    return found.id


_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")


def _clean_domain(text: str) -> str:
    """`https://www.Acme.example/about` -> `acme.example`; anything else is refused."""
    domain = text.strip().lower().removeprefix("https://").removeprefix("http://")
    domain = domain.split("/")[0].removeprefix("www.").removeprefix("@")
    if not _DOMAIN.fullmatch(domain):
        raise SoftpowerError(f"{text!r} is not an e-mail domain (like acme.example)")
    return domain


def _new_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "account"


@dataclass(slots=True)
class AddedAccount:
    account: Account
    created: bool
    people_placed: int


def add_account(
    workspace: Workspace, name: str, domains: Sequence[str] = (), account_id: str | None = None
) -> AddedAccount:
    """Create an account by hand, or give an existing one more domains; place its people.

    A team without a CRM export can still map a customer's power base from
    mail: the account's domains say whose mail is the customer's. A domain
    another account owns is refused rather than moved.
    """
    cleaned = list(dict.fromkeys(_clean_domain(d) for d in domains))
    if not name.strip():
        raise SoftpowerError("an account needs a name")
    with writing_store(workspace) as engine:
        with engine.begin() as connection:
            existing = repository.find_account(connection, account_id or name)
            if (
                existing is not None
                and account_id
                and name.strip() not in (existing.name, existing.id)
            ):
                raise SoftpowerError(
                    f"account {existing.id!r} is {existing.name!r}, not {name.strip()!r}: give "
                    "its name to add domains to it, or another id for a new account"
                )
            target = existing.id if existing else (account_id or _new_id(name))
            taken = {
                d: owner
                for d, owner in repository.domain_owners(connection, cleaned).items()
                if owner != target
            }
            if taken:
                domain, owner = next(iter(taken.items()))
                raise SoftpowerError(f"{domain} already belongs to account {owner!r}")
            if existing is None:
                account = Account(id=target, name=name.strip(), domains=cleaned)
                repository.save_accounts(connection, [account], source="manual")
            else:
                repository.add_account_domains(connection, existing.id, cleaned)
                account = existing
                account.domains = sorted(set(existing.domains) | set(cleaned))
        placed = settle_sides(engine, workspace)
    return AddedAccount(account, existing is None, placed)
