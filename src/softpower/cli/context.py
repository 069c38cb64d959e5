"""What every command shares: the resolved workspace and the consoles."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Container, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import typer
from rich.console import Console

from softpower.workspace import Workspace, load_workspace


def lazy_module(name: str) -> ModuleType:
    """Module `name`, imported when first used: the services pull in SQLAlchemy, Alembic,
    NumPy and the parsers, which `--version`, `--help` and any one command mostly do not
    need (every command took 1.2-1.8 s to start when all were imported up front)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _console(stderr: bool = False) -> Console:
    """A console; piped output gets 120 columns, not 80, so tables stay legible."""
    probe = Console(stderr=stderr)
    if probe.is_terminal or "COLUMNS" in os.environ:
        return probe
    return Console(stderr=stderr, width=120)


console = _console()
console_err = _console(stderr=True)


@dataclass(frozen=True, slots=True)
class Options:
    workspace: Path | None
    database_url: str | None


def set_options(ctx: typer.Context, workspace: Path | None, database_url: str | None) -> None:
    ctx.obj = Options(workspace, database_url)


def workspace_of(ctx: typer.Context, root: Path | None = None) -> Workspace:
    """The workspace, resolved once from flags, environment and config."""
    options = ctx.find_root().obj
    if not isinstance(options, Options):
        options = Options(None, None)
    return load_workspace(root or options.workspace, options.database_url)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 deal`, `2 deals`, `12,099 participants`: a count with its noun agreeing."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def counts_text(counts: Mapping[str, int], leave_out: Container[str] = ()) -> str:
    """`1 deal, 3 people`: the kinds counted, in name order, without zeros."""
    return ", ".join(
        counted_plural(n, kind) for kind, n in sorted(counts.items()) if n and kind not in leave_out
    )


def counted_plural(count: int, plural: str) -> str:
    """`counted` for a kind of record named in the plural (`activities`, `turns`, `people`)."""
    if plural.endswith("ies"):
        return counted(count, plural[:-3] + "y", plural)
    if plural.endswith("s") and not plural.endswith("ss"):
        return counted(count, plural[:-1], plural)
    return f"{count:,} {plural}"
