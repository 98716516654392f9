"""The table dialog: cells as typed and shown (app.core.cells), header rows, row and column buttons, no empty tables."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.core.model import Table
from app.ui.table_dialog import TableDialog
from tests.ui.conftest import MessageBoxes


def test_buttons_are_vietnamese(qtbot: QtBot) -> None:
    dialog = TableDialog(None)
    qtbot.addWidget(dialog)
    texts = {button.text() for button in dialog.buttons.buttons()}
    assert texts == {"Đồng ý", "Hủy"}
    assert [dialog.add_row_button.text(), dialog.remove_row_button.text()] == ["Thêm hàng", "Xóa hàng"]
    assert [dialog.add_column_button.text(), dialog.remove_column_button.text()] == ["Thêm cột", "Xóa cột"]
    assert dialog.windowTitle() == "Thêm bảng"


def test_new_table_from_typed_cells(qtbot: QtBot) -> None:
    dialog = TableDialog(None)
    qtbot.addWidget(dialog)
    assert (dialog.grid.rowCount(), dialog.grid.columnCount()) == (3, 3)
    assert dialog.header_rows.value() == 1
    for column, text in enumerate(["STT", "Chỉ tiêu", "2023"]):
        dialog.set_cell_text(0, column, text)
    for column, text in enumerate(["1", "Hộ được hỗ trợ", "1.234"]):
        dialog.set_cell_text(1, column, text)
    for column, text in enumerate(["2", "Tỷ lệ (%)", "12,5"]):
        dialog.set_cell_text(2, column, text)
    dialog.caption_edit.setText("  Kết quả năm 2023 ")
    dialog.notes_edit.setText("")

    assert dialog.table() == Table(
        header=[["STT", "Chỉ tiêu", "2023"]],
        rows=[[1, "Hộ được hỗ trợ", 1234], [2, "Tỷ lệ (%)", 12.5]],
        caption="Kết quả năm 2023",
        notes=None,
    )


def test_existing_table_shows_numbers_the_vietnamese_way_and_keeps_untouched_cells(qtbot: QtBot) -> None:
    table = Table(
        header=[["Nội dung", "Số tiền"]],
        rows=[["Hỗ trợ", 1234567.5], ["Mã", "0912"], ["Thiếu ô"]],
        caption="Bảng 1",
        notes="Nguồn: UBND xã",
        x={"giữ": True},
    )
    dialog = TableDialog(table)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Sửa bảng"
    assert dialog.cell_text(1, 1) == "1.234.567,5"
    assert dialog.grid.item(1, 1).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert dialog.table() == table  # nothing changed: the same table, ragged last row and all

    dialog.set_cell_text(2, 0, "Mã số")
    edited = dialog.table()
    assert edited.rows == [["Hỗ trợ", 1234567.5], ["Mã số", "0912"], ["Thiếu ô", None]]
    assert edited.header == table.header
    assert edited.x == {"giữ": True}
    assert table.rows[1][0] == "Mã"  # the given table is never changed


def test_header_rows_count(qtbot: QtBot) -> None:
    table = Table(header=[["A", "B"]], rows=[["1", 2], ["3", 4]])
    dialog = TableDialog(table)
    qtbot.addWidget(dialog)
    dialog.header_rows.setValue(2)
    result = dialog.table()
    assert result.header == [["A", "B"], ["1", 2]]
    assert result.rows == [["3", 4]]
    assert dialog.grid.item(1, 0).font().bold()
    assert not dialog.grid.item(2, 0).font().bold()


def test_row_and_column_buttons(qtbot: QtBot) -> None:
    dialog = TableDialog(Table(header=[["A", "B"]], rows=[[1, 2]]))
    qtbot.addWidget(dialog)
    dialog.grid.setCurrentCell(0, 0)
    qtbot.mouseClick(dialog.add_row_button, Qt.MouseButton.LeftButton)
    assert dialog.grid.rowCount() == 3
    assert dialog.cell_text(1, 0) == ""  # inserted below the current row
    qtbot.mouseClick(dialog.add_column_button, Qt.MouseButton.LeftButton)
    assert dialog.grid.columnCount() == 3
    dialog.set_cell_text(1, 1, "mới")
    assert dialog.table().rows == [[None, "mới", None], [1, None, 2]]

    dialog.grid.setCurrentCell(1, 1)
    qtbot.mouseClick(dialog.remove_column_button, Qt.MouseButton.LeftButton)
    dialog.grid.setCurrentCell(1, 0)
    qtbot.mouseClick(dialog.remove_row_button, Qt.MouseButton.LeftButton)
    assert dialog.table().header == [["A", "B"]]
    assert dialog.table().rows == [[1, 2]]


def test_refuses_a_table_without_cells(qtbot: QtBot, message_boxes: MessageBoxes) -> None:
    dialog = TableDialog(None)
    qtbot.addWidget(dialog)
    dialog.set_grid_size(0, 3)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "chưa có ô" in message_boxes.texts()

    dialog.set_grid_size(2, 2)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "trống" in message_boxes.texts()

    dialog.set_cell_text(1, 1, "5")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.table().rows[-1] == [None, 5]


def test_paste_from_excel_fills_and_grows_the_grid(qtbot: QtBot) -> None:
    dialog = TableDialog(None)
    qtbot.addWidget(dialog)
    dialog.grid.setCurrentCell(1, 1)
    dialog.grid.paste_cells("Xã\tSố hộ\r\nTrà Tây\t1.250\r\nTrà Sơn\t980\r\n")
    assert dialog.grid.rowCount() == 4
    assert dialog.table().rows == [
        [None, "Xã", "Số hộ"],
        [None, "Trà Tây", 1250],
        [None, "Trà Sơn", 980],
    ]
