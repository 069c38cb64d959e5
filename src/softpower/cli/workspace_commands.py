"""`softpower init` and `softpower db upgrade`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from softpower.cli.context import console, lazy_module, workspace_of
from softpower.workspace import default_database_url

if TYPE_CHECKING:
    from softpower.services import store
    from softpower.store import database
else:
    store = lazy_module("softpower.services.store")
    database = lazy_module("softpower.store.database")

db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)


def init(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="Folder to create (default: the workspace)."),
    ] = None,
) -> None:
    """Create a workspace: database, settings file and reports folder."""
    workspace = workspace_of(ctx, directory)
    store.init_workspace(workspace).dispose()
    console.print(f"Workspace ready in [bold]{workspace.root}[/bold]")
    console.print(f"  database: {database.shown_url(workspace.database_url)}", markup=False)
    if workspace.database_url != default_database_url(workspace.root):
        console.print(
            "  (the database URL is not stored in the workspace: give later commands the same "
            "--database-url or SOFTPOWER_DATABASE_URL, or set database_url in softpower.toml)",
            markup=False,
        )
    console.print(f"  settings: {workspace.config_path}", markup=False)


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Migrate the database to this version's schema, in place, keeping every row."""
    before, after = store.upgrade_database(workspace_of(ctx))
    if before == after:
        console.print(f"Database already at revision {after}.")
    else:
        console.print(f"Database upgraded from {before or 'empty'} to {after}.")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.add_typer(db_app, name="db")
