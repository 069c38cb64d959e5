"""The CRM import use case on SQLite and PostgreSQL: presets, upserts, error policy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, Table, select

from softpower.domain import DealOutcome
from softpower.errors import BadFile, BadRecord, SoftpowerError
from softpower.services import accounts as account_service
from softpower.services import crm_import
from softpower.services.crm_import import import_crm
from softpower.services.store import store_of
from softpower.store import repository, schema
from softpower.store.bulk_load import bulk_load
from softpower.store.crm_rows import TABLES_WRITTEN
from softpower.workspace import Workspace

ACCOUNTS = (
    "account_id,name,domain,sector,employees,revenue_musd,location,parent_account_id\n"
    'NW,Northwind,northwind.example,Logistics,2400,612.50,"Columbus, OH",\n'
    "HP,Harbor Point,harbor.example,Food,860,194.00,Toledo,RG\n"
)
CONTACTS = (
    "contact_id,account_id,name,email,title,department,phone,reports_to_id\n"
    "C1,NW,Robert Halvorsen,Robert.Halvorsen@northwind.example,CFO,Finance,+1 614,\n"
    "C2,NW,Priya Raman,priya.raman@northwind.example,Senior Financial Analyst,Finance,,C1\n"
)
DEALS = (
    "deal_id,name,account_id,owner_id,product,stage,amount,currency,created_on,close_on,outcome\n"
    "D1,Control Tower,NW,S2,Control Tower,Proposal,480000.00,USD,2024-03-11,2024-09-30,open\n"
    'D2,Old win,NW,S3,Route Optimizer,Closed,"1.234,50 €",,2023-01-02,2023-02-03,won\n'
)
SELLERS = (
    "seller_id,name,email,team,manager,region\n"
    "S1,Elena Marquez,elena@ourco.example,Central,,NA Central\n"
    "S2,Aisha Coleman,aisha@ourco.example,Central,Elena Marquez,NA Central\n"
)
ACTIVITIES = (
    "activity_id,account_id,deal_id,kind,subject,occurred_at,owner_id,contact_ids\n"
    "X1,NW,D1,meeting,Discovery,2024-04-09T10:00:00-04:00,S2,C1;C2\n"
    "X2,NW,D1,call,Follow-up,2024-04-10T09:00:00-04:00,S2,C9\n"
)


@pytest.fixture(autouse=True, params=["parsed here", "parsed by one worker", "parsed by workers"])
def parsing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs three ways: small input parsed in process, mid-size input by one
    worker, and as a large import is."""
    if request.param == "parsed by one worker":
        monkeypatch.setattr(crm_import, "PIPELINED_BYTES", 0)
    if request.param == "parsed by workers":
        monkeypatch.setattr(crm_import, "LARGE_IMPORT_BYTES", 0)
    return str(request.param)


def write_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, text in [
        ("activities.csv", ACTIVITIES),  # listed first on purpose: order is resolved
        ("deals.csv", DEALS),
        ("accounts.csv", ACCOUNTS),
        ("contacts.csv", CONTACTS),
        ("sellers.csv", SELLERS),
    ]:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def table_counts(workspace: Workspace) -> dict[str, int]:
    with store_of(workspace) as engine, engine.connect() as connection:
        return {
            table.name: repository.count_rows(connection, table)
            for table in (
                schema.accounts,
                schema.people,
                schema.person_titles,
                schema.person_addresses,
                schema.deals,
                schema.sellers,
                schema.teams,
                schema.products,
                schema.interactions,
                schema.participants,
            )
        }


def test_a_reimport_counts_what_changed_and_an_empty_cell_changes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    files = write_files(tmp_path / "crm")
    import_crm(workspace, files)
    deals = tmp_path / "later" / "deals.csv"
    deals.parent.mkdir()
    # D1 moves on; D2's amount cell is empty (kept as stored, so not a change); D3 is new
    deals.write_text(
        DEALS.replace("Proposal,480000.00", "Negotiation,480000.00").replace('"1.234,50 €"', "")
        + "D3,New one,NW,S2,Control Tower,Discovery,1000,USD,2024-05-01,2024-12-01,open\n",
        encoding="utf-8",
    )
    later = import_crm(workspace, [deals])
    assert later.written["deals"] == 2 and later.unchanged["deals"] == 1
    with store_of(workspace) as engine, engine.connect() as connection:
        stored = {d.id: d for d in repository.list_deals(connection)}
    assert stored["D1"].stage == "Negotiation"
    assert stored["D2"].amount == Decimal("1234.50")


