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
`committed` (in the transaction that writes its records) or `failed`; a run
killed with SIGKILL stays `running`.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

from sqlalchemy import Table

from softpower.errors import BadFile, BadRecord, RecordProblem, SoftpowerError
from softpower.ingest.crm import CrmFile, Record, open_crm_file
from softpower.ingest.crm_columns import block_builder
from softpower.ingest.crm_mapping import (
    ENTITY_ORDER,
    PRESETS,
    Mapping,
    load_mapping,
    load_preset,
)
from softpower.ingest.files import expand_paths, nothing_found
from softpower.ingest.tabular import Block, Row, TableFile, open_table
from softpower.services.parse_worker import InTurn
from softpower.services.people import settle_sides
from softpower.services.store import writing_store
from softpower.store import repository, schema
from softpower.store.bulk_load import bulk_load
from softpower.store.bulk_table import Values
from softpower.store.crm import CrmWriter
from softpower.store.crm_rows import TABLES_WRITTEN, CrmRows, TableRows
from softpower.store.database import database_dialect
from softpower.store.import_runs import finish_run, start_run
from softpower.store.repository import UNDESCRIBED
from softpower.workspace import Workspace

OnError = Literal["abort", "skip"]
BATCH_ROWS = 5000
KEPT_PROBLEMS = 1000  # problems held in the summary; the report has them all
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
KIND = "crm"
PARSERS = 2  # parsing processes for a large import; the writer is the third
LARGE_IMPORT_BYTES = 4 << 20  # from here two processes parse, in turn
# from here one process parses while this one writes: parsing costs about what writing does,
# and a fork (10 ms or so) is repaid from a few thousand rows on; its batches are small, so
# writing starts early
PIPELINED_BYTES = 256 << 10
PIPELINED_BATCH_ROWS = 1000


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
    written: Counter[str] = field(default_factory=Counter)  # new or changed, per kind
    unchanged: Counter[str] = field(default_factory=Counter)  # stored already as they are
    rejected: int = 0
    problems: list[RecordProblem] = field(default_factory=list)
    report_path: Path | None = None
    run_id: int | None = None
    # per table of `repository.UNDESCRIBED`: ids this import's records refer to, and the names
    # of those no file ever described
    named: dict[str, set[str]] = field(default_factory=lambda: {t: set() for t in UNDESCRIBED})
    undescribed: dict[str, list[str]] = field(default_factory=dict)

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
    batch_rows: int | None = None,
    large_bytes: int | None = None,
    pipelined_bytes: int | None = None,
) -> CrmImportSummary:
    """Import CRM files (or folders of them) into the workspace; see the module docstring.

    Input of `large_bytes` (default `LARGE_IMPORT_BYTES`) or more is parsed by
    `PARSERS` processes in turn, in batches of `BATCH_ROWS`, while this one
    writes; from `pipelined_bytes` (default `PIPELINED_BYTES`) by one process,
    in batches of `PIPELINED_BATCH_ROWS`; smaller input is parsed here. Large
    input, and any import into tables with no rows yet, is written with
    references checked and indexes built once at the end (`bulk_load`).
    """
    if on_error not in ("abort", "skip"):
        raise SoftpowerError(f"on_error must be 'abort' or 'skip', not {on_error!r}")
    mappings = crm_mappings(preset, mapping)
    summary = CrmImportSummary()
    report = _Report(workspace, on_error)
    try:
        files = _open_files(_crm_paths(paths), mappings, summary, report)
    except BadFile:
        _record_refused(workspace, paths)
        raise
    for crm_file in files:
        crm_file.table.close()  # detection only: the parsers open them again
    size = sum(crm_file.table.size for crm_file in files)
    large = _large(size, large_bytes)
    parsers = parsing_processes(size, large_bytes, pipelined_bytes)
    rows = batch_rows or (PIPELINED_BATCH_ROWS if parsers == 1 else BATCH_ROWS)
    dialect = database_dialect(workspace.database_url)
    # parsers are forked before any database connection exists
    parsed: InTurn | Generator[tuple[Any, ...]] = (
        InTurn([partial(_parsed, files, dialect, rows, (turn, parsers)) for turn in range(parsers)])
        if parsers
        else _parsed(files, dialect, rows)
    )
    try:
        _write_all(workspace, paths, parsed, files, summary, report, progress, large)
    finally:
        parsed.close()
    return summary


def parsing_processes(
    size: int, large_bytes: int | None = None, pipelined_bytes: int | None = None
) -> int:
    """How many processes parse `size` bytes of input (0: this one does)."""
    if _large(size, large_bytes):
        return PARSERS
    return int(size >= (PIPELINED_BYTES if pipelined_bytes is None else pipelined_bytes))


def _large(size: int, large_bytes: int | None) -> bool:
    return size >= (LARGE_IMPORT_BYTES if large_bytes is None else large_bytes)


