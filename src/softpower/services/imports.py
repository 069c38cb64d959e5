"""How every file-based import behaves, whatever the format.

- Incremental: a file whose content hash matches the last import is skipped;
  a changed file has its old records replaced.
- Resumable: a file's records and its bookkeeping are committed together
  (several small files share a transaction, because every commit rewrites
  the hot index pages; a file that cannot be read to its end leaves nothing
  in it: see `_import_one`), so a process killed mid-run leaves the
  uncommitted files unrecorded and the next run imports them again, whole;
  files already committed are skipped by hash. Nothing lost, nothing doubled.
- Checked in bulk on a first import: on PostgreSQL, a foreign-key check is a
  trigger per row (mail: 2 of the server's 3 CPU-seconds on Enron), so when
  the importer's tables are empty their references are checked once per
  transaction instead, in one set-based pass before it commits, and their
  secondary indexes are built then, in one sorted pass (see `_Transactions`).
- Parallel where parsing dominates (`FileImporter.parsers`): files are parsed
  by forked workers taking them in turn while this process writes.
- Forgiving per record: a record the reader cannot understand becomes a
  `RecordProblem` (file, line or offset, reason) in the summary and in a
  JSONL report in the workspace; the import goes on.

A format plugs in with a reader (path -> records and problems, streamed) and
a writer (connection, batch, source-file id -> counts).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine, Table

from softpower.errors import BadFile, RecordProblem
from softpower.ingest.files import sha256_of
from softpower.services.parse_worker import WorkerItems
from softpower.store import communications
from softpower.store.bulk_load import Deferred, defer_checks, restore_checks
from softpower.store.database import prepare_bulk_writes
from softpower.store.import_runs import finish_run, start_run
from softpower.store.repository import all_empty
from softpower.workspace import Workspace

Record = TypeVar("Record")

Progress = Callable[[str, int], None]  # (file name, records read since last call)

BATCH = 500
COMMIT_RECORDS = 5000  # a commit after this many records (at a file's end)...
COMMIT_FILES = 20  # ...or this many files, so whole-file records commit as they go
# with references checked per transaction, each check reads the whole table: fewer, larger ones
COMMIT_RECORDS_CHECKED_IN_BULK = 50_000
ANALYZE_FROM = 1_000  # records written before the tables' statistics are first brought up to date
WHOLE_FILE_RECORDS = COMMIT_RECORDS  # a file up to this long is read whole before it is written


@dataclass(slots=True)
class ImportSummary:
    """What an import did, file by file and record by record."""

    kind: str
    files_imported: list[str] = field(default_factory=list)
    files_unchanged: list[str] = field(default_factory=list)
    files_failed: list[str] = field(default_factory=list)
    written: Counter[str] = field(default_factory=Counter)
    problems: list[RecordProblem] = field(default_factory=list)
    report_path: Path | None = None


@dataclass(slots=True)
class FileImporter(Generic[Record]):
    """One source format: its name, how to read a file, how to write a batch."""

    kind: str
    read: Callable[[Path], Iterable[Record | RecordProblem]]
    write: Callable[[Connection, list[Record], int], Counter[str]]
    batch_size: int = BATCH
    parsers: int = 0  # worker processes parsing files in turn; 0 parses here
    # what else shapes the records (a speaker mapping, a calendar window): hashed with each
    # file's content, so the same file imported with other settings counts as changed
    settings: str = ""
    # tables whose references a first import checks, and whose keys and indexes it builds,
    # per transaction, not per row (PostgreSQL); but for the keys and indexes `write` reads
    # through (its lookups, its ON CONFLICT clauses)
    checked_in_bulk: tuple[Table, ...] = ()
    indexes_read: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Todo:
    path: Path
    key: str  # the resolved path, as recorded
    digest: str
    stored_id: int | None  # the id of its earlier version, if one was imported


def import_files(
    engine: Engine,
    workspace: Workspace,
    importer: FileImporter[Record],
    files: Sequence[Path],
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the changed `files`, committing after every few thousand records."""
    summary = ImportSummary(kind=importer.kind)
    run_id = start_run(engine, importer.kind, files)
    try:
        _import_changed(engine, importer, files, summary, progress)
    except BaseException:
        finish_run(engine, run_id, "failed", 0, len(summary.problems), None)
        raise
    summary.report_path = _write_report(workspace, importer.kind, summary.problems)
    written = sum(summary.written.values())
    finish_run(engine, run_id, "committed", written, len(summary.problems), summary.report_path)
    return summary


def _import_changed(
    engine: Engine,
    importer: FileImporter[Record],
    files: Sequence[Path],
    summary: ImportSummary,
    progress: Progress | None,
) -> None:
    """The files that changed since their last import, written into `summary`."""
    todo = _changed(engine, importer.kind, files, summary, importer.settings)
    parsed = _Parsed(importer, todo)
    try:
        with engine.connect() as connection:
            transactions = _Transactions(connection, importer)
            for number, item in enumerate(todo):
                transactions.begin()
                records = _import_one(connection, importer, item, parsed(number), summary, progress)
                transactions.written(records)
            transactions.commit()
    finally:
        parsed.close()


