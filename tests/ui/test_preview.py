"""The Xem trước pane: the pages as LibreOffice prints them, refreshed in the background after edits.

The pages come from the real pipeline (report → .docx → warm LibreOffice → QtPdf), so these tests need
LibreOffice and python3-uno (tools/test.sh installs them; outside CI a machine without them skips, in CI
it fails). The pane's text layer is read back to see what the officer would see. Tests that only need a
PDF to show (remembering the pane, missing fields) do not start LibreOffice.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.kinds import KindCatalog
from app.core.model import Report
from app.core.report_file import read_report
from app.render.pdf import find_libreoffice
from app.ui import printing
from app.ui.app import Program
from app.ui.common import SOFFICE_SETTING
from app.ui.preview import UPDATING, PreviewPane
from app.ui.printing import PdfService
from app.ui.wizard import PREVIEW_OPEN_KEY, WizardWindow
from db.engine import open_database
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.render.test_pdf import MARK_VARIABLE, marked_processes, missing_tools, none_left
from tests.ui.conftest import MessageBoxes
from tests.ui.test_library import _ENGLISH, visible_texts
from tests.ui.test_wizard import all_text, show_wizard, stored, type_at_end

TRA_TAY, BINH_SON, BAN_DAN_TOC = 1, 2, 3
TRA_TAY_PAGES = 7
CONVERT_MS = 90_000
"""Hang guard for one refresh: the first one starts LibreOffice (≈1.5 s here, far more on a loaded machine)."""


# -- fixtures and helpers --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def service(qapp: QApplication) -> Iterator[PdfService]:
    """One warm LibreOffice for the whole module, as the program has one for all its windows."""
    missing_tools(warm=True)
    soffice = find_libreoffice()
    converter = PdfService(soffice=str(soffice))
    yield converter
    converter.close()


@pytest.fixture
def no_libreoffice() -> Iterator[PdfService]:
    """A converter pointed at a LibreOffice that is not there (as on a machine without it)."""
    converter = PdfService(soffice="/khong-co/soffice")
    yield converter
    converter.close()


@pytest.fixture
def open_wizard(
    qtbot: QtBot, filled_library: DraftRepository, catalog: KindCatalog
) -> Iterator[Callable[..., WizardWindow]]:
    windows: list[WizardWindow] = []

    def opener(draft_id: int = TRA_TAY, *, service: PdfService | None = None, preview: bool = True) -> WizardWindow:
        QSettings().setValue(PREVIEW_OPEN_KEY, preview)
        window = show_wizard(qtbot, WizardWindow(filled_library, draft_id, catalog, pdf_service=service))
        windows.append(window)
        return window

    yield opener
    for window in windows:
        window.close()


def pane_of(window: WizardWindow) -> PreviewPane:
    assert window.preview is not None and window.preview_visible()
    return window.preview


def document_text(document: QPdfDocument | None) -> str:
    """Every page's text layer, whitespace collapsed (lines break where LibreOffice breaks them)."""
    assert document is not None
    return " ".join(" ".join(document.getAllText(page).text().split()) for page in range(document.pageCount()))


def wait_for_pages(qtbot: QtBot, pane: PreviewPane, count: int | None = None) -> None:
    qtbot.waitUntil(lambda: not pane.is_updating() and pane.page_count() > 0, timeout=CONVERT_MS)
    if count is not None:
        assert pane.page_count() == count


@pytest.fixture(scope="module")
def tra_tay_pdf(service: PdfService) -> bytes:
    """Trà Tây as LibreOffice prints it (for the tests that only need some pages to show)."""
    return printing.render_pdf(read_report(example_path(EXAMPLE_NAMES[0])), service.converter())


# -- the pages -------------------------------------------------------------------------------------


def test_ctrl_f2_shows_the_pages_as_printed_and_the_next_window_remembers(
    qtbot: QtBot, open_wizard: Callable[..., WizardWindow], service: PdfService
) -> None:
    window = open_wizard(service=service, preview=False)
    assert window.preview is None  # nothing of QtPdf or LibreOffice until the pane is wanted
    qtbot.keyClick(window, Qt.Key.Key_F2, Qt.KeyboardModifier.ControlModifier)
    pane = pane_of(window)
    assert window.preview_action.isChecked()
    wait_for_pages(qtbot, pane, TRA_TAY_PAGES)
    text = document_text(pane.document())
    assert "ỦY BAN NHÂN DÂN" in text and "Trà Tây" in text and "Nơi nhận" in text
    assert pane.page_box.text() == f"Trang 1 / {TRA_TAY_PAGES}"
    assert pane.status.text().startswith(f"{TRA_TAY_PAGES} trang")
    assert not pane.busy.isVisible()
    window.close()

    again = open_wizard(service=service, preview=QSettings().value(PREVIEW_OPEN_KEY, type=bool))
    assert again.preview_visible() and again.preview_action.isChecked()
    qtbot.keyClick(again, Qt.Key.Key_F2, Qt.KeyboardModifier.ControlModifier)
    assert not again.preview_visible()
    assert QSettings().value(PREVIEW_OPEN_KEY, type=bool) is False


