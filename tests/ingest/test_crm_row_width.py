"""A CSV row as wide as its header, a quote left open, and a named layout that does not fit.

A CSV export writes every column of every row, so a row with fewer cells
than the header (or more non-empty ones) has lost or shifted values: it is
refused, never read with the missing fields empty. A workbook leaves
trailing empty cells out, so its short rows are fine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from softpower.domain import Account, Deal
from softpower.errors import BadFile, RecordProblem
from softpower.ingest.crm import CrmFile, open_crm_file, read_crm_file, record_builder
from softpower.ingest.crm_mapping import PRESETS, load_mapping, load_preset
from softpower.ingest.tabular import Row, TableFile

MAPPINGS = [load_preset(name) for name in PRESETS]
HEADER = (
    "deal_id,name,account_id,owner_id,product,stage,amount,currency,created_on,close_on,outcome"
)
FULL = "NW-D01,Control Tower,NW-A01,S1,Tower,Proposal,1000,USD,2024-03-11,2024-09-30,open"


def read(path: Path) -> list[object]:
    return list(read_crm_file(open_crm_file(path, MAPPINGS)))


def problems(items: list[object]) -> list[tuple[int | None, str | None, str]]:
    return [(p.line, p.column, p.reason) for p in items if isinstance(p, RecordProblem)]


def deal_ids(items: list[object]) -> list[str]:
    return [d.id for d in items if isinstance(d, Deal)]


def test_a_short_row_is_refused_and_blank_lines_are_still_skipped(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        f"{HEADER}\n{FULL}\nNW-D02,Northwind,NW-A01\n\n   \n{FULL.replace('D01', 'D03')}\nNW-D04\n",
        encoding="utf-8",
    )
    items = read(path)
    assert deal_ids(items) == ["NW-D01", "NW-D03"]
    assert problems(items) == [
        (3, None, "3 cells but the header has 11 columns"),
        (7, None, "1 cell but the header has 11 columns"),
    ]


def test_a_wide_row_is_refused_only_when_its_extra_cells_hold_something(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(f"{HEADER}\n{FULL},,\n{FULL.replace('D01', 'D02')},x\n", encoding="utf-8")
    items = read(path)
    assert deal_ids(items) == ["NW-D01"]
    assert problems(items) == [(3, None, "12 cells but the header has 11 columns")]


def test_unnamed_columns_at_the_header_end_may_be_left_out(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("account_id,name,,\nA1,Acme,,\nA2,Initech\nA3\n", encoding="utf-8")
    items = read(path)
    assert [a.id for a in items if isinstance(a, Account)] == ["A1", "A2"]
    assert problems(items) == [(4, None, "1 cell but the header has 4 columns")]


def test_a_workbook_row_may_leave_its_trailing_cells_out(tmp_path: Path) -> None:
    opened = open_crm_file(_csv(tmp_path, f"{HEADER}\n"), MAPPINGS)
    opened.table.close()
    rows = [Row(2, ["NW-D02", "Northwind", "NW-A01"]), Row(3, ["NW-D03"])]
    workbook = TableFile(opened.path, opened.table.header, None, None, iter(rows), 0)
    assert workbook.is_workbook and not opened.table.is_workbook
    build = record_builder(CrmFile(workbook, opened.resolved))
    built = [build(row) for row in rows]
    assert [b[0] for b in built if not isinstance(b, RecordProblem)] == ["NW-D02", "NW-D03"]
    csv_build = record_builder(opened)
    assert isinstance(csv_build(Row(2, ["NW-D02", "Northwind", "NW-A01"])), RecordProblem)


@pytest.mark.parametrize("ending", ["\n", "\r\n", ""])
def test_a_quote_never_closed_on_the_last_line_is_named(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(f'{HEADER}\n{FULL}\nNW-D99,"unterminated quote,NW-A01,OC-S03{ending}'.encode())
    items = read(path)
    assert deal_ids(items) == ["NW-D01"]  # no deal named 'unterminated quote,NW-A01,OC-S03'
    assert problems(items) == [
        (
            3,
            "name",
            "a quote opened here is never closed; 2 cells but the header has 11 columns",
        )
    ]


def test_a_quote_never_closed_earlier_names_the_line_it_opened_on(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        f'{HEADER}\n{FULL}\nNW-D02,Northwind,NW-A01,"S1\n{FULL}\n{FULL}\n', encoding="utf-8"
    )
    items = read(path)
    assert deal_ids(items) == ["NW-D01"]
    [(line, column, reason)] = problems(items)
    assert (line, column) == (3, "owner_id")
    assert reason.startswith("a quote opened here is never closed (its cell runs on to line 5);")


def test_a_quoted_cell_over_several_lines_is_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text('account_id,name,location\nA1,"Acme\nWest",Ohio\nA2,B,C\n', encoding="utf-8")
    items = read(path)
    assert [(a.id, a.name) for a in items if isinstance(a, Account)] == [
        ("A1", "Acme\nWest"),
        ("A2", "B"),
    ]
    assert problems(items) == []


def test_a_named_preset_that_does_not_fit_says_what_is_missing(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{HEADER}\n{FULL}\n")
    with pytest.raises(BadFile) as raised:
        open_crm_file(path, [load_preset("salesforce")])
    message = str(raised.value)
    assert "--preset or --mapping" not in message
    assert message == (
        f"{path}: the header does not fit the salesforce preset: no column Opportunity Name "
        "for deals (it has: deal_id, name, account_id, owner_id, product, stage, amount, "
        "currency, created_on, close_on, outcome)"
    )


def test_a_named_mapping_that_fits_nothing_lists_each_kind(tmp_path: Path) -> None:
    mapping = tmp_path / "mine.toml"
    mapping.write_text(
        '[[table]]\nentity = "deals"\ndetect = ["Nr"]\n[table.columns]\nid = "Nr"\n'
        '[[table]]\nentity = "accounts"\ndetect = ["Firma"]\n[table.columns]\nname = "Firma"\n',
        encoding="utf-8",
    )
    path = _csv(tmp_path, "Table,Field\na,b\n")
    with pytest.raises(BadFile) as raised:
        open_crm_file(path, [load_mapping(mapping)])
    assert str(raised.value).endswith(
        f"the header does not fit the mapping in {mapping}: no column Nr for deals; "
        "or Firma for accounts (it has: Table, Field)"
    )


def _csv(folder: Path, text: str) -> Path:
    path = folder / "deals.csv"
    path.write_text(text, encoding="utf-8")
    return path
