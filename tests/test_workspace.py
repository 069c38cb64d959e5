"""Settings resolution: flag, then environment, then softpower.toml, then default."""

from __future__ import annotations

from pathlib import Path

import pytest

from softpower.errors import WorkspaceError
from softpower.workspace import create_workspace, load_workspace


def test_defaults_to_sqlite_in_workspace(tmp_path: Path) -> None:
    ws = load_workspace(tmp_path, environ={})
    assert ws.database_url == f"sqlite:///{tmp_path.resolve() / 'softpower.db'}"
    assert ws.internal_domains == ()


def test_config_then_environment_then_flag(tmp_path: Path) -> None:
    create_workspace(tmp_path)
    (tmp_path / "softpower.toml").write_text(
        'database_url = "sqlite:///from-config.db"\ninternal_domains = ["OurCo.example", "@b.example"]\n'
    )
    ws = load_workspace(tmp_path, environ={})
    assert ws.database_url == "sqlite:///from-config.db"
    assert ws.internal_domains == ("b.example", "ourco.example")
    env = {
        "SOFTPOWER_DATABASE_URL": "sqlite:///from-env.db",
        "SOFTPOWER_INTERNAL_DOMAINS": "x.example,y.example",
    }
    ws = load_workspace(tmp_path, environ=env)
    assert ws.database_url == "sqlite:///from-env.db"
    assert ws.internal_domains == ("x.example", "y.example")
    assert (
        load_workspace(tmp_path, "sqlite:///flag.db", environ=env).database_url
        == "sqlite:///flag.db"
    )


def test_workspace_from_environment(tmp_path: Path) -> None:
    assert load_workspace(environ={"SOFTPOWER_WORKSPACE": str(tmp_path)}).root == tmp_path.resolve()


@pytest.mark.parametrize(
    "content", ["database_url = [1, 2]\n", "internal_domains = 7\n", "not toml at all = = =\n"]
)
def test_bad_config_names_the_file(tmp_path: Path, content: str) -> None:
    (tmp_path / "softpower.toml").write_text(content)
    with pytest.raises(WorkspaceError, match=r"softpower\.toml"):
        load_workspace(tmp_path, environ={})
