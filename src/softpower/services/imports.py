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
a writer (connection, batch, source-file id -> counts).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine, insert, update

from softpower.errors import BadFile, RecordProblem
from softpower.ingest.files import sha256_of
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
    """One source format: its name, how to read a file, how to write a batch."""

    kind: str
    read: Callable[[Path], Iterable[Record | RecordProblem]]
    write: Callable[[Connection, list[Record], int], Counter[str]]
    batch_size: int = BATCH


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
    for path in files:
        key = str(path.resolve())
        try:
            digest = sha256_of(path)
            with engine.connect() as connection:
                unchanged = (
                    communications.source_file_hash(connection, importer.kind, key) == digest
                )
            if unchanged:
                summary.files_unchanged.append(key)
                continue
            _import_one(engine, importer, path, key, digest, summary, progress)
            summary.files_imported.append(key)
        except BadFile as error:
            summary.files_failed.append(key)
            summary.problems.append(RecordProblem(error.file, None, None, error.reason))
    summary.report_path = _write_report(workspace, importer.kind, summary.problems)
    _finish_run(engine, run_id, summary)
    return summary


def _import_one(
    engine: Engine,
    importer: FileImporter[Record],
    path: Path,
    key: str,
    digest: str,
    summary: ImportSummary,
    progress: Progress | None,
) -> None:
    with engine.begin() as connection:
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

        for item in importer.read(path):
            if isinstance(item, RecordProblem):
                summary.problems.append(item)
                continue
            batch.append(item)
            if len(batch) >= importer.batch_size:
                flush()
        flush()
        communications.finish_source_file(connection, source_id, sum(written.values()))
    summary.written.update(written)


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
