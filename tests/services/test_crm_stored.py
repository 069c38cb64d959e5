"""What a CRM import stores, value by value, on a fixture that holds every known edge.

`tests/fixtures/crm_edges/` has files in each preset's layout, with the
cases that take work to get right: dates and moments in several notations,
amounts with symbols, codes, groupings and decimal commas, one product
spelled several ways, references to records no file describes, repeated
ids, and bad rows that `--on-error skip` refuses. `stored.json` is what the
import stored from them and what it reported; any change in how rows are
cleaned, checked or written shows here as a difference.

A repeated id merges the same way within a batch and across batches (a
value replaces, an empty cell keeps what was there), so every batch size
must store exactly the same rows. Only the counts in the report differ: a
record repeated in two batches is counted in each, so small batches have
their own expected report, `stored-small-batches.json`.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from softpower.services.crm_import import CrmImportSummary, import_crm
from softpower.services.store import store_of
from softpower.store import schema
from softpower.store.crm_rows import COLUMNS
from softpower.workspace import Workspace

FIXTURE = Path(__file__).parents[1] / "fixtures" / "crm_edges"
EXPECTED = FIXTURE / "stored.json"
EXPECTED_SMALL_BATCHES = FIXTURE / "stored-small-batches.json"  # the report only


def plain(value: Any) -> Any:
    """A stored value as JSON can hold it, the same on both databases."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def stored(workspace: Workspace) -> dict[str, list[list[Any]]]:
    """Every CRM table's rows, sorted; key columns the database assigns are left out."""
    tables: dict[str, list[list[Any]]] = {}
    with store_of(workspace) as engine, engine.connect() as connection:
        for name, columns in COLUMNS.items():
            table = schema.metadata.tables[name]
            rows = connection.execute(select(*(table.c[c] for c in columns)))
            tables[name] = sorted(([plain(v) for v in row] for row in rows), key=json.dumps)
    return tables


def reported(summary: CrmImportSummary) -> dict[str, Any]:
    return {
        "written": dict(sorted(summary.written.items())),
        "rejected": summary.rejected,
        "files": [(Path(f.path).name, f.entity, f.rows, f.rejected) for f in summary.files],
        "problems": sorted(
            (Path(p.file).name, p.line or 0, p.column or "", p.reason) for p in summary.problems
        ),
    }


def observed(workspace: Workspace, summary: CrmImportSummary) -> dict[str, Any]:
    # JSON round trip: tuples become lists, as in the expected file
    data: dict[str, Any] = json.loads(
        json.dumps({"summary": reported(summary), "tables": stored(workspace)})
    )
    return data


@pytest.mark.parametrize(
    ("large_bytes", "batch_rows"),
    [(None, 5000), (0, 2), (0, 3)],
    ids=["parsed here", "workers, batches of 2", "workers, batches of 3"],
)
def test_stores_exactly_the_expected_rows(
    workspace: Workspace, large_bytes: int | None, batch_rows: int
) -> None:
    files = sorted(FIXTURE.glob("*.csv"))
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    if batch_rows < 5000:
        expected |= json.loads(EXPECTED_SMALL_BATCHES.read_text(encoding="utf-8"))
    summary = import_crm(
        workspace, files, on_error="skip", large_bytes=large_bytes, batch_rows=batch_rows
    )
    assert observed(workspace, summary) == expected
    again = import_crm(
        workspace, files, on_error="skip", large_bytes=large_bytes, batch_rows=batch_rows
    )
    # a second import changes nothing, and says so
    repeated = observed(workspace, again)
    assert repeated["tables"] == expected["tables"]
    if batch_rows == 5000:  # smaller batches split the fixture's repeated ids: a later row of
        # an id overwrites the earlier one again, and is counted as a change
        assert repeated["summary"] == expected["summary"] | {
            "written": dict.fromkeys(expected["summary"]["written"], 0)
        }
        assert +again.unchanged == {k: n for k, n in expected["summary"]["written"].items() if n}
