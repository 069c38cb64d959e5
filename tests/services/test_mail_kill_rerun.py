"""A mail import killed with SIGKILL mid-run, then run again: nothing lost, nothing doubled."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from processes import assert_no_process_left
from sqlalchemy import create_engine, func, select

from softpower.services.mail_import import import_mail
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


def test_killed_mail_import_finishes_exactly_on_rerun(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    write_mailboxes(folder)
    unique = FILES * PER_FILE - (FILES - 1)
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
        if counts(workspace.database_url)[0] >= 10:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert_no_process_left(str(folder))  # the parsing workers exit with it
    files, messages, turns = counts(workspace.database_url)
    assert 10 <= files < FILES, "the import should have been killed part-way"
    assert messages == turns == files * PER_FILE - (files - 1)  # whole files only

    summary, _ = import_mail(workspace, [folder])
    assert len(summary.files_unchanged) == files
    assert len(summary.files_imported) == FILES - files
    assert counts(workspace.database_url) == (FILES, unique, unique)
    engine = create_engine(workspace.database_url)
    with engine.connect() as connection:
        statuses = connection.execute(
            select(schema.import_runs.c.status).order_by(schema.import_runs.c.id)
        ).scalars()
        assert list(statuses) == ["interrupted", "committed"]  # the killed run is found out
    engine.dispose()
