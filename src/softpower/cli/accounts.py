"""`softpower accounts list`, `softpower account show`, `softpower deals list`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from softpower.cli.context import console, counted, lazy_module, workspace_of
from softpower.domain import Deal, DealOutcome

if TYPE_CHECKING:
    from softpower.services import accounts as service
else:
    service = lazy_module("softpower.services.accounts")


accounts_app = typer.Typer(help="Customer accounts.", no_args_is_help=True)
account_app = typer.Typer(help="One customer account.", no_args_is_help=True)
deals_app = typer.Typer(help="Deals (opportunities).", no_args_is_help=True)


@accounts_app.command("add")
def add_account(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The account's name.")],
    domain: Annotated[
        list[str] | None,
        typer.Option("--domain", help="An e-mail domain of the account (repeat for several)."),
    ] = None,
    account_id: Annotated[
        str | None, typer.Option("--id", help="Its id (default: from the name).")
    ] = None,
) -> None:
    """Add an account by hand (or domains to one): mail from its domains becomes its people's."""
    added = service.add_account(workspace_of(ctx), name, domain or [], account_id)
    account = added.account
    verb = "Added" if added.created else "Updated"
    console.print(
        f"{verb} {account.name} ({account.id}); domains: {', '.join(account.domains) or 'none'}; "
        f"{added.people_placed:,} people placed on their account",
        markup=False,
        highlight=False,
    )


@accounts_app.command("list")
def list_accounts(ctx: typer.Context) -> None:
    """List every account with its deal counts."""
    summaries = service.list_accounts(workspace_of(ctx))
    table = Table(title=counted(len(summaries), "account"))
    for column in ("Account", "Sector", "Employees", "Open deals", "Won", "Lost", "No decision"):
        table.add_column(column, justify="right" if column not in ("Account", "Sector") else "left")
    for summary in summaries:
        account = summary.account
        table.add_row(
            account.name,
            account.sector or "",
            f"{account.employees:,}" if account.employees is not None else "",
            str(summary.open_deals),
            str(summary.deals_by_outcome.get("won", 0)),
            str(summary.deals_by_outcome.get("lost", 0)),
            str(summary.deals_by_outcome.get(DealOutcome.NO_DECISION.value, 0)),
        )
    console.print(table)


@account_app.command("show")
def show_account(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="ACCOUNT", help="Account name or id.")],
    people_shown: Annotated[
        int, typer.Option("--people", min=0, help="Show this many of its people (0: all).")
    ] = 25,
) -> None:
    """Show one account: its facts, people and deals."""
    workspace = workspace_of(ctx)
    view = service.show_account(workspace, name)
    account = view.account
    ident = f"  ({account.id})" if account.id != account.name else ""
    console.print(f"[bold]{escape(account.name)}[/bold]{escape(ident)}", highlight=False)
    facts = {
        "Sector": account.sector,
        "Employees": f"{account.employees:,}" if account.employees is not None else None,
        "Revenue (M USD)": f"{account.revenue_musd:,.2f}"
        if account.revenue_musd is not None
        else None,
        "Location": account.location,
        "Parent": account.parent_id,
        "Domains": ", ".join(account.domains) or None,
    }
    for label, value in facts.items():
        if value:
            console.print(f"  {label}: {value}", markup=False, highlight=False)
    if view.people:
        shown = view.people[:people_shown] if people_shown else view.people
        title = counted(len(view.people), "person", "people")
        if len(shown) < len(view.people):
            title = (
                f"{len(shown):,} of {len(view.people):,} people (--people 0 shows all; "
                "`softpower people list --account` ranks them by activity)"
            )
        people = Table(title=title)
        for column in ("Name", "Title", "Department", "E-mail"):
            people.add_column(column)
        for person in shown:
            people.add_row(
                person.name,
                person.title or "",
                person.department or "",
                ", ".join(person.addresses),
            )
        console.print(people)
    console.print(
        _deal_table(view.deals, service.product_names(workspace), service.seller_names(workspace))
    )


def _deal_table(
    deals: list[Deal],
    products: dict[str, str],
    sellers: dict[str, str],
    account_names: dict[str, str] | None = None,
    total: int | None = None,
) -> Table:
    """Deals as a table; the account column only when they span several accounts."""
    title = counted(len(deals), "deal")
    if total is not None and total > len(deals):
        title = f"The newest {len(deals):,} of {total:,} deals (--limit 0 shows all)"
    table = Table(title=title)
    columns = ["Id", "Deal", "Account", "Product", "Owner", "Stage", "Outcome", "Amount", "Close"]
    if account_names is None:
        columns.remove("Account")
    named = any(deal.name != deal.id for deal in deals)  # a CRM without deal names repeats the id
    if not named:
        columns.remove("Deal")
    for column in columns:
        table.add_column(column, justify="right" if column == "Amount" else "left")
    for deal in deals:
        account = (
            []
            if account_names is None
            else [account_names.get(deal.account_id or "", deal.account_id or "")]
        )
        name = [deal.name if deal.name != deal.id else ""] if named else []
        table.add_row(
            deal.id,
            *name,
            *account,
            products.get(deal.product or "", deal.product or ""),
            sellers.get(deal.owner_id or "", deal.owner_id or "") or "",
            deal.stage or "",
            deal.outcome.value,
            f"{deal.amount:,.2f}" if deal.amount is not None else "",
            deal.close_on.isoformat() if deal.close_on else "",
        )
    return table


@deals_app.command("list")
def list_deals(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Option(help="Only this account (name or id).")] = None,
    outcome: Annotated[
        DealOutcome | None, typer.Option(help="Only deals with this outcome.")
    ] = None,
    limit: Annotated[int, typer.Option(min=0, help="Show the newest this many (0: all).")] = 50,
) -> None:
    """List deals, newest first (by close date, else the date engaged or created)."""
    workspace = workspace_of(ctx)
    deals = service.list_deals(workspace, account=account, outcome=outcome, limit=limit or None)
    total = (
        service.count_deals(workspace, account, outcome) if limit and len(deals) == limit else None
    )
    names = None if account else service.account_names(workspace)
    products, sellers = service.product_names(workspace), service.seller_names(workspace)
    console.print(_deal_table(deals, products, sellers, names, total))


def register(app: typer.Typer) -> None:
    app.add_typer(accounts_app, name="accounts")
    app.add_typer(account_app, name="account")
    app.add_typer(deals_app, name="deals")
