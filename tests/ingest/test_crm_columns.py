"""Reading deals a block at a time, column by column, gives what reading them row by row gives.

The row path (`record_builder`) is the reference: it alone names problems.
Blocks read by column must give the same records in the same order, and
every problem the row path finds, whatever the cells hold: amounts with
symbols or none, currencies good and bad, dates in other formats or none,
outcomes a mapping knows or not, missing ids, rows of another width.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from softpower.errors import RecordProblem
from softpower.ingest import crm_columns
from softpower.ingest.crm import CrmFile, Record, open_crm_file, record_builder
from softpower.ingest.crm_columns import block_builder
from softpower.ingest.crm_fields import FieldReader, Natives
from softpower.ingest.crm_mapping import PRESETS, load_preset
from softpower.ingest.tabular import Block, open_table
from softpower.store.crm_rows import CrmRows

MAPPINGS = [load_preset(name) for name in PRESETS]
SOFTPOWER = (
    "deal_id", "name", "account_id", "owner_id", "product", "stage", "amount", "currency",
    "created_on", "close_on", "outcome",
)  # fmt: skip
MAVEN = (
    "opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date",
    "close_date", "close_value",
)  # fmt: skip

ids = st.sampled_from(["D1", "D2", " D3 ", "", "D1", "d-4"])
words = st.sampled_from(["", "Acme", " Acme ", "GTX Pro", "GTXPro", "!!!", "=cmd|' /C calc'!A0"])
amounts = st.sampled_from(
    ["", "1200", "1200.50", "$1,200.50", "(300)", "12 EUR", "free", "NaN", "1e3", " 7 ", "1_000"]
)
currencies = st.sampled_from(["", "usd", "EUR", "EURO", " gbp ", "12"])
days = st.sampled_from(["", "2024-03-11", "11/03/2024", "2024-02-30", "March 3, 2024", "x"])
outcomes = st.sampled_from(["", "won", "Lost", "closed won", "open", "maybe", "No Decision"])
stages = st.sampled_from(["", "Won", "Lost", "Engaging", "Prospecting", "Maybe"])


def softpower_row() -> st.SearchStrategy[list[str]]:
    return st.tuples(
        ids, words, words, words, words, stages, amounts, currencies, days, days, outcomes
    ).map(list)


def maven_row() -> st.SearchStrategy[list[str]]:
    return st.tuples(ids, words, words, words, stages, days, days, amounts).map(list)


def widened(rows: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    """Now and then a row a cell short, or with a cell too many (filled or empty)."""
    return st.tuples(rows, st.sampled_from(["", "", "", "", "short", "extra", "empty"])).map(
        lambda pair: {
            "short": pair[0][:-1],
            "extra": [*pair[0], "spill"],
            "empty": [*pair[0], ""],
        }.get(pair[1], pair[0])
    )


def write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8")


def by_rows(path: Path, natives: Natives) -> list[object]:
    opened = open_crm_file(path, MAPPINGS)
    build = record_builder(opened, natives)
    try:
        return [build(item) for item in opened.table.rows]
    finally:
        opened.table.close()


def by_blocks(path: Path, natives: Natives, size: int) -> tuple[list[object], int]:
    """Records then problems as the block path gives them, and how many blocks it saw."""
    opened = open_crm_file(path, MAPPINGS)
    opened.table.close()
    crm_file = CrmFile(open_table(path), opened.resolved)
    build = block_builder(crm_file, natives)
    seen: list[object] = []
    blocks = 0
    try:
        while items := crm_file.table.take(size):
            blocks += sum(isinstance(item, Block) for item in items)
            records, problems = build(items)
            seen += records + problems  # type: ignore[operator]
    finally:
        crm_file.table.close()
    return seen, blocks


def by_rows_grouped(path: Path, natives: Natives, size: int) -> list[object]:
    """The row path's output in the block path's order: each take's records, then its problems."""
    everything = by_rows(path, natives)
    grouped: list[object] = []
    for start in range(0, len(everything), size):
        chunk = everything[start : start + size]
        grouped += [r for r in chunk if not isinstance(r, RecordProblem)]
        grouped += [r for r in chunk if isinstance(r, RecordProblem)]
    return grouped


NATIVES = {
    "python": Natives(),
    "sqlite": CrmRows("sqlite").natives,
    "postgresql": CrmRows("postgresql").natives,
}


@pytest.mark.parametrize("natives", NATIVES.values(), ids=NATIVES.keys())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    layout=st.sampled_from(["softpower", "maven"]),
    data=st.data(),
    size=st.sampled_from([1, 3, 50]),
)
def test_blocks_read_by_column_give_what_rows_give(
    tmp_path: Path, natives: Natives, layout: str, data: st.DataObject, size: int
) -> None:
    header, row = (SOFTPOWER, softpower_row()) if layout == "softpower" else (MAVEN, maven_row())
    rows = data.draw(st.lists(widened(row), min_size=1, max_size=40))
    path = tmp_path / f"{layout}.csv"
    write(path, header, rows)
    seen, _ = by_blocks(path, natives, size)
    assert seen == by_rows_grouped(path, natives, size)


def test_clean_blocks_are_read_by_column_and_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the column path must actually be taken on well-formed input, and agree
    rows = [
        [f"D{n}", f"Deal {n}", "Acme", "Ann", "GTX Pro" if n % 2 else "GTXPro", "Proposal",
         f"{n}00.5", "", "2024-03-11", "2024-09-30", "won" if n % 3 else ""]
        for n in range(30)
    ]  # fmt: skip
    path = tmp_path / "deals.csv"
    write(path, SOFTPOWER, rows)
    natives = NATIVES["sqlite"]
    blocks_read: list[int] = []
    by_column = crm_columns._COLUMNS["deals"]

    def counting(fields: FieldReader) -> Callable[[list[list[str]]], list[Record]]:
        records = by_column(fields)

        def counted(block: list[list[str]]) -> list[Record]:
            blocks_read.append(len(block))
            return records(block)

        return counted

    monkeypatch.setitem(crm_columns._COLUMNS, "deals", counting)
    seen, blocks = by_blocks(path, natives, 8)
    assert blocks == 4 and blocks_read == [8, 8, 8, 6]
    assert seen == by_rows(path, natives)
    assert seen[0] == ("D0", "Deal 0", "Acme", "Ann", "gtxpro", "Proposal", 0.5, None,
                       "2024-03-11", None, "2024-09-30", "open", "GTXPro")  # fmt: skip


@pytest.mark.parametrize("natives", NATIVES.values(), ids=NATIVES.keys())
def test_columns_whose_cells_hardly_repeat_read_the_same(tmp_path: Path, natives: Natives) -> None:
    # every amount new: past the first block they are converted cell by cell, not remembered;
    # a bad amount after that still sends its block down the row path
    rows = [
        [f"D{n}", "", "Acme", "Ann", "Tower", "Proposal", f"{n}.{n % 100:02d}", "",
         "2024-03-11", "", "open"]
        for n in range(600)
    ]  # fmt: skip
    rows[450][6] = "lots"
    path = tmp_path / "deals.csv"
    write(path, SOFTPOWER, rows)
    seen, blocks = by_blocks(path, natives, 150)
    assert blocks == 4
    assert seen == by_rows_grouped(path, natives, 150)
    assert sum(isinstance(item, RecordProblem) for item in seen) == 1
