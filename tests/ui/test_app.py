"""The program as the officer starts it: window first, library behind it, crash recovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.report_file import read_report
from app.ui.app import CLEAN_EXIT, OPEN_DRAFTS, Program, open_or_recover
from db.backup import backup_database
from db.engine import open_database
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.ui.conftest import MessageBoxes


@pytest.fixture
def database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "baocao.sqlite3"
    monkeypatch.setenv("BAOCAO_DB", str(path))
    database = open_database(f"sqlite:///{path}")
    library = DraftRepository(database)
    for name in EXAMPLE_NAMES:
        library.create(read_report(example_path(name)))
    database.close()
    return path


def start(qtbot: QtBot, qapp: QApplication) -> Program:
    program = Program(qapp)
    qtbot.addWidget(program.window)
    qtbot.waitUntil(program.window.is_attached, timeout=10_000)
    return program


def stop(program: Program) -> None:
    for wizard in list(program.wizards.values()):
        wizard.close()
    program.quit()


def test_the_window_shows_before_the_library_and_fills_when_it_opens(
    qtbot: QtBot, qapp: QApplication, database_file: Path
) -> None:
    program = Program(qapp)
    qtbot.addWidget(program.window)
    assert program.window.isVisible()
    assert not program.window.is_attached()
    assert not program.window.new_action.isEnabled()
    qtbot.waitUntil(program.window.is_attached, timeout=10_000)
    qtbot.waitUntil(lambda: program.window.proxy.rowCount() == 3, timeout=5_000)
    assert program.window.new_action.isEnabled()
    stop(program)
    assert QSettings().value(CLEAN_EXIT, type=bool) is True


def test_after_a_crash_the_drafts_that_were_open_come_back(
    qtbot: QtBot, qapp: QApplication, database_file: Path
) -> None:
    first = start(qtbot, qapp)
    first.open_draft(1)
    assert QSettings().value(OPEN_DRAFTS, type=list) in (["1"], [1])
    # The program dies here: no quit(), so the clean-exit mark stays unset.
    for wizard in list(first.wizards.values()):
        wizard.autosave.flush()
        wizard.hide()
    second = start(qtbot, qapp)
    assert list(second.wizards) == [1]
    assert "mở lại 1 bản nháp" in second.window.statusBar().currentMessage()
    stop(second)
    third = start(qtbot, qapp)
    assert third.wizards == {}  # a clean exit reopens nothing
    stop(third)


def test_a_damaged_database_is_restored_from_the_newest_backup_with_consent(
    database_file: Path, message_boxes: MessageBoxes
) -> None:
    database = open_database(f"sqlite:///{database_file}")
    backup_database(database, reason="hang-ngay")
    database.close()
    for extra in ("-wal", "-shm"):
        Path(f"{database_file}{extra}").unlink(missing_ok=True)
    with database_file.open("r+b") as handle:
        handle.write(b"khong phai co so du lieu" * 200)
    message_boxes.answers = [0]  # «Khôi phục»
    restored = open_or_recover(f"sqlite:///{database_file}")
    assert restored is not None
    assert DraftRepository(restored).count() == 3
    restored.close()
    assert "Khôi phục từ bản sao lưu" in message_boxes.texts()
    assert any(path.name.endswith("-hong.sqlite3") for path in (database_file.parent / "sao-luu").iterdir())
