"""Shared fixtures: the example reports from ../shared and a clean environment for every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.kinds import KindCatalog, load_kinds
from db.engine import Database, open_database

# Tests never open a real window: the offscreen platform works on a machine without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO.parent / "shared" / "examples"
EXAMPLE_NAMES = (
    "ubnd-xa-tra-tay-so-ket-2023",
    "ubnd-huyen-binh-son-so-ket-2022",
    "ban-dan-toc-tinh-so-ket-2022",
)


def example_path(name: str) -> Path:
    return EXAMPLES / f"{name}.baocao.json"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every per-user folder (data, config, database) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("BAOCAO_DB", raising=False)


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    """A fresh SQLite drafts database in the test's own folder."""
    opened = open_database(f"sqlite:///{tmp_path / 'baocao.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def catalog() -> KindCatalog:
    """The built-in report kinds (resources/kinds)."""
    return load_kinds()
