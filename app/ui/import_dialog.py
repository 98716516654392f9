"""«Nhập từ Word»: a .docx, .doc or .txt read off the UI thread, the import report shown, then saved.

The officer sees what the importer recognised, what it guessed and what needs checking, with an
outline of the sections, before anything is written: «Lưu thành bản nháp» creates the draft (and the
library opens it in the wizard), «Hủy» leaves the library as it was. A file that cannot be imported
gives a Vietnamese message and saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.numbering import numbered_sections
from app.ui.common import accept_cancel_buttons, configured_soffice, run_in_background, warn

if TYPE_CHECKING:
    from app.importers.result import ImportResult
    from db.records import DraftSummary
    from db.repository import DraftRepository

IMPORTABLE_SUFFIXES = (".docx", ".doc", ".txt")
"""What «Nhập từ Word» reads (the content decides in the end: a .doc renamed .docx still works)."""
"""The LibreOffice the officer chose in the settings (shared with PDF export), for .doc files."""

_NOTE_ICONS = {
    "recognised": QStyle.StandardPixmap.SP_DialogApplyButton,
    "guessed": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    "check": QStyle.StandardPixmap.SP_MessageBoxWarning,
}


def is_importable(path: str | Path) -> bool:
    """True for the files «Nhập từ Word» takes: .docx, .doc and .txt."""
    return str(path).lower().endswith(IMPORTABLE_SUFFIXES)


class ImportReportDialog(QDialog):
    """What an import found, grouped (Đã nhận ra / Đã đoán / Cần kiểm tra), and the recognised outline."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.importers.result import NOTE_HEADINGS, NOTE_KINDS

        self.import_result = result
        self.setWindowTitle(self.tr("Nhập từ Word — {name}").format(name=result.source))
        self.setObjectName("import-report-dialog")
        self.resize(760, 620)
        layout = QVBoxLayout(self)

        counts = {kind: len(result.notes_of(kind)) for kind in NOTE_KINDS}
        self.intro_label = QLabel(self._intro(counts["check"]))
        self.intro_label.setWordWrap(True)
        layout.addWidget(self.intro_label)
        self.report_label = QLabel(self._report_line())
        self.report_label.setWordWrap(True)
        self.report_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.report_label)

        self.notes_tree = QTreeWidget()
        self.notes_tree.setObjectName("import-notes")
        self.notes_tree.setHeaderHidden(True)
        self.notes_tree.setWordWrap(True)
        self.notes_tree.setTextElideMode(Qt.TextElideMode.ElideNone)  # long notes wrap onto more lines instead
        self.notes_tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.notes_tree.setAccessibleName(self.tr("Kết quả nhận dạng"))
        bold = QFont(self.notes_tree.font())
        bold.setBold(True)
        for kind in NOTE_KINDS:
            notes = result.notes_of(kind)
            if not notes:
                continue
            group = QTreeWidgetItem([f"{NOTE_HEADINGS[kind]} ({len(notes)})"])
            group.setFont(0, bold)
            group.setIcon(0, self.style().standardIcon(_NOTE_ICONS[kind]))
            group.setData(0, Qt.ItemDataRole.UserRole, kind)
            for note in notes:
                item = QTreeWidgetItem([note.message])
                item.setToolTip(0, note.message)
                group.addChild(item)
            self.notes_tree.addTopLevelItem(group)
            group.setExpanded(True)
        if self.notes_tree.topLevelItemCount() == 0:
            self.notes_tree.addTopLevelItem(
                QTreeWidgetItem([self.tr("Không nhận ra phần nào; toàn bộ nội dung được giữ thành các đoạn văn.")])
            )
        layout.addWidget(self.notes_tree, 3)

        layout.addWidget(QLabel(self.tr("Các mục đã nhận ra:")))
        self.outline_tree = QTreeWidget()
        self.outline_tree.setObjectName("import-outline")
        self.outline_tree.setHeaderHidden(True)
        self.outline_tree.setAccessibleName(self.tr("Dàn ý các mục"))
        parents: dict[int, QTreeWidgetItem] = {}
        for numbered in numbered_sections(result.report.sections):
            text = f"{numbered.label or ''} {numbered.section.title}".strip()
            item = QTreeWidgetItem([text])
            item.setToolTip(0, text)
            parent_item = parents.get(numbered.depth - 1)
            if parent_item is None or numbered.depth == 1:
                self.outline_tree.addTopLevelItem(item)
            else:
                parent_item.addChild(item)
            parents[numbered.depth] = item
        self.outline_tree.expandAll()
        if self.outline_tree.topLevelItemCount() == 0:
            self.outline_tree.addTopLevelItem(
                QTreeWidgetItem([self.tr("(Không nhận ra mục nào: nội dung nằm ở phần mở đầu, hãy chia mục sau.)")])
            )
        layout.addWidget(self.outline_tree, 2)

        buttons, self.save_button, self.cancel_button = accept_cancel_buttons(self, self.tr("Lưu thành bản nháp"))
        layout.addWidget(buttons)
        self.save_button.setFocus()

    def _intro(self, to_check: int) -> str:
        text = self.tr("Đã đọc tệp «{name}». Hãy xem lại kết quả trước khi lưu thành bản nháp.").format(
            name=self.import_result.source
        )
        if to_check:
            text += " " + self.tr("Có {count} chỗ cần kiểm tra sau khi lưu.").format(count=to_check)
        return text

    def _report_line(self) -> str:
        report = self.import_result.report
        kind = report.document_kind.title.capitalize()
        about = report.summary or report.title or self.tr("(chưa có trích yếu)")
        issuer = " ".join(report.issuer.name.split())
        return f"{kind}: {about} — {issuer}" if issuer else f"{kind}: {about}"

    def groups(self) -> dict[str, list[str]]:
        """Note kind → the messages shown under it, in order (for tests and accessibility checks)."""
        shown: dict[str, list[str]] = {}
        for group in _top_level(self.notes_tree):
            kind = group.data(0, Qt.ItemDataRole.UserRole)
            if kind:
                shown[str(kind)] = [child.text(0) for child in _children(group)]
        return shown

    def outline(self) -> list[str]:
        """The outline as shown: each section's label and title, indented two spaces per level."""
        lines: list[str] = []

        def walk(item: QTreeWidgetItem, depth: int) -> None:
            lines.append("  " * depth + item.text(0))
            for child in _children(item):
                walk(child, depth + 1)

        for item in _top_level(self.outline_tree):
            walk(item, 0)
        return lines


