"""The table dialog: a grid of cells for one report table, with caption, notes and header rows.

What a typed cell becomes (a number, None or text) is app.core.cells.parse_cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.cells import cell_text, parse_cell
from app.core.model import Cell, Table
from app.core.text import clean_input
from app.ui.common import warn

NEW_TABLE_ROWS = 3
NEW_TABLE_COLUMNS = 3
_ORIGINAL = Qt.ItemDataRole.UserRole
"""Item data: index into TableDialog._originals (cell values stay Python objects, not QVariants)."""


class _CellGrid(QTableWidget):
    """The grid of cells; Delete empties the selected cells, a paste from Excel fills cells from the current one."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and self.state() != QAbstractItemView.State.EditingState:
            self.paste_cells(QGuiApplication.clipboard().text())
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            for item in self.selectedItems():
                item.setText("")
            return
        super().keyPressEvent(event)

    def paste_cells(self, text: str) -> None:
        """Tab-separated rows (as Excel and Word copy them) into the cells from the current one, growing the grid."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
        if not text:
            return
        lines = [line.split("\t") for line in text.split("\n")]
        top = max(self.currentRow(), 0)
        left = max(self.currentColumn(), 0)
        self.setRowCount(max(self.rowCount(), top + len(lines)))
        self.setColumnCount(max(self.columnCount(), left + max(len(line) for line in lines)))
        for row_offset, line in enumerate(lines):
            for column_offset, value in enumerate(line):
                self.item_at(top + row_offset, left + column_offset).setText(clean_input(value)[0])

    def item_at(self, row: int, column: int) -> QTableWidgetItem:
        """The item of a cell, created empty when the cell has none yet."""
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem("")
            self.setItem(row, column, item)
        return item


class TableDialog(QDialog):
    """Edits one report table; `table()` gives the result (a new Table, the given one is never changed)."""

    def __init__(self, table: Table | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = table
        self._originals: list[tuple[Cell, str]] = []
        self._changed = False
        self.setWindowTitle(self.tr("Sửa bảng") if table is not None else self.tr("Thêm bảng"))
        self.resize(720, 460)

        self.caption_edit = QLineEdit(self)
        self.caption_edit.setPlaceholderText(self.tr("Ví dụ: Kết quả thực hiện các chỉ tiêu năm 2023"))
        self.notes_edit = QLineEdit(self)
        self.notes_edit.setPlaceholderText(self.tr("Ví dụ: Số liệu tính đến ngày 31/5/2023"))
        self.header_rows = QSpinBox(self)
        self.header_rows.setToolTip(self.tr("Các hàng đầu bảng in đậm, căn giữa"))

        self.grid = _CellGrid(self)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.grid.horizontalHeader().setDefaultSectionSize(140)

        self.add_row_button = QPushButton(self.tr("Thêm hàng"), self)
        self.remove_row_button = QPushButton(self.tr("Xóa hàng"), self)
        self.add_column_button = QPushButton(self.tr("Thêm cột"), self)
        self.remove_column_button = QPushButton(self.tr("Xóa cột"), self)
        self.add_row_button.clicked.connect(self.add_row)
        self.remove_row_button.clicked.connect(self.remove_rows)
        self.add_column_button.clicked.connect(self.add_column)
        self.remove_column_button.clicked.connect(self.remove_columns)

        self.buttons = QDialogButtonBox(self)
        self.accept_button = self.buttons.addButton(self.tr("Đồng ý"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.reject_button = self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        fields = QFormLayout()
        fields.addRow(self.tr("Tên bảng"), self.caption_edit)
        fields.addRow(self.tr("Số hàng tiêu đề"), self.header_rows)
        row_buttons = QHBoxLayout()
        for button in (self.add_row_button, self.remove_row_button, self.add_column_button, self.remove_column_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        hint = QLabel(
            self.tr(
                "Số viết kiểu Việt Nam (1.234.567,5) được lưu là số và in căn phải; "
                "gõ dấu ' ở đầu ô để giữ nguyên là chữ (ví dụ '2023). Dán từ Excel bằng Ctrl+V."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addLayout(row_buttons)
        layout.addWidget(self.grid, 1)
        layout.addWidget(hint)
        notes = QFormLayout()
        notes.addRow(self.tr("Ghi chú"), self.notes_edit)
        layout.addLayout(notes)
        layout.addWidget(self.buttons)

        self._load(table)
        self.grid.itemChanged.connect(self._mark_changed)
        self.grid.model().rowsInserted.connect(self._mark_changed)
        self.grid.model().rowsRemoved.connect(self._mark_changed)
        self.grid.model().columnsInserted.connect(self._mark_changed)
        self.grid.model().columnsRemoved.connect(self._mark_changed)
        self.grid.model().rowsInserted.connect(self._rows_changed)
        self.grid.model().rowsRemoved.connect(self._rows_changed)
        self.header_rows.valueChanged.connect(self._mark_changed)
        self.header_rows.valueChanged.connect(self._show_header_rows)
        self.caption_edit.textEdited.connect(self._mark_changed)
        self.notes_edit.textEdited.connect(self._mark_changed)

    # -- public ------------------------------------------------------------------------------

    def table(self) -> Table:
        """The table as edited (the given table, copied, when nothing was changed)."""
        original = self._original
        if original is not None and not self._changed:
            return Table(
                header=[list(row) for row in original.header],
                rows=[list(row) for row in original.rows],
                caption=original.caption,
                notes=original.notes,
                x=original.x,
            )
        header_count = min(self.header_rows.value(), self.grid.rowCount())
        cells = [
            [self._cell(row, column, header=row < header_count) for column in range(self.grid.columnCount())]
            for row in range(self.grid.rowCount())
        ]
        return Table(
            header=cells[:header_count],
            rows=cells[header_count:],
            caption=_optional_text(self.caption_edit.text()),
            notes=_optional_text(self.notes_edit.text()),
            x=original.x if original is not None else None,
        )

    def set_cell_text(self, row: int, column: int, text: str) -> None:
        """Types `text` into a cell, growing the grid when the cell is outside it."""
        self.grid.setRowCount(max(self.grid.rowCount(), row + 1))
        self.grid.setColumnCount(max(self.grid.columnCount(), column + 1))
        self.grid.item_at(row, column).setText(text)

    def cell_text(self, row: int, column: int) -> str:
        item = self.grid.item(row, column)
        return item.text() if item is not None else ""

    def set_grid_size(self, rows: int, columns: int) -> None:
        self.grid.setRowCount(rows)
        self.grid.setColumnCount(columns)

    def add_row(self) -> None:
        """A new empty row below the current one (at the end when no row is current)."""
        current = self.grid.currentRow()
        position = current + 1 if current >= 0 else self.grid.rowCount()
        self.grid.insertRow(position)
        self._fill_row(position)

    def remove_rows(self) -> None:
        """Removes the selected rows, or the current row."""
        for row in sorted(self._chosen(rows=True), reverse=True):
            self.grid.removeRow(row)

    def add_column(self) -> None:
        current = self.grid.currentColumn()
        position = current + 1 if current >= 0 else self.grid.columnCount()
        self.grid.insertColumn(position)
        for row in range(self.grid.rowCount()):
            self.grid.item_at(row, position)
        self._show_header_rows()

    def remove_columns(self) -> None:
        for column in sorted(self._chosen(rows=False), reverse=True):
            self.grid.removeColumn(column)

    def accept(self) -> None:
        if self.grid.rowCount() == 0 or self.grid.columnCount() == 0:
            warn(self, self.tr("Bảng chưa có ô"), self.tr("Bảng chưa có ô nào: hãy thêm ít nhất một hàng và một cột."))
            return
        table = self.table()
        if all(cell is None for row in (*table.header, *table.rows) for cell in row):
            warn(
                self,
                self.tr("Bảng chưa có nội dung"),
                self.tr("Tất cả các ô đều trống: hãy nhập nội dung cho bảng hoặc chọn «Hủy»."),
            )
            return
        super().accept()

    # -- internals ---------------------------------------------------------------------------

    def _load(self, table: Table | None) -> None:
        if table is None:
            self.grid.setRowCount(NEW_TABLE_ROWS)
            self.grid.setColumnCount(NEW_TABLE_COLUMNS)
            for row in range(NEW_TABLE_ROWS):
                self._fill_row(row)
            self.header_rows.setRange(0, NEW_TABLE_ROWS)
            self.header_rows.setValue(1)
            self._show_header_rows()
            return
        all_rows: Sequence[list[Cell]] = [*table.header, *table.rows]
        self.grid.setRowCount(len(all_rows))
        self.grid.setColumnCount(table.column_count)
        for row, cells in enumerate(all_rows):
            for column in range(table.column_count):
                cell = cells[column] if column < len(cells) else None
                item = QTableWidgetItem(cell_text(cell))
                item.setData(_ORIGINAL, len(self._originals))
                self._originals.append((cell, item.text()))
                if isinstance(cell, (int, float)):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.grid.setItem(row, column, item)
        self.header_rows.setRange(0, len(all_rows))
        self.header_rows.setValue(len(table.header))
        self.caption_edit.setText(table.caption or "")
        self.notes_edit.setText(table.notes or "")
        self._show_header_rows()

    def _cell(self, row: int, column: int, *, header: bool) -> Cell:
        item = self.grid.item(row, column)
        if item is None:
            return None
        index = item.data(_ORIGINAL)
        if isinstance(index, int):
            original, shown = self._originals[index]
            if item.text() == shown:
                return original
        return parse_cell(item.text(), header=header)

    def _fill_row(self, row: int) -> None:
        for column in range(self.grid.columnCount()):
            self.grid.item_at(row, column)
        self._show_header_rows()

    def _chosen(self, *, rows: bool) -> set[int]:
        ranges = self.grid.selectedRanges()
        chosen: set[int] = set()
        for selected in ranges:
            first, last = (
                (selected.topRow(), selected.bottomRow()) if rows else (selected.leftColumn(), selected.rightColumn())
            )
            chosen.update(range(first, last + 1))
        if not chosen:
            current = self.grid.currentRow() if rows else self.grid.currentColumn()
            if current >= 0:
                chosen.add(current)
        return chosen

    def _mark_changed(self, *_: object) -> None:
        self._changed = True

    def _rows_changed(self, *_: object) -> None:
        self.header_rows.setMaximum(self.grid.rowCount())

    def _show_header_rows(self, *_: object) -> None:
        """Header rows shown bold, as they print."""
        header_count = self.header_rows.value()
        blocked = self.grid.blockSignals(True)
        try:
            for row in range(self.grid.rowCount()):
                for column in range(self.grid.columnCount()):
                    item = self.grid.item(row, column)
                    if item is not None:
                        font = item.font()
                        font.setBold(row < header_count)
                        item.setFont(font)
        finally:
            self.grid.blockSignals(blocked)


def _optional_text(text: str) -> str | None:
    cleaned, _ = clean_input(text)
    return cleaned.strip() or None
