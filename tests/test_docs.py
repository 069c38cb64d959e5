"""Documentation cannot drift from the code: every command has help and a section in the guide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from softpower.cli import app

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "user-guide.md"


def leaf_commands() -> list[tuple[str, Any]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(command: Any, path: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, f"{path} {name}")
        else:
            found.append((path, command))

    walk(root, "softpower")
    return found


COMMANDS = leaf_commands()


def test_there_are_commands() -> None:
    assert len(COMMANDS) >= 6


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_has_help(path: str, command: Any) -> None:
    assert (command.help or "").strip(), f"{path} has no help text"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS])
def test_command_is_in_user_guide(path: str) -> None:
    headings = [
        line for line in GUIDE.read_text(encoding="utf-8").splitlines() if line.startswith("#")
    ]
    assert any(f"`{path}" in heading for heading in headings), f"{path} missing from {GUIDE.name}"
