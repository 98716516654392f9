"""Printing: the system print dialog, «In n bản», printing from the library, and what reaches the paper.

What is printed is checked on a PDF-file QPrinter (`QPrinter.OutputFormat.PdfFormat`): its pages are
counted and each one is matched against the pages LibreOffice made, as small greyscale thumbnails (the
printed pages are images: a page matches the source page it differs least from, and by far). Qt's PDF
printer does not make copies itself (`supportsMultipleCopies()` is False, as on a printer without CUPS),
so the program paints each copy: copies=2 of pages 2–3 gives four pages, 2 3 2 3. A CUPS printer makes the
copies itself from copyCount and collate; that case paints each page once (`PrintJob.sequence`).

The dialog itself is never shown modally: `ask_print_options` is replaced by what the officer would choose.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QImage, QPageRanges
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.kinds import KindCatalog
from app.core.report_file import read_report
from app.render.pdf import find_libreoffice
from app.ui import printing
from app.ui.library import MainWindow
from app.ui.printing import (
    NO_PRINTER,
    PdfService,
    PrintJob,
    copies_for,
    make_print_dialog,
    new_printer,
    page_sequence,
    pages_to_print,
    raster_dpi,
    rasterise_page,
    remember_copies,
    suggested_copies,
)
from app.ui.translations import VietnameseQtTranslator
from app.ui.wizard import WizardWindow
from db.repository import DraftRepository, draft_title
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.render.test_pdf import missing_tools
from tests.ui.conftest import MessageBoxes
from tests.ui.test_library import _ENGLISH, visible_texts
from tests.ui.test_wizard import show_wizard, stored

TRA_TAY, BINH_SON, BAN_DAN_TOC = 1, 2, 3
A4_POINTS = (595, 842)
PRINT_MS = 90_000
"""Hang guard for one print run (conversion, then ≈0.5 s per page rasterised and painted here)."""
THUMBNAIL = QSize(48, 68)


# -- fixtures and helpers --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def service(qapp: QApplication) -> Iterator[PdfService]:
    missing_tools(warm=True)
    converter = PdfService(soffice=str(find_libreoffice()))
    yield converter
    converter.close()


@pytest.fixture(scope="module")
def tra_tay(service: PdfService, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Trà Tây as LibreOffice prints it: the pages printed pages are compared with."""
    path = tmp_path_factory.mktemp("nguon") / "tra-tay.pdf"
    path.write_bytes(printing.render_pdf(read_report(example_path(EXAMPLE_NAMES[0])), service.converter()))
    return path


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def pdf_printer(path: Path) -> QPrinter:
    """A printer that writes a PDF file, set up as the program sets up any printer."""
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def choose(**choices: Any) -> Callable[[object, QPrinter, int], bool]:
    """What the officer picks in the print dialog: copies, collate, from/to, current page; then «In»."""
    shown: list[int] = []

    def ask(_parent: object, printer: QPrinter, page_count: int) -> bool:
        shown.append(page_count)
        if "pages" in choices:
            first, last = choices["pages"]
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(first, last)
        if choices.get("current"):
            printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
        printer.setCopyCount(choices.get("copies", 1))
        printer.setCollateCopies(choices.get("collate", True))
        return bool(choices.get("accept", True))

    ask.shown = shown  # type: ignore[attr-defined]
    return ask


def run(qtbot: QtBot, job: PrintJob) -> PrintJob:
    job.start()
    qtbot.waitUntil(lambda: job.done, timeout=PRINT_MS)
    return job


def page_count(path: Path) -> int:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    count = document.pageCount()
    document.close()
    return count


