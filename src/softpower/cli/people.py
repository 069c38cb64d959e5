"""`softpower people list|merge|split`: who is who, and the user's say over identity resolution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from softpower.cli.context import console, counted, lazy_module, workspace_of

if TYPE_CHECKING:
    from softpower.services import accounts as account_service
    from softpower.services import people as service
else:
    account_service = lazy_module("softpower.services.accounts")
    service = lazy_module("softpower.services.people")


people_app = typer.Typer(help="People: stakeholders and colleagues.", no_args_is_help=True)


@people_app.command("list")
def list_people(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option("--account", help="Only this account's people (name or id).")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Show the most active this many (0: everyone).")
    ] = 50,
) -> None:
    """List people, most active first, with addresses, title and identity confidence."""
    workspace = workspace_of(ctx)
    rows = service.list_people(workspace, account)
    shown = rows[:limit] if limit else rows
    names = account_service.account_names(workspace)
    title = counted(len(rows), "person", "people")
    if len(shown) < len(rows):
        title = f"The {len(shown):,} most active of {len(rows):,} people (--limit 0 shows all)"
    table = Table(title=title)
    numeric = ("Interactions", "Confidence")
    for column in ("Person", "Id", "Side", "Title", "Addresses", *numeric):
        table.add_column(column, justify="right" if column in numeric else "left")
    for row in shown:
        person = row.person
        side = "ours" if person.is_internal else names.get(person.account_id or "", "")
        table.add_row(
            person.name,
            person.id,
            side or (person.account_id or ""),
            person.title or "",
            "\n".join(person.addresses),
            f"{row.interactions:,}",
            f"{row.lowest_confidence:.2f}",
        )
    console.print(table)


@people_app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[
        str,
        typer.Argument(
            metavar="KEEP",
            help="The person to keep (person or seller id, or one of their addresses).",
        ),
    ],
    other: Annotated[
        str,
        typer.Argument(
            metavar="OTHER", help="The person merged into it (person or seller id, or address)."
        ),
    ],
    note: Annotated[str | None, typer.Option("--note", help="Why, for the record.")] = None,
) -> None:
    """Merge two people into one; the decision holds across re-imports."""
    person_id, moved = service.merge_people(workspace_of(ctx), keep, other, note)
    console.print(
        f"merged into {person_id}: {', '.join(moved) or 'no addresses'}",
        markup=False,
        highlight=False,
    )


@people_app.command("split")
def split(
    ctx: typer.Context,
    address: Annotated[
        str, typer.Argument(metavar="ADDRESS", help="The address to give a person of its own.")
    ],
    note: Annotated[str | None, typer.Option("--note", help="Why, for the record.")] = None,
) -> None:
    """Split an address off its person; it is never merged automatically again."""
    old, new = service.split_address(workspace_of(ctx), address, note)
    said = (
        f"{address} is already a person of its own; it will not be merged automatically"
        if old == new
        else f"{address} moved from {old} to {new}"
    )
    console.print(said, markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(people_app, name="people")
