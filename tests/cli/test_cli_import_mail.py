"""`softpower import mail` from the outside: the summary says what happened, without zeros."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from softpower.cli import app
from softpower.workspace import Workspace

MBOX = b"""From a@ourco.example Mon Jul  1 10:00:00 2024
From: Ann Seller <ann@ourco.example>
To: Bob Buyer <bob@cust.example>, Robert Buyer <robert.buyer@cust.example>
Subject: Next steps
Date: Mon, 1 Jul 2024 10:00:00 +0000
Message-ID: <m1@ourco.example>

What would make this worth doing for your team?
"""


def cli(workspace: Workspace, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["-w", str(workspace.root), "--database-url", workspace.database_url, *args]
    )
    return result.exit_code, result.output


def test_summary_lines_of_a_first_import_a_rerun_and_a_file_that_is_no_mail(
    workspace: Workspace, tmp_path: Path
) -> None:
    mail = tmp_path / "ann.mbox"
    mail.write_bytes(MBOX)
    code, output = cli(workspace, "import", "mail", str(mail))
    assert code == 0, output
    first = output.splitlines()[0]
    assert first == "mail: 1 file imported; written: 1 message, 3 participants"
    assert "identities: " in output
    code, output = cli(workspace, "import", "mail", str(mail))
    assert code == 0 and output.splitlines() == [
        "mail: 1 file unchanged; written: nothing",
        "identities: no new address to join (3 addresses)",
    ]
    copy = tmp_path / "copy" / "ann.mbox"
    copy.parent.mkdir()
    copy.write_bytes(MBOX)
    code, output = cli(workspace, "import", "mail", str(copy))
    assert code == 0 and output.splitlines()[0] == (
        "mail: 1 file imported; written: nothing; 1 message already stored"
    )
    renamed = tmp_path / "export.mbox"
    renamed.write_text("id,name\n1,Acme\n", encoding="utf-8")
    code, output = cli(workspace, "import", "mail", str(renamed))
    assert code == 1
    assert output.splitlines()[0] == "mail: 1 file refused; written: nothing; 1 problem"
    assert "not an mbox file" in output and "identities" not in output


def test_a_folder_with_nothing_to_import_is_a_user_error(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "wrong"
    folder.mkdir()
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")  # not a kind these read
    for kind, says in (
        ("mail", "no mail file"),
        ("calendar", "no calendar file (.ics"),
        ("transcripts", "no transcript file (.vtt, .srt, .json)"),
    ):
        args = ["-w", str(workspace.root), "--database-url", workspace.database_url]
        result = CliRunner().invoke(app, [*args, "import", kind, str(folder)])
        assert result.exit_code == 1, (kind, result.output)
        assert says in str(result.exception) and str(folder) in str(result.exception)
