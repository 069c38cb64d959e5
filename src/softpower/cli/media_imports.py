"""`softpower import calendar|transcripts|docs`: meetings, calls and customer documents.

Each command shows a progress bar (files and records) while it runs and a
summary at the end: files imported, unchanged and refused, what was written,
and the problems (file, line or place, reason), with the full list saved as
a JSONL report in the workspace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from softpower.cli.context import console, counted, counts_text, lazy_module, workspace_of
from softpower.errors import SoftpowerError
from softpower.ingest import transcripts as transcript_files
from softpower.ingest.files import expand_paths
from softpower.ingest.transcripts import TranscriptFormat

if TYPE_CHECKING:
    from softpower.ingest import calendar as calendar_files
    from softpower.ingest import documents as document_files
    from softpower.services import calendar_import, document_import, transcript_import
    from softpower.services.imports import ImportSummary
else:
    calendar_files = lazy_module("softpower.ingest.calendar")
    document_files = lazy_module("softpower.ingest.documents")
    calendar_import = lazy_module("softpower.services.calendar_import")
    document_import = lazy_module("softpower.services.document_import")
    transcript_import = lazy_module("softpower.services.transcript_import")

SHOWN_PROBLEMS = 10

ProgressCallback = Callable[[str, int], None]


@contextmanager
def _progress_bar(label: str, files: int) -> Iterator[ProgressCallback]:
    """A bar over files with a running count of records; yields the service's callback."""
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[records]} records · {task.fields[current]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # no bar in a pipe or log: it left a blank line
    )
    task = bar.add_task(label, total=files, records=0, current="")
    seen: list[str] = []
    records = 0

    def advance(name: str, count: int) -> None:
        nonlocal records
        records += count
        if not seen or seen[-1] != name:
            seen.append(name)
        bar.update(task, completed=max(len(seen) - 1, 0), records=records, current=name[-40:])

    with bar:
        yield advance
        bar.update(task, completed=files)


def _count_files(paths: list[Path], suffixes: tuple[str, ...]) -> int:
    return len(expand_paths(paths, suffixes))


def _render(summary: ImportSummary, noun: str) -> None:
    """One line: what became of the files, what was written, how many problems (no zeros)."""
    files = [
        f"{counted(len(names), 'file')} {what}"
        for names, what in (
            (summary.files_imported, "imported"),
            (summary.files_unchanged, "unchanged"),
            (summary.files_failed, "refused"),
        )
        if names
    ]
    # messages met again (in another folder, or a copy of a file) are read, not written
    again = summary.written.get("duplicates", 0)
    written = counts_text(summary.written, leave_out={"duplicates"})
    seen = f"; {counted(again, 'message')} already stored" if again else ""
    problems = f"; {counted(len(summary.problems), 'problem')}" if summary.problems else ""
    console.print(
        f"{noun}: {', '.join(files) or 'no file'}; written: {written or 'nothing'}{seen}{problems}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    for problem in summary.problems[:SHOWN_PROBLEMS]:
        console.print(f"  {problem}", markup=False, highlight=False, soft_wrap=True)
    if len(summary.problems) > SHOWN_PROBLEMS:
        console.print(f"  ... and {len(summary.problems) - SHOWN_PROBLEMS} more", markup=False)
    if summary.report_path is not None:
        console.print(
            f"problem report: {summary.report_path}", markup=False, highlight=False, soft_wrap=True
        )


def refuse_if_nothing_read(summary: ImportSummary) -> None:
    """An import that refused everything it read failed: exit 1, for scripts too."""
    if summary.problems and not +summary.written and not summary.files_unchanged:
        raise SoftpowerError(
            "nothing imported: "
            + (
                "the problem above leaves"
                if len(summary.problems) == 1
                else "the problems above leave"
            )
            + " no usable record"
        )


def _day(value: datetime | None, end: bool) -> datetime | None:
    if value is None:
        return None
    if end and value.time() == time(0, 0):
        value = value.replace(hour=23, minute=59, second=59)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


PathsArgument = Annotated[
    list[Path],
    typer.Argument(metavar="PATH", help="Files or folders (folders are searched recursively)."),
]


def calendar(
    ctx: typer.Context,
    paths: PathsArgument,
    start: Annotated[
        datetime | None,
        typer.Option(
            "--from",
            help="Expand recurring events from this date (default: each file's first event).",
        ),
    ] = None,
    end: Annotated[
        datetime | None,
        typer.Option(
            "--to",
            help="...up to this date, inclusive (default: a year after each file's last event start).",
        ),
    ] = None,
) -> None:
    """Import calendar exports (.ics): meetings, organizers, attendees and their responses."""
    workspace = workspace_of(ctx)
    window = None
    if start is not None or end is not None:
        lower = _day(start, end=False) or datetime(1970, 1, 1, tzinfo=UTC)
        upper = _day(end, end=True) or datetime(2100, 1, 1, tzinfo=UTC)
        if upper <= lower:
            raise typer.BadParameter("--to must be after --from")
        window = calendar_files.Window(lower, upper)
    with _progress_bar("calendar", _count_files(paths, calendar_import.SUFFIXES)) as progress:
        summary = calendar_import.import_calendar(workspace, paths, window, progress)
    _render(summary, "calendar")
    refuse_if_nothing_read(summary)


def transcripts(
    ctx: typer.Context,
    paths: PathsArgument,
    speakers: Annotated[
        Path | None,
        typer.Option("--speakers", help="CSV mapping speakers to people: speaker,email[,name]."),
    ] = None,
    fmt: Annotated[
        TranscriptFormat | None,
        typer.Option(
            "--format",
            help="Read every file as this format (default: by file suffix; AMI JSON is recognised).",
        ),
    ] = None,
) -> None:
    """Import call and meeting transcripts (WebVTT, SRT, JSON, AMI) as calls with speaker turns."""
    workspace = workspace_of(ctx)
    with _progress_bar("transcripts", _count_files(paths, transcript_files.SUFFIXES)) as progress:
        summary = transcript_import.import_transcripts(workspace, paths, fmt, speakers, progress)
    _render(summary, "transcripts")
    refuse_if_nothing_read(summary)


def docs(
    ctx: typer.Context,
    paths: PathsArgument,
    account: Annotated[
        str | None,
        typer.Option("--account", help="The customer account these documents belong to."),
    ] = None,
) -> None:
    """Import customer documents (txt, md, html, pdf, docx) as sentences with page and paragraph."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its complaints become problems instead
    workspace = workspace_of(ctx)
    with _progress_bar("documents", _count_files(paths, document_files.SUFFIXES)) as progress:
        summary = document_import.import_documents(workspace, paths, account, progress)
    _render(summary, "documents")
    refuse_if_nothing_read(summary)


def register(import_app: typer.Typer) -> None:
    import_app.command("calendar")(calendar)
    import_app.command("transcripts")(transcripts)
    import_app.command("docs")(docs)