def _write_all(
    workspace: Workspace,
    paths: Sequence[Path],
    parsed: Iterator[tuple[Any, ...]],
    files: list[CrmFile],
    summary: CrmImportSummary,
    report: _Report,
    progress: Callable[[ImportProgress], None] | None,
    large: bool,
) -> None:
    """Write every parsed batch in one transaction, recording the run."""
    tables = _tables_written(files)
    with writing_store(workspace) as engine:
        run_id = summary.run_id = start_run(engine, KIND, paths)
        try:
            with engine.connect() as connection:
                # a first import has nobody's rows to keep consistent while it runs: it
                # loads like a large one, references checked once at the end
                bulk = large or repository.all_empty(connection, tables)
            transaction = bulk_load(engine, tables) if bulk else engine.begin()
            with transaction as connection:
                writer = CrmWriter(connection, locked=bulk)
                for message in parsed:
                    _take(Parsed(*message), files, writer, summary, report, progress)
                if report.on_error == "abort" and summary.rejected:
                    raise BadRecord(summary.problems, summary.rejected)
                summary.report_path = report.close()
                finish_run(
                    connection,
                    run_id,
                    "committed",
                    sum(summary.written.values()),
                    summary.rejected,
                    summary.report_path,
                )
        except BaseException:
            report.close()
            finish_run(engine, run_id, "failed", 0, summary.rejected, summary.report_path)
            raise
        settle_sides(engine, workspace)
        with engine.connect() as connection:
            summary.undescribed = {
                table: [name for key, name in records if key in summary.named[table]]
                for table, records in repository.undescribed(connection).items()
            }


def _record_refused(workspace: Workspace, paths: Sequence[Path]) -> None:
    """Record an import refused before it wrote anything (a file of no known layout, none
    found) as a failed run, so `import runs` shows every attempt."""
    with contextlib.suppress(SoftpowerError), writing_store(workspace) as engine:
        finish_run(engine, start_run(engine, KIND, paths), "failed", 0, 1, None)


def _tables_written(files: list[CrmFile]) -> list[Table]:
    """The tables these files' records write, referred tables first."""
    names = {name for crm_file in files for name in TABLES_WRITTEN[crm_file.entity]}
    return [table for table in schema.metadata.sorted_tables if table.name in names]


def _crm_paths(paths: Sequence[Path]) -> list[Path]:
    """The files named and those in the folders named; none at all is the user's mistake."""
    found = expand_paths(list(paths), SUFFIXES)
    if not found:
        raise nothing_found(paths, "CSV or XLSX file")
    return found


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


class Parsed(NamedTuple):
    """What a parser hands the writer for one batch of a file: plain values only."""

    file_index: int
    rows: int  # rows of the file in this batch
    rejected: int  # of which refused
    bytes_read: int
    writes: list[tuple[str, list[Values], bool, str | None]]
    problems: list[tuple[str, int | None, str | None, str]]


def _parsed(
    files: list[CrmFile], dialect: str, batch_rows: int, turns: tuple[int, int] = (0, 1)
) -> Generator[tuple[Any, ...]]:
    """Every file's rows as `Parsed` batches (as plain tuples, to cross processes).

    With `turns=(k, n)` this parser builds and yields only every n-th batch,
    starting with the k-th, and skips the others' rows unbuilt; all n of them
    count every row, so they agree on where batches start. Batches never span
    two files, and each file ends with a batch shorter than `batch_rows`
    (maybe empty).
    """
    rows_of = CrmRows(dialect)
    mine, parsers = turns
    number = 0  # batches so far, over all files
    for index, opened in enumerate(files):
        crm_file = CrmFile(open_table(opened.path), opened.resolved)
        table = crm_file.table
        build = block_builder(crm_file, rows_of.natives)
        try:
            rows = batch_rows
            while rows == batch_rows:
                if number % parsers != mine:
                    rows = table.skip(batch_rows)
                else:
                    batch, problems, rows = _batch(table, build, batch_rows)
                    writes = [w.as_plain() for w in rows_of.rows_of(crm_file.entity, batch)]
                    bytes_read = table.bytes_read() if rows == batch_rows else table.size
                    yield tuple(Parsed(index, rows, len(problems), bytes_read, writes, problems))
                number += 1
        finally:
            table.close()


def _batch(
    table: TableFile,
    build: Callable[[list[Block | Row | RecordProblem]], tuple[list[Record], list[RecordProblem]]],
    batch_rows: int,
) -> tuple[list[Record], list[tuple[str, int | None, str | None, str]], int]:
    """The records and problems of the next `batch_rows` rows, and how many rows there were."""
    items = table.take(batch_rows)
    records, problems = build(items)
    rows = sum(len(item.cells) if item.__class__ is Block else 1 for item in items)  # type: ignore[union-attr]
    return records, [(p.file, p.line, p.column, p.reason) for p in problems], rows


def _take(
    parsed: Parsed,
    files: list[CrmFile],
    writer: CrmWriter,
    summary: CrmImportSummary,
    report: _Report,
    progress: Callable[[ImportProgress], None] | None,
) -> None:
    """Write one parsed batch and account for it; an aborting import stops writing at a problem."""
    crm_file = files[parsed.file_index]
    path = str(crm_file.path)
    if len(summary.files) <= parsed.file_index:
        summary.files.append(FileResult(path, crm_file.resolved.mapping.name, crm_file.entity))
    result = summary.files[parsed.file_index]
    result.rows += parsed.rows
    result.rejected += parsed.rejected
    for problem in parsed.problems:
        report.add(summary, RecordProblem(*problem))
    for table, rows, merge, _ in parsed.writes:
        if not merge and table in summary.named:  # records a record names, not ones described
            summary.named[table].update(row[0] for row in rows)
    if not (report.on_error == "abort" and summary.rejected):
        changed, unchanged = writer.write(TableRows(*write) for write in parsed.writes)
        summary.written.update(changed)
        summary.unchanged.update(unchanged)
    if progress is not None:
        progress(
            ImportProgress(path, result.entity, result.rows, parsed.bytes_read, crm_file.table.size)
        )


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
        self._handle.write(json.dumps(asdict(problem), ensure_ascii=False) + "\n")

    def close(self) -> Path | None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        return self.path
