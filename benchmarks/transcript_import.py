"""Transcript import speed on the real AMI meetings (QMSum Product domain, 137 files).

Runs `softpower import transcripts` into a fresh SQLite workspace (and into
PostgreSQL when a server is reachable at SOFTPOWER_TEST_POSTGRES_URL or the
test default), and, as a baseline in the same process, the reader alone
(JSON parsing, tag stripping, turn merging) with no database. Reports turns
per second for each and the ratio import/parse. Skips cleanly when the data
folder is absent.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from softpower.cli import app
from softpower.ingest.files import expand_paths
from softpower.ingest.transcripts import SUFFIXES, Transcript, read_transcript
from softpower.services.store import init_workspace
from softpower.store import schema
from softpower.workspace import Workspace, create_workspace

DATA = Path(
    os.environ.get("SOFTPOWER_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
)
MEETINGS = DATA / "qmsum_product_meetings"
POSTGRES = os.environ.get(
    "SOFTPOWER_TEST_POSTGRES_URL",
    "postgresql+psycopg://softpower:softpower@127.0.0.1:5432/softpower",
)


def parse_only(files: list[Path]) -> tuple[int, float]:
    began = time.perf_counter()
    turns = 0
    for path in files:
        for item in read_transcript(path):
            if isinstance(item, Transcript):
                turns += len(item.turns)
    return turns, time.perf_counter() - began


def cli_import(root: Path, database_url: str) -> tuple[int, float]:
    """Run the CLI command in this process; returns (turns stored, seconds)."""
    create_workspace(root)
    workspace = Workspace(root=root, database_url=database_url)
    init_workspace(workspace).dispose()
    began = time.perf_counter()
    try:
        app(
            [
                "-w",
                str(root),
                "--database-url",
                database_url,
                "import",
                "transcripts",
                str(MEETINGS),
            ]
        )
    except SystemExit as done:
        if done.code not in (0, None):
            raise
    elapsed = time.perf_counter() - began
    engine = create_engine(database_url)
    with engine.connect() as connection:
        turns = int(connection.scalar(select(func.count()).select_from(schema.turns)) or 0)
    engine.dispose()
    return turns, elapsed


def postgres_database() -> tuple[str, str] | None:
    name = f"softpower_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as error:  # no server here: report and go on with SQLite only
        print(f"PostgreSQL unavailable ({str(error).splitlines()[0]}); SQLite only")
        return None
    return name, make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


def drop_postgres(name: str) -> None:
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> int:
    if not MEETINGS.is_dir():
        print(f"skipped: {MEETINGS} not found (set SOFTPOWER_DATA to the shared data folder)")
        return 0
    files = expand_paths([MEETINGS], SUFFIXES)
    parsed_turns, parse_seconds = parse_only(files)
    results: list[str] = [
        f"transcript_files: {len(files)} files",
        f"transcript_turns: {parsed_turns} turns",
        f"transcript_parse_rate: {parsed_turns / parse_seconds:.0f} turns/s",
    ]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "sqlite"
        turns, seconds = cli_import(root, f"sqlite:///{root / 'softpower.db'}")
        assert turns == parsed_turns, (turns, parsed_turns)
        results.append(f"transcript_import_sqlite_rate: {turns / seconds:.0f} turns/s")
        results.append(
            f"transcript_import_sqlite_ratio: {(turns / seconds) / (parsed_turns / parse_seconds):.2f} x parse"
        )
        database = postgres_database()
        if database is not None:
            try:
                turns, seconds = cli_import(Path(folder) / "postgres", database[1])
                assert turns == parsed_turns, (turns, parsed_turns)
                results.append(f"transcript_import_postgres_rate: {turns / seconds:.0f} turns/s")
                results.append(
                    f"transcript_import_postgres_ratio: "
                    f"{(turns / seconds) / (parsed_turns / parse_seconds):.2f} x parse"
                )
            finally:
                drop_postgres(database[0])
    for line in results:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