class _Transactions:
    """The transactions the files share: one is begun for the next file, and committed after
    `COMMIT_RECORDS` records or `COMMIT_FILES` files.

    PostgreSQL commits them asynchronously (`synchronous_commit = off`), saving
    a WAL flush: a server crash may forget the last files committed, but never
    part of a file, and their `source_files` rows go with them, so the next
    run imports them again. SQLite's `synchronous=NORMAL` in WAL mode already
    gives the same guarantee.

    When the importer's `checked_in_bulk` tables are all empty on PostgreSQL,
    each transaction drops their foreign keys, primary keys and secondary
    indexes (but the `indexes_read`) first, and before it commits builds the
    keys and indexes in one sorted pass each and adds the references back,
    which checks every row in one pass: a duplicate key or a dangling
    reference fails the transaction, so the store never holds one, and a
    killed run leaves keys and indexes as they were (the drops are undone with
    the rest). As each pass reads the whole table, such transactions commit
    every `COMMIT_RECORDS_CHECKED_IN_BULK` records. The drops lock the tables (and
    those they refer to) until the commit, which is why only a first import,
    into empty tables, does this. (On SQLite a reference check is an index
    probe in the same process: the per-row way costs less than a pass over
    the table at each commit.)
    """

    def __init__(self, connection: Connection, importer: FileImporter[Any]) -> None:
        self.connection = connection
        prepare_bulk_writes(connection)
        tables = importer.checked_in_bulk
        in_bulk = (
            connection.dialect.name == "postgresql"
            and bool(tables)
            and all_empty(connection, tables)
        )
        connection.commit()
        self.tables = tables if in_bulk else ()
        self.kept = importer.indexes_read
        self.records = COMMIT_RECORDS_CHECKED_IN_BULK if in_bulk else COMMIT_RECORDS
        self.files: int | None = None if in_bulk else COMMIT_FILES
        self.deferred = Deferred()
        self.pending = self.grouped = 0  # records and files in the open transaction
        # checked row by row on PostgreSQL, the checks' plans need statistics (see `_analyze`)
        row_by_row = connection.dialect.name == "postgresql" and not in_bulk
        written = tables if row_by_row else ()
        self.analyzed = sorted(  # the tables their references point to
            {fk.referred_table.name for t in written for fk in t.foreign_key_constraints}
        )
        self.loaded = self.analyzed_at = 0  # records written in this run, and at the last ANALYZE

    def _analyze(self) -> None:
        """Bring the statistics of the tables referred to up to date.

        PostgreSQL plans a foreign-key check once per session and keeps the
        plan: made while a table is nearly empty, it reads the whole table
        for every check, and an import that grows it from a few rows to
        thousands then spends its time there (measured: Enron into a store
        holding one message, 5.2 s of 7.8 s in those checks). New statistics
        make the plans be made again; gathered as the written rows double,
        a few times per import.
        """
        # in the open transaction (a file was just written in it): its rows count
        self.connection.exec_driver_sql(f"ANALYZE {', '.join(self.analyzed)}")
        self.analyzed_at = self.loaded

    def begin(self) -> None:
        if self.connection.in_transaction():
            return
        self.connection.begin()
        if self.connection.dialect.name == "sqlite":
            self.connection.exec_driver_sql("BEGIN")  # so savepoints nest in it
        else:
            self.connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
            self.deferred = defer_checks(self.connection, self.tables, kept=self.kept, keys=True)

    def written(self, records: int) -> None:
        """A file is done: commit if the transaction holds enough."""
        self.pending += records
        self.grouped += 1
        self.loaded += records
        if self.analyzed and self.loaded >= max(ANALYZE_FROM, 2 * self.analyzed_at):
            self._analyze()
        if self.pending >= self.records or (self.files and self.grouped >= self.files):
            self.commit()

    def commit(self) -> None:
        if self.connection.in_transaction():
            restore_checks(self.connection, self.deferred)
            self.connection.commit()
        self.deferred = Deferred()
        self.pending = self.grouped = 0


def _changed(
    engine: Engine, kind: str, files: Sequence[Path], summary: ImportSummary, settings: str = ""
) -> list[_Todo]:
    """The files whose content (or settings) differ from their last import; unreadable: failed.

    A file named twice is imported once.
    """
    todo: list[_Todo] = []
    keys: set[str] = set()
    with engine.connect() as connection:
        for path in files:
            key = str(path.resolve())
            if key in keys:
                summary.files_unchanged.append(key)
                continue
            try:
                digest = sha256_of(path)
            except BadFile as error:
                _failed(summary, key, error)
                continue
            if settings:
                digest = hashlib.sha256(f"{digest}\n{settings}".encode()).hexdigest()
            recorded = communications.recorded_file(connection, kind, key)
            if recorded is not None and recorded[1] == digest:
                summary.files_unchanged.append(key)
            else:
                todo.append(_Todo(path, key, digest, recorded[0] if recorded else None))
                keys.add(key)
    return todo


