"""The `softpower` command: a thin layer that parses options, calls a service, renders.

Exit codes: 0 success, 1 a user error (one line on stderr, no traceback),
2 a usage error (Typer's own).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from softpower import __version__
from softpower.cli import (
    accounts,
    conversations,
    imports,
    people,
    powerbase,
    workspace_commands,
)
from softpower.cli.context import console_err, set_options
from softpower.errors import SoftpowerError

app = typer.Typer(
    name="softpower",
    help="Account intelligence for pull-oriented B2B selling.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"softpower {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Workspace folder [env: SOFTPOWER_WORKSPACE; default: .]"
        ),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option("--database-url", help="Database URL [env: SOFTPOWER_DATABASE_URL]"),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Account intelligence for pull-oriented B2B selling."""
    set_options(ctx, workspace, database_url)


workspace_commands.register(app)
imports.register(app)
accounts.register(app)
people.register(app)
conversations.register(app)
powerbase.register(app)


def main() -> None:
    try:
        app(standalone_mode=True)
    except SoftpowerError as error:
        console_err.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
