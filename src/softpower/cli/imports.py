"""`softpower import ...`: bring sources into the workspace."""

from __future__ import annotations

import enum
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn
from rich.table import Table

from softpower.cli import import_runs, mail_import, media_imports
from softpower.cli.context import (
    console,
    console_err,
    counted,
    counts_text,
    lazy_module,
    workspace_of,
)
from softpower.ingest.crm_mapping import PRESETS

if TYPE_CHECKING:
    from softpower.services import crm_import
    from softpower.services.crm_import import CrmImportSummary, ImportProgress
else:
    crm_import = lazy_module("softpower.services.crm_import")

import_app = typer.Typer(help="Import sources into the workspace.", no_args_is_help=True)

Preset = enum.StrEnum("Preset", {name: name for name in PRESETS})  # type: ignore[misc]


class OnErrorChoice(enum.StrEnum):
    abort = "abort"
    skip = "skip"


class _ProgressBar:
    """A Rich progress bar per file: bytes read, rows read, rows per second."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}
        self.started: dict[str, float] = {}

    def __call__(self, update: ImportProgress) -> None:
        task = self.tasks.get(update.file)
        if task is None:
            label = f"{Path(update.file).name} ({update.entity})"
            task = self.progress.add_task(label, total=update.bytes_total, rows="")
            self.tasks[update.file] = task
            self.started[update.file] = time.perf_counter()
        elapsed = max(time.perf_counter() - self.started[update.file], 1e-6)
        rows = f"{update.rows:,} rows, {update.rows / elapsed:,.0f} rows/s"
        self.progress.update(task, completed=update.bytes_read, rows=rows)


@import_app.command("crm")
def import_crm_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE", help="CSV or XLSX files, or folders of them.")
    ],
    preset: Annotated[
        Preset | None,
        typer.Option(help="Column layout; default: recognised from each file's header."),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(help="A TOML mapping file declaring the columns (see docs/formats.md)."),
    ] = None,
    on_error: Annotated[
        OnErrorChoice,
        typer.Option(
            "--on-error",
            help="abort: a bad row, or a file that is no known CRM layout, refuses the whole "
            "import; skip: write the good rows and files, and save a report of the rest.",
        ),
    ] = OnErrorChoice.abort,
) -> None:
    """Import accounts, contacts, deals, activities, sellers, teams and products from a CRM export."""
    workspace = workspace_of(ctx)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]}"),
    )
    # no bar where nobody watches (a pipe, a log): it would leave a blank line
    with Progress(
        *columns, console=console_err, transient=True, disable=not console_err.is_terminal
    ) as progress:
        summary = crm_import.import_crm(
            workspace,
            files,
            preset=preset.value if preset is not None else None,
            mapping=mapping,
            on_error=on_error.value,
            progress=_ProgressBar(progress),
        )
    _print_summary(summary)


# a record named by others but described by no file: what the summary calls it
_UNDESCRIBED = {
    "accounts": ("account", "id", "deals, contacts or activities"),
    "sellers": ("seller", "id", "deals"),
    "products": ("product", "name", "deals"),
}


def _print_summary(summary: CrmImportSummary) -> None:
    table = Table(title="CRM import")
    for column in ("File", "Layout", "Records", "Rows", "Rejected"):
        table.add_column(column, justify="right" if column in ("Rows", "Rejected") else "left")
    for result in summary.files:
        table.add_row(
            Path(result.path).name,
            result.layout,
            result.entity,
            f"{result.rows:,}",
            f"{result.rejected:,}",
        )
    read = {result.path for result in summary.files}
    refused = [p for p in summary.problems if p.line is None and p.file not in read]
    for problem in refused:  # a whole file left out (`--on-error skip`): no layout matched
        table.add_row(Path(problem.file).name, "-", "refused", "", "whole file")
    console.print(table)
    written = counts_text(summary.written)
    console.print(f"Written (new or changed): {written or 'nothing'}", highlight=False)
    if unchanged := counts_text(summary.unchanged):
        console.print(f"Unchanged (stored already as they are): {unchanged}", highlight=False)
    for name, (kind, known_by, named_by) in _UNDESCRIBED.items():
        ids = summary.undescribed.get(name, [])
        if ids:
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            console.print(
                f"{counted(len(ids), kind)} known only by {known_by} (named by {named_by}, "
                f"in no {name} file; a typo?): {shown}",
                markup=False,
                highlight=False,
            )
    if summary.rejected:
        parts = (
            [counted(summary.rejected - len(refused), "row")]
            if summary.rejected > len(refused)
            else []
        )
        parts += [counted(len(refused), "file")] if refused else []
        console.print(
            f"Rejected {' and '.join(parts)}; report: {summary.report_path}",
            markup=False,
            highlight=False,
        )
        for problem in summary.problems[:5]:
            console.print(f"  {problem}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    media_imports.register(import_app)
    mail_import.register(import_app)
    import_runs.register(import_app)
    app.add_typer(import_app, name="import")