def test_each_kind_of_record_writes_only_the_tables_it_declares(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a first import checks references (and rebuilds indexes) on the declared tables alone:
    # a table written but not declared would escape the check on SQLite
    written: dict[str, set[str]] = {}
    take = crm_import._take

    def spying(parsed: crm_import.Parsed, files: list, *rest: object) -> None:  # type: ignore[type-arg]
        tables = written.setdefault(files[parsed.file_index].entity, set())
        tables.update(write[0] for write in parsed.writes)
        take(parsed, files, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(crm_import, "_take", spying)
    products = tmp_path / "products.csv"
    products.write_text("product,series,list_price\nControl Tower,CT,1200\n", encoding="utf-8")
    import_crm(workspace, [*write_files(tmp_path / "crm"), products])
    assert set(written) == set(TABLES_WRITTEN)
    for entity, tables in written.items():
        assert tables <= set(TABLES_WRITTEN[entity]), entity
    assert "participants" in written["activities"] and "teams" in written["sellers"]


def test_a_run_is_recorded_committed_with_its_records_or_not_at_all(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    @contextmanager
    def failing_at_the_end(engine: Engine, tables: list[Table]) -> Iterator[Connection]:
        with bulk_load(engine, tables) as connection:
            yield connection
            raise SoftpowerError("the final check failed")  # after the run was marked committed

    monkeypatch.setattr(crm_import, "bulk_load", failing_at_the_end)
    with pytest.raises(SoftpowerError, match="final check"):
        import_crm(workspace, write_files(tmp_path / "crm"))
    assert set(table_counts(workspace).values()) == {0}
    with store_of(workspace) as engine, engine.connect() as connection:
        runs = connection.execute(select(schema.import_runs.c.status)).scalars().all()
    assert runs == ["failed"]


def test_softpower_files_import_and_reimport_changes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    files = write_files(tmp_path / "crm")
    summary = import_crm(workspace, files)
    assert summary.written["deals"] == 2 and summary.written["contacts"] == 2
    assert summary.rejected == 0 and summary.report_path is None
    first = table_counts(workspace)
    assert first["accounts"] == 2  # a parent id needs no row of its own
    assert first["products"] == 2 and first["teams"] == 1
    assert first["people"] == 5  # C9 is a placeholder from an activity; 2 sellers with e-mail
    assert first["participants"] == 3
    again = import_crm(workspace, files)
    assert +again.written == {}  # nothing new or changed
    assert again.unchanged == summary.written
    assert table_counts(workspace) == first

    view = account_service.show_account(workspace, "Northwind")
    assert view.account.domains == ["northwind.example"]
    assert view.account.revenue_musd == Decimal("612.5")
    priya = next(p for p in view.people if p.name == "Priya Raman")
    assert (priya.title, priya.reports_to_id, priya.is_internal) == (
        "Senior Financial Analyst",
        "C1",
        False,
    )
    robert = next(p for p in view.people if p.id == "C1")
    assert robert.addresses == ["robert.halvorsen@northwind.example"]
    deals = {d.id: d for d in view.deals}
    assert deals["D2"].amount == Decimal("1234.50") and deals["D2"].currency == "EUR"
    assert deals["D2"].outcome is DealOutcome.WON and deals["D1"].owner_id == "S2"
    with store_of(workspace) as engine, engine.connect() as connection:
        teams = repository.list_teams(connection)
        runs = connection.execute(select(schema.import_runs.c.status)).scalars().all()
        started = connection.execute(
            select(schema.interactions.c.started_at).where(schema.interactions.c.id == "X1")
        ).scalar_one()
    assert [(t.name, t.manager_name) for t in teams] == [("Central", "Elena Marquez")]
    assert runs == ["committed", "committed"]
    assert started.replace(tzinfo=None).isoformat() == "2024-04-09T14:00:00"


def test_later_file_merges_stored_deals_and_adds_new_ones(
    workspace: Workspace, tmp_path: Path
) -> None:
    """One batch holding a stored key and a new one: the stored row keeps what the file leaves empty."""
    import_crm(workspace, write_files(tmp_path / "crm"))
    later = tmp_path / "later" / "deals.csv"
    later.parent.mkdir()
    later.write_text(
        "deal_id,name,account_id,owner_id,product,stage,amount,currency,created_on,close_on,outcome\n"
        "D1,Control Tower,NW,S2,,Negotiation,,,,,open\n"
        "D3,Fresh deal,NW,S2,,Discovery,1000.00,USD,2024-05-01,,open\n",
        encoding="utf-8",
    )
    summary = import_crm(workspace, [later])
    assert summary.written["deals"] == 2
    with store_of(workspace) as engine, engine.connect() as connection:
        deals = {
            row.id: row
            for row in connection.execute(
                select(schema.deals.c.id, schema.deals.c.stage, schema.deals.c.amount)
            )
        }
    assert deals["D1"].stage == "Negotiation" and Decimal(deals["D1"].amount) == Decimal("480000")
    assert deals["D3"].stage == "Discovery" and Decimal(deals["D3"].amount) == Decimal("1000")
    assert set(deals) == {"D1", "D2", "D3"}


def test_maven_dataset_layout(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "maven"
    folder.mkdir()
    (folder / "sales_pipeline.csv").write_text(
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
        "Z063OYW0,Darcel Schlecht,GTXPro,Acme Corporation,Won,2016-10-25,2017-03-11,4514\n"
        "OPEN0001,Darcel Schlecht,GTX Pro,,Prospecting,,,\n",
        encoding="utf-8",
    )
    (folder / "products.csv").write_text(
        "product,series,sales_price\nGTX Pro,GTX,4821\n", encoding="utf-8"
    )
    (folder / "accounts.csv").write_text(
        "account,sector,year_established,revenue,employees,office_location,subsidiary_of\n"
        "Acme Corporation,technolgy,1996,1100.04,2822,United States,\n",
        encoding="utf-8",
    )
    (folder / "sales_teams.csv").write_text(
        "sales_agent,manager,regional_office\nDarcel Schlecht,Melvin Marxen,Central\n",
        encoding="utf-8",
    )
    summary = import_crm(workspace, [folder], preset="maven")
    assert summary.written["deals"] == 2
    with store_of(workspace) as engine, engine.connect() as connection:
        products = repository.list_products(connection)
        deals = {d.id: d for d in repository.list_deals(connection)}
        accounts = repository.list_accounts(connection)
        sellers = repository.list_sellers(connection)
    assert [(p.id, p.name, p.list_price) for p in products] == [
        ("gtxpro", "GTX Pro", Decimal("4821"))
    ]
    assert deals["Z063OYW0"].product == deals["OPEN0001"].product == "gtxpro"
    assert deals["OPEN0001"].account_id is None and deals["OPEN0001"].stage == "Prospecting"
    assert [(a.name, a.sector) for a in accounts] == [("Acme Corporation", "technology")]
    assert [(s.id, s.team_id) for s in sellers] == [("Darcel Schlecht", "Melvin Marxen")]


def test_abort_writes_nothing_and_names_the_row(workspace: Workspace, tmp_path: Path) -> None:
    files = write_files(tmp_path / "crm")
    (tmp_path / "crm" / "deals.csv").write_text(
        DEALS + "D3,Bad,NW,S2,P,Won,lots,USD,2024-03-11,2024-09-30,won\n", encoding="utf-8"
    )
    with pytest.raises(BadRecord) as raised:
        import_crm(workspace, files)
    assert "deals.csv, line 4, column 'amount'" in str(raised.value)
    counts = table_counts(workspace)
    assert counts["accounts"] == counts["deals"] == counts["people"] == 0
    with store_of(workspace) as engine, engine.connect() as connection:
        runs = connection.execute(select(schema.import_runs.c.status)).scalars().all()
    assert runs == ["failed"]


def test_abort_on_unreadable_file_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    files = write_files(tmp_path / "crm")
    garbage = tmp_path / "crm" / "garbage.csv"
    garbage.write_bytes(b"\x00\x01\x02" * 1000)
    with pytest.raises(BadFile, match="binary"):
        import_crm(workspace, [*files, garbage])
    assert table_counts(workspace)["deals"] == 0
    with store_of(workspace) as engine, engine.connect() as connection:
        runs = connection.execute(
            select(schema.import_runs.c.status, schema.import_runs.c.rejected)
        ).all()
    assert [tuple(run) for run in runs] == [("failed", 1)]  # refused, and still on record


def test_skip_writes_good_rows_and_a_report(workspace: Workspace, tmp_path: Path) -> None:
    files = write_files(tmp_path / "crm")
    (tmp_path / "crm" / "deals.csv").write_text(
        DEALS + "D3,Bad,NW,S2,P,Won,lots,USD,2024-03-11,2024-09-30,won\n"
        "D4,Bad date,NW,S2,P,Won,5,USD,03/04/2024,2024-09-30,won\n",
        encoding="utf-8",
    )
    garbage = tmp_path / "crm" / "garbage.csv"
    garbage.write_bytes(b"\x00\x01\x02" * 1000)
    summary = import_crm(workspace, [*files, garbage], on_error="skip")
    assert summary.written["deals"] == 2 and summary.rejected == 3
    assert summary.report_path is not None
    assert summary.report_path.parent == workspace.reports_dir
    lines = [json.loads(line) for line in summary.report_path.read_text().splitlines()]
    assert [(r["line"], r["column"]) for r in lines] == [
        (None, None),
        (4, "amount"),
        (5, "created_on"),
    ]
    assert table_counts(workspace)["deals"] == 2


def test_mapping_file(workspace: Workspace, tmp_path: Path) -> None:
    mapping = tmp_path / "mine.toml"
    mapping.write_text(
        'name = "mine"\ndate_format = "%d/%m/%Y"\ndecimal_comma = true\n'
        '[[table]]\nentity = "deals"\ndetect = ["Nr", "Betreff"]\n'
        '[table.columns]\nid = "Nr"\nname = "Betreff"\namount = "Betrag"\nclose_on = "Datum"\n'
        'outcome = "Status"\n[table.values.outcome]\ngewonnen = "won"\n',
        encoding="utf-8",
    )
    data = tmp_path / "export.csv"
    data.write_text(
        "Nr;Betreff;Betrag;Datum;Status\n7;Pilot;1.234,50;03/04/2024;gewonnen\n",
        encoding="cp1252",
    )
    import_crm(workspace, [data], mapping=mapping)
    [deal] = account_service.list_deals(workspace)
    assert (deal.id, deal.amount, deal.outcome) == ("7", Decimal("1234.50"), DealOutcome.WON)
    assert deal.close_on is not None and deal.close_on.isoformat() == "2024-04-03"


def test_deals_list_newest_first_by_their_latest_date_and_accounts_by_name(
    workspace: Workspace, tmp_path: Path
) -> None:
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "deal_id,name,account_id,created_on,close_on,outcome\n"
        "OLD,Closed long ago,acme,2022-01-01,2023-02-03,won\n"
        "NODATE,Nothing known,zeta,,,open\n"
        "OPEN,Opened lately,Bolt,2024-12-01,,open\n"
        "CLOSED,Closed this year,acme,2024-01-05,2024-09-30,lost\n",
        encoding="utf-8",
    )
    import_crm(workspace, [deals])
    assert [d.id for d in account_service.list_deals(workspace)] == [
        "OPEN",  # an open deal counts from when it was created
        "CLOSED",
        "OLD",
        "NODATE",  # no date at all: last
    ]
    listed = [a.account.name for a in account_service.list_accounts(workspace)]
    assert listed == ["acme", "Bolt", "zeta"]  # whatever the case


def test_bad_mapping_file_is_a_clear_error(workspace: Workspace, tmp_path: Path) -> None:
    mapping = tmp_path / "bad.toml"
    mapping.write_text('[[table]]\nentity = "deals"\n[table.columns]\nprice = "x"\n')
    with pytest.raises(BadFile, match="deals have no field 'price'"):
        import_crm(workspace, [tmp_path], mapping=mapping)


def test_many_batches_come_back_whole_and_in_order(workspace: Workspace, tmp_path: Path) -> None:
    lines = [DEALS.splitlines()[0]]
    for n in range(1050):
        product = "GTX Pro" if n % 2 else "GTXPro"  # one product, spelled two ways
        lines.append(
            f"D{n:04d},Deal {n},A{n % 7},S{n % 3},{product},Proposal,{n}.25,USD,"
            "2024-01-02,2024-06-30,open"
        )
    lines.append("D9999,Bad,A1,S1,GTX Pro,Proposal,12,USD,not a date,2024-06-30,open")
    path = tmp_path / "deals.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    summary = import_crm(workspace, [path], on_error="skip", batch_rows=100)

    assert summary.rows == 1051 and summary.rejected == 1
    assert summary.written["deals"] == 1050
    assert [p.line for p in summary.problems] == [1052]
    with store_of(workspace) as engine, engine.connect() as connection:
        deals = connection.execute(select(schema.deals.c.id, schema.deals.c.amount)).all()
        products = connection.execute(select(schema.products.c.id)).scalars().all()
        accounts = connection.execute(select(schema.accounts.c.id)).scalars().all()
    assert len(deals) == 1050 and Decimal(str(dict(deals)["D0421"])) == Decimal("421.25")
    assert products == ["gtxpro"]
    assert sorted(accounts) == [f"A{n}" for n in range(7)]


def test_a_short_row_refuses_the_import(workspace: Workspace, tmp_path: Path) -> None:
    files = write_files(tmp_path / "crm")
    (tmp_path / "crm" / "deals.csv").write_text(DEALS + "D3,Northwind,NW\n", encoding="utf-8")
    with pytest.raises(BadRecord) as raised:
        import_crm(workspace, files)
    assert str(raised.value).endswith("deals.csv, line 4: 3 cells but the header has 11 columns")
    assert table_counts(workspace)["deals"] == 0


def test_skip_reports_a_short_row_and_writes_the_others(
    workspace: Workspace, tmp_path: Path
) -> None:
    files = write_files(tmp_path / "crm")
    (tmp_path / "crm" / "deals.csv").write_text(
        DEALS + "D3,Northwind,NW\n" + 'D4,"never closed,NW,S2\n', encoding="utf-8"
    )
    summary = import_crm(workspace, files, on_error="skip")
    assert summary.written["deals"] == 2 and summary.rejected == 2
    assert summary.report_path is not None
    report = [json.loads(line) for line in summary.report_path.read_text().splitlines()]
    assert [(r["line"], r["column"], r["reason"]) for r in report] == [
        (4, None, "3 cells but the header has 11 columns"),
        (5, "name", "a quote opened here is never closed; 2 cells but the header has 11 columns"),
    ]
    with store_of(workspace) as engine, engine.connect() as connection:
        ids = connection.execute(select(schema.deals.c.id)).scalars().all()
    assert sorted(ids) == ["D1", "D2"]


def test_a_preset_that_does_not_fit_says_so(workspace: Workspace, tmp_path: Path) -> None:
    files = write_files(tmp_path / "crm")
    with pytest.raises(BadFile) as raised:
        import_crm(workspace, files[1:2], preset="salesforce")
    message = str(raised.value)
    assert "deals.csv: the header does not fit the salesforce preset: no column" in message
    assert "(it has: deal_id, name, account_id," in message and "--preset" not in message


def test_a_folder_with_no_crm_file_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SoftpowerError) as raised:
        import_crm(workspace, [empty, other])
    assert str(raised.value) == f"no CSV or XLSX file in {empty}, {other}"
    with store_of(workspace) as engine, engine.connect() as connection:
        runs = connection.execute(select(schema.import_runs.c.status)).scalars().all()
    assert runs == []
