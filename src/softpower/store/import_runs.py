"""The `import_runs` table: one row per import, `running` until it ends.

Every importer records its runs the same way, so the history reads the same
whatever was imported. A run ends `committed` or `failed`; one killed with
SIGKILL never gets to say, and stays `running`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, update

from softpower.store import schema


def start_run(engine: Engine, kind: str, paths: Sequence[Path]) -> int:
    """Record a run of `kind` over `paths` as running; returns its id."""
    with engine.begin() as connection:
        result = connection.execute(
            insert(schema.import_runs).values(
                kind=kind,
                paths="\n".join(str(p) for p in paths),
                started_at=datetime.now(UTC),
                status="running",
                written=0,
                rejected=0,
            )
        )
        assert result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])


def finish_run(
    engine: Engine,
    run_id: int,
    status: str,
    written: int,
    rejected: int,
    report_path: Path | None,
) -> None:
    """Record how run `run_id` ended (`committed` or `failed`) and what it did."""
    with engine.begin() as connection:
        connection.execute(
            update(schema.import_runs)
            .where(schema.import_runs.c.id == run_id)
            .values(
                finished_at=datetime.now(UTC),
                status=status,
                written=written,
                rejected=rejected,
                report_path=str(report_path) if report_path else None,
            )
        )
