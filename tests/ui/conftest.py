"""pytest-qt fixtures: offscreen Qt, settings and database in tmp_path, IME-style typing, recorded dialogs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.kinds import KindCatalog
from app.core.report_file import read_report
from app.ui.library import MainWindow
from db.engine import Database
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, example_path


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> Iterator[None]:
    """QSettings (window geometry, last folder, open drafts) live in the test's own folder."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def _clipboard_emptied(qapp: QApplication) -> Iterator[None]:
    """A QMimeData a test made in Python must not outlive Python: Qt would free it at exit and crash."""
    yield
    QGuiApplication.clipboard().clear()


@pytest.fixture
def database(sqlite_database: Database) -> Database:
    return sqlite_database


@pytest.fixture
def library(database: Database) -> DraftRepository:
    return DraftRepository(database)


@pytest.fixture
def filled_library(library: DraftRepository) -> DraftRepository:
    """The library with the three shared examples in it (ids 1, 2, 3 in EXAMPLE_NAMES order)."""
    for name in EXAMPLE_NAMES:
        library.create(read_report(example_path(name)))
    return library


def type_text(widget: QWidget, text: str) -> None:
    """Type Vietnamese the way an IME (Unikey, EVKey) delivers it: a commit string, not key clicks.

    QTest.keyClicks aborts the process on non-ASCII characters (stack-notes.md).
    """
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@dataclass
class MessageBoxes:
    """Every message box the program showed, answered without a modal loop."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    """Index of the button to press for the next boxes (0 = the first, the default); then 0."""

    def texts(self) -> str:
        return "\n".join(f"{title}: {text}" for title, text in self.shown)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    record = MessageBoxes()

    def answer(
        parent: object, icon: object, title: str, text: str, buttons: list[object], detail: str | None = None
    ) -> int:
        record.shown.append((title, text))
        return record.answers.pop(0) if record.answers else 0

    monkeypatch.setattr("app.ui.common._box", answer)
    return record


@pytest.fixture
def opened() -> list[int]:
    """Drafts the window asked the app to open."""
    return []


@pytest.fixture
def window(
    qtbot: QtBot, filled_library: DraftRepository, catalog: KindCatalog, opened: list[int]
) -> Iterator[MainWindow]:
    """The library window on a filled library (modules testing other windows define their own `window`)."""
    shown = MainWindow(filled_library, catalog, opened.append)
    qtbot.addWidget(shown)
    yield shown
    shown.close()
