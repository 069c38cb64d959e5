"""The shared file-import behaviour: incremental, replacing, forgiving per record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Table, func, inspect, select
from sqlalchemy.exc import IntegrityError

from softpower.domain import Interaction, InteractionKind, Turn
from softpower.errors import BadFile, RecordProblem
from softpower.services import imports
from softpower.services.imports import FileImporter, import_files
from softpower.services.store import store_of
from softpower.store import communications, schema
from softpower.store.bulk_load import Deferred, defer_checks
from softpower.workspace import Workspace


def read_lines(path: Path) -> Iterator[Interaction | RecordProblem]:
    """A toy format: one note per line, `id|text`; a line without `|` is bad."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if "|" not in line:
            yield RecordProblem(str(path), number, None, "no '|' separator")
            continue
        key, text = line.split("|", 1)
        yield Interaction(
            id=key,
            kind=InteractionKind.NOTE,
            started_at=datetime(2026, 1, 1, tzinfo=UTC),
            turns=[Turn(seq=0, speaker_id=None, text=text)],
        )


def write_notes(connection: Connection, batch: list[Interaction], source_id: int) -> Counter[str]:
    written = communications.save_interactions(connection, batch, source_id)
    return Counter(interactions=len(written))


NOTES = FileImporter(kind="notes", read=read_lines, write=write_notes, batch_size=2)


def count(workspace: Workspace) -> int:
    with store_of(workspace) as engine, engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(schema.interactions)) or 0)


def test_unchanged_file_is_skipped_and_changed_file_replaced(
    workspace: Workspace, tmp_path: Path
) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("a|one\nb|two\nbroken line\nc|three\n")
    with store_of(workspace) as engine:
        first = import_files(engine, workspace, NOTES, [source])
        assert first.written["interactions"] == 3
        assert [p.line for p in first.problems] == [3]
        assert first.report_path is not None and first.report_path.exists()
        again = import_files(engine, workspace, NOTES, [source])
        assert again.files_unchanged == [str(source.resolve())]
        assert again.written == Counter()
        source.write_text("a|one\nd|four\n")
        changed = import_files(engine, workspace, NOTES, [source])
        assert changed.written["interactions"] == 2
        with engine.connect() as connection:
            stored = list(communications.load_interactions(connection))
    assert sorted(i.id for i in stored) == ["a", "d"]
    assert stored[0].turns[0].text in ("one", "four")


