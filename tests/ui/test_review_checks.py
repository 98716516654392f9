"""Writing checks in the wizard: a slip typed in a field shows under that field a moment later and on the
Xem lại page (grouped: phải sửa trước khi in, thể thức, cách viết); activating it there goes back to the
field with the cursor in it; fixing it clears it everywhere, side-list mark included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QListWidgetItem
from pytestqt.qtbot import QtBot

from app.core.findings import Finding
from app.core.kinds import KindCatalog
from app.core.model import Paragraph, plain_inline
from app.core.report_file import Problem
from app.ui import pages
from app.ui.pages import GROUP_ERRORS, GROUP_FORMAT, GROUP_WRITING, GeneralPage, ReviewPage, SectionPage
from app.ui.wizard import WizardWindow
from db.repository import DraftRepository
from tests.core.test_writing import clean_report
from tests.ui.conftest import type_text
from tests.ui.test_wizard import show_wizard, type_at_end

NOTES_WITHIN_MS = 3000


@pytest.fixture
def window(qtbot: QtBot, library: DraftRepository, catalog: KindCatalog) -> Iterator[WizardWindow]:
    """The wizard on a correct report, in which no check has anything to say."""
    draft = library.create(clean_report())
    shown = show_wizard(qtbot, WizardWindow(library, draft.id, catalog))
    yield shown
    shown.close()


def rows(review: ReviewPage) -> list[tuple[str, str]]:
    """The Xem lại list as (text, field path) rows; group headings and whole-document notes have no path."""
    return [(review.problems.item(i).text(), path) for i, path in enumerate(review.problem_paths())]


def headings(review: ReviewPage) -> list[str]:
    """The group headings of the Xem lại list (rows that cannot be selected)."""
    items = [review.problems.item(i) for i in range(review.problems.count())]
    return [item.text() for item in items if not item.flags() & Qt.ItemFlag.ItemIsSelectable]


def group_of(review: ReviewPage, path: str) -> str:
    """The group heading a row with this path is listed under."""
    heading = ""
    for text, row_path in rows(review):
        if text in headings(review):
            heading = text
        elif row_path == path:
            return heading
    raise AssertionError(f"{path} is not listed: {rows(review)}")


def item_at(review: ReviewPage, path: str) -> QListWidgetItem:
    return review.problems.item(review.problem_paths().index(path))


def replace_text(widget: Any, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    type_text(widget, text)


def test_a_double_space_in_the_trich_yeu_shows_beside_it_and_on_xem_lai_and_leads_back_to_it(
    qtbot: QtBot, window: WizardWindow
) -> None:
    general = window.open_page("thong-tin-chung")
    assert isinstance(general, GeneralPage)
    note = general.field_note("summary")
    assert note.isHidden() and window.page_marks()["thong-tin-chung"] == "✓"

    type_at_end(general.summary_edit, "  trên địa bàn xã")
    assert window.report.summary == "Sơ kết công tác dân vận năm 2025  trên địa bàn xã"
    qtbot.waitUntil(lambda: not note.isHidden(), timeout=NOTES_WITHIN_MS)
    [shown] = note.texts()
    assert "hai dấu cách liền nhau" in shown and "sau chữ «2025»" in shown and "một dấu cách" in shown
    assert note.isVisibleTo(general)
    assert general.field_note("to").isHidden() and general.page_note.isHidden()
    qtbot.waitUntil(lambda: window.page_marks()["thong-tin-chung"] == "!", timeout=NOTES_WITHIN_MS)

    review = window.open_page("xem-lai")
    assert isinstance(review, ReviewPage)
    assert group_of(review, "summary") == f"{GROUP_WRITING} (1)"
    item = item_at(review, "summary")
    assert item.text().startswith("Lưu ý – Thông tin chung: Có hai dấu cách liền nhau")
    assert "Đã đủ thông tin để in" in review.problems_label.text()

    # A double click on the row goes to the field, with the cursor in it.
    position = review.problems.visualItemRect(item).center()
    qtbot.mouseClick(review.problems.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.mouseDClick(review.problems.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert window.current_name() == "thong-tin-chung"
    assert QApplication.focusWidget() is general.summary_edit

    replace_text(general.summary_edit, "Sơ kết công tác dân vận năm 2025 trên địa bàn xã")
    qtbot.waitUntil(note.isHidden, timeout=NOTES_WITHIN_MS)
    qtbot.waitUntil(lambda: window.page_marks()["thong-tin-chung"] == "✓", timeout=NOTES_WITHIN_MS)
    review = window.open_page("xem-lai")
    assert rows(review) == []
    assert "không có gì cần xem lại" in review.problems_label.text()


def test_a_slip_in_a_sub_section_is_noted_under_the_editor_and_the_jump_puts_the_cursor_in_its_paragraph(
    qtbot: QtBot, window: WizardWindow
) -> None:
    page = window.open_page("muc-1")
    assert isinstance(page, SectionPage)
    sub = page.section.blocks[2]
    path = "sections[0].blocks[2].blocks[0]"
    page.outline.select(sub)
    assert page.current is sub
    type_at_end(page.editor, "  Nhân dân đồng tình")
    qtbot.waitUntil(lambda: not page.editor_note.isHidden(), timeout=NOTES_WITHIN_MS)
    [shown] = page.editor_note.texts()
    assert shown.startswith("«Xây dựng 07 mô hình ở các thôn,…»: Có hai dấu cách liền nhau")
    assert "sau chữ «01/4/2026.»" in shown

    # Showing the page's own text: the note moves to the top of the page, naming the sub-section.
    page.outline.select(page.section)
    assert page.current is page.section
    assert page.editor_note.isHidden()
    [elsewhere] = page.page_note.texts()
    assert elsewhere.startswith("Mục «Mô hình “Dân vận khéo”», «Xây dựng 07 mô hình") and "hai dấu cách" in elsewhere
    assert window.page_marks()["muc-1"] == "!"

    review = window.open_page("xem-lai")
    assert isinstance(review, ReviewPage)
    assert group_of(review, path) == f"{GROUP_WRITING} (1)"
    review.problems.setCurrentItem(item_at(review, path))
    review.go_button.click()
    assert window.current_page() is page and page.current is sub
    assert QApplication.focusWidget() is page.editor
    assert page.editor.textCursor().block().text().startswith("Xây dựng 07 mô hình ở các thôn")

    # The link in the page's note does the same from the page itself.
    page.outline.select(page.section)
    page.editor.moveCursor(QTextCursor.MoveOperation.Start)
    window.open_page("muc-1")
    page.update_notes()
    page.page_note.linkActivated.emit(path)
    assert page.current is sub
    assert page.editor.textCursor().block().text().startswith("Xây dựng 07 mô hình ở các thôn")

    found = page.editor.document().find("  Nhân dân")
    page.editor.setTextCursor(found)
    type_text(page.editor, " Nhân dân")
    block = sub.blocks[0]
    assert isinstance(block, Paragraph) and block.plain_text.endswith("2026. Nhân dân đồng tình")
    qtbot.waitUntil(page.editor_note.isHidden, timeout=NOTES_WITHIN_MS)
    assert page.page_note.isHidden()
    qtbot.waitUntil(lambda: window.page_marks()["muc-1"] == "✓", timeout=NOTES_WITHIN_MS)


def test_signature_fields_each_show_their_own_findings(qtbot: QtBot, window: WizardWindow) -> None:
    page = window.open_page("chu-ky")
    name_note = page.field_note("signature.name")
    replace_text(page.name_edit, "ĐINH VĂN HÒA")
    qtbot.waitUntil(lambda: not name_note.isHidden(), timeout=NOTES_WITHIN_MS)
    assert "toàn chữ in hoa" in name_note.texts()[0] and "«Đinh Văn Hòa»" in name_note.texts()[0]
    assert page.field_note("signature.title").isHidden()

    replace_text(page.title_edit, "PHÓ CHỦ TỊCH")
    mode_note = page.field_note("signature.mode")
    qtbot.waitUntil(lambda: not mode_note.isHidden(), timeout=NOTES_WITHIN_MS)
    assert "cấp phó" in mode_note.texts()[0] and "KT." in mode_note.texts()[0]
    assert window.page_marks()["chu-ky"] in ("!", "✓")  # the side list follows on its own timer
    qtbot.waitUntil(lambda: window.page_marks()["chu-ky"] == "!", timeout=NOTES_WITHIN_MS)

    page.name_edit.clear()  # a required field left empty: said under it too, as something to fill
    qtbot.waitUntil(lambda: name_note.texts() == ["Chưa có họ tên người ký."], timeout=NOTES_WITHIN_MS)


def test_xem_lai_groups_what_stops_printing_the_format_of_the_docx_and_the_writing(
    qtbot: QtBot, window: WizardWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    margins = Finding(
        "page.margins",
        "violation",
        "Lề trang",
        "formatting-rules.md §1.1",
        "Lề trái 25 mm, nhỏ hơn 30 mm.",
        "Đặt lề trái từ 30 đến 35 mm.",
    )
    checked: list[str] = []

    def format_check(report: Any) -> list[Finding]:
        checked.append(report.summary)
        return [margins]

    monkeypatch.setattr(pages, "format_findings", format_check)
    general = window.open_page("thong-tin-chung")
    type_at_end(general.summary_edit, "  trên địa bàn xã")
    window.open_page("chu-ky").name_edit.clear()

    review = window.open_page("xem-lai")
    assert isinstance(review, ReviewPage)
    assert headings(review) == [f"{GROUP_ERRORS} (1)", f"{GROUP_WRITING} (1)"]
    assert rows(review)[1] == ("Thiếu – Chữ ký: Chưa có họ tên người ký.", "signature.name")
    assert "khi đã điền đủ" in review.format_label.text() and checked == []

    type_at_end(window.open_page("chu-ky").name_edit, "Đinh Văn Hòa")
    review = window.open_page("xem-lai")
    with qtbot.waitSignal(review.formatChecked, timeout=10_000):
        pass
    assert checked == ["Sơ kết công tác dân vận năm 2025  trên địa bàn xã"]
    assert headings(review) == [f"{GROUP_FORMAT} (1)", f"{GROUP_WRITING} (1)"]
    assert rows(review)[1] == (str(margins), "")  # a note on the whole .docx: listed, not a jump
    assert rows(review)[1][0].startswith("Vi phạm – Lề trang (toàn văn bản): Lề trái 25 mm")
    assert "1 chỗ cần xem" in review.format_label.text()

    window.open_page("thong-tin-chung")
    review = window.open_page("xem-lai")  # nothing changed: the .docx is not checked again
    qtbot.wait(200)
    assert len(checked) == 1


def test_problems_of_the_check_are_what_the_side_list_and_the_notes_show(window: WizardWindow) -> None:
    """One check feeds the marks, the notes and Xem lại: the same paths, nothing shown in one place only."""
    report = window.report
    report.signature.name = "ĐINH VĂN HÒA"
    report.sections[0].blocks[0] = Paragraph(plain_inline("Đã tổ chức  05 hội nghị."))
    check = pages.check_report(report)
    assert {problem.path for problem in check.problems} == {"signature.name", "sections[0].blocks[0]"}
    assert all(isinstance(problem, Problem) for problem in check.warnings)
    window.update_marks()
    marks = window.page_marks()
    assert marks["chu-ky"] == "!" and marks["muc-1"] == "!" and marks["thong-tin-chung"] == "✓"
    signature_page = window.open_page("chu-ky")
    assert signature_page.field_note("signature.name").texts()
    section_page = window.open_page("muc-1")
    assert section_page.editor_note.texts()[0].startswith("«Đã tổ chức 05 hội nghị.»: Có hai dấu cách")
