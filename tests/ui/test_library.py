"""The main window: the drafts list, search as you type, filters, delete/restore, import, keyboard, layout."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QDialog, QLabel, QMenu, QWidget
from pytestqt.qtbot import QtBot

from app.core.kinds import KindCatalog
from app.ui.clone_dialog import CloneDialog
from app.ui.library import SETTING_LAST_FOLDER, DraftTableModel, MainWindow
from app.ui.new_report import NewReportDialog
from app.ui.trash import TrashDialog
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.ui.conftest import MessageBoxes, type_text

TRA_TAY = 1
"""Draft ids in the filled library follow EXAMPLE_NAMES: Trà Tây (2023), Bình Sơn (2022), Ban Dân tộc (2022)."""


def titles(window: MainWindow) -> list[str]:
    return [window.proxy.index(row, 0).data() for row in range(window.proxy.rowCount())]


def cell(window: MainWindow, row: int, column: int) -> str:
    return str(window.proxy.index(row, column).data())


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=5000)


def show_active(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


# -- the list -------------------------------------------------------------------------------


def select_row(view: QAbstractItemView, row: int) -> None:
    """Select a whole row whatever modifier keys Qt believes are held (selectRow honours them)."""
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().select(view.model().index(row, 0), flags)


def test_the_list_shows_the_examples_with_title_year_status_and_last_change(window: MainWindow) -> None:
    assert window.proxy.rowCount() == 3
    headers = [window.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Tên báo cáo", "Năm", "Trạng thái", "Sửa lần cuối"]
    rows = {
        window.proxy.index(row, 0).data(DraftTableModel.ID_ROLE): (cell(window, row, 1), cell(window, row, 2))
        for row in range(3)
    }
    assert rows == {1: ("2023", "Nháp"), 2: ("2022", "Nháp"), 3: ("2022", "Nháp")}
    assert "Dân vận khéo" in cell(window, window.model.row_of(TRA_TAY) or 0, 0)
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", cell(window, 0, 3))
    assert window.count_label.text() == "3 bản nháp"
    assert window.current_draft_id() is not None  # the newest is selected: Enter opens it
    assert window.proxy.sortColumn() == -1  # newest change first, as the library gives them
    assert [window.proxy.index(r, 0).data(DraftTableModel.ID_ROLE) for r in range(3)] == [
        draft.id for draft in window._repository.list_drafts()
    ]


def test_sorting_by_a_column_and_back_after_a_search(qtbot: QtBot, window: MainWindow) -> None:
    window.table.sortByColumn(DraftTableModel.YEAR, Qt.SortOrder.DescendingOrder)
    assert [cell(window, row, 1) for row in range(3)] == ["2023", "2022", "2022"]
    window.table.sortByColumn(DraftTableModel.YEAR, Qt.SortOrder.AscendingOrder)
    assert cell(window, 2, 1) == "2023"

    type_text(window.search_edit, "tra tay")
    wait_idle(qtbot, window)
    assert window.proxy.sortColumn() == -1  # search results come best match first
    window.search_edit.clear()
    wait_idle(qtbot, window)
    assert window.proxy.sortColumn() == DraftTableModel.YEAR  # the officer's own order is back
    assert cell(window, 2, 1) == "2023"


def test_a_refresh_during_a_search_keeps_the_selection(qtbot: QtBot, window: MainWindow) -> None:
    type_text(window.search_edit, "dan van")
    wait_idle(qtbot, window)
    assert window.proxy.rowCount() == 3
    last = window.proxy.index(2, 0).data(DraftTableModel.ID_ROLE)
    window.select_draft(last)
    window.refresh()  # what the app does after a wizard saved
    wait_idle(qtbot, window)
    assert window.current_draft_id() == last


def test_typing_without_diacritics_finds_tra_tay_first_with_a_highlighted_snippet(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_text(window.search_edit, "tra tay")
    assert window.search_edit.text() == "tra tay"
    assert window.is_busy()  # the search waits for a pause in typing, then runs off the UI thread
    wait_idle(qtbot, window)
    first = window.proxy.index(0, 0)
    assert first.data(DraftTableModel.ID_ROLE) == TRA_TAY
    assert window.current_draft_id() == TRA_TAY
    snippet = first.data(DraftTableModel.SNIPPET_ROLE)
    assert "<b>Trà Tây</b>" in snippet
    assert "<b>Trà Tây</b>" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>Trà Tây</b>" in window.details.toHtml() or "Trà Tây" in window.details.toPlainText()
    assert window.count_label.text().startswith("Tìm thấy")


def test_a_snippet_is_html_escaped(qtbot: QtBot, window: MainWindow) -> None:
    type_text(window.search_edit, "dan van kheo")
    wait_idle(qtbot, window)
    snippet = window.proxy.index(0, 0).data(DraftTableModel.SNIPPET_ROLE)
    assert "<b>" in snippet
    assert re.sub(r"</?b>", "", snippet).count("<") == 0  # only our own tags remain


def test_a_stale_search_result_is_dropped(qtbot: QtBot, window: MainWindow) -> None:
    type_text(window.search_edit, "tra tay")
    window._search_timer.timeout.emit()  # the pause is over: the search starts on the worker
    window.search_edit.clear()
    window.refresh()  # the library list, shown at once; the search result arrives later
    wait_idle(qtbot, window)
    assert window.proxy.rowCount() == 3
    assert all(not window.proxy.index(row, 0).data(DraftTableModel.SNIPPET_ROLE) for row in range(3))
    assert window.count_label.text() == "3 bản nháp"


def test_no_match_says_so(qtbot: QtBot, window: MainWindow) -> None:
    type_text(window.search_edit, "khongcotuvungnay")
    wait_idle(qtbot, window)
    assert window.proxy.rowCount() == 0
    assert window.list_stack.currentWidget() is window.empty_label
    assert "Không tìm thấy" in window.empty_label.text()
    window.search_edit.clear()
    wait_idle(qtbot, window)
    assert window.proxy.rowCount() == 3


def test_filters_by_year_kind_and_status(qtbot: QtBot, window: MainWindow) -> None:
    years = [window.year_combo.itemText(i) for i in range(window.year_combo.count())]
    assert years == ["Tất cả", "2023", "2022"]
    assert [window.kind_combo.itemText(i) for i in range(window.kind_combo.count())] == [
        "Tất cả", "Báo cáo", "Thông báo", "Kế hoạch", "Tờ trình",
    ]  # fmt: skip
    assert [window.status_combo.itemText(i) for i in range(window.status_combo.count())] == [
        "Tất cả", "Nháp", "Đã trình ký", "Đã ban hành",
    ]  # fmt: skip

    window.year_combo.setCurrentIndex(window.year_combo.findData(2022))
    assert window.proxy.rowCount() == 2
    assert {cell(window, row, 1) for row in range(2)} == {"2022"}
    assert window.count_label.text() == "2 bản nháp"

    type_text(window.search_edit, "tra tay")  # the search keeps the filter: Trà Tây is from 2023
    wait_idle(qtbot, window)
    assert TRA_TAY not in [
        window.proxy.index(r, 0).data(DraftTableModel.ID_ROLE) for r in range(window.proxy.rowCount())
    ]
    window.search_edit.clear()
    wait_idle(qtbot, window)

    window.year_combo.setCurrentIndex(0)
    window.kind_combo.setCurrentIndex(window.kind_combo.findData("thong-bao"))
    assert window.proxy.rowCount() == 0
    assert "bộ lọc" in window.empty_label.text()
    window.kind_combo.setCurrentIndex(window.kind_combo.findData("bao-cao"))
    assert window.proxy.rowCount() == 3
    window.status_combo.setCurrentIndex(window.status_combo.findData("ban-hanh"))
    assert window.proxy.rowCount() == 0
    window.status_combo.setCurrentIndex(window.status_combo.findData("nhap"))
    assert window.proxy.rowCount() == 3


# -- delete, trash, restore -----------------------------------------------------------------


def test_delete_moves_to_the_trash_after_confirming_and_restore_brings_it_back(
    window: MainWindow, filled_library: DraftRepository, message_boxes: MessageBoxes
) -> None:
    assert window.select_draft(TRA_TAY)
    message_boxes.answers = [1]  # «Hủy»
    window.delete_selected()
    assert window.proxy.rowCount() == 3

    window.delete_selected()  # «Chuyển vào thùng rác»
    assert "thùng rác" in message_boxes.texts()
    assert window.proxy.rowCount() == 2
    assert TRA_TAY not in [window.proxy.index(r, 0).data(DraftTableModel.ID_ROLE) for r in range(2)]
    assert window.year_combo.findData(2023) == -1  # no draft of 2023 left in the library
    assert window.current_draft_id() is not None

    trash = TrashDialog(filled_library, window)
    assert trash.table.rowCount() == 1
    assert "03 năm" in trash.table.item(0, 0).text()
    select_row(trash.table, 0)
    trash.restore_selected()
    assert trash.restored_ids == [TRA_TAY]
    assert trash.table.rowCount() == 0
    assert filled_library.list_drafts(trash=True) == []

    window.refresh()
    assert window.proxy.rowCount() == 3


def test_the_trash_action_refreshes_and_selects_what_was_restored(
    window: MainWindow, filled_library: DraftRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled_library.delete(TRA_TAY)
    window.refresh()
    assert window.proxy.rowCount() == 2

    def restore_all(dialog: TrashDialog) -> int:
        dialog.table.selectAll()
        dialog.restore_selected()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(TrashDialog, "exec", restore_all)
    window.trash_action.trigger()
    assert window.proxy.rowCount() == 3
    assert window.current_draft_id() == TRA_TAY


# -- import ---------------------------------------------------------------------------------


def test_import_adds_the_file_and_selects_the_new_draft(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "nhap" / "bao-cao.baocao.json"
    source.parent.mkdir()
    shutil.copy(example_path(EXAMPLE_NAMES[0]), source)
    asked: list[str] = []

    def choose(parent: QWidget, folder: str) -> str:
        asked.append(folder)
        return str(source)

    monkeypatch.setattr("app.ui.library.ask_report_path", choose)
    with qtbot.waitSignal(window.import_finished, timeout=5000) as finished:
        window.import_action.trigger()
    new_id = finished.args[0]
    assert new_id == 4
    assert window.proxy.rowCount() == 4
    assert window.current_draft_id() == 4
    assert QSettings().value(SETTING_LAST_FOLDER) == str(source.parent)

    with qtbot.waitSignal(window.import_finished, timeout=5000):
        window.import_file()
    assert asked[-1] == str(source.parent)  # the next import starts in the same folder


def test_an_invalid_file_is_refused_with_a_vietnamese_warning(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    broken = tmp_path / "hong.baocao.json"
    broken.write_text('{"format": "baocao/1", "issuer": ', encoding="utf-8")
    monkeypatch.setattr("app.ui.library.ask_report_path", lambda parent, folder: str(broken))
    with qtbot.waitSignal(window.import_finished, timeout=5000) as finished:
        window.import_file()
    assert finished.args == [None]
    assert message_boxes.shown[0][0] == "Không nhập được tệp"
    assert "hong.baocao.json" in message_boxes.shown[0][1]
    assert "không phải tệp báo cáo" in message_boxes.shown[0][1]
    assert filled_library.count() == 3
    assert window.proxy.rowCount() == 3
    assert window.import_action.isEnabled()


def test_cancelling_the_file_dialog_imports_nothing(
    window: MainWindow, filled_library: DraftRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.ui.library.ask_report_path", lambda parent, folder: "")
    window.import_file()
    assert not window.is_busy()
    assert filled_library.count() == 3


# -- new report and clone from the window ----------------------------------------------------


def test_new_report_creates_the_draft_and_opens_it(
    window: MainWindow, filled_library: DraftRepository, opened: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def choose(dialog: NewReportDialog) -> int:
        dialog.select_kind("bao-cao-quy")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewReportDialog, "exec", choose)
    window.new_action.trigger()
    assert opened == [4]
    assert window.current_draft_id() == 4
    assert filled_library.get(4).summary.kind == "bao-cao"


def test_clone_creates_next_years_draft_and_opens_it(
    window: MainWindow, filled_library: DraftRepository, opened: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def create(dialog: CloneDialog) -> int:
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(CloneDialog, "exec", create)
    window.select_draft(TRA_TAY)
    window.clone_action.trigger()
    assert opened == [4]
    assert window.current_draft_id() == 4
    assert filled_library.get(4).summary.year == 2024
    assert "cần rà soát" in window.statusBar().currentMessage()


def test_actions_on_a_draft_need_a_selection(window: MainWindow) -> None:
    window.table.clearSelection()
    window.table.selectionModel().clearCurrentIndex()
    assert not window.open_action.isEnabled()
    assert not window.delete_action.isEnabled()
    assert not window.clone_action.isEnabled()
    window.select_draft(TRA_TAY)
    assert window.open_action.isEnabled() and window.delete_action.isEnabled()


# -- keyboard -------------------------------------------------------------------------------


def test_double_click_and_enter_open_the_draft(qtbot: QtBot, window: MainWindow, opened: list[int]) -> None:
    show_active(qtbot, window)
    window.select_draft(TRA_TAY)
    index = window.table.currentIndex()
    rect = window.table.visualRect(index)
    # A real double click: QTest's mouseDClick sends only the second press, after a first click.
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [TRA_TAY]

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert opened == [TRA_TAY, TRA_TAY]

    window.search_edit.setFocus()  # Enter in the search box goes to the list, it does not open
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert opened == [TRA_TAY, TRA_TAY]
    assert window.table.hasFocus()


def test_delete_key_on_the_list_asks_then_trashes_but_not_in_the_search_box(
    qtbot: QtBot, window: MainWindow, message_boxes: MessageBoxes
) -> None:
    show_active(qtbot, window)
    type_text(window.search_edit, "abc")
    window.search_edit.setFocus()
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Home)
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Delete)
    assert window.search_edit.text() == "bc"
    assert message_boxes.shown == []
    window.search_edit.clear()
    wait_idle(qtbot, window)

    window.select_draft(TRA_TAY)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert len(message_boxes.shown) == 1
    assert window.proxy.rowCount() == 2


def test_ctrl_f_focuses_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    show_active(qtbot, window)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    assert window.search_edit.placeholderText() == "Tìm báo cáo (gõ không dấu cũng được)…"


def test_shortcuts_of_the_actions(window: MainWindow) -> None:
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.import_action.shortcut().toString() == "Ctrl+O"
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert window.delete_action.shortcut().toString() == "Del"
    assert {key.toString() for key in window.open_action.shortcuts()} == {"Enter", "Return"}


# -- layout and settings --------------------------------------------------------------------


def test_at_1280_by_720_every_action_is_visible(qtbot: QtBot, window: MainWindow) -> None:
    """1280×720 is also what a 1920×1080 screen at 150 % scaling gives in logical pixels."""
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    assert window.width() <= 1280 and window.height() <= 720
    toolbar = window.toolbar
    for action in toolbar.actions():
        if action.isSeparator():
            continue
        button = toolbar.widgetForAction(action)
        assert button is not None and button.isVisible(), action.text()
        assert button.geometry().right() <= toolbar.width(), action.text()
    for widget in (window.search_edit, window.year_combo, window.kind_combo, window.status_combo, window.table):
        assert widget.isVisible()
        assert widget.mapTo(window, widget.rect().bottomRight()).x() <= window.width()
    assert window.table.horizontalHeader().sectionSize(DraftTableModel.TITLE) > 300


def test_geometry_splitter_and_columns_are_remembered(
    qtbot: QtBot, filled_library: DraftRepository, catalog: KindCatalog
) -> None:
    first = MainWindow(filled_library, catalog, lambda _id: None)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 540)  # the offscreen screen is 800×600; restoring clamps to the screen
    qtbot.waitUntil(lambda: first.width() == 760)
    first.splitter.setSizes([420, 310])
    sizes = first.splitter.sizes()
    first.table.sortByColumn(DraftTableModel.YEAR, Qt.SortOrder.DescendingOrder)
    first.table.horizontalHeader().resizeSection(DraftTableModel.STATUS, 190)
    first.close()

    second = MainWindow(filled_library, catalog, lambda _id: None)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (760, 540)
    assert second.splitter.sizes() == sizes
    header = second.table.horizontalHeader()
    assert header.sectionSize(DraftTableModel.STATUS) == 190
    assert header.sortIndicatorSection() == DraftTableModel.YEAR
    assert cell(second, 0, 1) == "2023"
    second.close()


ENGLISH = (
    "OK", "Cancel", "File", "Open", "Save", "Close", "Delete", "Remove", "New", "Import", "Search", "Find",
    "Trash", "Restore", "Yes", "No", "Apply", "Help", "Edit", "View", "All", "Year", "Status", "Title",
    "Name", "Kind", "Filter", "Library", "Draft", "Report", "Back", "Next", "Finish", "Quit", "Exit",
)  # fmt: skip
_ENGLISH = re.compile(r"\b(?:" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)


def visible_texts(root: QWidget) -> list[str]:
    """Every text a user reads in a window: buttons, actions (with tips), labels, menus, headers, placeholders."""
    texts: list[str] = [root.windowTitle()]
    for button in root.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    for action in [*root.findChildren(QAction), *root.actions()]:
        texts += [action.text(), action.toolTip(), action.statusTip()]
    for menu in root.findChildren(QMenu):
        texts.append(menu.title())
    for label in root.findChildren(QLabel):
        texts.append(label.text())
    for widget in root.findChildren(QWidget):
        if hasattr(widget, "placeholderText"):
            texts.append(widget.placeholderText())
        texts += [widget.accessibleName(), widget.toolTip()]
    return [text.replace("&", "") for text in texts if text]


def test_every_text_in_the_window_is_vietnamese(window: MainWindow) -> None:
    texts = visible_texts(window)
    texts += [window.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert "Báo cáo mới" in texts and "Thùng rác" in texts
    english = [text for text in texts if _ENGLISH.search(text)]
    assert english == []
