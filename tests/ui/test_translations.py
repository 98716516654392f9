"""Qt's own texts in Vietnamese, and the program's texts left as they are, with the translator installed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.library import MainWindow
from app.ui.translations import VietnameseQtTranslator
from db.repository import DraftRepository


@pytest.fixture
def translated(qapp: QApplication) -> Iterator[None]:
    translator = VietnameseQtTranslator(qapp)
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_qt_own_texts_are_vietnamese(translated: None) -> None:
    assert QCoreApplication.translate("QLineEdit", "&Paste") == "&Dán"
    assert QCoreApplication.translate("QMessageBox", "Show Details...") == "Xem chi tiết…"


def test_the_program_texts_survive_the_translator(
    translated: None, qtbot: QtBot, filled_library: DraftRepository
) -> None:
    from app.core.kinds import load_kinds

    window = MainWindow(filled_library, load_kinds(None), lambda _id: None)
    qtbot.addWidget(window)
    assert window.new_action.text() == "Báo cáo mới"
    assert window.search_edit.placeholderText().startswith("Tìm")
    columns = range(window.proxy.columnCount())
    headers = [window.proxy.headerData(column, Qt.Orientation.Horizontal) for column in columns]
    assert all(headers) and "Năm" in headers
    assert all(action.text().strip() for action in window.toolbar.actions() if not action.isSeparator())
    assert window.year_combo.itemText(0) == "Tất cả"
