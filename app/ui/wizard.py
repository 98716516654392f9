"""The report wizard: one window per draft, its pages reachable in any order from a side list.

Every page edits the one report object; the autosave controller keeps the database within 2 s
of it; closing saves and never asks. Pages are built the first time they are shown, so a long
draft opens quickly; the side list's marks come from the model (`pages.page_mark`).
"""

from __future__ import annotations

import copy
import re
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.core.files import OutputError
from app.core.kinds import KindCatalog
from app.core.model import Report, Section
from app.core.paths import data_folder
from app.core.report_file import FILE_SUFFIX, validate_report, write_report
from app.render.docx import RenderError, write_docx
from app.ui.autosave import AutosaveController, describe_save_error
from app.ui.common import APP_NAME, ask_file, confirm, inform, print_icon, run_in_background, warn
from app.ui.outline import RemovedSections, contains
from app.ui.pages import (
    MARK_WARNING,
    REVIEW,
    PageSpec,
    ReviewPage,
    SectionPage,
    WizardContext,
    WizardPage,
    check_report,
    make_page,
    page_mark,
    page_specs,
    section_at_path,
    spec_for_path,
    spec_problems,
)
from db.repository import ConflictError, DraftRepository, DraftSummary, draft_title

if TYPE_CHECKING:  # QtPdf and the printing module load when the preview or a print is first wanted
    from app.ui.preview import PreviewPane
    from app.ui.printing import PdfService, PrintJob

LAST_FOLDER_KEY = "paths/last_folder"
PREVIEW_OPEN_KEY = "preview/open"
"""Whether the Xem trước pane was open when a wizard was last used: the next one opens the same way."""
PREVIEW_WIDTH_KEY = "preview/width"
PREVIEW_WIDTH = 460
"""The pane's width the first time it opens (then the width the officer left it at)."""
PREVIEW_MIN_WIDTH = 300
LAST_PAGE_KEY = "drafts/{draft_id}/page"
MARKS_DELAY_MS = 300
RECOVERY_SUBFOLDER = "khoi-phuc"

_OPEN_WINDOWS: weakref.WeakSet[WizardWindow] = weakref.WeakSet()
_UNSAFE_FILE_CHARACTERS = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def flush_open_wizards() -> None:
    """Save every open draft now (for the program's excepthook before it shows an error); autosave goes on."""
    for window in list(_OPEN_WINDOWS):
        window.autosave.flush(closing=False)


def suggested_file_name(report: Report, suffix: str) -> str:
    """A file name from the trích yếu: readable Vietnamese, without characters Windows refuses."""
    name = " ".join(_UNSAFE_FILE_CHARACTERS.sub(" ", draft_title(report)).split()).strip(" .")
    if len(name) > 80:
        name = name[:81].rsplit(" ", 1)[0]  # whole words only
    return (name.rstrip(" .,;") or "Bao cao") + suffix


def ask_save_path(parent: QWidget, title: str, folder: str, name: str, file_filter: str) -> str | None:
    """Where to save an exported file, or None when cancelled."""
    return ask_file(parent, title, str(Path(folder) / name), file_filter, save=True)