def test_same_record_in_two_files_is_stored_once(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("a|one\nb|two\n")
    (tmp_path / "y.txt").write_text("b|two\nc|three\n")
    with store_of(workspace) as engine:
        summary = import_files(engine, workspace, NOTES, [tmp_path / "x.txt", tmp_path / "y.txt"])
    assert summary.written["interactions"] == 3
    assert count(workspace) == 3


def read_or_fail(path: Path) -> Iterator[Interaction | RecordProblem]:
    """Like `read_lines`, but a line `FAIL` is a read error part-way through the file."""
    for item in read_lines(path):
        if isinstance(item, Interaction) and item.turns[0].text == "FAIL":
            raise BadFile(str(path), "read error part-way")
        yield item


@pytest.mark.parametrize("parsers", [0, 2])
@pytest.mark.parametrize("whole_file_records", [imports.WHOLE_FILE_RECORDS, 1])
def test_a_file_failing_part_way_is_undone_alone(
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parsers: int,
    whole_file_records: int,
) -> None:
    # files read whole before writing, or (1) written as read, inside a savepoint
    monkeypatch.setattr(imports, "WHOLE_FILE_RECORDS", whole_file_records)
    importer = FileImporter(
        kind="notes", read=read_or_fail, write=write_notes, batch_size=1, parsers=parsers
    )
    (tmp_path / "a.txt").write_text("a|one\nb|two\n")
    (tmp_path / "b.txt").write_text("c|three\nd|four\nx|FAIL\ne|five\n")  # c, d written first
    (tmp_path / "c.txt").write_text("f|six\n")
    paths = [tmp_path / name for name in ("a.txt", "b.txt", "c.txt")]
    with store_of(workspace) as engine:
        summary = import_files(engine, workspace, importer, paths)
        with engine.connect() as connection:
            stored = sorted(i.id for i in communications.load_interactions(connection))
            recorded = connection.scalar(select(func.count()).select_from(schema.source_files))
    assert stored == ["a", "b", "f"]
    assert summary.files_failed == [str(paths[1].resolve())]
    assert "read error part-way" in summary.problems[0].reason
    assert recorded == 2  # the failed file is not recorded: the next run tries it again


def test_files_share_transactions_but_all_commit(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "COMMIT_FILES", 2)
    paths = []
    for number in range(5):
        path = tmp_path / f"n{number}.txt"
        path.write_text(f"k{number}|note {number}\n")
        paths.append(path)
    with store_of(workspace) as engine:
        summary = import_files(engine, workspace, NOTES, paths)
    assert len(summary.files_imported) == 5 and count(workspace) == 5


def test_runs_are_recorded_committed_or_failed(workspace: Workspace, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("a|one\nbroken line\n")

    def write_fails(
        connection: Connection, batch: list[Interaction], source_id: int
    ) -> Counter[str]:
        raise RuntimeError("disk full")

    failing = FileImporter(kind="notes", read=read_lines, write=write_fails)
    with store_of(workspace) as engine:
        import_files(engine, workspace, NOTES, [source])
        source.write_text("b|two\n")
        with pytest.raises(RuntimeError, match="disk full"):
            import_files(engine, workspace, failing, [source])
        with engine.connect() as connection:
            runs = connection.execute(
                select(
                    schema.import_runs.c.status,
                    schema.import_runs.c.written,
                    schema.import_runs.c.rejected,
                ).order_by(schema.import_runs.c.id)
            ).all()
    assert [tuple(run) for run in runs] == [("committed", 1, 1), ("failed", 0, 0)]


def write_dangling(
    connection: Connection, batch: list[Interaction], source_id: int
) -> Counter[str]:
    """Notes, each with a participant who is no person: a reference the store must refuse."""
    counts = write_notes(connection, batch, source_id)
    connection.execute(
        schema.participants.insert(),
        [{"interaction_id": note.id, "person_id": "nobody", "role": "from"} for note in batch],
    )
    return counts


def write_twice(connection: Connection, batch: list[Interaction], source_id: int) -> Counter[str]:
    """Notes, each with the same participant twice: a duplicate key the store must refuse."""
    counts = write_notes(connection, batch, source_id)
    connection.execute(schema.people.insert(), [{"id": "twice", "name": "Twice"}])
    row = {"person_id": "twice", "role": "from"}
    connection.execute(
        schema.participants.insert(),
        [{"interaction_id": note.id, **row} for note in batch for _ in range(2)],
    )
    return counts


CHECKED = (schema.interactions, schema.participants, schema.turns)


def keys_and_indexes(workspace: Workspace) -> list[tuple[list[str], list[str], str]]:
    with store_of(workspace) as engine:
        inspector = inspect(engine)
        return [
            (
                sorted(str(fk["name"]) for fk in inspector.get_foreign_keys(table.name)),
                sorted(str(index["name"]) for index in inspector.get_indexes(table.name)),
                str(inspector.get_pk_constraint(table.name)["name"]),
            )
            for table in CHECKED
        ]


@pytest.mark.parametrize("stored_first", [False, True], ids=["first-import", "later-import"])
@pytest.mark.parametrize("wrong", [write_dangling, write_twice], ids=["dangling", "duplicate"])
def test_keys_checked_in_bulk_refuse_a_dangling_reference_or_a_duplicate(
    workspace: Workspace,
    tmp_path: Path,
    stored_first: bool,
    wrong: Callable[[Connection, list[Interaction], int], Counter[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On PostgreSQL a first import checks keys and references at its commit, not per row: a
    dangling reference or a duplicate key must still fail it, leave nothing written, and
    leave the keys and indexes in place."""
    if stored_first:
        (tmp_path / "earlier.txt").write_text("z|stored before\n")
        with store_of(workspace) as engine:
            import_files(engine, workspace, NOTES, [tmp_path / "earlier.txt"])
    dropped: list[int] = []

    def spied(connection: Connection, tables: tuple[Table, ...], **options: Any) -> Deferred:
        deferred = defer_checks(connection, tables, **options)
        dropped.append(len(deferred.references))
        return deferred

    monkeypatch.setattr(imports, "defer_checks", spied)
    before = keys_and_indexes(workspace), count(workspace)
    source = tmp_path / "notes.txt"
    source.write_text("a|one\nb|two\n")
    bad = FileImporter(kind="notes", read=read_lines, write=wrong, checked_in_bulk=CHECKED)
    with store_of(workspace) as engine, pytest.raises(IntegrityError):
        import_files(engine, workspace, bad, [source])
    postgres = workspace.database_url.startswith("postgresql")
    keys = sum(len(table.foreign_key_constraints) for table in CHECKED)
    # the three tables' keys on a first import; none later; SQLite checks row by row
    assert dropped == ([keys if not stored_first else 0] if postgres else [])
    assert (keys_and_indexes(workspace), count(workspace)) == before
    good = FileImporter(kind="notes", read=read_lines, write=write_notes, checked_in_bulk=CHECKED)
    with store_of(workspace) as engine:
        assert import_files(engine, workspace, good, [source]).written["interactions"] == 2
    assert (keys_and_indexes(workspace), count(workspace)) == (before[0], before[1] + 2)


def test_a_row_by_row_import_keeps_the_statistics_its_reference_checks_plan_with(
    workspace: Workspace, tmp_path: Path
) -> None:
    """On PostgreSQL, an import into tables holding a few rows gathers the statistics of the
    tables it refers to as its rows double, so the reference checks stop reading the whole
    table (their plans were made for a near-empty one)."""
    importer = FileImporter(
        kind="notes", read=read_lines, write=write_notes, batch_size=500, checked_in_bulk=CHECKED
    )
    (tmp_path / "seed.txt").write_text("seed|one note stored before\n")
    with store_of(workspace) as engine:
        import_files(engine, workspace, importer, [tmp_path / "seed.txt"])
    files = []
    for number in range(5):
        path = tmp_path / f"notes-{number}.txt"
        path.write_text("".join(f"n{number}-{line}|text\n" for line in range(500)))
        files.append(path)
    with store_of(workspace) as engine:
        assert import_files(engine, workspace, importer, files).written["interactions"] == 2500
        if engine.dialect.name != "postgresql":
            return
        with engine.connect() as connection:
            counted = connection.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE relname = 'interactions'"
            ).scalar()
    assert counted is not None and counted >= 2000  # gathered at 1,000 and 2,000 notes


def test_a_first_import_checked_in_bulk_over_several_transactions(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first import longer than one bulk-checked transaction drops and rebuilds keys and
    indexes in each; the store ends with every record once and its schema as it was."""
    monkeypatch.setattr(imports, "COMMIT_RECORDS_CHECKED_IN_BULK", 2)
    before = keys_and_indexes(workspace)
    files = []
    for number in range(3):
        path = tmp_path / f"notes-{number}.txt"
        path.write_text(f"a{number}|one\nb{number}|two\n")
        files.append(path)
    importer = FileImporter(
        kind="notes", read=read_lines, write=write_notes, checked_in_bulk=CHECKED
    )
    with store_of(workspace) as engine:
        assert import_files(engine, workspace, importer, files).written["interactions"] == 6
        again = import_files(engine, workspace, importer, files)
    assert len(again.files_unchanged) == 3
    assert (keys_and_indexes(workspace), count(workspace)) == (before, 6)