def _top_level(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    items = (tree.topLevelItem(index) for index in range(tree.topLevelItemCount()))
    return [item for item in items if item is not None]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(row) for row in range(item.childCount()))
    return [child for child in children if child is not None]


def import_document(
    parent: QWidget,
    path: str | Path,
    repository: DraftRepository,
    *,
    saved: Callable[[DraftSummary], None],
    finished: Callable[[int | None], None],
    pool: QThreadPool | None = None,
    gone: Callable[[], bool] = lambda: False,
) -> None:
    """Read `path` on a worker thread, show the import report, and on «Lưu thành bản nháp» create the draft.

    `saved` gets the new draft (the library then opens it); `finished` always gets the new draft's id, or
    None when the file was refused, the officer cancelled, or saving failed. Refusals are shown in Vietnamese.
    When `gone()` says the parent window has closed meanwhile, nothing is shown and nothing is saved.
    """
    if _QUEUE.busy:
        # One import at a time: a second file (several dropped at once) waits for the first one's dialog.
        _QUEUE.waiting.append(
            lambda: import_document(parent, path, repository, saved=saved, finished=finished, pool=pool, gone=gone)
        )
        return
    _QUEUE.busy = True
    finished = _QUEUE.then_next(finished)
    source = Path(path)
    soffice = configured_soffice()

    def read() -> ImportResult:
        from app.importers.files import import_file

        return import_file(source, soffice=soffice)

    def show(result: ImportResult) -> None:
        if gone():
            finished(None)
            return
        try:
            dialog = ImportReportDialog(result, parent)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            dialog.deleteLater()
        except Exception:
            finished(None)  # the library must not stay busy; the error goes to the program's handler
            raise
        if not accepted or gone():
            finished(None)
            return
        run_in_background(lambda: repository.create(result.report), stored, failed_to_save, pool=pool)

    def stored(summary: DraftSummary) -> None:
        if not gone():
            saved(summary)
        finished(summary.id)

    def refused(error: Exception) -> None:
        from app.importers.result import ImportRefused

        if gone():
            finished(None)
            return
        if isinstance(error, ImportRefused):
            text = parent.tr("Không nhập được tệp «{name}».\n\n{reason}\n\nChưa có gì được lưu.").format(
                name=source.name, reason=error
            )
            warn(parent, parent.tr("Không nhập được tệp"), text)
        else:
            warn(
                parent,
                parent.tr("Không nhập được tệp"),
                parent.tr(
                    "Không nhập được tệp «{name}» vì một lỗi của chương trình; chưa có gì được lưu. "
                    "Hãy thử lại, hoặc gửi phần chi tiết cho người hỗ trợ."
                ).format(name=source.name),
                detail=_traceback(error),
            )
        finished(None)

    def failed_to_save(error: Exception) -> None:
        from db.records import RepositoryError

        if gone():
            finished(None)
            return
        reason = str(error) if isinstance(error, RepositoryError) else parent.tr("lỗi khi lưu vào cơ sở dữ liệu.")
        warn(
            parent,
            parent.tr("Không lưu được bản nháp"),
            parent.tr("Đã đọc tệp «{name}» nhưng không lưu được bản nháp: {reason} Hãy thử nhập lại.").format(
                name=source.name, reason=reason
            ),
            detail=_traceback(error),
        )
        finished(None)

    run_in_background(read, show, refused, pool=pool)


class _ImportQueue:
    """Imports waiting for the one under way (its file being read or its dialog open)."""

    def __init__(self) -> None:
        self.busy = False
        self.waiting: list[Callable[[], None]] = []

    def then_next(self, finished: Callable[[int | None], None]) -> Callable[[int | None], None]:
        """`finished`, then the next waiting import starts (from the event loop, not inside this one)."""

        def done(draft_id: int | None) -> None:
            self.busy = False
            try:
                finished(draft_id)
            finally:
                if self.waiting:
                    QTimer.singleShot(0, self.waiting.pop(0))

        return done


_QUEUE = _ImportQueue()


def _traceback(error: Exception) -> str | None:
    detail: Any = getattr(error, "__traceback_text__", None)
    return str(detail) if detail else None