Chunks = Iterator[list[Any]]  # a file's records and problems, a batch at a time


def _chunks(importer: FileImporter[Record], path: Path) -> Chunks:
    batch: list[Any] = []
    for item in importer.read(path):
        batch.append(item)
        if len(batch) >= importer.batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Parsed(Generic[Record]):
    """Each file's chunks, parsed here or by workers taking the files in turn."""

    def __init__(self, importer: FileImporter[Record], todo: list[_Todo]) -> None:
        self.importer = importer
        self.paths = [item.path for item in todo]
        workers = min(importer.parsers, len(todo))
        self.workers = [
            WorkerItems(
                partial(_parse_in_turn, importer, self.paths, turn, workers), codec="pickle"
            )
            for turn in range(workers if workers > 1 else 0)
        ]

    def __call__(self, number: int) -> Chunks:
        if not self.workers:
            return _chunks(self.importer, self.paths[number])
        return self._received(self.workers[number % len(self.workers)])

    @staticmethod
    def _received(worker: WorkerItems) -> Chunks:
        while True:
            kind, payload = next(worker)
            if kind == "end":
                return
            if kind == "failed":
                raise BadFile(*payload)
            yield payload

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


def _parse_in_turn(
    importer: FileImporter[Record], paths: list[Path], turn: int, turns: int
) -> Iterator[tuple[str, Any]]:
    """A worker's share: every `turns`-th file from `turn`, each ended by a mark."""
    for path in paths[turn::turns]:
        try:
            for chunk in _chunks(importer, path):
                yield ("chunk", chunk)
        except BadFile as error:
            yield ("failed", (error.file, error.reason))
            continue
        yield ("end", None)


def _import_one(
    connection: Connection,
    importer: FileImporter[Record],
    item: _Todo,
    chunks: Chunks,
    summary: ImportSummary,
    progress: Progress | None,
) -> int:
    """One file: written whole, or (unreadable) not at all.

    A file of up to `WHOLE_FILE_RECORDS` records is read whole before its
    first write, so a read error leaves nothing to undo; a longer one is
    written as it is read, inside a savepoint. Savepoints are kept for those
    because they cost: on PostgreSQL each file's foreign-key checks would lock
    the same people rows again, one subtransaction after another.
    """
    ahead: list[list[Any]] = []
    read = 0
    whole = False
    try:
        for chunk in chunks:
            ahead.append(chunk)
            read += len(chunk)
            if read > WHOLE_FILE_RECORDS:
                break
        else:
            chunks, whole = iter(()), True  # the whole file is in hand
    except BadFile as error:
        _failed(summary, item.key, error)
        return 0
    savepoint = None if whole else connection.begin_nested()
    written: Counter[str] = Counter()
    problems: list[RecordProblem] = []
    records = 0
    try:
        source_id = communications.begin_source_file(
            connection,
            importer.kind,
            item.key,
            item.digest,
            item.path.stat().st_size,
            item.stored_id,
        )
        for chunk in chain(ahead, chunks):
            batch = [record for record in chunk if not isinstance(record, RecordProblem)]
            problems.extend(record for record in chunk if isinstance(record, RecordProblem))
            if batch:
                written.update(importer.write(connection, batch, source_id))
                records += len(batch)
            if progress is not None:
                progress(item.path.name, len(chunk))
        communications.finish_source_file(connection, source_id, sum(written.values()))
    except BadFile as error:  # only a file read as it is written gets here
        assert savepoint is not None
        savepoint.rollback()
        for _ in chunks:  # a worker's rest of the file, if any, is not wanted
            pass
        _failed(summary, item.key, error)
        return 0
    except BaseException:
        if savepoint is not None:
            savepoint.rollback()
        raise  # the shared transaction is not committed either
    if savepoint is not None:
        savepoint.commit()
    summary.problems.extend(problems)
    summary.written.update(written)
    summary.files_imported.append(item.key)
    return records


def _failed(summary: ImportSummary, key: str, error: BadFile) -> None:
    summary.files_failed.append(key)
    summary.problems.append(RecordProblem(error.file, None, None, error.reason))


def _write_report(workspace: Workspace, kind: str, problems: list[RecordProblem]) -> Path | None:
    """Save the refused records as JSONL in the workspace's reports folder."""
    if not problems:
        return None
    workspace.reports_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = workspace.reports_dir / f"import-{kind}-{stamp}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for problem in problems:
            handle.write(json.dumps(asdict(problem), ensure_ascii=False) + "\n")
    return path
