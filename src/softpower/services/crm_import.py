"""Importing a CRM export: one unit of work, streamed in batches.

`import_crm` reads every file (CSV or XLSX) through its declared mapping and
writes the records in batches of a few thousand, all inside one
transaction. With `on_error="abort"` (the default) any bad row means
nothing is written and `BadRecord` names file, line, column and reason for
each; with `on_error="skip"` the good rows are written and the bad ones saved
as a JSONL report under the workspace's `reports/`. Records are upserted on
the CRM's own ids, so importing the same files again changes nothing, and a
run killed half-way (its transaction never committed) is simply run again.
Each run is recorded in `import_runs`: `running` when it starts, then
`committed` or `failed`; a run killed with SIGKILL stays `running`.
"""

from __future__ import annotations

import json
import queue
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

from sqlalchemy import Engine, insert, update

from softpower.domain import Team
from softpower.errors import BadFile, BadRecord, RecordProblem, SoftpowerError
from softpower.ingest.crm import CrmFile, CrmRecord, Placeholder, open_crm_file, read_crm_file
from softpower.ingest.crm_mapping import (
    ENTITY_ORDER,
    PRESETS,
    Mapping,
    load_mapping,
    load_preset,
)
from softpower.ingest.files import expand_paths
from softpower.services.people import settle_sides
from softpower.services.store import store_of
from softpower.store import schema
from softpower.store.crm import CrmWriter
from softpower.workspace import Workspace

OnError = Literal["abort", "skip"]
BATCH_ROWS = 5000
KEPT_PROBLEMS = 1000  # problems held in the summary; the report has them all
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
KIND = "crm"


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """Where an import stands, for progress bars: called after every batch."""

    file: str
    entity: str
    rows: int  # rows read so far in this file
    bytes_read: int
    bytes_total: int


@dataclass(slots=True)
class FileResult:
    path: str
    layout: str  # mapping (preset) name
    entity: str
    rows: int = 0
    rejected: int = 0


@dataclass(slots=True)
class CrmImportSummary:
    """What an import did: per file, per kind of record, and what it refused."""

    files: list[FileResult] = field(default_factory=list)
    written: Counter[str] = field(default_factory=Counter)
    rejected: int = 0
    problems: list[RecordProblem] = field(default_factory=list)
    report_path: Path | None = None
    run_id: int | None = None

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)


def crm_mappings(preset: str | None = None, mapping: Path | None = None) -> list[Mapping]:
    """The mappings a file may match: the user's file, one preset, or every preset."""
    if mapping is not None:
        return [load_mapping(mapping)]
    if preset is not None:
        return [load_preset(preset)]
    return [load_preset(name) for name in PRESETS]


