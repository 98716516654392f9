"""«Tạo từ báo cáo cũ»: next period's draft from an old one, every replacement shown before anything is created."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.report_file import MAX_YEAR, MIN_YEAR
from app.core.rollforward import (
    PERIOD_CHOICES,
    Period,
    Replacement,
    describe_location,
    detect_period,
    period_choice,
    period_label,
    roll_forward,
)
from app.ui.common import accept_cancel_buttons, warn
from db.repository import CloneResult, DraftRepository, RepositoryError


class CloneDialog(QDialog):
    """Asks the new year and period, previews every replacement, then «Tạo bản nháp» creates the clone."""

    def __init__(self, repository: DraftRepository, draft_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = repository
        self._draft_id = draft_id
        self.created_id: int | None = None
        """The new draft's id once «Tạo bản nháp» succeeded."""
        self.result_clone: CloneResult | None = None
        self.replacements: list[Replacement] = []
        """The replacements of the current preview (the same the clone will make)."""

        record = repository.get(draft_id, include_deleted=True)
        self._source = record.report
        source_period = detect_period(self._source)
        source_year = (
            source_period.year if source_period is not None else record.summary.year or self._source.year
        ) or dt.date.today().year

        self.setWindowTitle(self.tr("Tạo từ báo cáo cũ"))
        self.setObjectName("clone-dialog")
        self.resize(920, 560)

        heading = QLabel()
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        assumed = source_period or (Period("year", 1, self._source.year) if self._source.year else None)
        period_text = assumed.phrase() if assumed is not None else self.tr("không ghi rõ kỳ báo cáo")
        heading.setText(
            self.tr("Báo cáo cũ: «{title}» ({period}).").format(title=record.summary.title, period=period_text)
        )

        self.year_spin = QSpinBox()
        self.year_spin.setRange(MIN_YEAR, MAX_YEAR)
        self.year_spin.setValue(min(max(source_year + 1, MIN_YEAR), MAX_YEAR))
        self.year_spin.setAccessibleName(self.tr("Năm của báo cáo mới"))
        self.period_combo = QComboBox()
        keep = self.tr("Giữ như báo cáo cũ")
        if assumed is not None:
            keep += f" ({period_label(period_choice(assumed.kind, assumed.index))})"
        self.period_combo.addItem(keep, None)
        for key in PERIOD_CHOICES:
            self.period_combo.addItem(period_label(key), key)
        self.period_combo.setAccessibleName(self.tr("Kỳ báo cáo mới"))

        form = QFormLayout()
        form.addRow(self.tr("&Năm của báo cáo mới:"), self.year_spin)
        form.addRow(self.tr("&Kỳ báo cáo:"), self.period_combo)

        explanation = QLabel(
            self.tr(
                "Chương trình chép báo cáo cũ thành một bản nháp mới và thay các cụm từ chỉ kỳ báo cáo "
                "(«năm 2023», «6 tháng đầu năm 2023», «quý III năm 2023» …) như bảng dưới đây. "
                "Số văn bản, ngày và tháng ban hành được để trống để văn thư điền khi phát hành; "
                "mọi mục được đánh dấu «cần rà soát» để anh/chị đọc lại trước khi trình ký. "
                "Ngày tháng cụ thể, giai đoạn nhiều năm và trích dẫn văn bản khác được giữ nguyên."
            )
        )
        explanation.setWordWrap(True)

        preview_box = QGroupBox(self.tr("Xem trước các chỗ sẽ thay"))
        self.preview_count = QLabel()
        self.preview_count.setWordWrap(True)
        self.preview = QTableWidget(0, 4)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Vị trí"), self.tr("Trước"), self.tr("Sau"), self.tr("Ngữ cảnh")]
        )
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.setTabKeyNavigation(False)
        self.preview.setWordWrap(False)
        self.preview.setAlternatingRowColors(True)
        self.preview.verticalHeader().hide()
        self.preview.setAccessibleName(self.tr("Danh sách các chỗ sẽ thay"))
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 260)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview_count)
        preview_layout.addWidget(self.preview, 1)

        buttons, self.create_button, self.cancel_button = accept_cancel_buttons(self, self.tr("&Tạo bản nháp"))

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(explanation)
        layout.addWidget(preview_box, 1)
        layout.addWidget(buttons)

        self.year_spin.valueChanged.connect(self.update_preview)
        self.period_combo.currentIndexChanged.connect(self.update_preview)
        self.setTabOrder(self.year_spin, self.period_combo)
        self.setTabOrder(self.period_combo, self.preview)
        self.setTabOrder(self.preview, self.create_button)
        self.setTabOrder(self.create_button, self.cancel_button)
        self.update_preview()
        self.year_spin.setFocus()

    def year(self) -> int:
        return self.year_spin.value()

    def period(self) -> str | None:
        """The chosen PERIOD_CHOICES key, or None to keep the old report's kind of period."""
        key = self.period_combo.currentData()
        return str(key) if key is not None else None

    def update_preview(self) -> None:
        """List what `roll_forward` would replace for the chosen year and period; nothing is saved."""
        try:
            rolled = roll_forward(self._source, year=self.year(), period=self.period())
        except ValueError as error:
            self.replacements = []
            self.preview.setRowCount(0)
            self.preview_count.setText(str(error))
            self.create_button.setEnabled(False)
            return
        self.create_button.setEnabled(True)
        self.replacements = rolled.replacements
        self.preview.setRowCount(0)
        for replacement in self.replacements:
            row = self.preview.rowCount()
            self.preview.insertRow(row)
            cells = (
                describe_location(self._source, replacement.path),
                replacement.before,
                replacement.after,
                replacement.context,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(replacement.context if column == 3 else text)
                self.preview.setItem(row, column, item)
        target = rolled.target.phrase()
        if self.replacements:
            self.preview_count.setText(
                self.tr("Báo cáo mới cho {target}: {count} chỗ sẽ được thay.").format(
                    target=target, count=len(self.replacements)
                )
            )
        else:
            self.preview_count.setText(
                self.tr(
                    "Báo cáo mới cho {target}: không tìm thấy cụm từ chỉ kỳ báo cáo nào cần thay. "
                    "Hãy tự rà soát nội dung sau khi tạo."
                ).format(target=target)
            )

    def accept(self) -> None:
        """Create the clone; the dialog stays open with a Vietnamese message if that fails."""
        try:
            result = self._repository.clone(self._draft_id, year=self.year(), period=self.period())
        except (RepositoryError, ValueError) as error:
            warn(self, self.tr("Không tạo được bản nháp"), str(error))
            return
        self.result_clone = result
        self.created_id = result.draft.id
        super().accept()