def thumbnails(path: Path) -> list[bytes]:
    pages = []
    for page in range(page_count(path)):
        image = rasterise_page(str(path), page, 24).scaled(
            THUMBNAIL, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
        pages.append(bytes(grey.pixelColor(x, y).value() for y in range(THUMBNAIL.height()) for x in range(48)))
    return pages


def printed_pages(printed: Path, source: Path) -> list[int]:
    """Which source page (1-based) each printed page is: the one it differs least from, by a wide margin."""
    sources = thumbnails(source)
    found = []
    for page in thumbnails(printed):
        distances = sorted(
            (sum(abs(a - b) for a, b in zip(page, other, strict=True)) / len(page), number)
            for number, other in enumerate(sources, start=1)
        )
        assert distances[0][0] * 2 < distances[1][0], distances[:2]  # unambiguous
        found.append(distances[0][1])
    return found


def images(path: Path) -> list[dict[str, str]]:
    """pdfimages' rows: each image's pixel size and resolution on the page."""
    output = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    names = output.splitlines()[0].split()
    return [dict(zip(names, row.split(), strict=False)) for row in output.splitlines()[2:]]


def paper_size(path: Path) -> tuple[int, int]:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert found is not None
    return round(float(found.group(1))), round(float(found.group(2)))


# -- what reaches the paper ------------------------------------------------------------------------


def test_two_copies_of_pages_2_to_3_print_2_3_2_3_on_a4_at_300_dpi(
    qtbot: QtBot, window: QWidget, service: PdfService, tra_tay: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask = choose(pages=(2, 3), copies=2, collate=True)
    monkeypatch.setattr(printing, "ask_print_options", ask)
    output = tmp_path / "in.pdf"
    printer = pdf_printer(output)
    assert printer.resolution() == 1200 and not printer.supportsMultipleCopies()
    job = run(qtbot, PrintJob(window, read_report(example_path(EXAMPLE_NAMES[0])), service, printer=printer))
    assert ask.shown == [7]  # type: ignore[attr-defined]  # the dialog knew the report has 7 pages
    assert printer.copyCount() == 2 and printer.collateCopies()
    assert job.sequence == [1, 2, 1, 2]
    assert page_count(output) == 4
    assert printed_pages(output, tra_tay) == [2, 3, 2, 3]
    # 100 %, A4 portrait: each page is one image covering the sheet at 300 dpi, never more.
    assert paper_size(output) == A4_POINTS
    assert raster_dpi(printer) == 300
    assert all(size == QSize(2480, 3508) for size in job.raster_sizes)
    for image in images(output):
        assert (image["width"], image["height"], image["x-ppi"], image["y-ppi"]) == ("2480", "3508", "300", "300")


def test_uncollated_copies_and_the_current_page(
    qtbot: QtBot, window: QWidget, service: PdfService, tra_tay: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = read_report(example_path(EXAMPLE_NAMES[0]))
    pdf = tra_tay.read_bytes()
    monkeypatch.setattr(printing, "ask_print_options", choose(pages=(6, 7), copies=2, collate=False))
    output = tmp_path / "khong-theo-bo.pdf"
    job = run(qtbot, PrintJob(window, report, service, printer=pdf_printer(output), pdf=pdf))
    assert printed_pages(output, tra_tay) == [6, 6, 7, 7]
    assert "Đã gửi 2 bản, 2 trang" in job.message_text

    monkeypatch.setattr(printing, "ask_print_options", choose(current=True))
    output = tmp_path / "trang-dang-xem.pdf"
    run(qtbot, PrintJob(window, report, service, printer=pdf_printer(output), pdf=pdf, current_page=4))
    assert printed_pages(output, tra_tay) == [5]


def test_the_raster_never_exceeds_300_dpi_nor_the_printer_resolution() -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    assert printer.resolution() > 300 and raster_dpi(printer) == 300
    printer.setResolution(150)
    assert raster_dpi(printer) == 150


def test_page_order_when_the_program_makes_the_copies() -> None:
    assert page_sequence([0, 1, 2], 2, collate=True) == [0, 1, 2, 0, 1, 2]
    assert page_sequence([0, 1, 2], 2, collate=False) == [0, 0, 1, 1, 2, 2]
    assert page_sequence([4], 0, collate=True) == [4]


def test_pages_typed_in_the_dialog_print_in_order_within_the_report() -> None:
    printer = new_printer()
    typed = QPageRanges()  # «3,5-9» typed in «Các trang» of a 7-page report
    typed.addRange(3, 3)
    typed.addRange(5, 9)
    printer.setPageRanges(typed)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    assert pages_to_print(printer, 7, current_page=0) == [2, 4, 5, 6]
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)  # «In từ trang cuối»
    assert pages_to_print(printer, 7, current_page=0) == [6, 5, 4, 2]
    printer.setPrintRange(QPrinter.PrintRange.AllPages)
    printer.setPageOrder(QPrinter.PageOrder.FirstPageFirst)
    assert pages_to_print(printer, 3, current_page=1) == [0, 1, 2]


def test_a_cancelled_print_stops_between_pages(
    qtbot: QtBot, window: QWidget, service: PdfService, tra_tay: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(printing, "ask_print_options", choose())
    job = PrintJob(
        window, read_report(example_path(EXAMPLE_NAMES[0])), service, printer=pdf_printer(tmp_path / "huy.pdf"),
        pdf=tra_tay.read_bytes(),
    )  # fmt: skip
    results: list[bool] = []
    job.finished.connect(results.append)
    job.start()
    qtbot.waitUntil(lambda: job.painted >= 1, timeout=PRINT_MS)
    job.cancel()
    painted = job.painted
    assert job.done and results == [False]
    assert painted < 7 and job.message_text == "Đã hủy in."
    qtbot.wait(1500)  # a page rasterised meanwhile is not painted
    assert job.painted == painted


# -- the dialog ------------------------------------------------------------------------------------


def test_the_print_dialog_offers_copies_page_range_and_current_page_in_vietnamese(
    qtbot: QtBot, qapp: QApplication, window: QWidget
) -> None:
    translator = VietnameseQtTranslator(qapp)
    qapp.installTranslator(translator)
    try:
        printer = new_printer()
        dialog = make_print_dialog(window, printer, 7)
        qtbot.addWidget(dialog)
        option = QAbstractPrintDialog.PrintDialogOption
        for wanted in (option.PrintPageRange, option.PrintCurrentPage, option.PrintCollateCopies):
            assert dialog.testOption(wanted)
        assert not dialog.testOption(option.PrintToFile) and not dialog.testOption(option.PrintSelection)
        assert (dialog.minPage(), dialog.maxPage()) == (1, 7)
        dialog.show()
        texts = visible_texts(dialog)
        dialog.reject()
    finally:
        qapp.removeTranslator(translator)
    assert dialog.windowTitle() == "In báo cáo"
    assert {"In", "Số bản:", "In theo bộ", "Trang đang xem", "Các trang từ"} <= set(texts), texts
    assert [text for text in texts if _ENGLISH.search(text) or text in ("Print", "Copies:", "Collate")] == []


def test_a_report_of_several_pages_defaults_to_two_sided_long_edge_where_offered() -> None:
    mode = QPrinter.DuplexMode
    both = [mode.DuplexNone, mode.DuplexLongSide, mode.DuplexShortSide]
    assert printing.default_duplex(both, 7, None) == mode.DuplexLongSide
    assert printing.default_duplex(both, 1, None) == mode.DuplexNone
    assert printing.default_duplex(both, 7, mode.DuplexShortSide) == mode.DuplexShortSide  # the last choice wins
    assert printing.default_duplex(both, 7, mode.DuplexNone) == mode.DuplexNone
    assert printing.default_duplex([mode.DuplexNone], 7, None) == mode.DuplexNone  # a one-sided printer


# -- from the wizard and the library ---------------------------------------------------------------


@pytest.fixture
def wizard(
    qtbot: QtBot, filled_library: DraftRepository, catalog: KindCatalog, service: PdfService
) -> Iterator[WizardWindow]:
    window = show_wizard(qtbot, WizardWindow(filled_library, BAN_DAN_TOC, catalog, pdf_service=service))
    yield window
    window.close()


def test_the_copies_suggested_by_noi_nhan() -> None:
    counts = [suggested_copies(read_report(example_path(name)))[0] for name in EXAMPLE_NAMES]
    # Trà Tây: 3 lines, one naming two bodies, + «Lưu: VT, NV»; Bình Sơn: «Như trên» (1) + 4 + VT; Ban Dân tộc: 4 + VT.
    assert counts == [4 + 2, 5 + 1, 4 + 1]


def test_in_n_ban_prints_the_copies_chosen_last_time_on_the_default_printer_after_asking(
    qtbot: QtBot,
    wizard: WizardWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    copies, reason = copies_for(wizard.report, BAN_DAN_TOC)
    assert wizard.quick_print_action.text() == f"In {copies} bản" and "Nơi nhận" in reason
    output = tmp_path / "mac-dinh.pdf"
    monkeypatch.setattr(printing, "default_printer", lambda: pdf_printer(output))
    monkeypatch.setattr(printing, "dialog_printer", lambda: pdf_printer(tmp_path / "hop-thoai.pdf"))
    monkeypatch.setattr(printing, "ask_print_options", choose(pages=(5, 5), copies=2))
    # «In…» once: the officer chooses 2 copies of the last page.
    wizard.print_action.trigger()
    qtbot.waitUntil(lambda: wizard.print_job is not None and wizard.print_job.done, timeout=PRINT_MS)
    assert QSettings().value(printing.COPIES_SETTING.format(draft_id=BAN_DAN_TOC), type=int) == 2
    assert wizard.quick_print_action.text() == "In 2 bản"

    message_boxes.answers = [1]  # «Hủy»: nothing printed
    wizard.activateWindow()  # the progress window has just closed
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
    qtbot.keyClick(wizard, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "In 2 bản (như lần in trước)" in message_boxes.shown[-1][1]
    assert f"tệp {output}" in message_boxes.shown[-1][1]
    assert not output.exists()

    wizard.quick_print_action.trigger()  # answered «In 2 bản»
    qtbot.waitUntil(lambda: wizard.print_job is not None and wizard.print_job.done, timeout=PRINT_MS)
    assert page_count(output) == 2 * 5  # no dialog: every page, twice
    assert "Đã gửi 2 bản, 5 trang" in wizard.statusBar().currentMessage()


def test_without_a_printer_the_officer_is_told_what_to_do(
    qtbot: QtBot,
    filled_library: DraftRepository,
    catalog: KindCatalog,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    monkeypatch.setattr(printing, "installed_printers", list)
    monkeypatch.setattr(printing, "default_printer", lambda: None)
    unused = PdfService(soffice="/khong-co/soffice")
    wizard = show_wizard(qtbot, WizardWindow(filled_library, BAN_DAN_TOC, catalog, pdf_service=unused))
    wizard.print_report()
    wizard.print_copies()
    assert not unused.started  # nothing converted for nothing
    wizard.close()
    unused.close()
    assert message_boxes.shown == [("Chưa có máy in", NO_PRINTER)] * 2
    assert "cài máy in" in NO_PRINTER and "Word" in NO_PRINTER


def test_without_libreoffice_printing_says_what_to_install(
    qtbot: QtBot, filled_library: DraftRepository, catalog: KindCatalog, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    missing = PdfService(soffice="/khong-co/soffice")
    window = show_wizard(qtbot, WizardWindow(filled_library, TRA_TAY, catalog, pdf_service=missing))
    job = PrintJob(window, window.report, missing, printer=pdf_printer(tmp_path / "x.pdf"))
    run(qtbot, job)
    window.close()
    missing.close()
    title, text = message_boxes.shown[-1]
    assert title == "Không in được: thiếu LibreOffice"
    assert "libreoffice-writer-nogui" in text and "libreoffice.org" in text
    assert not (tmp_path / "x.pdf").exists()


def test_a_printer_that_cannot_be_opened_is_reported(
    qtbot: QtBot, window: QWidget, service: PdfService, tra_tay: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:  # fmt: skip
    monkeypatch.setattr(printing, "ask_print_options", choose())
    broken = pdf_printer(tmp_path / "khong-co-thu-muc" / "in.pdf")
    job = run(qtbot, PrintJob(window, read_report(example_path(EXAMPLE_NAMES[0])), service, printer=broken,
                              pdf=tra_tay.read_bytes()))  # fmt: skip
    assert message_boxes.shown[-1][0] == "Không in được"
    assert "Không mở được tệp" in message_boxes.shown[-1][1] and "rồi in lại" in message_boxes.shown[-1][1]
    assert job.painted == 0


def test_an_incomplete_report_is_not_printed_and_the_blank_field_is_shown(
    qtbot: QtBot, filled_library: DraftRepository, catalog: KindCatalog, message_boxes: MessageBoxes
) -> None:
    report = stored(filled_library, TRA_TAY)
    report.signature.name = ""
    filled_library.save(TRA_TAY, report, expected_version=filled_library.get(TRA_TAY).summary.version)
    missing = PdfService(soffice="/khong-co/soffice")
    window = show_wizard(qtbot, WizardWindow(filled_library, TRA_TAY, catalog, pdf_service=missing))
    window.print_report()
    assert window.print_job is not None and window.print_job.done
    assert message_boxes.shown[-1][0] == "Báo cáo chưa đủ để in"
    assert "Chưa có họ tên người ký." in message_boxes.shown[-1][1]
    assert window.current_name() == "chu-ky"
    assert not missing.started  # nothing was sent to LibreOffice
    window.close()
    missing.close()


def test_the_library_prints_the_selected_draft_without_opening_it(
    qtbot: QtBot,
    filled_library: DraftRepository,
    catalog: KindCatalog,
    service: PdfService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[int] = []
    library = MainWindow(filled_library, catalog, opened.append, pdf_service=service)
    qtbot.addWidget(library)
    library.show()
    assert library.print_action in library.table.actions()  # the list's context menu
    assert library.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert library.print_action in library.report_menu.actions() and library.print_action in library.toolbar.actions()
    assert library.select_draft(BAN_DAN_TOC)
    output = tmp_path / "tu-thu-vien.pdf"
    monkeypatch.setattr(printing, "dialog_printer", lambda: pdf_printer(output))
    monkeypatch.setattr(printing, "ask_print_options", choose(pages=(1, 1)))
    library.print_action.trigger()
    qtbot.waitUntil(lambda: library.print_job is not None and library.print_job.done, timeout=PRINT_MS)
    assert opened == []
    assert not [
        widget for widget in QApplication.topLevelWidgets() if isinstance(widget, WizardWindow) and widget.isVisible()
    ]
    assert page_count(output) == 1
    info = subprocess.run(["pdfinfo", str(output)], check=True, capture_output=True, text=True).stdout
    title = re.search(r"^Title:\s+(.*)$", info, re.MULTILINE)
    assert title is not None and title.group(1) == draft_title(stored(filled_library, BAN_DAN_TOC))  # the queue's name
    assert "Đã gửi 1 trang" in library.statusBar().currentMessage()
    remember_copies(BAN_DAN_TOC, 3)
    assert copies_for(stored(filled_library, BAN_DAN_TOC), BAN_DAN_TOC) == (3, "như lần in trước")
    library.close()