def import_crm(
    workspace: Workspace,
    paths: Sequence[Path],
    *,
    preset: str | None = None,
    mapping: Path | None = None,
    on_error: OnError = "abort",
    progress: Callable[[ImportProgress], None] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> CrmImportSummary:
    """Import CRM files (or folders of them) into the workspace; see the module docstring."""
    if on_error not in ("abort", "skip"):
        raise SoftpowerError(f"on_error must be 'abort' or 'skip', not {on_error!r}")
    mappings = crm_mappings(preset, mapping)
    summary = CrmImportSummary()
    report = _Report(workspace, on_error)
    files = _open_files(expand_paths(list(paths), SUFFIXES), mappings, summary, report)
    with store_of(workspace) as engine:
        summary.run_id = _start_run(engine, paths)
        try:
            with engine.begin() as connection:
                writer = _BackgroundWriter(CrmWriter(connection), summary.written)
                try:
                    for crm_file in files:
                        _import_file(crm_file, writer, summary, report, progress, batch_rows)
                finally:
                    writer.finish()
                if on_error == "abort" and summary.rejected:
                    raise BadRecord(summary.problems, summary.rejected)
        except BaseException:
            for crm_file in files:
                crm_file.table.close()
            _finish_run(engine, summary, "failed")
            report.close()
            raise
        summary.report_path = report.close()
        _finish_run(engine, summary, "committed")
        settle_sides(engine, workspace)
    return summary


def _open_files(
    paths: list[Path], mappings: list[Mapping], summary: CrmImportSummary, report: _Report
) -> list[CrmFile]:
    opened: list[CrmFile] = []
    try:
        for path in paths:
            try:
                opened.append(open_crm_file(path, mappings))
            except BadFile as error:
                if report.on_error == "abort":
                    raise
                report.add(summary, RecordProblem(error.file, None, None, error.reason))
    except BaseException:
        for crm_file in opened:
            crm_file.table.close()
        raise
    opened.sort(key=lambda f: ENTITY_ORDER.index(f.entity))
    return opened


def _import_file(
    crm_file: CrmFile,
    writer: _BackgroundWriter,
    summary: CrmImportSummary,
    report: _Report,
    progress: Callable[[ImportProgress], None] | None,
    batch_rows: int,
) -> None:
    result = FileResult(str(crm_file.path), crm_file.resolved.mapping.name, crm_file.entity)
    summary.files.append(result)
    writing = True
    batch: list[CrmRecord | Placeholder] = []

    def flush() -> None:
        nonlocal batch
        if batch and writing:
            writer.put(batch)
        batch = []
        if progress is not None:
            progress(
                ImportProgress(
                    result.path,
                    result.entity,
                    result.rows,
                    crm_file.table.bytes_read(),
                    crm_file.table.size,
                )
            )

    for item in read_crm_file(crm_file):
        if isinstance(item, RecordProblem):
            result.rows += 1
            result.rejected += 1
            report.add(summary, item)
            if report.on_error == "abort":
                writing = False  # keep reading to list every problem, write nothing more
            continue
        if not isinstance(item, Placeholder | Team):
            result.rows += 1
        if writing:
            batch.append(item)
            if len(batch) >= batch_rows:
                flush()
        elif result.rows % batch_rows == 0:
            flush()
    flush()


class _BackgroundWriter:
    """Writes batches on a second thread while the next batch is being read.

    The database drivers release the GIL while the database works, so reading
    and writing overlap on two cores. Batches are handed over through a
    two-slot queue, which bounds memory; the first error stops the writing
    and is raised again in the importing thread. All writes still go through
    the importing transaction's one connection, used by one thread at a time.
    """

    def __init__(self, writer: CrmWriter, counts: Counter[str]) -> None:
        self._writer = writer
        self._counts = counts
        self._queue: queue.Queue[list[CrmRecord | Placeholder] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="crm-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._counts.update(self._writer.write(batch))
                except BaseException as error:  # handed over to the importing thread
                    self._error = error

    def put(self, batch: list[CrmRecord | Placeholder]) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(batch)

    def finish(self) -> None:
        """Wait for every batch handed over; raise the writer's error if any."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error


class _Report:
    """Refused records: counted, the first ones kept in the summary, all written as JSONL."""

    def __init__(self, workspace: Workspace, on_error: OnError) -> None:
        self.workspace = workspace
        self.on_error = on_error
        self.path: Path | None = None
        self._handle: IO[str] | None = None

    def add(self, summary: CrmImportSummary, problem: RecordProblem) -> None:
        summary.rejected += 1
        if len(summary.problems) < KEPT_PROBLEMS:
            summary.problems.append(problem)
        if self.on_error != "skip":
            return
        if self._handle is None:
            self.workspace.reports_dir.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            self.path = self.workspace.reports_dir / f"import-crm-{stamp}.jsonl"
            self._handle = self.path.open("w", encoding="utf-8")
        record = {
            "file": problem.file,
            "line": problem.line,
            "column": problem.column,
            "reason": problem.reason,
        }
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> Path | None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        return self.path


def _start_run(engine: Engine, paths: Sequence[Path]) -> int:
    with engine.begin() as connection:
        result = connection.execute(
            insert(schema.import_runs).values(
                kind=KIND,
                paths="\n".join(str(p) for p in paths),
                started_at=datetime.now(UTC),
                status="running",
                written=0,
                rejected=0,
            )
        )
        assert result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])


def _finish_run(engine: Engine, summary: CrmImportSummary, status: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(schema.import_runs)
            .where(schema.import_runs.c.id == summary.run_id)
            .values(
                finished_at=datetime.now(UTC),
                status=status,
                written=sum(summary.written.values()) if status == "committed" else 0,
                rejected=summary.rejected,
                report_path=str(summary.report_path) if summary.report_path else None,
            )
        )
