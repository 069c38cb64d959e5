"""`softpower import mail`: mbox files, Maildir folders and .eml files as e-mail interactions.

Shows a progress bar (files and messages) while it runs, then the import
summary (files imported, unchanged and refused; messages, participants,
attachments, duplicates, titles; the problems with file and line) and what
identity resolution merged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from softpower.cli.context import console, counted, lazy_module, workspace_of
from softpower.cli.media_imports import (
    PathsArgument,
    _progress_bar,
    _render,
    refuse_if_nothing_read,
)
from softpower.ingest.mail_sources import mail_files

if TYPE_CHECKING:
    from softpower.services import mail_import as service
else:
    service = lazy_module("softpower.services.mail_import")


def mail(
    ctx: typer.Context,
    paths: PathsArgument,
    resolve: Annotated[
        bool,
        typer.Option(
            "--resolve/--no-resolve", help="Merge each person's addresses after the import."
        ),
    ] = True,
) -> None:
    """Import e-mail (mbox, Maildir, .eml): messages, threads, participants, attachments."""
    workspace = workspace_of(ctx)
    with _progress_bar("mail", len(mail_files(list(paths)))) as progress:
        summary, resolution = service.import_mail(workspace, list(paths), progress, resolve)
    _render(summary, "mail")
    refuse_if_nothing_read(summary)
    if resolution is not None:
        joined = (
            f"{len(resolution.moved):,} of {resolution.addresses:,} addresses joined to another "
            f"address's person ({counted(resolution.people_merged, 'person', 'people')} now "
            "have more than one)"
            if resolution.moved
            else f"no new address to join ({resolution.addresses:,} addresses)"
        )
        console.print(f"identities: {joined}", markup=False, highlight=False)


def register(import_app: typer.Typer) -> None:
    import_app.command("mail")(mail)


__all__ = ["register"]
