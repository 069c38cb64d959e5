"""The command line as a user meets it: version, init, listing, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from softpower import __version__
from softpower.cli import app
from softpower.errors import WorkspaceError
from softpower.workspace import Workspace

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env or {})
    return result.exit_code, result.output


def test_version() -> None:
    code, out = invoke("--version")
    assert code == 0 and __version__ in out


def test_init_creates_workspace_and_lists_nothing(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    code, out = invoke("init", str(root))
    assert code == 0, out
    assert (root / "softpower.toml").exists() and (root / "softpower.db").exists()
    code, out = invoke("--workspace", str(root), "accounts", "list")
    assert code == 0 and "0 accounts" in out


def test_workspace_from_environment(tmp_path: Path) -> None:
    root = tmp_path / "envws"
    assert invoke("init", str(root))[0] == 0
    code, out = invoke("deals", "list", env={"SOFTPOWER_WORKSPACE": str(root)})
    assert code == 0 and "0 deals" in out


def test_database_url_flag_wins(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    assert invoke("--database-url", url, "init", str(tmp_path / "ws"))[0] == 0
    assert (tmp_path / "elsewhere.db").exists()
    assert not (tmp_path / "ws" / "softpower.db").exists()


def test_user_error_is_exit_1_with_message(tmp_path: Path) -> None:
    import subprocess
    import sys

    missing = tmp_path / "nowhere"
    result = subprocess.run(
        [sys.executable, "-m", "softpower", "--workspace", str(missing), "accounts", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: no softpower database")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("foo://x", "is for 'foo'; softpower works with sqlite and postgresql"),
        ("not a url", "the database URL is not a URL"),
        (
            "postgresql://who:secret@127.0.0.1:1/none",
            "cannot open the database postgresql://who:***@",
        ),
    ],
)
def test_a_database_url_that_cannot_work_is_one_line(tmp_path: Path, url: str, says: str) -> None:
    import subprocess
    import sys

    for command in (["init", str(tmp_path / "ws")], ["accounts", "list"]):
        result = subprocess.run(
            [sys.executable, "-m", "softpower", "--database-url", url, *command],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("error: ") and says in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "secret" not in result.stderr


def test_a_file_that_is_no_database_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    garbage = tmp_path / "softpower.db"
    garbage.write_bytes(bytes(range(256)) * 16)
    for command in (["accounts", "list"], ["db", "upgrade"], ["init", str(tmp_path / "ws")]):
        result = subprocess.run(
            [sys.executable, "-m", "softpower", "--database-url", f"sqlite:///{garbage}", *command],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip() == (
            f"error: cannot open the database sqlite:///{garbage}: file is not a database"
        )


def test_a_workspace_cannot_be_made_on_a_file(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    with pytest.raises(WorkspaceError, match="taken is a file"):
        runner.invoke(app, ["init", str(taken)], catch_exceptions=False)
    with pytest.raises(WorkspaceError, match="cannot make a workspace"):
        runner.invoke(app, ["init", str(taken / "inside")], catch_exceptions=False)


def test_unknown_account_is_a_user_error(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    invoke("init", str(root))
    result = runner.invoke(app, ["-w", str(root), "account", "show", "Nobody Inc"])
    assert result.exit_code != 0
    assert "no account named" in str(result.exception)


@pytest.mark.parametrize("args", [["bogus"], ["deals", "list", "--limit", "many"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert invoke(*args)[0] == 2


def test_db_upgrade_reports_revision(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    invoke("init", str(root))
    code, out = invoke("-w", str(root), "db", "upgrade")
    assert code == 0 and "already at revision" in out


def test_deals_list_limit_says_how_many_of_how_many(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke("init", str(root))[0] == 0
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "deal_id,name,account_id,owner_id,product,stage,amount,currency,created_on,close_on,outcome\n"
        "D1,,A1,,,Won,,,,2024-01-01,won\nD2,,A1,,,Won,,,,2024-02-01,won\nD3,,A1,,,Won,,,,2024-03-01,won\n"
    )
    assert invoke("-w", str(root), "import", "crm", str(deals))[0] == 0
    env = {"COLUMNS": "200"}
    code, out = invoke("-w", str(root), "deals", "list", "--limit", "2", env=env)
    assert code == 0 and "The newest 2 of 3 deals (--limit 0 shows all)" in out
    assert "D3" in out and "D2" in out and "D1" not in out
    assert "Deal " not in out.splitlines()[2]  # no column of names when the CRM gave none
    code, out = invoke("-w", str(root), "deals", "list", "--limit", "0", env=env)
    assert code == 0 and "3 deals" in out and "D1" in out and "of 3" not in out
    assert invoke("-w", str(root), "deals", "list", "--limit", "-1")[0] == 2


def test_init_hides_the_password_and_says_the_url_is_not_stored(
    workspace: Workspace, tmp_path: Path
) -> None:
    from sqlalchemy.engine import make_url

    code, out = invoke("--database-url", workspace.database_url, "init", str(tmp_path / "new"))
    assert code == 0, out
    password = make_url(workspace.database_url).password
    assert not password or f":{password}@" not in out.replace("\n", "")
    assert "not stored in the workspace" in " ".join(out.split())


def test_the_command_line_loads_no_database_or_analysis_code_until_a_command_runs() -> None:
    # `--version`, `--help` and every command paid 1.2-1.8 s for imports they did not need
    probe = (
        "import sys, softpower.cli; "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'numpy', 'icalendar', 'psycopg') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
