"""Printing a report: rendered, converted by LibreOffice, then painted page by page on a QPrinter.

The same PDF the Xem trước pane shows is what prints: report → .docx (app.render.docx) → PDF through the
program's one warm LibreOffice (`PdfService`, owned by app.ui.app.Program) → pages rasterised by QtPdf at
300 dpi at most (an A4 page at 1200 dpi costs ≈557 MB) → painted on A4, portrait, at 100 % (the page is
never scaled to the printer's margins). Rendering, conversion and rasterising run on worker threads;
QPainter on the QPrinter runs on the UI thread, one page per event-loop turn, so the window stays live,
shows «Đang in trang k/N» and can cancel.

«In n bản» prints without the dialog, after a confirmation naming the printer and the copies: n is the
number the officer chose the last time this draft was printed, else a suggestion from Nơi nhận
(`suggested_copies`: one per recipient, per addressee behind «Như trên», and per unit after «Lưu»).
"""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QObject, QRectF, QSettings, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressDialog, QPushButton, QWidget

from app.core.model import Report
from app.core.recipients import addressees, is_as_above, list_item, recipient_lines
from app.core.report_file import validate_report
from app.ui.common import configured_soffice, confirm, run_in_background, warn

if TYPE_CHECKING:
    from app.render.pdf import PdfConverter

RASTER_DPI = 300
"""Pages are rasterised at this resolution at most (or the printer's, when lower)."""
POINTS_PER_INCH = 72
"""Where LibreOffice is, when it is not found by itself (app.render.pdf.find_libreoffice)."""
COPIES_SETTING = "drafts/{draft_id}/copies"
PRINTER_SETTING = "printing/printer"
DUPLEX_SETTING = "printing/duplex"
STOP_WAIT_MS = 15000
"""How long closing the service waits for a conversion still running (LibreOffice is being stopped)."""

NO_PRINTER = (
    "Máy tính này chưa cài máy in nào. Hãy cài máy in (Windows: Cài đặt → Bluetooth và thiết bị → Máy in và "
    "máy quét; Linux: Cài đặt → Máy in), bật máy in rồi thử lại; hoặc xuất tệp Word để in ở máy khác."
)
NO_DEFAULT_PRINTER = (
    "Chưa có máy in mặc định. Hãy dùng «In…» (Ctrl+P) để chọn máy in, hoặc đặt một máy in làm mặc định "
    "trong phần cài đặt máy in của máy tính."
)


# -- the program's converter ---------------------------------------------------------------------


