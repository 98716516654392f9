"""The trash: drafts moved there by «Xóa», each one restorable. Nothing is ever purged from here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.common import local_time, warn
from db.repository import DraftRepository, DraftSummary, RepositoryError

TRASH_LIMIT = 1000
"""More than a commune office deletes in years; the list stays quick to fill."""


class TrashDialog(QDialog):
    """Lists deleted drafts; «Khôi phục» puts the selected ones back in the library."""

    ID_ROLE = Qt.ItemDataRole.UserRole

    def __init__(self, repository: DraftRepository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = repository
        self.restored_ids: list[int] = []
        """Drafts put back while the dialog was open, in that order (the library selects the last)."""

        self.setWindowTitle(self.tr("Thùng rác"))
        self.setObjectName("trash-dialog")
        self.resize(760, 420)

        explanation = QLabel(
            self.tr(
                "Các bản nháp đã xóa nằm ở đây và được giữ nguyên, không bị xóa hẳn. "
                "Chọn bản nháp rồi bấm «Khôi phục» để đưa trở lại danh sách báo cáo."
            )
        )
        explanation.setWordWrap(True)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tên báo cáo"), self.tr("Năm"), self.tr("Trạng thái"), self.tr("Xóa lúc")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(self.tr("Danh sách bản nháp trong thùng rác"))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        self.status = QLabel()
        self.status.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("&Khôi phục"))
        self.restore_button.setToolTip(self.tr("Đưa các bản nháp đã chọn trở lại danh sách báo cáo"))
        self.close_button = QPushButton(self.tr("Đó&ng"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self.reload()

    def reload(self) -> None:
        try:
            drafts = self._repository.list_drafts(trash=True, limit=TRASH_LIMIT)
        except RepositoryError as error:
            warn(self, self.tr("Không mở được thùng rác"), str(error))
            drafts = []
        self.table.setRowCount(0)
        for draft in drafts:
            self._add_row(draft)
        if drafts:
            self.table.selectRow(0)
            self.status.setText(self.tr("{count} bản nháp trong thùng rác.").format(count=len(drafts)))
        else:
            self.status.setText(self.tr("Thùng rác trống."))
        self._update_buttons()

    def _add_row(self, draft: DraftSummary) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        year = str(draft.year) if draft.year is not None else "—"
        deleted = local_time(draft.deleted_at) if draft.deleted_at is not None else ""
        cells = (draft.title, year, draft.status_label, deleted)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(self.ID_ROLE, draft.id)
            if column == 0:
                item.setToolTip(f"{draft.title}\n{draft.issuer}")
            self.table.setItem(row, column, item)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        items = [self.table.item(row, 0) for row in rows]
        return [int(item.data(self.ID_ROLE)) for item in items if item is not None]

    def restore_selected(self) -> None:
        """Put the selected drafts back in the library."""
        restored = 0
        for draft_id in self.selected_ids():
            try:
                self._repository.restore(draft_id)
            except RepositoryError as error:
                warn(self, self.tr("Không khôi phục được"), str(error))
                continue
            self.restored_ids.append(draft_id)
            restored += 1
        if restored:
            self.reload()
            self.status.setText(self.tr("Đã khôi phục {count} bản nháp.").format(count=restored))

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
