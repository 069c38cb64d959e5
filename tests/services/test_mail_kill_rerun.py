"""A mail import killed with SIGKILL mid-run, then run again: nothing lost, nothing doubled.

Two paths: an import into a store that holds mail already commits every few
files, and resumes after the last; a first import on PostgreSQL checks its
references per transaction with keys and indexes dropped (see
`services.imports._Transactions`), and a kill must leave them in place.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import assert_no_process_left
from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.exc import OperationalError

from softpower.services.mail_import import WRITTEN, import_mail
from softpower.store import schema
from softpower.workspace import Workspace

FILES = 120
PER_FILE = 40


def write_mailboxes(folder: Path) -> None:
    folder.mkdir()
    for number in range(FILES):
        messages = []
        for index in range(PER_FILE):
            serial = number * PER_FILE + index
            shared = index == 0 and number > 0  # repeats the previous file's last message
            mid = f"<{serial - 1 if shared else serial}@cust.example>"
            messages.append(
                f"From x Mon Jul  1 10:00:00 2024\nFrom: Person {serial % 13} "
                f"<p{serial % 13}@cust.example>\nTo: ann@ourco.example\n"
                f"Subject: Topic {serial % 50}\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
                f"Message-ID: {mid}\n\n" + f"Line {serial}. " * 40 + "\n\n"
            )
        (folder / f"box-{number:04d}.mbox").write_text("".join(messages))


def counts(database_url: str) -> tuple[int, int, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return tuple(  # type: ignore[return-value]
                int(connection.scalar(select(func.count()).select_from(table)) or 0)
                for table in (schema.source_files, schema.interactions, schema.turns)
            )
    finally:
        engine.dispose()


def writing(database_url: str, stored: int) -> bool:
    """Whether the import has committed ten files or, on PostgreSQL, is writing in bulk (a
    first import commits at its end, holding the tables locked: a read of them times out)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if database_url.startswith("postgresql"):
                connection.exec_driver_sql("SET lock_timeout = '50ms'")
            try:
                files = connection.scalar(select(func.count()).select_from(schema.source_files))
            except OperationalError:
                return True
            return int(files or 0) >= stored + 10
    finally:
        engine.dispose()


def schema_of(database_url: str) -> list[tuple[str, list[str], list[str], str]]:
    """Each mail table's foreign keys, indexes and primary key, as the database has them."""
    engine = create_engine(database_url)
    try:
        inspector = inspect(engine)
        return [
            (
                table.name,
                sorted(str(fk["name"]) for fk in inspector.get_foreign_keys(table.name)),
                sorted(str(index["name"]) for index in inspector.get_indexes(table.name)),
                str(inspector.get_pk_constraint(table.name)["name"]),
            )
            for table in WRITTEN
        ]
    finally:
        engine.dispose()


@pytest.mark.parametrize("first", [True, False], ids=["first-import", "into-stored-mail"])
def test_killed_mail_import_finishes_exactly_on_rerun(
    workspace: Workspace, tmp_path: Path, first: bool
) -> None:
    folder = tmp_path / "mail"
    write_mailboxes(folder)
    unique = FILES * PER_FILE - (FILES - 1)
    stored = 0
    if not first:  # one message stored already: not a first import
        seed = tmp_path / "seed"
        seed.mkdir()
        (seed / "seed.mbox").write_text(
            "From x Mon Jul  1 10:00:00 2024\nFrom: a@cust.example\nTo: ann@ourco.example\n"
            "Subject: Earlier\nDate: Mon, 1 Jul 2024 09:00:00 +0000\nMessage-ID: <seed@x>\n\nHi.\n"
        )
        import_mail(workspace, [seed])
        stored = 1
    tables_before = schema_of(workspace.database_url)
    command = [
        sys.executable,
        "-c",
        "from softpower.cli import main; main()",
        "-w",
        str(workspace.root),
        "--database-url",
        workspace.database_url,
        "import",
        "mail",
        str(folder),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if writing(workspace.database_url, stored):
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert_no_process_left(str(folder))  # the parsing workers exit with it
    files, messages, turns = counts(workspace.database_url)
    files -= stored
    assert files < FILES, "the import should have been killed part-way"
    if first and workspace.database_url.startswith("postgresql"):
        assert files == 0  # one transaction for these 4,681 messages: undone whole
    else:
        assert files >= 10
    assert messages == turns == files * PER_FILE - max(files - 1, 0) + stored  # whole files
    assert schema_of(workspace.database_url) == tables_before  # keys and indexes in place

    summary, _ = import_mail(workspace, [folder])
    assert len(summary.files_unchanged) == files
    assert len(summary.files_imported) == FILES - files
    assert counts(workspace.database_url) == (FILES + stored, unique + stored, unique + stored)
    assert schema_of(workspace.database_url) == tables_before
    engine = create_engine(workspace.database_url)
    with engine.connect() as connection:
        statuses = connection.execute(
            select(schema.import_runs.c.status).order_by(schema.import_runs.c.id)
        ).scalars()
        # the killed run is found out
        assert list(statuses) == ["committed"] * stored + ["interrupted", "committed"]
    engine.dispose()
