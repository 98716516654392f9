"""The main window: the drafts library with search as you type, filters and the actions on drafts.

The window only talks to db.repository. Searching runs on a worker thread (one at a time, the
newest query wins); listing the 200 newest drafts is quick enough to do directly.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.core.model import DOCUMENT_KINDS
from app.core.report_file import FILE_SUFFIX, ReportFileError, read_report
from app.ui.common import APP_NAME, ask_file, confirm, local_time, print_icon, run_in_background, warn
from db.records import STATUSES, DraftSummary, Filters, RepositoryError, SearchHit

if TYPE_CHECKING:  # the database layer loads after the window is on screen (app.ui.app)
    from app.core.kinds import KindCatalog
    from app.ui.printing import PdfService, PrintJob
    from db.repository import DraftRepository
    from db.search import Snippet

LIST_LIMIT = 200
"""The library shows this many drafts, newest change first; search and filters find the rest."""
SEARCH_LIMIT = 100
SEARCH_DELAY_MS = 150
"""Typing pauses this long before a search starts, so a search never runs per keystroke."""

SETTING_GEOMETRY = "library/geometry"
SETTING_STATE = "library/window_state"
SETTING_SPLITTER = "library/splitter"
SETTING_HEADER = "library/header"
SETTING_LAST_FOLDER = "paths/last_folder"

_STATUS_ORDER = {code: position for position, code in enumerate(STATUSES)}


def snippet_html(snippet: Snippet) -> str:
    """The snippet as rich text: HTML-escaped, the matched words in <b>; words matched side by side
    (`Trà Tây` for `tra tay`) share one <b>."""
    spans: list[list[int]] = []
    for start, end in snippet.highlights:
        if spans and not snippet.text[spans[-1][1] : start].strip():
            spans[-1][1] = end
        else:
            spans.append([start, end])
    parts, position = [], 0
    for start, end in spans:
        parts += [html.escape(snippet.text[position:start]), "<b>", html.escape(snippet.text[start:end]), "</b>"]
        position = end
    parts.append(html.escape(snippet.text[position:]))
    return "".join(parts)


def ask_report_path(parent: QWidget, folder: str) -> str:
    """The file the officer picks to import (Word, text or report file), or "" when cancelled."""
    file_filter = (
        f"Tệp Word, văn bản, tệp báo cáo (*.docx *.doc *.txt *{FILE_SUFFIX});;Tệp Word (*.docx *.doc);;"
        f"Văn bản (*.txt);;Tệp báo cáo (*{FILE_SUFFIX});;Mọi tệp (*)"
    )
    return ask_file(parent, "Nhập từ Word hoặc tệp báo cáo", folder, file_filter, save=False) or ""


# ---------------------------------------------------------------------------------------------
# The list


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """A draft in the list, with the matching snippet when the list shows search results."""

    draft: DraftSummary
    snippet: Snippet | None = None


class DraftTableModel(QAbstractTableModel):
    """Drafts as rows: Tên báo cáo, Năm, Trạng thái, Sửa lần cuối."""

    TITLE, YEAR, STATUS, UPDATED = range(4)
    SORT_ROLE = Qt.ItemDataRole.UserRole
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2
    """The highlighted snippet as rich text ("" when not searching)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LibraryRow] = []
        self._headers = (self.tr("Tên báo cáo"), self.tr("Năm"), self.tr("Trạng thái"), self.tr("Sửa lần cuối"))

    def set_rows(self, rows: Sequence[LibraryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[LibraryRow]:
        return list(self._rows)

    def row_at(self, row: int) -> LibraryRow:
        return self._rows[row]

    def row_of(self, draft_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.draft.id == draft_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        draft = row.draft
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return draft.title
            if column == self.YEAR:
                return str(draft.year) if draft.year is not None else "—"
            if column == self.STATUS:
                return draft.status_label
            return local_time(draft.updated_at)
        if role == self.SORT_ROLE:
            if column == self.TITLE:
                return draft.title.casefold()
            if column == self.YEAR:
                return draft.year or 0
            if column == self.STATUS:
                return _STATUS_ORDER.get(draft.status, len(_STATUS_ORDER))
            return draft.updated_at.timestamp()
        if role == self.ID_ROLE:
            return draft.id
        if role == self.SNIPPET_ROLE:
            return snippet_html(row.snippet) if row.snippet is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            tip = f"<p><b>{html.escape(draft.title)}</b><br>{html.escape(draft.issuer)}</p>"
            if row.snippet is not None and row.snippet.text:
                tip += f"<p>{snippet_html(row.snippet)}</p>"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.YEAR, self.UPDATED):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


# ---------------------------------------------------------------------------------------------
# The window


class MainWindow(QMainWindow):
    """The drafts library and the actions on drafts; `open_draft(id)` asks the app to open the wizard."""

    results_shown = Signal()
    """Emitted whenever the list has been refilled (after a listing or a finished search)."""
    import_finished = Signal(object)
    """Emitted after an import: the new draft's id, or None when the file could not be used."""

    def __init__(
        self,
        repository: DraftRepository | None,
        catalog: KindCatalog | None,
        open_draft: Callable[[int], None],
        parent: QWidget | None = None,
        *,
        pdf_service: PdfService | None = None,
    ) -> None:
        """With no repository yet the window shows "opening the library" until attach() is called.

        `pdf_service` is the program's LibreOffice converter for «In…» (it may also be set later); without
        one the window makes its own on the first print and closes it with itself."""
        super().__init__(parent)
        self.pdf_service = pdf_service
        self._owns_pdf_service = False
        self.print_job: PrintJob | None = None
        self._repository: DraftRepository = repository  # type: ignore[assignment]  # set by attach() first
        self._catalog: KindCatalog = catalog  # type: ignore[assignment]
        self._open_draft = open_draft
        self._sequence = 0
        """Numbers each listing or search; a search result with an older number is stale and dropped."""
        self._closed = False
        self._searching = False
        self._shown_query = ""
        """The query whose results the list shows ("" for the library list)."""
        self._library_sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._tasks: list[Any] = []
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

        self.setWindowTitle(APP_NAME)
        self.setObjectName("library-window")
        self.setAcceptDrops(True)
        self._make_actions()
        self._make_toolbar_and_menus()
        self._make_central()
        self._make_status_bar()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._reload)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())

        self._restore_settings()
        self.search_edit.setFocus()
        if repository is not None and catalog is not None:
            self.attach(repository, catalog)
        else:
            self._set_actions_enabled(False)
            self.statusBar().showMessage(self.tr("Đang mở thư viện bản nháp…"))

    def attach(self, repository: DraftRepository, catalog: KindCatalog) -> None:
        """The library is open: fill the list and enable the actions."""
        self._repository = repository
        self._catalog = catalog
        self._set_actions_enabled(True)
        self.refresh()

    def detach(self, message: str) -> None:
        """The library can no longer be used (a damaged database being restored): empty list, actions off."""
        self._repository = None  # type: ignore[assignment]
        self._set_actions_enabled(False)
        self._show_rows([])
        self.statusBar().showMessage(message)

    def is_attached(self) -> bool:
        return getattr(self, "_repository", None) is not None

    def _set_actions_enabled(self, enabled: bool) -> None:
        for action in (
            self.new_action,
            self.clone_action,
            self.import_action,
            self.open_action,
            self.print_action,
            self.delete_action,
            self.trash_action,
        ):
            action.setEnabled(enabled)
        self.search_edit.setEnabled(enabled)

    # -- building --------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        *,
        icon: QStyle.StandardPixmap | None = None,
        shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey] = (),
        tip: str = "",
        context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    ) -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        keys: list[QKeySequence] = []
        for shortcut in shortcuts:
            if isinstance(shortcut, QKeySequence.StandardKey):
                keys += QKeySequence.keyBindings(shortcut)
            else:
                keys.append(shortcut)
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(context)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        plain = text.replace("&", "").rstrip("…")
        action.setToolTip(f"{plain} ({shown})" if shown else plain)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _make_actions(self) -> None:
        pixmap = QStyle.StandardPixmap
        self.new_action = self._action(
            self.tr("Báo cáo mới"),
            self.new_report,
            icon=pixmap.SP_FileIcon,
            shortcuts=[QKeySequence.StandardKey.New],
            tip=self.tr("Soạn một báo cáo mới theo loại và cơ quan ban hành"),
        )
        self.clone_action = self._action(
            self.tr("Tạo từ báo cáo cũ"),
            self.clone_selected,
            icon=pixmap.SP_BrowserReload,
            shortcuts=[QKeySequence("Ctrl+Shift+N")],
            tip=self.tr("Chép báo cáo đang chọn sang kỳ mới, thay năm và kỳ báo cáo"),
        )
        self.import_action = self._action(
            self.tr("Nhập từ Word/tệp…"),
            self.import_file,
            icon=pixmap.SP_DialogOpenButton,
            shortcuts=[QKeySequence.StandardKey.Open],
            tip=self.tr("Nhập một báo cáo từ tệp Word (.docx, .doc), văn bản (.txt) hoặc tệp báo cáo (.baocao.json)"),
        )
        # Enter and Delete act on the list only: in the search box they keep their usual meaning.
        self.open_action = self._action(
            self.tr("Mở"),
            self.open_selected,
            icon=pixmap.SP_DirOpenIcon,
            shortcuts=[QKeySequence(Qt.Key.Key_Enter), QKeySequence(Qt.Key.Key_Return)],
            tip=self.tr("Mở báo cáo đang chọn để soạn tiếp"),
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.print_action = self._action(
            self.tr("In…"),
            self.print_selected,
            shortcuts=[QKeySequence.StandardKey.Print],
            tip=self.tr("In báo cáo đang chọn mà không cần mở ra: chọn máy in, số bản, trang cần in"),
        )
        self.print_action.setIcon(print_icon())
        self.delete_action = self._action(
            self.tr("Xóa"),
            self.delete_selected,
            icon=pixmap.SP_TrashIcon,
            shortcuts=[QKeySequence(Qt.Key.Key_Delete)],
            tip=self.tr("Chuyển báo cáo đang chọn vào thùng rác (có thể khôi phục)"),
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.trash_action = self._action(
            self.tr("Thùng rác"),
            self.show_trash,
            icon=pixmap.SP_DriveHDIcon,
            tip=self.tr("Xem và khôi phục các báo cáo đã xóa"),
        )
        self.find_action = self._action(
            self.tr("Tìm báo cáo"),
            self.focus_search,
            shortcuts=[QKeySequence.StandardKey.Find],
            tip=self.tr("Đưa con trỏ vào ô tìm kiếm"),
        )
        self.quit_action = self._action(
            self.tr("Thoát"),
            self.close,
            shortcuts=[QKeySequence("Ctrl+Q")],
            tip=self.tr("Đóng chương trình"),
        )
        self.find_action.setToolTip(self.tr("Tìm báo cáo (Ctrl+F)"))

    def _make_toolbar_and_menus(self) -> None:
        self.toolbar = QToolBar(self.tr("Thao tác"), self)
        self.toolbar.setObjectName("library-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.new_action, self.clone_action, self.import_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        for action in (self.open_action, self.print_action, self.delete_action, self.trash_action):
            self.toolbar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu(self.tr("&Tệp"))
        for action in (self.new_action, self.clone_action, self.import_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.report_menu = menu_bar.addMenu(self.tr("&Báo cáo"))
        for action in (self.open_action, self.print_action, self.delete_action):
            self.report_menu.addAction(action)
        self.report_menu.addSeparator()
        self.report_menu.addAction(self.find_action)
        self.report_menu.addAction(self.trash_action)
        self.addAction(self.find_action)

    def _make_central(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("library-search")
        self.search_edit.setPlaceholderText(self.tr("Tìm báo cáo (gõ không dấu cũng được)…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Tìm báo cáo"))
        self.search_edit.setToolTip(
            self.tr("Gõ vài chữ trong tên, trích yếu hay nội dung; đặt cụm từ trong dấu nháy kép để tìm đúng cụm.")
        )
        self.search_edit.installEventFilter(self)

        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(self.tr("Lọc theo năm"))
        self.year_combo.addItem(self.tr("Tất cả"), None)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Lọc theo loại văn bản"))
        self.kind_combo.addItem(self.tr("Tất cả"), None)
        for key, kind in DOCUMENT_KINDS.items():
            self.kind_combo.addItem(kind.title.capitalize(), key)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("Lọc theo trạng thái"))
        self.status_combo.addItem(self.tr("Tất cả"), None)
        for code, label in STATUSES.items():
            self.status_combo.addItem(label, code)
        for combo in (self.year_combo, self.kind_combo, self.status_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._filters_changed)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        for text, combo in (
            (self.tr("&Năm:"), self.year_combo),
            (self.tr("&Loại:"), self.kind_combo),
            (self.tr("T&rạng thái:"), self.status_combo),
        ):
            caption = QLabel(text)
            caption.setBuddy(combo)
            filters.addSpacing(8)
            filters.addWidget(caption)
            filters.addWidget(combo)

        self.model = DraftTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(DraftTableModel.SORT_ROLE)
        self.proxy.setSortLocaleAware(True)
        self.table = QTableView()
        self.table.setObjectName("library-list")
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Danh sách báo cáo"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(False)
        header.setSectionResizeMode(DraftTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        header.resizeSection(DraftTableModel.YEAR, metrics.horizontalAdvance("0000") + 4 * metrics.averageCharWidth())
        header.resizeSection(DraftTableModel.STATUS, metrics.horizontalAdvance("Đã trình ký") + 32)
        header.resizeSection(DraftTableModel.UPDATED, metrics.horizontalAdvance("00/00/0000 00:00") + 32)
        self.table.addAction(self.open_action)
        self.table.addAction(self.print_action)
        self.table.addAction(self.delete_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda _current, _previous: self._selection_changed())

        self.empty_label = QLabel()
        self.empty_label.setObjectName("library-empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setMargin(24)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        self.details = QTextBrowser()
        self.details.setObjectName("library-details")
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(self.tr("Thông tin báo cáo đang chọn"))
        self.details.setMinimumWidth(220)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("library-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_stack)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([880, 320])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.setTabOrder(self.search_edit, self.year_combo)
        self.setTabOrder(self.year_combo, self.kind_combo)
        self.setTabOrder(self.kind_combo, self.status_combo)
        self.setTabOrder(self.status_combo, self.table)
        self.setTabOrder(self.table, self.details)

    def _make_status_bar(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("library-count")
        self.statusBar().addPermanentWidget(self.count_label)

    # -- settings --------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value(SETTING_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen is not None else None
            width = min(1280, available.width()) if available is not None else 1280
            height = min(760, available.height()) if available is not None else 720
            self.resize(width, height)
        state = settings.value(SETTING_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = settings.value(SETTING_SPLITTER)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        header = settings.value(SETTING_HEADER)
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
            self._library_sort = (
                self.table.horizontalHeader().sortIndicatorSection(),
                self.table.horizontalHeader().sortIndicatorOrder(),
            )
            self._set_sort(*self._library_sort)

    def save_settings(self) -> None:
        """Window size and place, the splitter and the list's column widths and sort, for next time."""
        settings = QSettings()
        settings.setValue(SETTING_GEOMETRY, self.saveGeometry())
        settings.setValue(SETTING_STATE, self.saveState())
        settings.setValue(SETTING_SPLITTER, self.splitter.saveState())
        if self._searching:  # the library's own sort, not the relevance order of a search
            self._set_sort(*self._library_sort)
        settings.setValue(SETTING_HEADER, self.table.horizontalHeader().saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()
        self._sequence += 1
        self.save_settings()
        self._closed = True
        self._pool.waitForDone(3000)
        if self.print_job is not None and not self.print_job.done:
            self.print_job.cancel()
        if self._owns_pdf_service and self.pdf_service is not None:
            self.pdf_service.close()
        super().closeEvent(event)

    # -- listing and searching -------------------------------------------------------------

    def filters(self) -> Filters:
        """The filters chosen in the three combos."""
        year = self.year_combo.currentData()
        return Filters(
            year=int(year) if year is not None else None,
            kind=self.kind_combo.currentData(),
            status=self.status_combo.currentData(),
        )

    def query(self) -> str:
        return self.search_edit.text().strip()

    def refresh(self) -> None:
        """Reload the years and the list (after a draft was saved, imported, deleted or restored)."""
        if not self.is_attached():
            return
        self._reload_years()
        self._reload()

    def is_busy(self) -> bool:
        """True while a search is due or running, or an import is running (tests can wait on it)."""
        return self._search_timer.isActive() or bool(self._tasks)

    def _filters_changed(self) -> None:
        self._search_timer.stop()
        self._reload()

    def _reload(self) -> None:
        self._search_timer.stop()
        if not self.is_attached():
            return
        self._sequence += 1
        query = self.query()
        if query:
            self._start_search(self._sequence, query, self.filters())
            return
        if self._searching:
            self._searching = False
            self._set_sort(*self._library_sort)
        filters = self.filters()
        try:
            drafts = self._repository.list_drafts(filters, limit=LIST_LIMIT)
            total = self._repository.count(filters)
        except RepositoryError as error:
            warn(self, self.tr("Không đọc được danh sách báo cáo"), str(error))
            return
        self._shown_query = ""
        self._show_rows([LibraryRow(draft) for draft in drafts])
        if total == 0:
            self.count_label.setText(self.tr("0 bản nháp"))
        elif total > len(drafts):
            self.count_label.setText(
                self.tr("{total} bản nháp (hiện {shown} bản mới nhất)").format(total=total, shown=len(drafts))
            )
        else:
            self.count_label.setText(self.tr("{total} bản nháp").format(total=total))
        if not drafts:
            any_filter = filters != Filters()
            self.empty_label.setText(
                self.tr("Không có bản nháp nào khớp bộ lọc đã chọn.")
                if any_filter
                else self.tr(
                    "Chưa có báo cáo nào.\n\nBấm «Báo cáo mới» (Ctrl+N) để bắt đầu soạn, "
                    "hoặc «Nhập từ Word/tệp…» (Ctrl+O) để lấy báo cáo năm trước từ tệp Word."
                )
            )
        self.results_shown.emit()

    def _start_search(self, sequence: int, query: str, filters: Filters) -> None:
        if not self._searching:
            self._searching = True
            header = self.table.horizontalHeader()
            self._library_sort = (header.sortIndicatorSection(), header.sortIndicatorOrder())
            self._set_sort(-1, Qt.SortOrder.AscendingOrder)  # best match first
        self.count_label.setText(self.tr("Đang tìm…"))
        repository = self._repository
        holder: list[Any] = []

        def search() -> list[SearchHit] | None:
            if sequence != self._sequence:
                return None  # the officer typed on while this waited for the search thread: not worth running
            return repository.search(query, filters, limit=SEARCH_LIMIT)

        def done(hits: list[SearchHit] | None) -> None:
            self._forget(holder)
            if hits is not None and not self._closed and sequence == self._sequence:
                self._search_done(query, hits)

        def failed(error: Exception) -> None:
            self._forget(holder)
            if not self._closed and sequence == self._sequence:
                reason = str(error) if isinstance(error, RepositoryError) else self.tr("lỗi khi đọc cơ sở dữ liệu")
                self.count_label.setText(self.tr("Không tìm được: {reason}").format(reason=reason))
                self.results_shown.emit()

        task = run_in_background(search, done, failed, pool=self._pool)
        holder.append(task)
        self._tasks.append(task)

    def _forget(self, holder: list[Any]) -> None:
        for task in holder:
            if task in self._tasks:
                self._tasks.remove(task)

    def _search_done(self, query: str, hits: list[SearchHit]) -> None:
        # A new query selects its best match; the same query again (a refresh) keeps the selection.
        new_query = query != self._shown_query
        self._shown_query = query
        self._show_rows([LibraryRow(hit.draft, hit.snippet) for hit in hits], select_first=new_query)
        if hits:
            more = (
                self.tr(" (hiện {limit} kết quả đầu)").format(limit=SEARCH_LIMIT) if len(hits) >= SEARCH_LIMIT else ""
            )
            self.count_label.setText(
                self.tr("Tìm thấy {count} bản nháp cho «{query}»{more}").format(count=len(hits), query=query, more=more)
            )
        else:
            self.count_label.setText(self.tr("Không tìm thấy bản nháp nào"))
            self.empty_label.setText(
                self.tr("Không tìm thấy bản nháp nào có «{query}».\n\nHãy thử ít chữ hơn hoặc bỏ bớt bộ lọc.").format(
                    query=query
                )
            )
        self.results_shown.emit()

    def _show_rows(self, rows: list[LibraryRow], *, select_first: bool = False) -> None:
        keep = None if select_first else self.current_draft_id()
        self.model.set_rows(rows)
        self.list_stack.setCurrentWidget(self.table if rows else self.empty_label)
        if rows and not (keep is not None and self.select_draft(keep)):
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._selection_changed()

    def _set_sort(self, column: int, order: Qt.SortOrder) -> None:
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.proxy.sort(column, order)

    def _reload_years(self) -> None:
        try:
            years = self._repository.years()
        except RepositoryError:
            return
        chosen = self.year_combo.currentData()
        if chosen is not None and chosen not in years:
            years = sorted([*years, chosen], reverse=True)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(self.tr("Tất cả"), None)
        for year in years:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(chosen), 0))
        self.year_combo.blockSignals(False)

    # -- selection -------------------------------------------------------------------------

    def current_draft_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return int(self.proxy.data(index.siblingAtColumn(0), DraftTableModel.ID_ROLE))

    def select_draft(self, draft_id: int) -> bool:
        """Select (and scroll to) a draft in the list; False when it is not shown."""
        row = self.model.row_of(draft_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _current_row(self) -> LibraryRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def _selection_changed(self) -> None:
        row = self._current_row() if self.current_draft_id() is not None else None
        for action in (self.open_action, self.print_action, self.delete_action, self.clone_action):
            action.setEnabled(row is not None)
        self.details.setHtml(self._details_html(row) if row is not None else "")

    def _details_html(self, row: LibraryRow) -> str:
        draft = row.draft
        kind = DOCUMENT_KINDS.get(draft.kind)
        facts = [
            (self.tr("Loại"), kind.title.capitalize() if kind is not None else draft.kind),
            (self.tr("Thể thức"), self.tr("Văn bản của Đảng") if draft.profile == "party" else self.tr("Nhà nước")),
            (self.tr("Cơ quan"), draft.issuer),
            (self.tr("Kỳ báo cáo"), draft.period or (str(draft.year) if draft.year else "")),
            (self.tr("Trạng thái"), draft.status_label),
            (self.tr("Số"), str(draft.number) if draft.number is not None else ""),
            (self.tr("Ngày ban hành"), draft.issued_on.strftime("%d/%m/%Y") if draft.issued_on else ""),
            (self.tr("Tạo lúc"), local_time(draft.created_at)),
            (self.tr("Sửa lần cuối"), local_time(draft.updated_at)),
            (self.tr("Tạo từ"), self.tr("bản nháp số {id}").format(id=draft.source_id) if draft.source_id else ""),
        ]
        lines = "".join(f"{html.escape(name)}: {html.escape(value)}<br>" for name, value in facts if value)
        text = f"<p><b>{html.escape(draft.title)}</b></p><p>{lines}</p>"
        if row.snippet is not None and row.snippet.text:
            text += f"<p><i>{html.escape(self.tr('Đoạn khớp với từ tìm:'))}</i><br>{snippet_html(row.snippet)}</p>"
        return text

    # -- keyboard --------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box: ↓ or Enter go to the list, Esc clears the search."""
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount() > 0:
                if self._search_timer.isActive():
                    self._reload()
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if self.current_draft_id() is None:
                    self.table.selectRow(0)
                return True
            if key == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
        return super().eventFilter(watched, event)

    # -- actions ---------------------------------------------------------------------------

    def open_selected(self) -> None:
        draft_id = self.current_draft_id()
        if draft_id is not None:
            self._open_draft(draft_id)

    def print_selected(self) -> None:
        """«In…» on the selected draft, from the stored report, without opening the wizard."""
        draft_id = self.current_draft_id()
        if draft_id is None or not self.is_attached():
            return
        if self.print_job is not None and not self.print_job.done:
            self.statusBar().showMessage(self.tr("Đang in; hãy đợi lần in này xong."), 8000)
            return
        from app.ui.printing import PdfService, PrintJob

        try:
            report = self._repository.get(draft_id).report
        except RepositoryError as error:
            warn(self, self.tr("Không mở được báo cáo để in"), str(error))
            return
        if self.pdf_service is None:
            self.pdf_service = PdfService(parent=self)
            self._owns_pdf_service = True
        job = PrintJob(self, report, self.pdf_service, draft_id=draft_id)
        self.print_job = job
        job.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        job.fixRequested.connect(lambda _path: self._open_draft(draft_id))
        job.start()

    def new_report(self) -> None:
        """«Báo cáo mới»: ask what to write, store the draft, open it."""
        from app.ui.new_report import NewReportDialog

        dialog = NewReportDialog(self._catalog, self._repository, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            summary = self._repository.create(dialog.report())
        except (RepositoryError, ValueError) as error:
            warn(self, self.tr("Không tạo được báo cáo"), str(error))
            return
        self._show_new_draft(summary.id)
        self._open_draft(summary.id)

    def clone_selected(self) -> None:
        """«Tạo từ báo cáo cũ»: preview the roll-forward, create the new draft, open it."""
        draft_id = self.current_draft_id()
        if draft_id is None:
            return
        try:
            from app.ui.clone_dialog import CloneDialog

            dialog = CloneDialog(self._repository, draft_id, self)
        except RepositoryError as error:
            warn(self, self.tr("Không mở được báo cáo cũ"), str(error))
            return
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created_id is None:
            return
        self._show_new_draft(dialog.created_id)
        self.statusBar().showMessage(
            self.tr("Đã tạo bản nháp mới, {count} chỗ đã thay; các mục được đánh dấu «cần rà soát».").format(
                count=len(dialog.replacements)
            ),
            8000,
        )
        self._open_draft(dialog.created_id)

    def delete_selected(self) -> None:
        """«Xóa»: after confirming, move the selected draft to the trash (restorable)."""
        row = self._current_row() if self.current_draft_id() is not None else None
        if row is None:
            return
        asked = self.tr(
            "Chuyển báo cáo «{title}» vào thùng rác?\n\nCó thể khôi phục lại bất cứ lúc nào từ «Thùng rác»."
        )
        if not confirm(
            self,
            self.tr("Xóa báo cáo"),
            asked.format(title=row.draft.title),
            yes=self.tr("Chuyển vào thùng rác"),
            no=self.tr("Hủy"),
        ):
            return
        position = self.table.currentIndex().row()
        try:
            self._repository.delete(row.draft.id)
        except RepositoryError as error:
            warn(self, self.tr("Không xóa được"), str(error))
            return
        self.refresh()
        if self.proxy.rowCount() > 0:
            self.table.selectRow(min(position, self.proxy.rowCount() - 1))
        self.statusBar().showMessage(self.tr("Đã chuyển «{title}» vào thùng rác.").format(title=row.draft.title), 8000)

    def show_trash(self) -> None:
        """«Thùng rác»: the deleted drafts, restorable; the list is refreshed after."""
        from app.ui.trash import TrashDialog

        dialog = TrashDialog(self._repository, self)
        dialog.exec()
        if dialog.restored_ids:
            self.refresh()
            self.select_draft(dialog.restored_ids[-1])
            self.statusBar().showMessage(
                self.tr("Đã khôi phục {count} bản nháp.").format(count=len(dialog.restored_ids)), 8000
            )

    def import_file(self) -> None:
        """«Nhập từ Word/tệp…»: choose a Word, text or .baocao.json file and add it to the library."""
        settings = QSettings()
        folder = str(settings.value(SETTING_LAST_FOLDER, "") or "")
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        path = ask_report_path(self, folder)
        if path:
            settings.setValue(SETTING_LAST_FOLDER, str(Path(path).parent))
            self.import_path(path)

    def import_path(self, path: str | Path) -> None:
        """Read a report file and store it as a new draft, off the UI thread; errors are shown in Vietnamese.

        Any other file (.docx, .doc, .txt) goes through «Nhập từ Word»: the import report is shown first, and
        the saved draft opens in the wizard."""
        if not self.is_attached():
            return
        path = Path(path)
        repository = self._repository
        if not path.name.lower().endswith(FILE_SUFFIX):
            self._import_document(path)
            return
        self.import_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Đang nhập «{name}»…").format(name=path.name))
        holder: list[Any] = []

        def work() -> DraftSummary:
            return repository.create(read_report(path))

        def done(summary: DraftSummary) -> None:
            self._forget(holder)
            if self._closed:
                return
            self.import_action.setEnabled(True)
            self._show_new_draft(summary.id)
            self.statusBar().showMessage(self.tr("Đã nhập «{title}».").format(title=summary.title), 8000)
            self.import_finished.emit(summary.id)

        def failed(error: Exception) -> None:
            self._forget(holder)
            if self._closed:
                return
            self.import_action.setEnabled(True)
            self.statusBar().clearMessage()
            if isinstance(error, ReportFileError):
                warn(
                    self,
                    self.tr("Không nhập được tệp"),
                    self.tr(
                        "Tệp «{name}» không phải tệp báo cáo dùng được ({count} lỗi). "
                        "Chưa có gì được thêm vào danh sách. Phần chi tiết liệt kê từng lỗi."
                    ).format(name=path.name, count=len(error.problems)),
                    detail=error.describe(),
                )
            else:
                warn(
                    self,
                    self.tr("Không nhập được tệp"),
                    self.tr("Không nhập được tệp «{name}»: {reason}").format(
                        name=path.name,
                        reason=error
                        if isinstance(error, RepositoryError)
                        else self.tr("lỗi khi lưu vào cơ sở dữ liệu."),
                    ),
                    detail=getattr(error, "__traceback_text__", None),
                )
            self.import_finished.emit(None)

        task = run_in_background(work, done, failed, pool=self._pool)
        holder.append(task)
        self._tasks.append(task)

    def _show_new_draft(self, draft_id: int) -> None:
        """After a draft was added: the library shows it selected, clearing a search or filter that hides it."""
        self.refresh()
        if self.select_draft(draft_id):
            return
        for combo in (self.year_combo, self.kind_combo, self.status_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._reload()
        self.select_draft(draft_id)

    # -- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(url.isLocalFile() and _droppable(url.toLocalFile()) for url in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile() and _droppable(url.toLocalFile()):
                self.import_path(url.toLocalFile())
        event.acceptProposedAction()

    def _import_document(self, path: Path) -> None:
        """«Nhập từ Word» for import_path: read, show the import report, save and open the draft."""
        from app.ui.import_dialog import import_document

        self.import_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Đang đọc «{name}»…").format(name=path.name))

        def saved(summary: DraftSummary) -> None:
            self._show_new_draft(summary.id)
            self.statusBar().showMessage(self.tr("Đã nhập «{title}».").format(title=summary.title), 8000)
            self._open_draft(summary.id)

        def finished(draft_id: int | None) -> None:
            if self._closed:
                return
            self.import_action.setEnabled(True)
            if draft_id is None:
                self.statusBar().clearMessage()
            self.import_finished.emit(draft_id)

        import_document(self, path, self._repository, saved=saved, finished=finished, gone=lambda: self._closed)


def _droppable(path: str) -> bool:
    """Files the library takes by drag and drop: report files, Word files and text files."""
    from app.ui.import_dialog import is_importable

    return path.endswith(FILE_SUFFIX) or is_importable(path)