def render_pdf(report: Report, converter: PdfConverter) -> bytes:
    """On a worker thread: the report's .docx converted to PDF by LibreOffice, as bytes."""
    from app.render.docx import render_docx

    docx = render_docx(report)
    folder = Path(tempfile.mkdtemp(prefix="baocao-xem-truoc-"))
    try:
        target = folder / "baocao.pdf"
        converter.convert(docx, target)
        return target.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class PdfService(QObject):
    """The program's one LibreOffice converter, shared by every window.

    Nothing starts until a preview or a print needs a PDF: the first conversion starts LibreOffice
    (≈1.5 s) on the service's worker thread, later ones reuse it (≈0.1–0.3 s). Conversions run one at
    a time on that thread, never on the UI thread. `close()` stops LibreOffice and its worker (the whole
    process group); Program.quit calls it.
    """

    def __init__(self, soffice: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.soffice = soffice or configured_soffice()
        self._converter: PdfConverter | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    @property
    def started(self) -> bool:
        """A converter exists (LibreOffice runs, or starts with the conversion under way)."""
        return self._converter is not None

    @property
    def closed(self) -> bool:
        return self._closed

    def converter(self) -> PdfConverter:
        """The converter, made on first use (any thread); ConversionFailed once the service is closed."""
        from app.render.pdf import ConversionFailed, PdfConverter

        with self._lock:
            if self._closed:
                raise ConversionFailed("Chương trình đang đóng nên không tạo được bản in; hãy mở lại rồi thử lại.")
            if self._converter is None:
                self._converter = PdfConverter(self.soffice)
            return self._converter

    def submit(self, report: Report, on_done: Callable[[bytes], None], on_error: Callable[[Exception], None]) -> None:
        """Render and convert a copy of `report` (taken now, on the UI thread) on the service's thread;
        the callbacks run on the UI thread with the PDF bytes or the error (a RenderError says why)."""
        snapshot = copy.deepcopy(report)
        run_in_background(lambda: render_pdf(snapshot, self.converter()), on_done, on_error, pool=self._pool)

    def is_busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def use_soffice(self, soffice: str) -> None:
        """The officer chose another LibreOffice: the next conversion starts that one."""
        with self._lock:
            converter, self._converter = self._converter, None
            self.soffice = soffice
        if converter is not None:
            converter.close()

    def close(self) -> None:
        """Stop LibreOffice (no process is left) and wait for a conversion still running to give up."""
        with self._lock:
            self._closed = True
            converter, self._converter = self._converter, None
        if converter is not None:
            converter.close()
        self._pool.waitForDone(STOP_WAIT_MS)


# -- what to print --------------------------------------------------------------------------------


def suggested_copies(report: Report) -> tuple[int, str]:
    """How many copies a report needs by its Nơi nhận, and the reason in Vietnamese.

    One per recipient line (a line naming several bodies separated by «;» counts each), one per
    addressee when the list starts with «Như trên», and one per unit after «Lưu» (`Lưu: VT, NV` is two).
    """
    recipients = 0
    for line in recipient_lines(report):
        if is_as_above(line):
            recipients += max(1, len(addressees(report)))
        else:
            recipients += max(1, len([part for part in line.split(";") if part.strip()]))
    kept = len([part for part in re.split(r"[,;]", list_item(report.archive)) if part.strip()]) or 1
    return recipients + kept, f"theo Nơi nhận: {recipients} nơi nhận và {kept} bản lưu"


def copies_for(report: Report, draft_id: int | None) -> tuple[int, str]:
    """The copies «In n bản» prints: the number chosen the last time this draft was printed, else
    the suggestion from Nơi nhận; with the reason, for the action's tooltip and the confirmation."""
    if draft_id is not None:
        chosen = QSettings().value(COPIES_SETTING.format(draft_id=draft_id), 0, type=int)
        if isinstance(chosen, int) and chosen > 0:
            return chosen, "như lần in trước"
    return suggested_copies(report)


def remember_copies(draft_id: int | None, copies: int) -> None:
    if draft_id is not None and copies > 0:
        QSettings().setValue(COPIES_SETTING.format(draft_id=draft_id), copies)


def raster_dpi(printer: QPrinter) -> int:
    """The resolution pages are rasterised at: the printer's, but never above 300 dpi."""
    return max(POINTS_PER_INCH, min(RASTER_DPI, printer.resolution()))


def pages_to_print(printer: QPrinter, page_count: int, current_page: int) -> list[int]:
    """The pages (0-based) the printer's settings ask for, in printing order, each once."""
    if page_count <= 0:
        return []
    chosen = printer.printRange()
    ranges = printer.pageRanges()
    if chosen == QPrinter.PrintRange.PageRange and not ranges.isEmpty():  # «2-3», or «3,5-7» typed
        pages = list(
            dict.fromkeys(
                page - 1
                for each in ranges.toRangeList()
                for page in range(each.from_, each.to + 1)
                if 1 <= page <= page_count
            )
        )
    elif chosen == QPrinter.PrintRange.CurrentPage:
        pages = [min(max(current_page, 0), page_count - 1)]
    else:
        pages = list(range(page_count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def page_sequence(pages: list[int], copies: int, collate: bool) -> list[int]:
    """The pages to paint when the program makes the copies itself: 1 2 3 1 2 3 collated, 1 1 2 2 3 3 not."""
    copies = max(1, copies)
    if collate:
        return pages * copies
    return [page for page in pages for _ in range(copies)]


def printer_label(printer: QPrinter) -> str:
    """The printer as the officer knows it: its name, or the file a PDF printer writes."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return f"tệp {printer.outputFileName()}"
    return printer.printerName() or "máy in mặc định"


def prepare_printer(printer: QPrinter) -> None:
    """A4 portrait, full page: the PDF's pages are painted from the paper's corner at 100 %."""
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    printer.setFullPage(True)


def new_printer(name: str | None = None) -> QPrinter:
    """A printer at its full resolution, on `name` (else the system's default printer)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if name:
        printer.setPrinterName(name)
    prepare_printer(printer)
    return printer


def installed_printers() -> list[str]:
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def default_printer() -> QPrinter | None:
    """The system's default printer for «In n bản», or None when there is none."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull() or not info.printerName():
        return None
    return new_printer(info.printerName())


def dialog_printer() -> QPrinter | None:
    """The printer the print dialog starts on: the one used last time, else the default; None when
    no printer is installed."""
    names = installed_printers()
    if not names:
        return None
    remembered = str(QSettings().value(PRINTER_SETTING, "") or "")
    return new_printer(remembered if remembered in names else None)


def default_duplex(
    offered: list[QPrinter.DuplexMode], page_count: int, remembered: QPrinter.DuplexMode | None
) -> QPrinter.DuplexMode:
    """What the dialog's two-sided choice starts on: one side for a single page; for several pages the
    officer's last choice for a report of several pages, else two-sided along the long edge; one side
    whenever the printer does not offer what would be chosen."""
    wanted = QPrinter.DuplexMode.DuplexNone
    if page_count > 1:
        wanted = remembered if remembered is not None else QPrinter.DuplexMode.DuplexLongSide
    return wanted if wanted in offered else QPrinter.DuplexMode.DuplexNone


def set_default_duplex(printer: QPrinter, page_count: int) -> None:
    offered = QPrinterInfo(printer).supportedDuplexModes() if printer.printerName() else []
    remembered = str(QSettings().value(DUPLEX_SETTING, "") or "")
    last = QPrinter.DuplexMode(int(remembered)) if remembered.isdigit() else None
    printer.setDuplex(default_duplex(offered, page_count, last))


def make_print_dialog(parent: QWidget | None, printer: QPrinter, page_count: int) -> QPrintDialog:
    """The system print dialog: copies, collate, page range (from–to, current page), duplex where the
    printer offers it. Printing to a file is left out: «Xuất tệp Word» gives a better file than a raster."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("In báo cáo")
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOptions(
        option.PrintPageRange | option.PrintCurrentPage | option.PrintCollateCopies | option.PrintShowPageSize
    )
    dialog.setMinMax(1, max(1, page_count))
    if printer.printRange() != QPrinter.PrintRange.PageRange:
        dialog.setFromTo(1, max(1, page_count))  # «Các trang từ 1 đến N», ready to narrow
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
    _expand_options(dialog)
    return dialog


def _expand_options(dialog: QPrintDialog) -> None:
    """Qt's own dialog (Linux) hides copies and pages behind «Tùy chọn >>»: open that part at once.
    The native dialogs of Windows and macOS have no such button."""
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            if box.buttonRole(button) == QDialogButtonBox.ButtonRole.ResetRole and isinstance(button, QPushButton):
                button.click()
                return


def ask_print_options(parent: QWidget | None, printer: QPrinter, page_count: int) -> bool:
    """Show the print dialog; True when the officer pressed «In» (the choices are in `printer`)."""
    dialog = make_print_dialog(parent, printer, page_count)
    return bool(dialog.exec() == QDialog.DialogCode.Accepted)


def rasterise_page(pdf_path: str, page: int, dpi: int) -> QImage:
    """On a worker thread: one page of the PDF as an opaque image at `dpi` (QtPdf is safe off the UI thread)."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    try:
        if document.load(pdf_path) != QPdfDocument.Error.None_:
            raise RuntimeError(f"QtPdf không đọc được bản in tạm ({document.error().name})")
        size = document.pagePointSize(page)
        pixels = QSize(round(size.width() * dpi / POINTS_PER_INCH), round(size.height() * dpi / POINTS_PER_INCH))
        image = document.render(page, pixels)
        if image.isNull():
            raise RuntimeError(f"QtPdf không vẽ được trang {page + 1}")
        opaque = QImage(image.size(), QImage.Format.Format_RGB32)
        opaque.fill(Qt.GlobalColor.white)
        painter = QPainter(opaque)
        painter.drawImage(0, 0, image)
        painter.end()
        return opaque
    finally:
        document.close()


# -- one print run --------------------------------------------------------------------------------

_RUNNING_JOBS: set[PrintJob] = set()
"""Jobs in progress, held so that a window letting go of its reference does not stop one half-way."""


class PrintJob(QObject):
    """Print one report: check it, convert it, ask (or not), then paint its pages one by one.

    `finished(bool)` tells whether every page went to the printer; `message(str)` gives a status text
    for the window's status bar; `fixRequested(path)` asks the wizard to show the first blank field.
    """

    finished = Signal(bool)
    message = Signal(str)
    fixRequested = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        report: Report,
        service: PdfService,
        *,
        draft_id: int | None = None,
        printer: QPrinter | None = None,
        ask: bool = True,
        copies: int | None = None,
        current_page: int = 0,
        pdf: bytes | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.report = report
        self.service = service
        self.draft_id = draft_id
        self.printer = printer
        """Kept here for the whole run: Qt's dialogs crash on a QPrinter that was let go."""
        self.ask = ask
        self.copies = copies
        self.current_page = current_page
        self.page_count = 0
        self.sequence: list[int] = []
        """The pages painted, in order (0-based), copies included when the program makes them."""
        self.painted = 0
        self.raster_sizes: list[QSize] = []
        """The size of every image painted (the 300 dpi cap can be checked)."""
        self.message_text = ""
        """The last status text (also sent as `message`)."""
        self._pdf = pdf
        self._folder: Path | None = None
        self._path: Path | None = None
        self._dpi = RASTER_DPI
        self._painter: QPainter | None = None
        self._progress: QProgressDialog | None = None
        self._last: tuple[int, QImage] | None = None
        self._done = False

    @property
    def done(self) -> bool:
        return self._done

    # -- steps ------------------------------------------------------------------------------------

    def start(self) -> PrintJob:
        """Begin (returns at once; the work goes on through the event loop)."""
        _RUNNING_JOBS.add(self)
        problems = validate_report(self.report)
        if problems:
            listed = "\n".join(f"• {problem.message}" for problem in problems[:8])
            more = f"\n… và {len(problems) - 8} chỗ khác." if len(problems) > 8 else ""
            warn(
                self.window,
                "Báo cáo chưa đủ để in",
                f"Còn {len(problems)} chỗ phải điền trước khi in:\n{listed}{more}\n\nHãy điền các chỗ này rồi in lại.",
            )
            self.fixRequested.emit(problems[0].path)
            self._finish(False, "")
            return self
        if self.printer is None:
            self.printer = dialog_printer()
            if self.printer is None:
                warn(self.window, "Chưa có máy in", NO_PRINTER)
                self._finish(False, "")
                return self
        self._progress = self._make_progress()
        if self._pdf is not None:
            self._pdf_ready(self._pdf)
        else:
            self._say("Đang chuẩn bị bản in…")
            self.service.submit(self.report, self._pdf_ready, self._conversion_failed)
        return self

    def cancel(self) -> None:
        """Stop now: pages already sent stay sent; a PDF printer's file is not written."""
        if self._done:
            return
        if self._painter is not None and self._painter.isActive():
            assert self.printer is not None
            self.printer.abort()
            self._painter.end()
        self._finish(False, "Đã hủy in.")

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.canceled.disconnect(self.cancel)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _say(self, text: str) -> None:
        self.message_text = text
        self.message.emit(text)

    def _make_progress(self) -> QProgressDialog:
        progress = QProgressDialog("Đang chuẩn bị bản in…", "Hủy", 0, 0, self.window)
        progress.setWindowTitle("In báo cáo")
        # Not modal: a modal one runs the event loop inside setValue(), re-entering the page painting;
        # the officer may go on typing meanwhile (what prints is the PDF made before).
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.cancel)
        return progress

    def _conversion_failed(self, error: Exception) -> None:
        if self._done:
            return
        from app.render.docx import RenderError
        from app.render.pdf import ConverterMissing

        if isinstance(error, ConverterMissing):
            warn(self.window, "Không in được: thiếu LibreOffice", str(error))
        elif isinstance(error, RenderError):
            warn(self.window, "Không in được", str(error))
        else:
            warn(
                self.window,
                "Không in được",
                "Có lỗi không lường trước khi chuẩn bị bản in; bản nháp vẫn được lưu nguyên vẹn. "
                "Hãy gửi phần chi tiết dưới đây cho người hỗ trợ.",
                getattr(error, "__traceback_text__", repr(error)),
            )
        self._finish(False, "Không in được.")

    def _pdf_ready(self, pdf: bytes) -> None:
        if self._done:
            return
        from PySide6.QtPdf import QPdfDocument

        self._folder = Path(tempfile.mkdtemp(prefix="baocao-in-"))
        path = self._folder / "baocao.pdf"
        path.write_bytes(pdf)
        document = QPdfDocument()
        document.load(str(path))
        self.page_count = document.pageCount()
        document.close()
        if self.page_count <= 0:
            warn(self.window, "Không in được", "Bản in tạm không có trang nào; hãy thử lại.")
            self._finish(False, "Không in được.")
            return
        printer = self.printer
        assert printer is not None
        prepare_printer(printer)
        if self.ask:
            set_default_duplex(printer, self.page_count)
            if self._progress is not None:
                self._progress.reset()  # also stops its timer: it must not pop up over the dialog
                self._progress.hide()
            if not ask_print_options(self.window, printer, self.page_count):
                self._finish(False, "Đã hủy in.")
                return
            prepare_printer(printer)  # the dialog's page setup may have changed size or orientation
            self._remember(printer)
        elif self.copies is not None:
            printer.setCopyCount(self.copies)
            printer.setCollateCopies(True)
        pages = pages_to_print(printer, self.page_count, self.current_page)
        if printer.supportsMultipleCopies():
            self.sequence = pages  # the printer makes the copies
        else:
            self.sequence = page_sequence(pages, printer.copyCount(), printer.collateCopies())
        self._begin(path)

    def _remember(self, printer: QPrinter) -> None:
        remember_copies(self.draft_id, printer.copyCount())
        settings = QSettings()
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
            settings.setValue(PRINTER_SETTING, printer.printerName())
        if self.page_count > 1:
            settings.setValue(DUPLEX_SETTING, str(printer.duplex().value))

    def _begin(self, path: Path) -> None:
        printer = self.printer
        assert printer is not None
        printer.setDocName(self._document_name())
        self._path = path
        self._dpi = raster_dpi(printer)
        self._painter = QPainter()
        if not self._painter.begin(printer):
            self._painter = None
            warn(
                self.window,
                "Không in được",
                f"Không mở được {printer_label(printer)}. Hãy kiểm tra máy in đã bật, còn giấy và đang kết nối, "
                "rồi in lại.",
            )
            self._finish(False, "Không in được.")
            return
        self._close_progress()
        self._progress = self._make_progress()  # shown if printing takes more than a moment
        self._progress.setMaximum(len(self.sequence))
        self._progress.setLabelText(self._progress_text(1))
        self._progress.setValue(0)
        self._render(0)

    def _document_name(self) -> str:
        from db.repository import draft_title

        return draft_title(self.report)

    def _progress_text(self, number: int) -> str:
        return f"Đang in trang {number}/{len(self.sequence)}…"

    def _render(self, index: int) -> None:
        """Rasterise the index-th page of the sequence on a worker; a page just painted again (copies not
        collated) is reused, on the next turn of the event loop."""
        page = self.sequence[index]
        if self._last is not None and self._last[0] == page:
            image = self._last[1]
            QTimer.singleShot(0, lambda: self._rendered(index, image))
            return
        path, dpi = str(self._path), self._dpi
        run_in_background(
            lambda: rasterise_page(path, page, dpi), lambda result: self._rendered(index, result), self._render_failed
        )

    def _rendered(self, index: int, image: QImage) -> None:
        if self._done or self._painter is None:
            return
        printer = self.printer
        assert printer is not None
        self._last = (self.sequence[index], image)
        if index + 1 < len(self.sequence):
            self._render(index + 1)  # rasterised on a worker while this page is drawn
        if index > 0 and not printer.newPage():
            self._printer_failed()
            return
        size = image.size()
        scale = printer.resolution() / self._dpi  # the page at 100 %, from the paper's corner
        self._painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
        self.raster_sizes.append(size)
        self.painted = index + 1
        if self._progress is not None:
            self._progress.setValue(self.painted)
        if self.painted < len(self.sequence):
            if self._progress is not None:
                self._progress.setLabelText(self._progress_text(self.painted + 1))
            return
        self._painter.end()
        self._painter = None
        if printer.printerState() == QPrinter.PrinterState.Error:
            self._printer_failed()
            return
        copies = "" if printer.copyCount() <= 1 else f"{printer.copyCount()} bản, "
        pages = len(set(self.sequence))
        self._finish(True, f"Đã gửi {copies}{pages} trang tới {printer_label(printer)}.")

    def _render_failed(self, error: Exception) -> None:
        if self._done:
            return
        if self._painter is not None and self._painter.isActive():
            assert self.printer is not None
            self.printer.abort()
            self._painter.end()
        warn(self.window, "Không in được", f"Không chuẩn bị được trang để in: {error}")
        self._finish(False, "Không in được.")

    def _printer_failed(self) -> None:
        printer = self.printer
        assert printer is not None
        if self._painter is not None and self._painter.isActive():
            printer.abort()
            self._painter.end()
        warn(
            self.window,
            "Máy in báo lỗi",
            f"{printer_label(printer).capitalize()} báo lỗi sau {self.painted} trang; bản in có thể chưa ra hết. "
            "Hãy kiểm tra máy in (giấy, mực, kết nối) rồi in lại.",
        )
        self._finish(False, "Máy in báo lỗi.")

    def _finish(self, printed: bool, text: str) -> None:
        if self._done:
            return
        self._done = True
        self._close_progress()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._last = None
        if text:
            self._say(text)
        self.finished.emit(printed)
        _RUNNING_JOBS.discard(self)


def quick_print(
    parent: QWidget,
    report: Report,
    service: PdfService,
    *,
    draft_id: int | None = None,
    pdf: bytes | None = None,
    start: bool = True,
) -> PrintJob | None:
    """«In n bản»: n copies on the default printer without the dialog, after a confirmation naming both.
    None when there is no printer or the officer said no; with `start=False` the job is not started yet."""
    copies, reason = copies_for(report, draft_id)
    printer = default_printer()
    if printer is None:
        if installed_printers():
            warn(parent, "Chưa có máy in mặc định", NO_DEFAULT_PRINTER)
        else:
            warn(parent, "Chưa có máy in", NO_PRINTER)
        return None
    question = (
        f"In {copies} bản ({reason}) trên {printer_label(printer)}?\n\n"
        "Muốn chọn máy in, số bản hay trang cần in, hãy dùng «In…» (Ctrl+P)."
    )
    if not confirm(parent, "In nhanh", question, yes=f"In {copies} bản", no="Hủy"):
        return None
    job = PrintJob(parent, report, service, draft_id=draft_id, printer=printer, ask=False, copies=copies, pdf=pdf)
    return job.start() if start else job
