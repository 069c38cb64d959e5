"""`softpower import crm` from the outside: exit codes, messages, and a SIGKILL mid-import."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from processes import assert_no_process_left
from sqlalchemy import func, select
from typer.testing import CliRunner

from softpower.cli import app
from softpower.services.store import store_of
from softpower.store import schema
from softpower.workspace import Workspace

DEALS_HEADER = (
    "deal_id,name,account_id,owner_id,product,stage,amount,currency,created_on,close_on,outcome"
)


def cli(workspace: Workspace, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["-w", str(workspace.root), "--database-url", workspace.database_url, *args],
        env={"COLUMNS": "200"},  # table rows on one line each
    )
    return result.exit_code, result.output


def test_import_prints_a_summary(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(DEALS_HEADER + "\nD1,One,A1,S1,P,Won,10,USD,2024-01-01,2024-02-01,won\n")
    code, output = cli(workspace, "import", "crm", str(path))
    assert code == 0, output
    assert "deals.csv" in output and "1 deal" in output and "1 deals" not in output
    assert "1 account known only by id" in output and ": A1" in output  # a typo shows here
    other = tmp_path / "other.csv"  # an import naming other accounts warns of those alone
    other.write_text(DEALS_HEADER + "\nD2,Two,B2,S1,P,Won,10,USD,2024-01-01,2024-02-01,won\n")
    code, output = cli(workspace, "import", "crm", str(other))
    assert code == 0 and "1 account known only by id" in output and ": B2" in output
    assert "A1" not in output
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,name,sector\nA1,Acme,Retail\nB2,Bolt,Retail\n")
    code, output = cli(workspace, "import", "crm", str(accounts))
    assert code == 0 and "known only by id" not in output


def test_sellers_and_products_no_file_describes_are_named_in_the_summary(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        DEALS_HEADER
        + "\nD1,One,A1,S1,Route Planner,Won,10,USD,2024-01-01,2024-02-01,won"
        + "\nD2,Two,A1,S2,Route Planner,Won,10,USD,2024-01-01,2024-02-01,won\n"
    )
    code, output = cli(workspace, "import", "crm", str(path))
    assert code == 0, output
    assert "2 sellers known only by id (named by deals, in no sellers file" in output
    assert ": S1, S2" in output
    assert "1 product known only by name (named by deals, in no products file" in output
    assert ": Route Planner" in output
    sellers = tmp_path / "sellers.csv"
    sellers.write_text("seller_id,name,email,team\nS1,Sam One,sam@example.com,East\n")
    products = tmp_path / "products.csv"
    products.write_text("product,series,list_price\nRoute Planner,Route,1200\n")
    code, output = cli(workspace, "import", "crm", str(sellers), str(products), str(path))
    assert code == 0, output
    assert "1 seller known only by id" in output and ": S2" in output  # S1 is described now
    assert "known only by name" not in output


def test_a_file_left_out_is_listed_as_refused_not_as_a_row(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "deals.csv").write_text(
        DEALS_HEADER
        + "\nD1,One,A1,S1,P,Won,10,USD,2024-01-01,2024-02-01,won"
        + "\nD2,Two,A1,S1,P,Won,lots,USD,2024-01-01,2024-02-01,won\n"
    )
    (tmp_path / "data_dictionary.csv").write_text("Table,Field,Description\nx,y,z\n")
    code, output = cli(workspace, "import", "crm", "--on-error", "skip", str(tmp_path))
    assert code == 0, output
    refused = next(line for line in output.splitlines() if "data_dictionary.csv" in line)
    assert "refused" in refused and "whole file" in refused
    assert "Rejected 1 row and 1 file; report:" in output


def test_import_runs_lists_each_import_with_how_it_ended(
    workspace: Workspace, tmp_path: Path
) -> None:
    good = tmp_path / "deals.csv"
    good.write_text(DEALS_HEADER + "\nD1,One,A1,S1,P,Won,10,USD,2024-01-01,2024-02-01,won\n")
    bad = tmp_path / "more_deals.csv"
    bad.write_text(
        DEALS_HEADER
        + "\nD2,Two,A1,S1,P,Won,lots,USD,2024-01-01,2024-02-01,won"
        + "\nD3,Three,A1,S1,P,Won,5,USD,2024-01-01,2024-02-01,won\n"
    )
    assert cli(workspace, "import", "crm", str(good))[0] == 0
    assert cli(workspace, "import", "crm", str(bad))[0] == 1
    assert cli(workspace, "import", "crm", "--on-error", "skip", str(bad))[0] == 0
    code, output = cli(workspace, "import", "runs")
    assert code == 0, output
    lines = [line for line in output.splitlines() if "│ crm " in line]
    assert len(lines) == 3  # newest first
    assert "committed" in lines[0] and "more_deals.csv" in lines[0]
    assert "failed" in lines[1] and "committed" in lines[2] and "deals.csv" in lines[2]
    assert "what it refused, and why:" in output and ".jsonl" in output  # the skip run's report
    code, output = cli(workspace, "import", "runs", "--limit", "1")
    assert code == 0 and len([line for line in output.splitlines() if "│ crm " in line]) == 1


def test_usage_error_exits_2(workspace: Workspace, tmp_path: Path) -> None:
    code, _ = cli(workspace, "import", "crm", "--preset", "nope", str(tmp_path))
    assert code == 2
    code, _ = cli(workspace, "import", "crm", "--on-error", "ignore", str(tmp_path))
    assert code == 2


def test_bad_row_is_one_line_and_exit_1(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    subprocess.run([sys.executable, "-m", "softpower", "init", str(root)], check=True,
                   capture_output=True)  # fmt: skip
    path = tmp_path / "deals.csv"
    path.write_text(DEALS_HEADER + "\nD1,One,A1,S1,P,Won,lots,USD,2024-01-01,2024-02-01,won\n")
    done = subprocess.run(
        [sys.executable, "-m", "softpower", "-w", str(root), "import", "crm", str(path)],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "SOFTPOWER_DATABASE_URL"},
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "deals.csv, line 2, column 'amount'" in done.stderr


def _generate(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(DEALS_HEADER.split(","))
        for n in range(rows):
            writer.writerow(
                [f"D{n:07d}", f"Deal {n}", f"A{n % 300}", f"S{n % 40}", f"P{n % 7}", "Open",
                 f"{n % 9000}.50", "USD", "2024-01-02", "2024-06-30", "open"]
            )  # fmt: skip


def _count(workspace: Workspace, query: object) -> int:
    with store_of(workspace) as engine, engine.connect() as connection:
        return int(connection.scalar(query) or 0)  # type: ignore[call-overload]


def test_sigkill_mid_import_then_rerun_loses_and_doubles_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = 150_000
    path = tmp_path / "deals.csv"
    _generate(path, rows)
    command = [
        sys.executable, "-m", "softpower", "-w", str(workspace.root),
        "--database-url", workspace.database_url, "import", "crm", str(path),
    ]  # fmt: skip
    running = (
        select(func.count())
        .select_from(schema.import_runs)
        .where(schema.import_runs.c.status == "running")
    )
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while _count(workspace, running) == 0:
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.5)  # well into the batches
        assert process.poll() is None, "the import ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert _count(workspace, select(func.count()).select_from(schema.deals)) < rows
    assert_no_process_left(str(path))

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    deals = schema.deals
    assert _count(workspace, select(func.count()).select_from(deals)) == rows
    assert _count(workspace, select(func.count(func.distinct(deals.c.id)))) == rows
    assert _count(workspace, select(func.count()).select_from(schema.accounts)) == 300
    committed = (
        select(func.count())
        .select_from(schema.import_runs)
        .where(schema.import_runs.c.status == "committed")
    )
    assert _count(workspace, committed) == 1
    interrupted = (
        select(func.count())
        .select_from(schema.import_runs)
        .where(schema.import_runs.c.status == "interrupted")
    )
    assert _count(workspace, interrupted) == 1  # the killed run, found out by the re-run


def test_deals_list_shows_ids_and_products_as_the_crm_spelled_them(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        DEALS_HEADER
        + "\nD7,Pilot,A1,S1,Dock Scheduling,Discovery,10,USD,2024-01-01,2024-02-01,open\n"
    )
    assert cli(workspace, "import", "crm", str(path))[0] == 0
    code, output = cli(workspace, "deals", "list")
    assert code == 0, output
    assert "D7" in output and "Dock Scheduling" in output
    assert "dockscheduling" not in output
    sellers = tmp_path / "sellers.csv"
    sellers.write_text("seller_id,name,email,team\nS1,Sam Seller,sam@ourco.example,West\n")
    assert cli(workspace, "import", "crm", str(sellers))[0] == 0
    code, output = cli(workspace, "deals", "list")
    assert "Owner" in output and "Sam Seller" in output  # the owner by name


def test_accounts_list_counts_deals_lost_to_no_decision(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        DEALS_HEADER
        + "\nD1,Stalled,A1,S1,P,Closed,10,USD,2024-01-01,2024-02-01,no_decision"
        + "\nD2,Won,A1,S1,P,Closed,10,USD,2024-01-01,2024-02-01,won\n"
    )
    assert cli(workspace, "import", "crm", str(path))[0] == 0
    output = cli(workspace, "accounts", "list")[1]
    header = next(line for line in output.splitlines() if "Account" in line)
    row = next(line for line in output.splitlines() if "A1" in line)
    assert header.split("┃")[-2].strip() == "No decision"
    assert [cell.strip() for cell in row.split("│")[-4:-1]] == ["1", "0", "1"]  # won, lost, none


def softpower(workspace: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it: errors are caught at the very edge (`cli.main`)."""
    command = [sys.executable, "-m", "softpower", "-w", str(workspace.root),
               "--database-url", workspace.database_url, *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_a_folder_with_no_crm_file_is_one_line_and_exit_1(
    workspace: Workspace, tmp_path: Path
) -> None:
    empty = tmp_path / "emptydir"
    empty.mkdir()
    done = softpower(workspace, "import", "crm", str(empty))
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: no CSV or XLSX file in {empty}"
    assert "Written" not in done.stdout


def test_a_short_row_and_a_preset_that_does_not_fit_exit_1(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(DEALS_HEADER + "\nNW-D02,Northwind,NW-A01\n")
    done = softpower(workspace, "import", "crm", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "deals.csv, line 2: 3 cells but the header has 11 columns" in done.stderr
    done = softpower(workspace, "import", "crm", "--preset", "salesforce", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    message = "does not fit the salesforce preset: no column Opportunity Name for deals"
    assert message in done.stderr and "matches no known CRM file" not in done.stderr
