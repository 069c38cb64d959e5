"""How every file-based import behaves, whatever the format.

- Incremental: a file whose content hash matches the last import is skipped;
  a changed file has its old records replaced.
- Resumable: each file is one transaction, so a process killed mid-file
  leaves that file unrecorded and the next run imports it again, whole;
  files already committed are skipped by hash. Nothing lost, nothing doubled.
- Forgiving per record: a record the reader cannot understand becomes a
  `RecordProblem` (file, line or offset, reason) in the summary and in a
  JSONL report in the workspace; the import goes on.

A format plugs in with a reader (path -> records and problems, streamed) and
a writer (connection, batch, source-file id -> counts). A reader that costs
as much CPU as the writes can run in a worker process, a few batches ahead
of the writer (`read_in_worker`, see `ingest.read_ahead`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine, insert, update

from softpower.errors import BadFile, RecordProblem
from softpower.ingest.files import sha256_of
from softpower.ingest.read_ahead import ReadAhead
from softpower.store import communications, schema
from softpower.workspace import Workspace

Record = TypeVar("Record")

Progress = Callable[[str, int], None]  # (file name, records read since last call)

BATCH = 500


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
    """One source format: its name, how to read a file, how to write a batch.

    `read_in_worker`: read the files in a worker process while this one
    writes; `read` must then be a module-level function and its records
    picklable.
    """

    kind: str
    read: Callable[[Path], Iterable[Record | RecordProblem]]
    write: Callable[[Connection, list[Record], int], Counter[str]]
    batch_size: int = BATCH
    read_in_worker: bool = False


def import_files(
    engine: Engine,
    workspace: Workspace,
    importer: FileImporter[Record],
    files: Sequence[Path],
    progress: Progress | None = None,
) -> ImportSummary:
    """Import `files` one transaction each, skipping unchanged ones."""
    summary = ImportSummary(kind=importer.kind)
    run_id = _start_run(engine, importer.kind, files)
    with _reader(importer) as reader:  # a worker starts while the files are hashed
        pending: dict[str, tuple[Path, str]] = {}  # key -> (path, content hash), in order
        for path in files:
            key = str(path.resolve())
            try:
                digest = sha256_of(path)
            except BadFile as error:
                _failed(summary, key, error)
                continue
            with engine.connect() as connection:
                stored = communications.source_file_hash(connection, importer.kind, key)
            if stored == digest or key in pending:
                summary.files_unchanged.append(key)
            else:
                pending[key] = (path, digest)
        per_file = reader.files([path for path, _ in pending.values()])
        for (key, (path, digest)), items in zip(pending.items(), per_file, strict=True):
            try:
                _import_one(engine, importer, path, key, digest, items, summary, progress)
                summary.files_imported.append(key)
            except BadFile as error:
                _failed(summary, key, error)
    summary.report_path = _write_report(workspace, importer.kind, summary.problems)
    _finish_run(engine, run_id, summary)
    return summary


def _failed(summary: ImportSummary, key: str, error: BadFile) -> None:
    summary.files_failed.append(key)
    summary.problems.append(RecordProblem(error.file, None, None, error.reason))


class _ReadHere(Generic[Record]):
    """Records read in this process, file after file (the `ReadAhead` interface)."""

    def __init__(self, read: Callable[[Path], Iterable[Record | RecordProblem]]) -> None:
        self.read = read

    def __enter__(self) -> _ReadHere[Record]:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def files(self, paths: Sequence[Path]) -> Iterator[Iterable[Record | RecordProblem]]:
        return (self.read(path) for path in paths)


def _reader(
    importer: FileImporter[Record],
) -> ReadAhead[Record | RecordProblem] | _ReadHere[Record]:
    """Where each file's records are read: here, or by a worker process when the importer asks."""
    if importer.read_in_worker:
        return ReadAhead(importer.read)
    return _ReadHere(importer.read)


def _import_one(
    engine: Engine,
    importer: FileImporter[Record],
    path: Path,
    key: str,
    digest: str,
    items: Iterable[Record | RecordProblem],
    summary: ImportSummary,
    progress: Progress | None,
) -> None:
    with _file_transaction(engine) as connection:
        source_id = communications.begin_source_file(
            connection, importer.kind, key, digest, path.stat().st_size
        )
        batch: list[Record] = []
        written: Counter[str] = Counter()

        def flush() -> None:
            if batch:
                written.update(importer.write(connection, batch, source_id))
                if progress is not None:
                    progress(path.name, len(batch))
                batch.clear()

        for item in items:
            if isinstance(item, RecordProblem):
                summary.problems.append(item)
                continue
            batch.append(item)
            if len(batch) >= importer.batch_size:
                flush()
        flush()
        communications.finish_source_file(connection, source_id, sum(written.values()))
    summary.written.update(written)


@contextmanager
def _file_transaction(engine: Engine) -> Iterator[Connection]:
    """One file's transaction, set up for writing in bulk.

    - PostgreSQL commits asynchronously (`synchronous_commit = off`), saving a
      WAL flush per file: a server crash may forget the last few files
      committed, but never half a file, and their `source_files` rows go with
      them, so the next run imports them again. SQLite's `synchronous=NORMAL`
      in WAL mode already gives the same guarantee.
    - SQLite gets a 64 MiB page cache, so the indexes of a large import stay
      in memory, and checkpoints its write-ahead log every 80 MB instead of
      every 4 MB: each checkpoint costs two fsyncs, and one file's commit
      rewrites pages of every index, so the default checkpointed after
      nearly every file. (Both settings stay with the pooled connection.)
    """
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA cache_size=-65536")
            connection.exec_driver_sql("PRAGMA wal_autocheckpoint=20000")
            connection.commit()
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
            yield connection


def _start_run(engine: Engine, kind: str, files: Sequence[Path]) -> int:
    with engine.begin() as connection:
        result = connection.execute(
            insert(schema.import_runs).values(
                kind=kind,
                paths="\n".join(str(p) for p in files),
                started_at=datetime.now(UTC),
                status="running",
                written=0,
                rejected=0,
            )
        )
        assert result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])


def _finish_run(engine: Engine, run_id: int, summary: ImportSummary) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(schema.import_runs)
            .where(schema.import_runs.c.id == run_id)
            .values(
                finished_at=datetime.now(UTC),
                status="committed",
                written=sum(summary.written.values()),
                rejected=len(summary.problems),
                report_path=str(summary.report_path) if summary.report_path else None,
            )
        )


def _write_report(workspace: Workspace, kind: str, problems: list[RecordProblem]) -> Path | None:
    """Save the refused records as JSONL in the workspace's reports folder."""
    if not problems:
        return None
    workspace.reports_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = workspace.reports_dir / f"import-{kind}-{stamp}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for problem in problems:
            record = {
                "file": problem.file,
                "line": problem.line,
                "column": problem.column,
                "reason": problem.reason,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
