"""The shared file-import behaviour: incremental, replacing, forgiving per record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, func, select

from softpower.domain import Interaction, InteractionKind, Turn
from softpower.errors import RecordProblem
from softpower.services.imports import FileImporter, import_files
from softpower.services.store import store_of
from softpower.store import communications, schema
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
