"""A workspace: the folder that holds one team's database, settings and reports.

Settings are read once, at the edge, in this order: command-line flag, then a
`SOFTPOWER_*` environment variable, then the workspace's `softpower.toml`, then
the default. Everything below the CLI receives a `Workspace` and never looks
at the environment itself.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from softpower.errors import WorkspaceError

CONFIG_NAME = "softpower.toml"
DATABASE_NAME = "softpower.db"
REPORTS_DIR = "reports"

DEFAULT_CONFIG = """\
# softpower workspace settings. Environment variables SOFTPOWER_* and
# command-line flags override what is written here.

# database_url = "postgresql://user:password@localhost/softpower"

# Our own company's e-mail domains: people at these domains are internal.
internal_domains = []
"""


@dataclass(frozen=True, slots=True)
class Workspace:
    root: Path
    database_url: str
    internal_domains: tuple[str, ...] = field(default_factory=tuple)

    @property
    def reports_dir(self) -> Path:
        return self.root / REPORTS_DIR

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME


def default_database_url(root: Path) -> str:
    return f"sqlite:///{(root / DATABASE_NAME).resolve()}"


def _read_config(root: Path) -> dict[str, object]:
    path = root / CONFIG_NAME
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise WorkspaceError(f"{path}: not valid TOML ({error})") from error


def _domains(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [part for part in value.replace(",", " ").split() if part]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = list(value)
    else:
        raise WorkspaceError(f"{where}: internal_domains must be a list of domain names")
    return tuple(sorted({item.strip().lower().lstrip("@") for item in items if item.strip()}))


def load_workspace(
    root: Path | None = None,
    database_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Workspace:
    """Resolve the workspace from flags, environment and config file."""
    env = os.environ if environ is None else environ
    if root is None:
        root = Path(env.get("SOFTPOWER_WORKSPACE") or Path.cwd())
    root = root.expanduser().resolve()
    config = _read_config(root)
    url = database_url or env.get("SOFTPOWER_DATABASE_URL") or config.get("database_url")
    if url is not None and not isinstance(url, str):
        raise WorkspaceError(f"{root / CONFIG_NAME}: database_url must be a string")
    if "SOFTPOWER_INTERNAL_DOMAINS" in env:
        domains = _domains(env["SOFTPOWER_INTERNAL_DOMAINS"], "SOFTPOWER_INTERNAL_DOMAINS")
    else:
        domains = _domains(config.get("internal_domains", []), str(root / CONFIG_NAME))
    return Workspace(
        root=root, database_url=url or default_database_url(root), internal_domains=domains
    )


def create_workspace(root: Path) -> None:
    """Lay out a new workspace folder; an existing config is left as it is."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / REPORTS_DIR).mkdir(exist_ok=True)
        config = root / CONFIG_NAME
        if not config.exists():
            config.write_text(DEFAULT_CONFIG, encoding="utf-8")
    except FileExistsError as error:
        raise WorkspaceError(
            f"cannot make a workspace at {root}: {error.filename} is a file"
        ) from None
    except OSError as error:
        raise WorkspaceError(f"cannot make a workspace at {root}: {error.strerror}") from None
