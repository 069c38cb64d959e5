"""`softpower import runs`: the import history, newest first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from softpower.cli.context import console, lazy_module, workspace_of

if TYPE_CHECKING:
    from softpower.services import store
    from softpower.store import import_runs as runs_store
    from softpower.store.import_runs import ImportRun
else:
    store = lazy_module("softpower.services.store")
    runs_store = lazy_module("softpower.store.import_runs")


def runs_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=0, help="How many runs to show (0: all).")] = 20,
) -> None:
    """Show the latest imports: what they read, how they ended, what they wrote or refused."""
    with store.store_of(workspace_of(ctx)) as engine:
        runs = runs_store.recent_runs(engine, limit or None)
    table = Table(title="Imports, newest first" if runs else "No imports yet")
    for column in ("Run", "Kind", "Started (UTC)", "Took", "Status", "Written", "Refused", "Read"):
        table.add_column(
            column, justify="right" if column in ("Run", "Written", "Refused") else "left"
        )
    for run in runs:
        table.add_row(
            str(run.id),
            run.kind,
            run.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            _took(run),
            run.status,
            f"{run.written:,}",
            f"{run.rejected:,}",
            _read(run),
        )
    console.print(table)
    for run in runs:
        if run.report_path:
            console.print(
                f"run {run.id}: what it refused, and why: {run.report_path}",
                markup=False,
                highlight=False,
            )


def _took(run: ImportRun) -> str:
    if run.finished_at is None:
        return ""
    seconds = (run.finished_at - run.started_at).total_seconds()
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _read(run: ImportRun) -> str:
    names = [Path(path).name or path for path in run.paths]
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def register(app: typer.Typer) -> None:
    app.command("runs")(runs_command)