class WizardWindow(QMainWindow):
    """The wizard for one draft."""

    saved = Signal(int)
    """The draft id after each save (the library refreshes its list)."""
    closed = Signal(int)
    draftReplaced = Signal(int, int)
    """(old id, new id): after a conflict the officer's text became a new draft and the window now edits it."""
    exported = Signal(str)
    """The path of a file just exported (.docx or .baocao.json)."""

    def __init__(
        self,
        repository: DraftRepository,
        draft_id: int,
        catalog: KindCatalog,
        parent: QWidget | None = None,
        *,
        pdf_service: PdfService | None = None,
    ) -> None:
        """`pdf_service` is the program's LibreOffice converter (app.ui.app.Program); without one the
        window makes its own the first time the preview or a print needs it, and closes it with itself."""
        super().__init__(parent)
        self.repository = repository
        self.catalog = catalog
        self._pdf_service = pdf_service
        self._owns_pdf_service = False
        self._size_preview_when_shown = False
        self.preview: PreviewPane | None = None
        self.print_job: PrintJob | None = None
        record = repository.get(draft_id)
        self.draft_id = record.summary.id
        self.report: Report = record.report
        self.context = WizardContext(
            report=self.report,
            repository=repository,
            catalog=catalog,
            kind=catalog.for_report(self.report),
            removed=RemovedSections(),
        )
        self._specs: list[PageSpec] = []
        self._pages: dict[str, WizardPage] = {}
        """Built pages by name; a section page by `id(section)` as well, so renaming keeps it."""
        self._section_pages: dict[int, SectionPage] = {}
        self._section_ids: tuple[int, ...] = ()
        self._closing = False
        self._shown_once = False
        self._exporting = False
        self._save_state = ""

        self.autosave = AutosaveController(
            repository, self.draft_id, record.summary.version, lambda: self.report, parent=self
        )
        self.autosave.state.connect(self._state_changed)
        self.autosave.saved.connect(self._saved)
        self.autosave.conflict.connect(self._conflict)

        self.page_list = QListWidget(self)
        self.page_list.setAccessibleName("Các trang của báo cáo")
        self.page_list.setMinimumWidth(220)
        self.page_list.setWordWrap(True)
        self.page_list.setSpacing(2)
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_list.currentRowChanged.connect(self._row_changed)
        self.stack = QStackedWidget(self)
        self.back_button = QPushButton("Trước", self)
        self.back_button.setToolTip("Trang trước (Ctrl+PgUp)")
        self.back_button.clicked.connect(self.previous_page)
        self.next_button = QPushButton("Tiếp", self)
        self.next_button.setToolTip("Trang sau (Ctrl+PgDn)")
        self.next_button.clicked.connect(self._next_or_finish)
        self.save_button = QPushButton("Lưu", self)
        self.save_button.setToolTip("Lưu một bản vào lịch sử bản nháp (Ctrl+S); chương trình vẫn tự lưu liên tục")
        self.save_button.clicked.connect(self.save_now)

        navigation = QHBoxLayout()
        navigation.addWidget(self.save_button)
        navigation.addStretch(1)
        navigation.addWidget(self.back_button)
        navigation.addWidget(self.next_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.stack, 1)
        right_layout.addLayout(navigation)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.page_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._make_actions()
        self.state_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.state_label)
        self.resize(1200, 800)

        self._marks_timer = QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(MARKS_DELAY_MS)
        self._marks_timer.timeout.connect(self.update_marks)

        for keys, slot in (
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageDown), self.next_page),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageUp), self.previous_page),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_S), self.save_now),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Y), self._redo),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        self._rebuild_specs()
        self._state_changed("Đã mở bản nháp")
        last = QSettings().value(LAST_PAGE_KEY.format(draft_id=self.draft_id), "")
        self.open_page(str(last) if last and self.page_index(str(last)) is not None else self._specs[0].name)
        if QSettings().value(PREVIEW_OPEN_KEY, False, type=bool):
            self.set_preview_visible(True)
        _OPEN_WINDOWS.add(self)

    def _make_actions(self) -> None:
        """Menus and toolbar: the preview, printing and export."""

        def action(text: str, slot: Callable[[], object], keys: str = "", tip: str = "") -> QAction:
            made = QAction(text, self)
            if keys:
                made.setShortcut(QKeySequence(keys))
                made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                shown = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
                made.setToolTip(f"{tip or text.rstrip('…')} ({shown})")
            elif tip:
                made.setToolTip(tip)
            made.setStatusTip(tip)
            made.triggered.connect(lambda _checked=False: slot())
            return made

        self.preview_action = action(
            "Xem trước", self.toggle_preview, "Ctrl+F2", "Hiện hoặc ẩn các trang của báo cáo đúng như khi in ra"
        )
        self.preview_action.setCheckable(True)
        self.print_action = action("In…", self.print_report, "Ctrl+P", "Chọn máy in, số bản, trang cần in rồi in")
        self.print_action.setIcon(print_icon())
        self.print_action.setIconText("In…")
        self.quick_print_action = action("In bản", self.print_copies, "Ctrl+Shift+P")
        self.export_docx_action = action(
            "Xuất tệp Word…", lambda: self.export_docx(), tip="Lưu báo cáo thành tệp Word (.docx) để in hoặc gửi đi"
        )
        self.export_report_action = action(
            "Xuất tệp báo cáo…",
            lambda: self.export_report_file(),
            tip="Lưu tệp báo cáo (.baocao.json) để chép sang máy khác",
        )
        self.close_action = action("Đóng", self.close, tip="Đóng cửa sổ; bản nháp đã được tự động lưu")

        file_menu = self.menuBar().addMenu("&Tệp")
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.quick_print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_docx_action)
        file_menu.addAction(self.export_report_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        view_menu = self.menuBar().addMenu("&Xem")
        view_menu.addAction(self.preview_action)
        self.file_menu, self.view_menu = file_menu, view_menu

        self.toolbar = QToolBar("Thao tác", self)
        self.toolbar.setObjectName("wizard-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.preview_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.print_action)
        self.toolbar.addAction(self.quick_print_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    # -- pages ---------------------------------------------------------------------------------

    @property
    def specs(self) -> list[PageSpec]:
        return list(self._specs)

    def page_index(self, name: str) -> int | None:
        return next((i for i, spec in enumerate(self._specs) if spec.name == name), None)

    def page(self, name: str) -> WizardPage:
        """The page widget (built now if it was not yet)."""
        index = self.page_index(name)
        if index is None:
            raise KeyError(name)
        return self._page_for(self._specs[index])

    def current_page(self) -> WizardPage | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, WizardPage) else None

    def current_name(self) -> str:
        row = self.page_list.currentRow()
        return self._specs[row].name if 0 <= row < len(self._specs) else ""

    def open_page(self, name: str) -> WizardPage:
        """Show a page by name (`thong-tin-chung`, `mo-dau`, `muc-1`…, `ket-thuc`, `noi-nhan`, `chu-ky`, `xem-lai`)."""
        index = self.page_index(name)
        if index is None:
            raise KeyError(name)
        self.page_list.setCurrentRow(index)
        page = self.current_page()
        assert page is not None
        return page

    def open_section(self, section: Section) -> SectionPage | None:
        """Jump to the page of a section (of any depth) with that section's text in the editor."""
        top = next((s for s in self.report.sections if contains(s, section)), None)
        spec = next((s for s in self._specs if top is not None and s.section is top), None)
        if spec is None:
            return None
        page = self.open_page(spec.name)
        assert isinstance(page, SectionPage)
        page.outline.select(section)
        page.show_section(section)
        page.editor.setFocus()
        return page

    def open_path(self, path: str) -> WizardPage:
        """Jump to where a problem at a field path is fixed, with the cursor in that field."""
        self.context.focus_request = path
        try:
            section = section_at_path(self.report, path)
            page = self.open_section(section) if section is not None else None
            return page or self.open_page(spec_for_path(self._specs, path).name)
        finally:
            self.context.focus_request = None

    def next_page(self) -> None:
        row = self.page_list.currentRow()
        if row + 1 < self.page_list.count():
            self.page_list.setCurrentRow(row + 1)

    def previous_page(self) -> None:
        row = self.page_list.currentRow()
        if row > 0:
            self.page_list.setCurrentRow(row - 1)

    def _next_or_finish(self) -> None:
        if self.page_list.currentRow() + 1 >= self.page_list.count():
            self.close()
        else:
            self.next_page()

    def _page_for(self, spec: PageSpec) -> WizardPage:
        if spec.section is not None:
            section_page = self._section_pages.get(id(spec.section))
            if section_page is not None:
                section_page.spec = spec
                return section_page
        elif spec.name in self._pages:
            return self._pages[spec.name]
        page = make_page(spec, self.context, self.stack)
        page.changed.connect(self._page_changed)
        page.notice.connect(self._notice)
        page.jumpRequested.connect(self.open_path)
        page.sectionRequested.connect(self.open_section)
        if isinstance(page, ReviewPage):
            page.exportDocxRequested.connect(self.export_docx)
            page.exportReportRequested.connect(self.export_report_file)
        if isinstance(page, SectionPage):
            self._section_pages[id(page.section)] = page
        else:
            self._pages[spec.name] = page
        self.stack.addWidget(page)
        return page

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self._specs):
            self._show_row(row, focus=True)

    def _show_row(self, row: int, *, focus: bool) -> None:
        spec = self._specs[row]
        page = self._page_for(spec)
        page.refresh()
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
            if focus:
                page.focus_first()
        last = row + 1 >= len(self._specs)
        self.back_button.setEnabled(row > 0)
        self.next_button.setText("Xong" if last else "Tiếp")
        self.next_button.setToolTip("Đóng cửa sổ (bản nháp đã được lưu)" if last else "Trang sau (Ctrl+PgDn)")
        QSettings().setValue(LAST_PAGE_KEY.format(draft_id=self.draft_id), spec.name)

    def _rebuild_specs(self) -> None:
        """Recompute the page list (a top-level section was added, removed or moved)."""
        row = self.page_list.currentRow()
        current = self._specs[row] if 0 <= row < len(self._specs) else None
        self._specs = page_specs(self.report)
        self._section_ids = tuple(id(section) for section in self.report.sections)
        alive = set(self._section_ids)
        for key in [key for key in self._section_pages if key not in alive]:
            page = self._section_pages.pop(key)
            self.stack.removeWidget(page)
            page.deleteLater()
        self._update_section_specs()
        self.page_list.blockSignals(True)
        try:
            self.page_list.clear()
            for spec in self._specs:
                self.page_list.addItem(QListWidgetItem(spec.title))
            if current is not None:
                self.page_list.setCurrentRow(self._row_after_rebuild(current))
        finally:
            self.page_list.blockSignals(False)
        self.update_marks()
        if current is not None:
            self._show_row(self.page_list.currentRow(), focus=False)

    def _update_section_specs(self) -> None:
        for spec in self._specs:
            if spec.section is not None and id(spec.section) in self._section_pages:
                self._section_pages[id(spec.section)].spec = spec

    def _row_after_rebuild(self, shown: PageSpec) -> int:
        """The row of the page that was shown; if it is gone, the page now holding its section, else nearby."""
        for i, spec in enumerate(self._specs):
            if shown.section is not None and spec.section is shown.section:
                return i
            if shown.section is None and spec.name == shown.name:
                return i
        if shown.section is not None:
            for i, spec in enumerate(self._specs):
                if spec.section is not None and contains(spec.section, shown.section):
                    return i
        sections = [i for i, spec in enumerate(self._specs) if spec.section is not None]
        return sections[0] if sections else 0

    def update_marks(self) -> None:
        """The side list's ✓ / ! / ○ marks and tooltips, from the model."""
        check = check_report(self.report)
        shown_specs = self._specs[: self.page_list.count()]  # past the list's end, item(row) would be None
        for row, spec in enumerate(shown_specs):
            item = self.page_list.item(row)
            mark = page_mark(spec, self.report, check)
            item.setText(f"{mark}  {spec.title}")
            problems = spec_problems(spec, check)
            if problems:
                item.setToolTip("\n".join(f"• {problem.message}" for problem in problems[:12]))
            elif mark == MARK_WARNING:
                item.setToolTip("")
            else:
                item.setToolTip("Đã đủ" if mark == "✓" else "Chưa viết")
        self._update_quick_print()

    def page_marks(self) -> dict[str, str]:
        """Page name → its mark in the side list (for tests and accessibility)."""
        return {spec.name: self.page_list.item(row).text().split()[0] for row, spec in enumerate(self._specs)}

    def _page_changed(self) -> None:
        self.autosave.mark_dirty()
        if self.preview is not None:
            self.preview.schedule()
        if tuple(id(section) for section in self.report.sections) != self._section_ids:
            self._rebuild_specs()
        else:
            fresh = page_specs(self.report)
            if [spec.title for spec in fresh] != [spec.title for spec in self._specs]:
                self._specs = fresh  # a top-level section was renamed: same pages, new titles
                self._update_section_specs()
                self.update_marks()
            else:
                self._marks_timer.start()
        self._update_title()

    # -- saving --------------------------------------------------------------------------------

    def save_now(self) -> None:
        """Ctrl+S: an explicit save, kept as a revision."""
        self.autosave.save_now()

    def _saved(self, summary: DraftSummary) -> None:
        self.saved.emit(summary.id)

    def _state_changed(self, text: str) -> None:
        self._save_state = text
        self.state_label.setText(text)
        self._update_title()

    def _update_title(self) -> None:
        title = draft_title(self.report)
        if len(title) > 70:
            title = title[:69].rstrip() + "…"
        self.setWindowTitle(f"{title} – {self._save_state} – {APP_NAME}")

    def _notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _conflict(self, error: ConflictError) -> None:
        """Someone saved this draft elsewhere: the officer's text is kept; offer to keep it as a new draft."""
        if self._closing:
            return
        text = (
            f"Bản nháp này vừa được lưu từ một cửa sổ hoặc một máy khác (phiên bản {error.current_version}), "
            f"trong khi bạn đang sửa phiên bản {error.expected_version}.\n\n"
            f"Nội dung bạn đang soạn không bị mất: nó vẫn còn nguyên trong cửa sổ này và đã được giữ trong lịch sử "
            f"bản nháp (bản lưu số {error.kept_revision_id}).\n\n"
            "Chọn «Lưu thành bản nháp mới» để tiếp tục soạn trên một bản nháp riêng; bản kia giữ nguyên."
        )
        if confirm(self, "Bản nháp đã được sửa ở nơi khác", text, yes="Lưu thành bản nháp mới", no="Để sau"):
            self.save_as_new_draft()
        else:
            self._notice("Chưa lưu: bản nháp đã được sửa ở nơi khác. Bấm Ctrl+S để thử lưu lại.")

    def save_as_new_draft(self) -> DraftSummary:
        """Store the window's report as a new draft and continue editing that one."""
        summary = self.repository.create(copy.deepcopy(self.report), source_id=self.draft_id)
        previous, self.draft_id = self.draft_id, summary.id
        self.autosave.retarget(summary.id, summary.version)
        self.draftReplaced.emit(previous, summary.id)
        self._notice(f"Đã lưu thành bản nháp mới (số {summary.id}).")
        self.saved.emit(summary.id)
        return summary

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._size_preview_when_shown:
            self._size_preview_when_shown = False
            QTimer.singleShot(0, self._make_room_for_preview)
        if not self._shown_once:
            self._shown_once = True
            page = self.current_page()
            if page is not None:
                QTimer.singleShot(0, page.focus_first)  # the first field, not the side list

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save and close; never asks. If the database refuses, the text goes to a recovery file."""
        if self._closing:
            event.accept()
            return
        self._closing = True
        self._marks_timer.stop()
        self._close_preview_and_printing()
        error = self.autosave.flush()
        if error is not None and not isinstance(error, ConflictError):
            self._write_recovery_file(error)
        elif isinstance(error, ConflictError):
            inform(
                self,
                "Bản nháp đã được sửa ở nơi khác",
                "Bản nháp này đã được lưu từ nơi khác trong lúc bạn soạn. Nội dung của bạn được giữ trong lịch sử "
                f"bản nháp số {error.draft_id} (bản lưu số {error.kept_revision_id}); không có chữ nào bị mất.",
            )
        _OPEN_WINDOWS.discard(self)
        self.closed.emit(self.draft_id)
        event.accept()

    def _write_recovery_file(self, error: BaseException) -> None:
        folder = data_folder() / RECOVERY_SUBFOLDER
        path = folder / f"ban-nhap-{self.draft_id}{FILE_SUFFIX}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_report(self.report, path)
        except (OSError, OutputError) as second:
            warn(
                self,
                "Chưa lưu được bản nháp",
                f"Không lưu được vào cơ sở dữ liệu ({describe_save_error(error)}) và cũng không ghi được tệp khôi "
                f"phục ({second}).",
            )
            return
        warn(
            self,
            "Đã lưu vào tệp khôi phục",
            f"Chưa lưu được vào cơ sở dữ liệu ({describe_save_error(error)}). Toàn bộ nội dung đã được ghi vào tệp "
            f"«{path}»; mở lại bằng cách nhập tệp này vào thư viện.",
        )

    # -- export --------------------------------------------------------------------------------

    def _last_folder(self) -> str:
        folder = QSettings().value(LAST_FOLDER_KEY, "")
        return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())

    def export_docx(self, path: str | Path | None = None) -> None:
        """Write the .docx in the background, remember the folder, then offer to open it.

        An incomplete report (no signer, no trích yếu …) is not printed: the officer is told what is
        missing and taken to the first place to fix, before being asked where to save.
        """
        if self._exporting:
            return
        problems = validate_report(self.report)
        if problems:
            listed = "\n".join(f"• {problem.message}" for problem in problems[:8])
            more = f"\n… và {len(problems) - 8} chỗ khác." if len(problems) > 8 else ""
            warn(
                self,
                "Báo cáo chưa đủ để in",
                f"Còn {len(problems)} chỗ phải điền trước khi xuất tệp Word:\n{listed}{more}\n\n"
                "Chương trình mở trang cần sửa đầu tiên; danh sách đầy đủ ở trang «Xem lại và xuất tệp».",
            )
            self.open_path(problems[0].path)
            return
        if path is None:
            chosen = ask_save_path(
                self,
                "Xuất báo cáo ra tệp Word",
                self._last_folder(),
                suggested_file_name(self.report, ".docx"),
                "Tệp Word (*.docx)",
            )
            if not chosen:
                return
            path = chosen
        target = Path(path)
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        report = copy.deepcopy(self.report)
        self._set_exporting(True)
        self._notice("Đang xuất tệp Word…")
        run_in_background(
            lambda: write_docx(report, target),
            on_done=lambda _result: self._docx_written(target),
            on_error=self._export_failed,
        )

    def _docx_written(self, path: Path) -> None:
        self._set_exporting(False)
        QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))
        self._notice(f"Đã xuất «{path}».")
        self.exported.emit(str(path))
        if confirm(
            self,
            "Đã xuất tệp Word",
            f"Đã lưu báo cáo vào tệp:\n{path}\n\nMở tệp bằng chương trình soạn thảo văn bản để xem và in?",
            yes="Mở tệp",
            no="Để sau",
        ):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _export_failed(self, error: Exception) -> None:
        self._set_exporting(False)
        if isinstance(error, (RenderError, OutputError)):
            warn(self, "Không xuất được tệp Word", str(error))
        else:
            warn(
                self,
                "Không xuất được tệp Word",
                "Có lỗi không lường trước khi tạo tệp Word; bản nháp vẫn được lưu nguyên vẹn. "
                "Hãy gửi phần chi tiết dưới đây cho người hỗ trợ.",
                getattr(error, "__traceback_text__", repr(error)),
            )

    def export_report_file(self, path: str | Path | None = None) -> None:
        """Write the `.baocao.json` report file (to copy to another computer or send to a colleague)."""
        if path is None:
            chosen = ask_save_path(
                self,
                "Xuất tệp báo cáo",
                self._last_folder(),
                suggested_file_name(self.report, FILE_SUFFIX),
                f"Tệp báo cáo (*{FILE_SUFFIX})",
            )
            if not chosen:
                return
            path = chosen
        target = Path(path)
        if not target.name.lower().endswith(FILE_SUFFIX):
            target = target.with_name(target.name.removesuffix(".json") + FILE_SUFFIX)
        try:
            write_report(self.report, target)
        except OutputError as error:
            warn(self, "Không xuất được tệp báo cáo", str(error))
            return
        QSettings().setValue(LAST_FOLDER_KEY, str(target.parent))
        self._notice(f"Đã xuất «{target}».")
        self.exported.emit(str(target))

    def _set_exporting(self, busy: bool) -> None:
        self._exporting = busy
        review = self._pages.get(REVIEW)
        if isinstance(review, ReviewPage):
            review.set_exporting(busy)

    # -- preview and printing ------------------------------------------------------------------

    def pdf_service(self) -> PdfService:
        """The program's converter, or (a window opened on its own, as in tests) one of the window's own."""
        if self._pdf_service is None:
            from app.ui.printing import PdfService

            self._pdf_service = PdfService(parent=self)
            self._owns_pdf_service = True
        return self._pdf_service

    def toggle_preview(self) -> None:
        """Ctrl+F2: show or hide the Xem trước pane."""
        self.set_preview_visible(not self.preview_visible())

    def preview_visible(self) -> bool:
        return self.preview is not None and not self.preview.isHidden()

    def set_preview_visible(self, visible: bool) -> None:
        """Show or hide the pane beside the page (built the first time); remembered for the next window."""
        if visible and self.preview is None:
            from app.ui.preview import PreviewPane

            self.preview = PreviewPane(self.pdf_service(), lambda: self.report, self)
            self.preview.setMinimumWidth(PREVIEW_MIN_WIDTH)
            self.preview.jumpRequested.connect(self.open_path)
            self.preview.printRequested.connect(self.print_report)
            self.preview.hide()
            self.splitter.addWidget(self.preview)
            self.splitter.setStretchFactor(2, 1)
        if self.preview is not None and visible != self.preview_visible():
            if visible:
                self.preview.show()
                if self.isVisible():
                    self._make_room_for_preview()
                else:
                    self._size_preview_when_shown = True
            else:
                self._remember_preview_width()
                self.preview.hide()
        self.preview_action.setChecked(visible)
        if not self._closing:
            QSettings().setValue(PREVIEW_OPEN_KEY, visible)

    def _make_room_for_preview(self) -> None:
        """Widen the window for the pane where the screen allows; then give the pane its remembered width."""
        wanted = QSettings().value(PREVIEW_WIDTH_KEY, 0, type=int)
        width = wanted if isinstance(wanted, int) and wanted >= PREVIEW_MIN_WIDTH else PREVIEW_WIDTH
        screen = self.screen() or QGuiApplication.primaryScreen()
        if not (self.isMaximized() or self.isFullScreen()) and screen is not None:
            room = screen.availableGeometry().width() - self.frameGeometry().width()
            grow = max(0, min(room, width))
            if grow:
                self.resize(self.width() + grow, self.height())
        sizes = self.splitter.sizes()
        total = sum(sizes)
        page_list = sizes[0]
        width = min(width, max(total - page_list - 400, PREVIEW_MIN_WIDTH))
        self.splitter.setSizes([page_list, total - page_list - width, width])

    def _remember_preview_width(self) -> None:
        if self.preview is not None and self.preview_visible():
            QSettings().setValue(PREVIEW_WIDTH_KEY, self.splitter.sizes()[2])

    def _preview_pdf(self) -> tuple[bytes | None, int]:
        """The preview's PDF when it shows the report as it is now, and the page in view (0-based)."""
        if self.preview is None or not self.preview_visible():
            return None, 0
        return self.preview.current_pdf(), self.preview.current_page()

    def print_report(self) -> None:
        """Ctrl+P, «In…»: the print dialog (copies, pages, two-sided), then the pages."""
        if self._printing():
            return
        from app.ui.printing import PrintJob

        pdf, page = self._preview_pdf()
        job = PrintJob(self, self.report, self.pdf_service(), draft_id=self.draft_id, current_page=page, pdf=pdf)
        self._follow_print_job(job)
        job.start()

    def print_copies(self) -> None:
        """Ctrl+Shift+P, «In n bản»: the usual number of copies on the default printer, after a confirmation."""
        if self._printing():
            return
        from app.ui.printing import quick_print

        pdf, _page = self._preview_pdf()
        job = quick_print(self, self.report, self.pdf_service(), draft_id=self.draft_id, pdf=pdf, start=False)
        if job is not None:
            self._follow_print_job(job)
            job.start()

    def _printing(self) -> bool:
        if self.print_job is not None and not self.print_job.done:
            self._notice("Đang in; hãy đợi lần in này xong.")
            return True
        return False

    def _follow_print_job(self, job: PrintJob) -> None:
        self.print_job = job
        job.message.connect(self._notice)
        job.fixRequested.connect(self.open_path)
        job.finished.connect(lambda _printed: self._update_quick_print())

    def _update_quick_print(self) -> None:
        """«In n bản» names its n: the copies chosen last time for this draft, else as many as Nơi nhận needs."""
        from app.ui.printing import copies_for

        copies, reason = copies_for(self.report, self.draft_id)
        self.quick_print_action.setText(f"In {copies} bản")
        shown = self.quick_print_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.quick_print_action.setToolTip(
            f"In {copies} bản ({reason}) trên máy in mặc định, sau một câu hỏi xác nhận ({shown})"
        )

    def _close_preview_and_printing(self) -> None:
        if self.preview is not None:
            self._remember_preview_width()
            self.preview.shutdown()
        if self.print_job is not None and not self.print_job.done:
            self.print_job.cancel()
        if self._owns_pdf_service and self._pdf_service is not None:
            self._pdf_service.close()

    # -- keyboard ------------------------------------------------------------------------------

    def _redo(self) -> None:
        """Ctrl+Y redoes in every editor (Qt binds only Ctrl+Shift+Z on Linux)."""
        widget = self.focusWidget()
        if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            widget.redo()
