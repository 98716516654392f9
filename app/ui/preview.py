"""The Xem trước pane: the pages of the draft exactly as they will print, kept up to date while the officer types.

After each edit the pane waits for a pause (`DELAY_MS`), copies the report on the UI thread and hands the
copy to the program's PdfService (render .docx → LibreOffice → PDF on a worker thread); the PDF is loaded
into a fresh QPdfDocument and swapped in, keeping the page and zoom the officer was looking at. Meanwhile the
previous pages stay on screen under «Đang cập nhật…». One refresh runs at a time; a result is shown only if
no edit came after its copy was taken, otherwise it is dropped and the newest state is converted instead, so
an older, slower refresh never replaces a newer one. A report with blank required fields is not sent to
LibreOffice at all: the pane lists what is missing, each with a link to the place to fill it.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.core.model import Report
from app.core.report_file import Problem, validate_report
from app.ui.common import choose_soffice
from app.ui.printing import PdfService

DELAY_MS = 700
"""Quiet time after the last edit before the pages are made again."""
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
UPDATING = "Đang cập nhật…"
MISSING_LIMIT = 12


class PreviewPane(QWidget):
    """Pages of one report, refreshed in the background; zoom, page navigation and «In…»."""

    refreshed = Signal()
    """A refresh ended: new pages are on screen, or a message says why not."""
    jumpRequested = Signal(str)
    """The field path of a blank required field the officer clicked, to go and fill it."""
    printRequested = Signal()

    def __init__(self, service: PdfService, snapshot: Callable[[], Report], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview-pane")
        self.setAccessibleName("Xem trước bản in")
        self.service = service
        self._snapshot = snapshot
        self._edits = 0
        """Counts the edits; a refresh remembers the count its copy was taken at."""
        self._shown_edits = -1
        """The count of the copy whose pages are on screen (-1: none yet)."""
        self._running: int | None = None
        """The count of the refresh under way, if any."""
        self._closed = False
        self._pdf: bytes | None = None
        self._document: QPdfDocument | None = None

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._start)

        self.view = QPdfView(self)
        self.view.setObjectName("preview-pages")
        self.view.setAccessibleName("Các trang xem trước")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.view.zoomFactorChanged.connect(lambda _factor: self._update_zoom_label())
        self.view.zoomModeChanged.connect(lambda _mode: self._update_zoom_label())

        self.message = QLabel(self)
        self.message.setObjectName("preview-message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.message.setMargin(16)
        self.message.linkActivated.connect(self._link_activated)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)

        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumSize(80, 12)
        self.busy.setAccessibleName("Đang cập nhật bản xem trước")
        self.busy.hide()
        self.status = QLabel(self)
        self.status.setObjectName("preview-status")
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self._make_actions()
        self.toolbar = self._make_toolbar()
        status_row = QHBoxLayout()
        status_row.setContentsMargins(6, 0, 6, 0)
        status_row.addWidget(self.busy)
        status_row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.zoom_toolbar)
        layout.addLayout(status_row)
        layout.addWidget(self.stack, 1)
        self._update_navigation()
        self.view.viewport().installEventFilter(self)

    # -- building ---------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object], keys: list[QKeySequence], tip: str) -> QAction:
        """An action of the pane: its shortcut works while the focus is in the pane."""
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.previous_action = self._action(
            "Trang trước", self.previous_page, [QKeySequence("Alt+PgUp")], "Trang trước"
        )
        self.next_action = self._action("Trang sau", self.next_page, [QKeySequence("Alt+PgDown")], "Trang sau")
        self.go_to_action = self._action("Đến trang", self.focus_page_box, [QKeySequence("Ctrl+G")], "Đến trang")
        self.zoom_out_action = self._action(
            "Thu nhỏ", self.zoom_out, QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut), "Thu nhỏ"
        )
        zoom_in_keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        self.zoom_in_action = self._action("Phóng to", self.zoom_in, zoom_in_keys, "Phóng to")
        self.fit_width_action = self._action(
            "Vừa chiều rộng", self.fit_width, [QKeySequence("Ctrl+0")], "Trang vừa chiều rộng khung xem"
        )
        self.fit_page_action = self._action("Cả trang", self.fit_page, [QKeySequence("Ctrl+1")], "Thấy trọn một trang")
        for action in (self.fit_width_action, self.fit_page_action):
            action.setCheckable(True)

        self.print_action = self._action("In…", self.printRequested.emit, [], "In báo cáo (Ctrl+P)")
        self.print_action.setIconText("In…")

    def _make_toolbar(self) -> QToolBar:
        """Two short rows, so that a narrow pane shows every button: pages and «In…», then the zoom.
        Buttons show short marks (▲ ▼ − +) where the action's name is long; the names are in the tooltips."""
        for action, mark in ((self.previous_action, "▲"), (self.next_action, "▼")):
            action.setIconText(mark)
        self.zoom_out_action.setIconText("−")
        self.zoom_in_action.setIconText("+")
        pages = QToolBar("Trang", self)
        pages.setObjectName("preview-toolbar")
        self.page_box = QSpinBox(pages)
        self.page_box.setObjectName("preview-page")
        self.page_box.setAccessibleName("Trang đang xem")
        self.page_box.setToolTip("Gõ số trang rồi bấm Enter để đến trang đó (Ctrl+G)")
        self.page_box.setPrefix("Trang ")
        self.page_box.setKeyboardTracking(False)
        self.page_box.setRange(0, 0)
        self.page_box.valueChanged.connect(self._page_box_changed)
        pages.addAction(self.previous_action)
        pages.addWidget(self.page_box)
        pages.addAction(self.next_action)
        spacer = QWidget(pages)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        pages.addWidget(spacer)
        pages.addAction(self.print_action)
        zoom = QToolBar("Tỷ lệ xem", self)
        zoom.setObjectName("preview-zoom-toolbar")
        self.zoom_label = QLabel(zoom)
        self.zoom_label.setObjectName("preview-zoom")
        self.zoom_label.setAccessibleName("Tỷ lệ xem")
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("400 %") + 12)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        zoom.addAction(self.zoom_out_action)
        zoom.addWidget(self.zoom_label)
        zoom.addAction(self.zoom_in_action)
        zoom.addSeparator()
        zoom.addAction(self.fit_width_action)
        zoom.addAction(self.fit_page_action)
        for bar in (pages, zoom):
            bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.setMovable(False)
            bar.setFloatable(False)
        self.zoom_toolbar = zoom
        return pages

    # -- refreshing ---------------------------------------------------------------------------------

    def schedule(self) -> None:
        """The report changed: make the pages again once the officer pauses (or when the pane is shown)."""
        if self._closed:
            return
        self._edits += 1
        if self.isVisible():
            self._show_updating(True)
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._shown_edits != self._edits and not self.is_updating():
            self.refresh_now()

    def refresh_now(self) -> None:
        """Make the pages now (when the pane opens, or «Thử lại»)."""
        if self._closed:
            return
        self._edits += 1
        self._timer.stop()
        self._show_updating(True)
        self._start()

    def is_updating(self) -> bool:
        """An edit is waiting for its pause, or a refresh is under way."""
        return self._timer.isActive() or self._running is not None

    def is_current(self) -> bool:
        """The pages on screen are those of the report as it is now."""
        return self._shown_edits == self._edits and not self.is_updating() and self._pdf is not None

    def current_pdf(self) -> bytes | None:
        """The PDF on screen when it is the report as it is now (printing then needs no new conversion)."""
        return self._pdf if self.is_current() else None

    def _start(self) -> None:
        if self._closed or self.isHidden():
            return  # a hidden pane is brought up to date when it is shown again
        if self._running is not None:
            return  # started again when the running one ends
        edits = self._edits
        report = self._snapshot()
        problems = validate_report(report)
        if problems:
            self._show_missing(problems, edits)
            return
        self._running = edits
        self._show_updating(True)
        self.service.submit(report, lambda pdf: self._converted(edits, pdf), lambda error: self._failed(edits, error))

    def _converted(self, edits: int, pdf: bytes) -> None:
        if self._closed:
            return
        self._running = None
        if edits != self._edits:
            self._again()
            return
        self._show_pdf(pdf, edits)

    def _failed(self, edits: int, error: Exception) -> None:
        if self._closed:
            return
        self._running = None
        if edits != self._edits:
            self._again()
            return
        from app.render.docx import RenderError
        from app.render.pdf import ConverterMissing

        if isinstance(error, RenderError):
            text = str(error)
        else:
            text = f"Có lỗi không lường trước khi tạo bản xem trước ({type(error).__name__}: {error})."
        links = '<a href="retry">Thử lại</a>'
        if isinstance(error, ConverterMissing):
            links += ' · <a href="choose-soffice">Chọn chương trình LibreOffice…</a>'
        self._show_message(f"<p><b>Chưa xem trước được.</b></p>{_paragraphs(text)}<p>{links}</p>", edits)

    def _again(self) -> None:
        """A newer edit came while converting: convert the newest state (now, unless its pause is still on)."""
        if not self._timer.isActive():
            self._start()

    def _show_pdf(self, pdf: bytes, edits: int) -> None:
        page = self.current_page()
        document = QPdfDocument(self)
        buffer = QBuffer(document)  # QtPdf reads from it while the document lives
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            document.deleteLater()
            self._show_message(
                "<p><b>Chưa xem trước được.</b></p><p>Tệp PDF LibreOffice tạo ra không đọc được.</p>"
                '<p><a href="retry">Thử lại</a></p>',
                edits,
            )
            return
        old, self._document = self._document, document
        self._pdf = pdf
        self._shown_edits = edits
        self.view.setDocument(document)
        if old is not None:
            old.deleteLater()
        self.stack.setCurrentWidget(self.view)
        self._update_navigation()
        self.go_to_page(min(page, document.pageCount() - 1) + 1)
        self._show_updating(False, f"{document.pageCount()} trang · cập nhật lúc {dt.datetime.now():%H:%M:%S}")
        self.refreshed.emit()

    def _show_missing(self, problems: list[Problem], edits: int) -> None:
        items = []
        for problem in problems[:MISSING_LIMIT]:
            path, message = problem.path, problem.message
            items.append(f'<li>{html.escape(message)} <a href="field:{html.escape(path)}">Điền</a></li>')
        more = f"<p>… và {len(problems) - MISSING_LIMIT} chỗ khác.</p>" if len(problems) > MISSING_LIMIT else ""
        text = (
            f"<p><b>Báo cáo chưa đủ để in: còn {len(problems)} chỗ phải điền.</b></p><ul>{''.join(items)}</ul>{more}"
            "<p>Điền xong, bản xem trước tự hiện lại.</p>"
        )
        self._show_message(text, edits)

    def _show_message(self, rich_text: str, edits: int) -> None:
        self.message.setText(rich_text)
        self.stack.setCurrentWidget(self.message)
        self._shown_edits = edits
        self._pdf = None
        self._update_navigation()
        self._show_updating(False, "Chưa có bản xem trước")
        self.refreshed.emit()

    def _show_updating(self, updating: bool, text: str = "") -> None:
        self.busy.setVisible(updating)
        if updating:
            self.status.setText(UPDATING)
        elif not self.is_updating():
            self.status.setText(text)

    def _link_activated(self, link: str) -> None:
        if link == "retry":
            self.refresh_now()
        elif link == "choose-soffice":
            chosen = choose_soffice(self)
            if chosen is not None:
                self.service.use_soffice(chosen)
                self.refresh_now()
        elif link.startswith("field:"):
            self.jumpRequested.emit(link.removeprefix("field:"))

    def shutdown(self) -> None:
        """The window is closing: no more refreshes, results still on their way are ignored."""
        self._closed = True
        self._timer.stop()

    # -- pages and zoom -----------------------------------------------------------------------------

    def document(self) -> QPdfDocument | None:
        """The document on screen (None before the first pages)."""
        return self._document if self.stack.currentWidget() is self.view else None

    def page_count(self) -> int:
        document = self.document()
        return document.pageCount() if document is not None else 0

    def current_page(self) -> int:
        """The page in view, 0-based."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, number: int) -> None:
        """Show page `number` (1-based) at the top of the view."""
        count = self.page_count()
        if count == 0:
            return
        page = min(max(number, 1), count) - 1
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(), navigator.currentZoom())  # currentPageChanged updates the box

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 2)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page())

    def focus_page_box(self) -> None:
        self.page_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page_box.selectAll()

    def zoom_in(self) -> None:
        current = self.effective_zoom()
        self._set_zoom(next((step for step in ZOOM_STEPS if step > current + 0.001), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        current = self.effective_zoom()
        self._set_zoom(next((step for step in reversed(ZOOM_STEPS) if step < current - 0.001), ZOOM_STEPS[0]))

    def effective_zoom(self) -> float:
        """The zoom the pages are shown at, also when fitted to the view (QPdfView keeps its factor then)."""
        mode = self.view.zoomMode()
        document = self.document()
        screen = self.screen() or QGuiApplication.primaryScreen()
        if mode == QPdfView.ZoomMode.Custom or document is None or screen is None:
            return float(self.view.zoomFactor())
        page = document.pagePointSize(max(self.current_page(), 0))
        pixels_per_point = screen.logicalDotsPerInch() / 72
        margins = self.view.documentMargins()
        viewport = self.view.viewport().size()
        width = (viewport.width() - margins.left() - margins.right()) / (page.width() * pixels_per_point)
        if mode == QPdfView.ZoomMode.FitToWidth:
            return float(width)
        height = (viewport.height() - self.view.pageSpacing()) / (page.height() * pixels_per_point)
        return float(min(width, height))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_label()

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._update_zoom_label()

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)

    def _update_zoom_label(self) -> None:
        """The size the pages are shown at, in per cent, and which fitting (if any) is on."""
        mode = self.view.zoomMode()
        self.fit_width_action.setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.fit_page_action.setChecked(mode == QPdfView.ZoomMode.FitInView)
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)} %")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._update_zoom_label()  # a fitted page changes size with the view (and its scroll bar)
        return super().eventFilter(watched, event)

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        count = self.page_count()
        self.previous_action.setEnabled(count > 0 and page > 0)
        self.next_action.setEnabled(page + 1 < count)

    def _page_box_changed(self, number: int) -> None:
        if number != self.current_page() + 1:
            self.go_to_page(number)

    def _update_navigation(self) -> None:
        count = self.page_count()
        self.page_box.blockSignals(True)
        self.page_box.setRange(min(1, count), count)
        self.page_box.setSuffix(f" / {count}")
        self.page_box.setEnabled(count > 0)
        self.page_box.blockSignals(False)
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_width_action, self.fit_page_action):
            action.setEnabled(count > 0)
        self._page_changed(self.current_page() if count else 0)
        self._update_zoom_label()


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
