"""`softpower import ...`: bring sources into the workspace."""

from __future__ import annotations

import typer

from softpower.cli import media_imports

import_app = typer.Typer(help="Import sources into the workspace.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    media_imports.register(import_app)
    app.add_typer(import_app, name="import")
