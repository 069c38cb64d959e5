"""A transcript import killed with SIGKILL mid-run, then run again: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from softpower.services.transcript_import import import_transcripts
from softpower.store import schema
from softpower.workspace import Workspace

FILES = 300
TURNS_PER_FILE = 40


def write_calls(folder: Path) -> None:
    folder.mkdir()
    for number in range(FILES):
        segments = [
            {
                "speaker": f"Speaker {turn % 2} of call {number % 7}",
                "start": turn,
                "end": turn + 1,
                "text": f"Turn {turn} of call {number}. " * 20,
            }
            for turn in range(TURNS_PER_FILE)
        ]
        (folder / f"call-{number:04d}.json").write_text(
            json.dumps({"id": f"call-{number}", "segments": segments})
        )


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


def test_killed_import_finishes_exactly_on_rerun(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    write_calls(folder)
    command = [
        sys.executable,
        "-c",
        "from softpower.cli import main; main()",
        "-w",
        str(workspace.root),
        "--database-url",
        workspace.database_url,
        "import",
        "transcripts",
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
    files, calls, turns = counts(workspace.database_url)
    assert 10 <= files < FILES, "the import should have been killed part-way"
    assert calls == files and turns == files * TURNS_PER_FILE  # whole files only

    summary = import_transcripts(workspace, [folder])
    assert len(summary.files_unchanged) == files
    assert len(summary.files_imported) == FILES - files
    assert counts(workspace.database_url) == (FILES, FILES, FILES * TURNS_PER_FILE)
