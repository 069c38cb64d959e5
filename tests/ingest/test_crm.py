"""Reading CRM files: layouts, encodings, delimiters, workbooks and hostile input."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from softpower.domain import Account, Deal, DealOutcome, Interaction, Person, Product
from softpower.errors import BadFile, RecordProblem
from softpower.ingest import tabular
from softpower.ingest.crm import Placeholder, open_crm_file, read_crm_file
from softpower.ingest.crm_mapping import PRESETS, load_preset

MAPPINGS = [load_preset(name) for name in PRESETS]
DEALS = (
    "deal_id,name,account_id,owner_id,product,stage,amount,currency,created_on,close_on,outcome\n"
)


def read(path: Path) -> list[object]:
    crm_file = open_crm_file(path, MAPPINGS)
    return list(read_crm_file(crm_file))


def records(path: Path, kind: type) -> list[object]:
    return [item for item in read(path) if isinstance(item, kind)]


def test_softpower_deals(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        DEALS + "D1,Big one,A1,S1,Control Tower,Proposal,480000.00,USD,2024-03-11,2024-09-30,open\n"
        'D2,Small,A1,S2,Route Optimizer,Closed,"$1,200.50",,2023-01-02,2023-02-03,won\n',
        encoding="utf-8",
    )
    crm_file = open_crm_file(path, MAPPINGS)
    assert (crm_file.resolved.mapping.name, crm_file.entity) == ("softpower", "deals")
    items = list(read_crm_file(crm_file))
    deals = [d for d in items if isinstance(d, Deal)]
    assert deals[0].amount == Decimal("480000.00") and deals[0].product == "controltower"
    assert deals[1].amount == Decimal("1200.50") and deals[1].currency == "USD"
    assert deals[1].outcome is DealOutcome.WON
    placeholders = [p.record.name for p in items if isinstance(p, Placeholder)]
    assert placeholders == ["Control Tower", "Route Optimizer"]


def test_a_repeated_amount_reads_the_same_and_a_repeated_bad_one_fails_each_time(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deals.csv"
    row = "D{n},Deal,A1,S1,Tower,Proposal,{amount},,2024-03-11,2024-09-30,open\n"
    amounts = ['"$1,200.50"', '"$1,200.50"', "free", "free", '"$1,200.50"']
    path.write_text(
        DEALS + "".join(row.format(n=n, amount=a) for n, a in enumerate(amounts)),
        encoding="utf-8",
    )
    items = read(path)
    deals = [d for d in items if isinstance(d, Deal)]
    assert [(d.id, d.amount, d.currency) for d in deals] == [
        (f"D{n}", Decimal("1200.50"), "USD") for n in (0, 1, 4)
    ]
    problems = [p for p in items if isinstance(p, RecordProblem)]
    assert [(p.line, p.column) for p in problems] == [(4, "amount"), (5, "amount")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "accounts.csv"
    text = "account_id,name,location\nA1,Société Générale,Zürich\n"
    path.write_bytes(text.encode(encoding))
    crm_file = open_crm_file(path, MAPPINGS)
    assert crm_file.table.encoding == encoding
    [account] = records(path, Account)
    assert isinstance(account, Account)
    assert (account.id, account.name, account.location) == ("A1", "Société Générale", "Zürich")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "contacts.csv"
    header = delimiter.join(["contact_id", "account_id", "name", "title"])
    row = delimiter.join(["C1", "A1", "Ann Lee", "CFO"])
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    [person] = records(path, Person)
    assert isinstance(person, Person)
    assert (person.name, person.account_id, person.is_internal, person.title) == (
        "Ann Lee",
        "A1",
        False,
        "CFO",
    )
    assert [t.title for t in person.titles] == ["CFO"]


def test_xlsx_with_real_dates_and_serials(tmp_path: Path) -> None:
    path = tmp_path / "deals.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(DEALS.strip().split(","))
    sheet.append(
        ["D1", "Deal", "A1", "S1", "GTX", "Won", 1234.5, "EUR", datetime(2024, 3, 11), 45362, "won"]
    )
    sheet.append([42, "Numeric id", None, None, None, None, None, None, None, None, None])
    book.save(path)
    deals = records(path, Deal)
    assert isinstance(deals[0], Deal) and isinstance(deals[1], Deal)
    assert deals[0].created_on is not None and deals[0].created_on.isoformat() == "2024-03-11"
    assert deals[0].close_on is not None and deals[0].close_on.isoformat() == "2024-03-11"
    assert deals[0].amount == Decimal("1234.5")
    assert deals[1].id == "42" and deals[1].outcome is DealOutcome.OPEN


def test_salesforce_and_hubspot_headers_are_recognised(tmp_path: Path) -> None:
    salesforce = tmp_path / "report.csv"
    salesforce.write_text(
        "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date,Created Date,"
        'Opportunity Owner\n006A,Renewal,Acme,Closed Won,"$12,000.00",03/11/2024,01/15/2024,Jo Bloggs\n',
        encoding="utf-8",
    )
    [deal] = records(salesforce, Deal)
    assert isinstance(deal, Deal)
    assert (deal.id, deal.account_id, deal.owner_id, deal.outcome) == (
        "006A",
        "Acme",
        "Jo Bloggs",
        DealOutcome.WON,
    )
    assert deal.close_on is not None and deal.close_on.isoformat() == "2024-03-11"
    hubspot = tmp_path / "hubspot-deals.csv"
    hubspot.write_text(
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Associated Company\n"
        "9001,Pilot,Closed Lost,5000,2024-03-11,2024-01-02 10:22,Sam Roe,Initech\n",
        encoding="utf-8",
    )
    crm_file = open_crm_file(hubspot, MAPPINGS)
    assert crm_file.resolved.mapping.name == "hubspot"
    [deal] = [d for d in read_crm_file(crm_file) if isinstance(d, Deal)]
    assert (deal.id, deal.outcome, deal.account_id) == ("9001", DealOutcome.LOST, "Initech")


def test_maven_quirks(tmp_path: Path) -> None:
    pipeline = tmp_path / "sales_pipeline.csv"
    pipeline.write_text(
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
        "Z063OYW0,Darcel Schlecht,GTXPro,Isdom,Won,2016-10-25,2017-03-11,4514\n"
        "OPEN0001,Darcel Schlecht,GTX Pro,,Engaging,2017-05-01,,\n",
        encoding="utf-8",
    )
    deals = records(pipeline, Deal)
    assert [d.product for d in deals if isinstance(d, Deal)] == ["gtxpro", "gtxpro"]
    won, open_deal = deals
    assert isinstance(won, Deal) and isinstance(open_deal, Deal)
    assert (won.outcome, won.stage, won.amount) == (DealOutcome.WON, "Won", Decimal("4514"))
    assert (open_deal.outcome, open_deal.stage, open_deal.account_id) == (
        DealOutcome.OPEN,
        "Engaging",
        None,
    )
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "account,sector,year_established,revenue,employees,office_location,subsidiary_of\n"
        "Acme Corporation,technolgy,1996,1100.04,2822,United States,\n",
        encoding="utf-8",
    )
    [account] = records(accounts, Account)
    assert isinstance(account, Account)
    assert (account.id, account.sector, account.revenue_musd) == (
        "Acme Corporation",
        "technology",
        Decimal("1100.04"),
    )
    products = tmp_path / "products.csv"
    products.write_text("product,series,sales_price\nGTX Pro,GTX,4821\n", encoding="utf-8")
    [product] = records(products, Product)
    assert isinstance(product, Product) and product.id == "gtxpro"


def test_activities_have_kinds_and_contacts(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_text(
        "activity_id,account_id,deal_id,kind,subject,occurred_at,owner_id,contact_ids\n"
        "X1,A1,D1,meeting,Kick-off,2024-04-09T10:00:00-04:00,S1,C1;C2;C1\n",
        encoding="utf-8",
    )
    [interaction] = records(path, Interaction)
    assert isinstance(interaction, Interaction)
    assert interaction.kind.value == "meeting" and interaction.source == "crm"
    assert [p.person_id for p in interaction.participants] == ["C1", "C2"]


def test_bad_values_name_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        DEALS + "D1,A,A1,S1,P,Won,lots,USD,2024-03-11,2024-09-30,won\n"
        "D2,B,A1,S1,P,Won,10,USD,03/04/2024,2024-09-30,won\n"
        "D3,C,A1,S1,P,Won,10,USD,2024-03-11,2024-09-30,maybe\n"
        ",D,A1,S1,P,Won,10,USD,2024-03-11,2024-09-30,won\n",
        encoding="utf-8",
    )
    problems = records(path, RecordProblem)
    assert [(p.line, p.column) for p in problems if isinstance(p, RecordProblem)] == [
        (2, "amount"),
        (3, "created_on"),
        (4, "outcome"),
        (5, "deal_id"),
    ]


def test_formula_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("account_id,name\nA1,\"=cmd|' /C calc'!A0\"\n", encoding="utf-8")
    [account] = records(path, Account)
    assert isinstance(account, Account) and account.name == "=cmd|' /C calc'!A0"


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(BadFile, match="binary"):
        open_crm_file(path, MAPPINGS)


def test_control_characters_without_a_nul_are_binary_past_one_in_twenty(tmp_path: Path) -> None:
    garbage = tmp_path / "deals.csv"
    garbage.write_bytes(b"deal_id,name\n" + bytes(range(1, 32)) * 200)
    with pytest.raises(BadFile, match="binary"):
        open_crm_file(garbage, MAPPINGS)
    text = tmp_path / "accounts.csv"  # a stray vertical tab or escape in a cell is still text
    text.write_bytes(b"account_id,name\n" + b"A1,Acme Corporation of the Americas\x0b\n" * 50)
    assert open_crm_file(text, MAPPINGS).table.header == ["account_id", "name"]


def test_fake_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deals.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"garbage" * 100)
    with pytest.raises(BadFile, match="XLSX"):
        open_crm_file(path, MAPPINGS)


def test_unknown_header_names_the_way_out(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Table,Field,Description\na,b,c\n", encoding="utf-8")
    with pytest.raises(BadFile, match="--preset or --mapping"):
        open_crm_file(path, MAPPINGS)


def test_undecodable_bytes_are_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    good = "account_id,name\n" + "".join(f"A{i},Name {i}\n" for i in range(5000))
    # valid UTF-8 for the whole sample, then a byte no encoding we read accepts
    path.write_bytes(good.encode() + b"A9,Bad \xff\xfe name\n")
    items = read(path)
    problems = [p for p in items if isinstance(p, RecordProblem)]
    accounts = [a.id for a in items if isinstance(a, Account)]
    assert 4000 < len(accounts) <= 5000 and "A9" not in accounts[-1:]
    assert len(problems) == 1 and "not valid utf-8" in problems[0].reason
    assert problems[0].line is not None and problems[0].line > 4000


def test_over_long_line_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the bound is lowered so the test stays small; the real one is 4 Mi characters
    monkeypatch.setattr(tabular, "MAX_LINE_CHARS", 1000)
    path = tmp_path / "accounts.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("account_id,name\nA1,First\nA2,")
        for _ in range(200):
            handle.write("x" * 500)  # one line of 100,000 characters
        handle.write("\nA3,Third\n")
    items = read(path)
    assert [a.id for a in items if isinstance(a, Account)] == ["A1", "A3"]
    [problem] = [p for p in items if isinstance(p, RecordProblem)]
    assert problem.line == 3 and "longer than" in problem.reason


def test_over_long_field_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_FIELD_CHARS", 100)
    path = tmp_path / "accounts.csv"
    path.write_text('account_id,name\nA0,Ok\nA1,"' + "y\n" * 100 + '"\nA2,Ok\n', encoding="utf-8")
    items = read(path)
    assert [a.id for a in items if isinstance(a, Account)] == ["A0"]
    [problem] = [p for p in items if isinstance(p, RecordProblem)]
    assert "field larger than field limit" in problem.reason and "stopped" in problem.reason
