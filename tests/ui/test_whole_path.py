"""The whole path an officer takes, through the real windows: «Báo cáo mới» → every page → a printed .docx,
«Tạo từ báo cáo cũ» → review → edit, and closing then reopening a draft with nothing lost.

Every word is typed the way an IME delivers it; the assertions are on the database and the .docx.
Modal dialogs are driven programmatically (their exec is replaced), never shown.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from app.core.kinds import KindCatalog
from app.core.model import Bullet, Footnote, Paragraph, Section, Span, walk_sections
from app.core.report_file import report_to_data
from app.core.rollforward import needs_review
from app.ui import wizard as wizard_module
from app.ui.clone_dialog import CloneDialog
from app.ui.library import MainWindow
from app.ui.new_report import PROFILE_LABELS, NewReportDialog
from app.ui.pages import SectionPage, check_report, page_mark
from app.ui.wizard import WizardWindow
from db.repository import DraftRepository
from tests.ui.conftest import MessageBoxes, type_text
from tests.ui.test_dialogs import fill_new_organisation
from tests.ui.test_wizard import SAVED_WITHIN_MS, all_text, show_wizard, stored, type_at_end

TRA_TAY = 1
"""In the filled library the ids follow EXAMPLE_NAMES: Trà Tây (2023) is the first."""

SUMMARY = "Sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo” trên địa bàn xã Trà Tây"
OPENING = (
    "Thực hiện Kế hoạch số 25/KH-UBND ngày 12/3/2026 của Ủy ban nhân dân xã về sơ kết Phong trào thi đua "
    "“Dân vận khéo”, Ủy ban nhân dân xã Trà Tây báo cáo kết quả như sau:"
)
SECTION_TEXTS = {
    "Thuận lợi": "Được sự quan tâm chỉ đạo của Đảng ủy, sự đồng thuận của Nhân dân trong toàn xã.",
    "Khó khăn": "Địa bàn rộng, giao thông đi lại giữa các thôn còn khó khăn, nhất là vào mùa mưa.",
    "Công tác lãnh đạo, chỉ đạo, triển khai thực hiện": (
        "Ủy ban nhân dân xã ban hành kế hoạch triển khai, giao nhiệm vụ cụ thể cho từng công chức."
    ),
    "Công tác kiểm tra, biểu dương, khen thưởng": "Đã khen thưởng 05 tập thể và 12 cá nhân có thành tích xuất sắc.",
    "Ưu điểm": "Phong trào được triển khai đồng bộ, thu hút đông đảo cán bộ, công chức tham gia.",
    "Tồn tại, hạn chế": "Một số mô hình chưa được nhân rộng; việc báo cáo định kỳ có lúc còn chậm.",
    "Nguyên nhân của tồn tại, hạn chế": "Kinh phí hỗ trợ còn ít; nhận thức của một bộ phận cán bộ chưa đầy đủ.",
    "Bài học kinh nghiệm": "Phát huy vai trò nêu gương của người đứng đầu, lấy sự hài lòng của Nhân dân làm thước đo.",
    "Phương hướng, nhiệm vụ, giải pháp trong thời gian tới": (
        "Tiếp tục đẩy mạnh tuyên truyền, phấn đấu mỗi thôn có ít nhất 01 mô hình “Dân vận khéo”."
    ),
    "Kiến nghị, đề xuất": "Đề nghị cấp trên quan tâm hỗ trợ kinh phí để nhân rộng các mô hình có hiệu quả.",
}
RESULTS_TITLE = "Kết quả thực hiện các mục tiêu, nhiệm vụ"
"""The sub-section that gets a footnote and a bullet as well as a paragraph."""
RESULTS_BEFORE_NOTE = "Tổ chức 12 hội nghị tuyên truyền về Phong trào thi đua"
RESULTS_NOTE = "Kế hoạch số 25/KH-UBND ngày 12/3/2026 của Ủy ban nhân dân xã Trà Tây."
RESULTS_AFTER_NOTE = " với hơn 1.500 lượt người tham dự."
RESULTS_BULLET = "Xây dựng 07 mô hình “Dân vận khéo” ở các thôn, tiêu biểu là mô hình “Dân vận khéo” ở thôn Trà Ong."
RECIPIENT = "Thường trực Đảng ủy xã Trà Tây"
SIGNER_TITLE, SIGNER_NAME = "CHỦ TỊCH", "Đinh Văn Hòa"


@pytest.fixture
def open_wizard(qtbot: QtBot, catalog: KindCatalog) -> Iterator[Callable[[DraftRepository, int], WizardWindow]]:
    """Opens a wizard the way the app does when the library asks for a draft; closed after the test."""
    windows: list[WizardWindow] = []

    def opener(repository: DraftRepository, draft_id: int) -> WizardWindow:
        window = show_wizard(qtbot, WizardWindow(repository, draft_id, catalog))
        windows.append(window)
        return window

    yield opener
    for window in windows:
        window.close()


@pytest.fixture
def library_window(
    qtbot: QtBot, catalog: KindCatalog
) -> Iterator[Callable[[DraftRepository], tuple[MainWindow, list[int]]]]:
    """The main window over a library, with the drafts it asked the app to open."""
    windows: list[MainWindow] = []

    def opener(repository: DraftRepository) -> tuple[MainWindow, list[int]]:
        opened: list[int] = []
        window = MainWindow(repository, catalog, opened.append)
        qtbot.addWidget(window)
        windows.append(window)
        return window, opened

    yield opener
    for window in windows:
        window.close()


def replace_text(widget: QPlainTextEdit | QTextEdit, text: str) -> None:
    """Select everything in a field or editor (Ctrl+A) and type over it, as an officer does."""
    widget.setFocus()
    widget.selectAll()
    type_text(widget, text)


def press_key(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    """Enter, Delete …: ASCII keys, which QTest can send (unlike Vietnamese letters)."""
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.NoModifier)


def docx_texts(path: Path) -> tuple[list[str], list[str]]:
    """The body paragraphs and the table cells (header, signature, Nơi nhận) of a .docx, as text."""
    document = docx.Document(str(path))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return paragraphs, cells


def model_marks(window: WizardWindow) -> dict[str, str]:
    """The side-list marks the model calls for (the list itself follows 300 ms after a change)."""
    check = check_report(window.report)
    return {spec.name: page_mark(spec, window.report, check) for spec in window.specs}


def leaf_sections(section: Section) -> list[Section]:
    """The sections of a page that hold text themselves (those without sub-sections)."""
    return [found for _, found in walk_sections([section]) if not found.subsections()]


# ---------------------------------------------------------------------------------------------


def test_from_bao_cao_moi_to_a_printed_docx(
    qtbot: QtBot,
    library: DraftRepository,
    library_window: Callable[[DraftRepository], tuple[MainWindow, list[int]]],
    open_wizard: Callable[[DraftRepository, int], WizardWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    window, opened = library_window(library)
    assert window.proxy.rowCount() == 0

    # «Báo cáo mới»: Văn bản Nhà nước, Báo cáo sơ kết, a new organisation typed in.
    chosen: dict[str, object] = {}

    def fill(dialog: NewReportDialog) -> int:
        dialog.state_radio.setChecked(True)
        chosen["profile"] = dialog.state_radio.text().replace("&", "")
        assert dialog.select_kind("bao-cao-so-ket")
        chosen["kind"] = dialog.kind_list.currentItem().text()
        assert dialog.organisation_combo.currentText() == "Cơ quan mới…"
        fill_new_organisation(dialog, parent="", name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", code="UBND", place="Trà Tây")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    window.new_action.trigger()
    assert chosen == {"profile": PROFILE_LABELS["state"], "kind": "Báo cáo sơ kết"}
    assert len(opened) == 1
    draft_id = opened[0]
    assert window.current_draft_id() == draft_id
    created = library.get(draft_id).report
    assert (created.issuer.name, created.issuer.code, created.issuer.place) == (
        "ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY",
        "UBND",
        "Trà Tây",
    )
    assert created.issuer.parent is None

    wizard = open_wizard(library, draft_id)
    assert wizard.current_name() == "thong-tin-chung"

    # Thông tin chung: the trích yếu.
    general = wizard.open_page("thong-tin-chung")
    replace_text(general.summary_edit, SUMMARY)
    assert wizard.report.summary == SUMMARY

    # Mở đầu: the officer's own paragraph instead of the kind's.
    opening = wizard.open_page("mo-dau")
    replace_text(opening.editor, OPENING)
    assert [paragraph.plain_text for paragraph in wizard.report.opening] == [OPENING]

    # Every section page: text in every (sub-)section; a footnote and a bullet in «Kết quả thực hiện».
    section_names = [spec.name for spec in wizard.specs if spec.section is not None]
    assert section_names == [f"muc-{number}" for number in range(1, 7)]
    typed_sections: list[str] = []
    for name in section_names:
        page = wizard.open_page(name)
        assert isinstance(page, SectionPage)
        for leaf in leaf_sections(page.section):
            page.outline.select(leaf)
            assert page.current is leaf
            if leaf.title == RESULTS_TITLE:
                type_at_end(page.editor, RESULTS_BEFORE_NOTE)
                page.editor.insert_footnote(RESULTS_NOTE)
                type_text(page.editor, RESULTS_AFTER_NOTE)
                press_key(qtbot, page.editor, Qt.Key.Key_Return)
                type_text(page.editor, RESULTS_BULLET)
                page.editor.toggle_bullet()
                assert leaf.blocks == [
                    Paragraph([Span(RESULTS_BEFORE_NOTE), Footnote(RESULTS_NOTE), Span(RESULTS_AFTER_NOTE)]),
                    Bullet([Span(RESULTS_BULLET)]),
                ]
            else:
                text = SECTION_TEXTS[leaf.title]
                type_at_end(page.editor, text)
                assert leaf.blocks == [Paragraph([Span(text)])]
                typed_sections.append(text)
    assert len(typed_sections) == len(SECTION_TEXTS)

    # Kết thúc: cleared, then «Đề xuất câu kết» builds the sentence from the trích yếu.
    closing = wizard.open_page("ket-thuc")
    closing.editor.setFocus()
    closing.editor.selectAll()
    press_key(qtbot, closing.editor, Qt.Key.Key_Delete)
    assert not any(paragraph.plain_text.strip() for paragraph in wizard.report.closing)
    assert closing.propose_button.text() == "Đề xuất câu kết"
    closing.propose_button.click()
    assert message_boxes.shown == []  # empty closing: nothing to ask
    closing_text = wizard.report.closing[0].plain_text
    assert closing_text.startswith("Trên đây là báo cáo sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo”")
    assert "…" not in closing_text

    # Nơi nhận: one more line under the kind's.
    recipients = wizard.open_page("noi-nhan")
    lines = recipients.recipients_editor.text
    lines.setFocus()
    lines.moveCursor(QTextCursor.MoveOperation.End)
    press_key(qtbot, lines, Qt.Key.Key_Return)
    type_text(lines, RECIPIENT)
    assert wizard.report.recipients[-1] == RECIPIENT

    # Chữ ký: the chairman signs himself.
    signature = wizard.open_page("chu-ky")
    type_at_end(signature.title_edit, SIGNER_TITLE)
    type_at_end(signature.name_edit, SIGNER_NAME)
    last_keystroke = time.monotonic()
    assert signature.preview_lines() == [SIGNER_TITLE, SIGNER_NAME]

    # Everything is in the database within 2.5 s of the last keystroke.
    qtbot.waitUntil(
        lambda: report_to_data(stored(library, draft_id)) == report_to_data(wizard.report), timeout=SAVED_WITHIN_MS
    )
    assert time.monotonic() - last_keystroke <= SAVED_WITHIN_MS / 1000
    saved = stored(library, draft_id)
    assert saved.summary == SUMMARY
    assert [paragraph.plain_text for paragraph in saved.opening] == [OPENING]
    assert [paragraph.plain_text for paragraph in saved.closing] == [closing_text]
    assert saved.recipients[-1] == RECIPIENT
    assert (saved.signature.title, saved.signature.name) == (SIGNER_TITLE, SIGNER_NAME)
    saved_text = all_text(saved)
    for text in [*typed_sections, RESULTS_BEFORE_NOTE, RESULTS_NOTE, RESULTS_AFTER_NOTE.strip(), RESULTS_BULLET]:
        assert text in saved_text
    assert all(section.blocks for _, section in walk_sections(saved.sections))
    assert set(wizard.page_marks().values()) == {"✓"}

    # Xem lại: nothing stops printing, nothing even to look at.
    review = wizard.open_page("xem-lai")
    assert review.problems.count() == 0, review.problem_paths()
    assert "đã đủ thông tin" in review.problems_label.text()

    # Xuất .docx: the save path is answered, the export runs in the background, «Mở tệp» is recorded.
    target = tmp_path / "Báo cáo" / "bao-cao-so-ket"
    target.parent.mkdir()
    asked: list[str] = []
    opened_files: list[str] = []

    def ask(parent: object, title: str, folder: str, name: str, file_filter: str) -> str:
        asked.append(name)
        return str(target)

    monkeypatch.setattr(wizard_module, "ask_save_path", ask)
    monkeypatch.setattr(wizard_module.QDesktopServices, "openUrl", lambda url: opened_files.append(url.toLocalFile()))
    exported: list[str] = []
    wizard.exported.connect(exported.append)
    review.docx_button.click()
    written = target.with_name("bao-cao-so-ket.docx")
    qtbot.waitUntil(lambda: exported == [str(written)] and review.docx_button.isEnabled(), timeout=10000)
    assert len(asked) == 1 and asked[0].startswith("Sơ kết 03 năm thực hiện") and asked[0].endswith(".docx")
    assert message_boxes.shown[-1][0] == "Đã xuất tệp Word"
    assert opened_files == [str(written)]

    paragraphs, cells = docx_texts(written)
    assert cells[0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "XÃ TRÀ TÂY"]
    assert cells[1].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert any(cell.startswith("Số:") and cell.endswith("/BC-UBND") for cell in cells)
    assert any(cell.startswith("Trà Tây, ngày") for cell in cells)
    body = "\n".join(paragraphs)
    assert "BÁO CÁO" in paragraphs
    for text in [SUMMARY, OPENING, *typed_sections, RESULTS_BULLET]:
        assert text in body, text
    assert RESULTS_BEFORE_NOTE + RESULTS_AFTER_NOTE in body  # the footnote is a mark, not text in the line
    styles = {paragraph.text: paragraph.style.style_id for paragraph in docx.Document(str(written)).paragraphs}
    assert styles[RESULTS_BULLET] == "GachDauDong"  # printed as a «-» bullet
    assert styles[RESULTS_BEFORE_NOTE + RESULTS_AFTER_NOTE] == "NoiDung"
    assert closing_text.rstrip(".") + "./." in body
    signer_cell = next(cell for cell in cells if SIGNER_NAME in cell)
    assert signer_cell.split("\n") == [SIGNER_TITLE, SIGNER_NAME]
    recipients_cell = next(cell for cell in cells if cell.startswith("Nơi nhận:"))
    assert f"- {RECIPIENT};" in recipients_cell and "- Lưu: VT." in recipients_cell
    with zipfile.ZipFile(written) as package:
        footnotes = package.read("word/footnotes.xml").decode("utf-8")
        document_xml = package.read("word/document.xml").decode("utf-8")
    assert RESULTS_NOTE in footnotes
    assert document_xml.count("<w:footnoteReference ") == 1


def test_clone_last_years_report_review_and_edit(
    qtbot: QtBot,
    filled_library: DraftRepository,
    library_window: Callable[[DraftRepository], tuple[MainWindow, list[int]]],
    open_wizard: Callable[[DraftRepository, int], WizardWindow],
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    window, opened = library_window(filled_library)
    assert window.select_draft(TRA_TAY)
    assert "Trà Tây" in filled_library.get(TRA_TAY).report.issuer.place
    shown: dict[str, list[str]] = {}

    def create(dialog: CloneDialog) -> int:
        dialog.year_spin.setValue(2024)
        rows = range(dialog.preview.rowCount())
        shown["before"] = [dialog.preview.item(row, 1).text() for row in rows]
        shown["after"] = [dialog.preview.item(row, 2).text() for row in rows]
        shown["count"] = [dialog.preview_count.text()]
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(CloneDialog, "exec", create)
    window.clone_selected()
    assert shown["after"], "the dialog listed no replacement"
    assert "năm 2024" in shown["after"]
    assert "năm 2023" in shown["before"]
    assert f"{len(shown['after'])} chỗ" in shown["count"][0]
    assert len(opened) == 1
    new_id = opened[0]
    assert new_id != TRA_TAY and window.current_draft_id() == new_id
    assert "cần rà soát" in window.statusBar().currentMessage()

    wizard = open_wizard(filled_library, new_id)
    section_names = [spec.name for spec in wizard.specs if spec.section is not None]
    assert len(section_names) == 4
    marks = wizard.page_marks()
    for name in section_names:
        page = wizard.open_page(name)
        assert isinstance(page, SectionPage)
        assert marks[name] == "!"
        assert page.banner.isVisibleTo(page), name
        assert "được chép từ báo cáo kỳ trước" in page.banner_text.text()
        assert any("cần rà soát" in warning for warning in page.warnings(wizard.report))

    page = wizard.open_page("muc-1")
    assert isinstance(page, SectionPage)
    assert page.current is page.section
    page.review_button.click()
    assert not page.banner.isVisibleTo(page)
    own_paragraph = next(block for block in page.section.blocks if isinstance(block, Paragraph))
    end_of_paragraph = page.editor.toPlainText().index(own_paragraph.plain_text) + len(own_paragraph.plain_text)
    cursor = page.editor.textCursor()
    cursor.setPosition(end_of_paragraph)
    page.editor.setTextCursor(cursor)
    page.editor.setFocus()
    added = " Năm 2024, dân số toàn xã tăng lên 750 hộ/3.050 khẩu."
    type_text(page.editor, added)
    assert own_paragraph.plain_text + added in all_text(wizard.report)
    wizard.close()
    assert message_boxes.shown == []

    record = filled_library.get(new_id)
    assert record.summary.year == 2024
    assert record.summary.source_id == TRA_TAY
    report = record.report
    assert report.number is None
    assert report.date == 2024
    assert not needs_review(report.sections[0])
    assert all(needs_review(section) for section in report.sections[1:])
    assert own_paragraph.plain_text + added in all_text(report)
    assert "năm 2024" in all_text(report)
    assert filled_library.get(TRA_TAY).report.date != 2024  # last year's report is untouched


def test_close_and_reopen_keeps_everything(
    qtbot: QtBot,
    filled_library: DraftRepository,
    open_wizard: Callable[[DraftRepository, int], WizardWindow],
    message_boxes: MessageBoxes,
) -> None:
    draft_id = TRA_TAY
    first = open_wizard(filled_library, draft_id)
    summary_tail = " trên địa bàn xã Trà Tây"
    type_at_end(first.page("thong-tin-chung").summary_edit, summary_tail)
    opening_tail = " Ủy ban nhân dân xã Trà Tây trân trọng báo cáo."
    type_at_end(first.open_page("mo-dau").editor, opening_tail)
    situation = first.open_page("muc-1")
    assert isinstance(situation, SectionPage)
    hardships = situation.section.subsections()[1]
    situation.outline.select(hardships)
    hardships_tail = " Đường lên thôn Trà Ong thường bị sạt lở vào mùa mưa."
    type_at_end(situation.editor, hardships_tail)
    assessment = first.open_page("muc-4")
    assert isinstance(assessment, SectionPage)
    assessment.outline.select(assessment.section.subsections()[-1])
    later = assessment.outline.add_section()  # a heading to write under tomorrow: its page gets «!»
    assert later is not None
    assessment.outline.rename(later, "Đề xuất, kiến nghị")
    closing_tail = " Kính đề nghị Ủy ban nhân dân cấp trên quan tâm, hỗ trợ."
    type_at_end(first.open_page("ket-thuc").editor, closing_tail)
    recipients = first.open_page("noi-nhan")
    type_at_end(recipients.archive_edit, ", VP")
    signature = first.open_page("chu-ky")
    signature.name_edit.clear()
    type_text(signature.name_edit, "Hồ Thị Thủy")
    qtbot.waitUntil(lambda: first.page_marks() == model_marks(first), timeout=1000)  # the list is up to date
    marks = first.page_marks()
    assert marks["muc-4"] == "!" and marks["chu-ky"] == "✓"
    expected = report_to_data(first.report)
    first.close()  # at once: the autosave delay has not passed yet
    assert message_boxes.shown == []
    assert report_to_data(stored(filled_library, draft_id)) == expected

    again = open_wizard(filled_library, draft_id)
    assert again is not first
    assert report_to_data(again.report) == expected
    assert again.page_marks() == marks
    assert again.current_name() == "chu-ky"  # back where the officer stopped
    assert again.page("thong-tin-chung").summary_edit.toPlainText().endswith(summary_tail)
    assert again.page("mo-dau").editor.paragraphs()[-1].plain_text.endswith(opening_tail)
    situation = again.open_page("muc-1")
    assert isinstance(situation, SectionPage)
    situation.outline.select(situation.section.subsections()[1])
    assert situation.editor.toPlainText().rstrip().endswith(hardships_tail.strip())
    assert again.page("ket-thuc").editor.paragraphs()[-1].plain_text.endswith(closing_tail)
    assert again.page("noi-nhan").archive_edit.text().endswith(", VP")
    assert again.page("chu-ky").name_edit.text() == "Hồ Thị Thủy"
    assessment = again.open_page("muc-4")
    assert isinstance(assessment, SectionPage)
    assert assessment.section.subsections()[-1].title == "Đề xuất, kiến nghị"
    QApplication.processEvents()
    assert message_boxes.shown == []