def test_an_edit_shows_in_the_pages_after_a_visible_update(
    qtbot: QtBot, open_wizard: Callable[..., WizardWindow], service: PdfService
) -> None:
    window = open_wizard(service=service)
    pane = pane_of(window)
    wait_for_pages(qtbot, pane, TRA_TAY_PAGES)
    before = pane.document()
    type_at_end(window.open_page("ket-thuc").editor, " Kính mong Phượng Hoàng Sơn Trà ủng hộ.")
    # At once: the update is visible and the previous pages stay on screen meanwhile.
    assert pane.is_updating()
    assert pane.status.text() == UPDATING and pane.busy.isVisible()
    assert pane.document() is before and pane.page_count() == TRA_TAY_PAGES
    assert window.isEnabled()
    qtbot.waitUntil(lambda: pane.document() is not before and not pane.is_updating(), timeout=CONVERT_MS)
    assert "Kính mong Phượng Hoàng Sơn Trà ủng hộ." in document_text(pane.document())
    assert not pane.busy.isVisible() and pane.status.text() != UPDATING


def test_a_newer_edit_wins_over_a_slower_older_refresh(
    qtbot: QtBot, open_wizard: Callable[..., WizardWindow], service: PdfService, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_wizard(service=service)
    pane = pane_of(window)
    wait_for_pages(qtbot, pane)
    older, newer = "Dòng chữ cũ Alpha.", "Dòng chữ mới Omega."
    real = printing.render_pdf
    slow_started: list[float] = []

    def render(report: Report, converter: Any) -> bytes:
        text = all_text(report)
        if older in text and newer not in text:
            slow_started.append(time.monotonic())
            time.sleep(3)  # the older refresh is slow: the newer edit comes while it runs
        return real(report, converter)

    monkeypatch.setattr(printing, "render_pdf", render)
    shown: list[str] = []
    pane.refreshed.connect(lambda: shown.append(document_text(pane.document())))
    editor = window.open_page("ket-thuc").editor
    type_at_end(editor, " " + older)
    qtbot.waitUntil(lambda: bool(slow_started), timeout=10_000)
    type_at_end(editor, " " + newer)
    qtbot.waitUntil(lambda: not pane.is_updating() and bool(shown), timeout=CONVERT_MS)
    assert all(newer in text for text in shown), "the slower, older result was shown over the newer edit"
    assert older in shown[-1] and newer in shown[-1]


def test_page_navigation_and_zoom_change_the_view(
    qtbot: QtBot, open_wizard: Callable[..., WizardWindow], service: PdfService
) -> None:
    window = open_wizard(service=service)
    window.resize(1400, 900)
    window.splitter.setSizes([220, 480, 700])  # pages fitted to the width are taller than the view
    pane = pane_of(window)
    wait_for_pages(qtbot, pane, TRA_TAY_PAGES)
    scroll = pane.view.verticalScrollBar()
    top = scroll.value()
    pane.go_to_page(3)
    assert pane.current_page() == 2 and pane.page_box.value() == 3
    qtbot.waitUntil(lambda: scroll.value() > top, timeout=5000)
    third = scroll.value()
    pane.next_action.trigger()
    assert pane.current_page() == 3
    qtbot.waitUntil(lambda: scroll.value() > third, timeout=5000)
    pane.previous_action.trigger()
    assert pane.current_page() == 2
    # «Trang n / N»: type a number and Enter.
    pane.page_box.setFocus()
    pane.page_box.selectAll()
    qtbot.keyClicks(pane.page_box.lineEdit(), "6")
    qtbot.keyClick(pane.page_box.lineEdit(), Qt.Key.Key_Return)
    assert pane.current_page() == 5
    pane.go_to_page(TRA_TAY_PAGES)
    assert not pane.next_action.isEnabled() and pane.previous_action.isEnabled()
    # Shortcuts work while the focus is in the pane.
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert pane.current_page() == TRA_TAY_PAGES - 2

    assert pane.view.zoomMode() == QPdfView.ZoomMode.FitToWidth and pane.fit_width_action.isChecked()
    assert pane.zoom_label.text() == f"{round(pane.effective_zoom() * 100)} %"
    wide = pane.view.horizontalScrollBar()
    assert wide.maximum() == 0  # the page fits the width
    fitted = pane.effective_zoom()
    pane.zoom_in_action.trigger()
    assert pane.view.zoomMode() == QPdfView.ZoomMode.Custom and not pane.fit_width_action.isChecked()
    assert pane.view.zoomFactor() > fitted
    assert wide.maximum() > 0  # larger than the view now
    zoomed = pane.view.zoomFactor()
    pane.zoom_in_action.trigger()
    assert pane.view.zoomFactor() > zoomed
    assert pane.zoom_label.text() == f"{round(pane.view.zoomFactor() * 100)} %"
    qtbot.keyClick(pane.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.zoomFactor() == zoomed
    pane.fit_page_action.trigger()
    assert pane.view.zoomMode() == QPdfView.ZoomMode.FitInView and pane.fit_page_action.isChecked()
    assert wide.maximum() == 0 and pane.effective_zoom() < fitted  # a whole page, narrower than the width
    qtbot.keyClick(pane.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.zoomMode() == QPdfView.ZoomMode.FitToWidth and not pane.fit_page_action.isChecked()
    # A refresh keeps the page the officer was reading.
    pane.go_to_page(4)
    type_at_end(window.open_page("ket-thuc").editor, " Thêm một câu.")
    qtbot.waitUntil(lambda: not pane.is_updating(), timeout=CONVERT_MS)
    assert pane.current_page() == 3


def test_every_text_of_the_pane_and_the_new_menus_is_vietnamese(
    qtbot: QtBot, open_wizard: Callable[..., WizardWindow], no_libreoffice: PdfService
) -> None:
    window = open_wizard(service=no_libreoffice)
    pane = pane_of(window)
    qtbot.waitUntil(lambda: not pane.is_updating(), timeout=10_000)
    texts = visible_texts(window)
    for expected in ("Xem trước", "In…", "Trang trước", "Trang sau", "Phóng to", "Thu nhỏ", "Cả trang", "Tệp"):
        assert expected in texts
    assert [text for text in texts if _ENGLISH.search(text)] == []


# -- when there are no pages to show ---------------------------------------------------------------


def test_blank_required_fields_are_listed_instead_of_pages(
    qtbot: QtBot,
    filled_library: DraftRepository,
    open_wizard: Callable[..., WizardWindow],
    no_libreoffice: PdfService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = stored(filled_library, TRA_TAY)
    report.signature.name = ""
    filled_library.save(TRA_TAY, report, expected_version=filled_library.get(TRA_TAY).summary.version)
    converted: list[Report] = []
    monkeypatch.setattr(printing, "render_pdf", lambda report, _converter: converted.append(report) or b"")
    window = open_wizard(service=no_libreoffice)
    pane = pane_of(window)
    qtbot.waitUntil(lambda: not pane.is_updating(), timeout=5000)
    assert pane.stack.currentWidget() is pane.message
    assert "Báo cáo chưa đủ để in" in pane.message.text()
    assert "Chưa có họ tên người ký." in pane.message.text()
    assert converted == []  # an incomplete report is never sent to LibreOffice
    pane.message.linkActivated.emit("field:signature.name")
    assert window.current_name() == "chu-ky"
    type_at_end(window.page("chu-ky").name_edit, "Đinh Văn Hòa")
    qtbot.waitUntil(lambda: len(converted) == 1, timeout=5000)  # once filled, the pages are made
    assert converted[0].signature.name == "Đinh Văn Hòa"


def test_without_libreoffice_the_pane_says_what_to_install_and_editing_goes_on(
    qtbot: QtBot,
    filled_library: DraftRepository,
    open_wizard: Callable[..., WizardWindow],
    no_libreoffice: PdfService,
) -> None:
    window = open_wizard(service=no_libreoffice)
    pane = pane_of(window)
    qtbot.waitUntil(lambda: not pane.is_updating(), timeout=10_000)
    text = pane.message.text()
    assert pane.stack.currentWidget() is pane.message
    assert "Không tìm thấy LibreOffice" in text and "libreoffice-writer-nogui" in text and "libreoffice.org" in text
    assert "Thử lại" in text
    type_at_end(window.open_page("ket-thuc").editor, " Vẫn soạn được.")
    qtbot.waitUntil(lambda: not window.autosave.dirty, timeout=2500)
    assert "Vẫn soạn được." in all_text(stored(filled_library, TRA_TAY))


def test_without_libreoffice_the_officer_can_point_at_it_and_the_pages_come(
    qtbot: QtBot,
    open_wizard: Callable[..., WizardWindow],
    no_libreoffice: PdfService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """LibreOffice installed where no search looks (a portable copy): chosen once, remembered for next time."""
    missing_tools(warm=True)
    installed = str(find_libreoffice())
    monkeypatch.setattr(
        "app.ui.common.QFileDialog.getOpenFileName", lambda *args, **kwargs: (installed, "Chương trình (*)")
    )
    window = open_wizard(service=no_libreoffice)
    pane = pane_of(window)
    qtbot.waitUntil(lambda: not pane.is_updating(), timeout=10_000)
    assert "Chọn chương trình LibreOffice…" in pane.message.text()
    pane.message.linkActivated.emit("choose-soffice")
    wait_for_pages(qtbot, pane, TRA_TAY_PAGES)
    assert QSettings().value(SOFFICE_SETTING) == installed
    assert PdfService().soffice == installed  # the next start uses it too


def test_printing_from_the_pane_reuses_its_pages(
    qtbot: QtBot,
    open_wizard: Callable[..., WizardWindow],
    service: PdfService,
    tra_tay_pdf: bytes,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    """The PDF on screen is the report as it is: «In…» prints it without converting again."""
    conversions: list[int] = []
    monkeypatch.setattr(printing, "render_pdf", lambda _report, _converter: conversions.append(1) or tra_tay_pdf)
    window = open_wizard(service=service)
    pane = pane_of(window)
    wait_for_pages(qtbot, pane, TRA_TAY_PAGES)
    assert conversions == [1]
    asked: list[int] = []

    def ask(_parent: object, _printer: object, page_count: int) -> bool:
        asked.append(page_count)
        return False  # the officer closes the dialog

    monkeypatch.setattr(printing, "ask_print_options", ask)
    monkeypatch.setattr(printing, "dialog_printer", lambda: printing.new_printer())
    pane.print_action.trigger()
    qtbot.waitUntil(lambda: window.print_job is not None and window.print_job.done, timeout=10_000)
    assert asked == [TRA_TAY_PAGES] and conversions == [1]


# -- the program -----------------------------------------------------------------------------------


@pytest.fixture
def mark(monkeypatch: pytest.MonkeyPatch) -> str:
    """A unique mark in the environment of every process started from now on (tests/render/test_pdf.py)."""
    value = uuid.uuid4().hex
    monkeypatch.setenv(MARK_VARIABLE, value)
    return value


def test_the_program_shares_one_converter_and_closes_it_on_quit(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mark: str
) -> None:
    missing_tools(warm=True)
    path = tmp_path / "baocao.sqlite3"
    monkeypatch.setenv("BAOCAO_DB", str(path))
    database = open_database(f"sqlite:///{path}")
    library = DraftRepository(database)
    for name in EXAMPLE_NAMES:
        library.create(read_report(example_path(name)))
    database.close()
    QSettings().setValue(PREVIEW_OPEN_KEY, True)

    program = Program(qapp)
    qtbot.addWidget(program.window)
    qtbot.waitUntil(program.window.is_attached, timeout=10_000)
    assert program.pdf is not None and not program.pdf.started  # LibreOffice waits until a page is wanted
    assert marked_processes(mark) == []
    program.open_draft(TRA_TAY)
    program.open_draft(BAN_DAN_TOC)
    first, second = (pane_of(program.wizards[draft]) for draft in (TRA_TAY, BAN_DAN_TOC))
    assert first.service is program.pdf and second.service is program.pdf
    assert program.window.pdf_service is program.pdf
    wait_for_pages(qtbot, first, TRA_TAY_PAGES)
    wait_for_pages(qtbot, second, 5)
    running = marked_processes(mark)
    listeners = [line for line in running if "--accept=" in line and "soffice" in line]
    assert len(listeners) == 1, running  # one LibreOffice for every window

    program.quit()
    assert none_left(mark) == []
    assert program.pdf.closed


def test_a_closed_window_ignores_a_refresh_still_on_its_way(
    qtbot: QtBot, open_wizard: Callable[..., WizardWindow], no_libreoffice: PdfService, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(_report: Report, _converter: Any) -> bytes:
        time.sleep(1)
        return b"%PDF-1.4 (never shown)"

    monkeypatch.setattr(printing, "render_pdf", slow)
    window = open_wizard(service=no_libreoffice)
    pane = pane_of(window)
    assert pane.is_updating()
    window.close()
    qtbot.waitUntil(lambda: not no_libreoffice.is_busy(), timeout=10_000)
    qtbot.wait(50)  # the result reaches the UI thread and is dropped
    assert pane.page_count() == 0
