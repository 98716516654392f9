"""The report wizard: pages in any order, autosave into the database, outline editing, previews, export.

Assertions are on what reaches the database and the files, not only on widgets. Tests that build
pages need app.ui.block_editor; the outline and signature tests do not.
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import docx
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.core.kinds import KindCatalog
from app.core.model import Paragraph, Report, Section, Signature, Span
from app.core.report_file import read_report, report_to_data
from app.core.rollforward import needs_review
from app.core.signature import signature_lines
from app.render.docx import PROFILE_LAYOUTS, render_docx
from app.ui.outline import OutlineEditor, RemovedSections
from db.engine import Database
from db.repository import DraftRepository
from tests.conftest import example_path
from tests.ui.conftest import MessageBoxes, type_text

TRA_TAY, BINH_SON, BAN_DAN_TOC = 1, 2, 3
SAVED_WITHIN_MS = 2500


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers


@pytest.fixture
def wizard() -> ModuleType:
    """app.ui.wizard, which needs the block editor; tests using it are skipped while that is missing."""
    pytest.importorskip("app.ui.block_editor", reason="app/ui/block_editor.py is not there yet")
    import app.ui.wizard as module

    return module


@pytest.fixture
def open_wizard(
    qtbot: QtBot, wizard: ModuleType, filled_library: DraftRepository, catalog: KindCatalog
) -> Iterator[Callable[..., Any]]:
    windows: list[Any] = []

    def opener(draft_id: int = TRA_TAY, repository: DraftRepository | None = None) -> Any:
        window = show_wizard(qtbot, wizard.WizardWindow(repository or filled_library, draft_id, catalog))
        windows.append(window)
        return window

    yield opener
    for window in windows:
        window.close()


def show_wizard(qtbot: QtBot, window: Any) -> Any:
    """Show a wizard window as the app does and wait until it is the active window."""
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def type_at_end(widget: QWidget, text: str) -> None:
    """Put the cursor at the end of a field or editor, then type like an IME."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.end(False)
    elif hasattr(widget, "moveCursor"):
        widget.moveCursor(QTextCursor.MoveOperation.End)  # type: ignore[attr-defined]
    type_text(widget, text)


def stored(repository: DraftRepository, draft_id: int) -> Report:
    return repository.get(draft_id).report


def all_text(report: Report) -> str:
    """Every word of a report as stored (for "is it in the database" checks)."""
    import json

    return json.dumps(report_to_data(report), ensure_ascii=False)


def press(window: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.ControlModifier) -> None:
    """A shortcut as the officer presses it, Ctrl released after (QTest leaves it held for later tests)."""
    target = window.focusWidget() or window
    QTest.keyClick(target, key, modifier)
    QTest.keyRelease(window.focusWidget() or window, Qt.Key.Key_Control)


def tra_tay() -> Report:
    return read_report(example_path("ubnd-xa-tra-tay-so-ket-2023"))


# ---------------------------------------------------------------------------------------------
# Pages and navigation


@pytest.mark.parametrize("draft_id", [TRA_TAY, BINH_SON, BAN_DAN_TOC])
def test_every_page_opens_from_the_side_list_and_with_ctrl_page_down(
    open_wizard: Callable[..., Any], draft_id: int, message_boxes: MessageBoxes
) -> None:
    window = open_wizard(draft_id)
    names = [spec.name for spec in window.specs]
    assert names[:2] == ["thong-tin-chung", "mo-dau"] and names[-4:] == ["ket-thuc", "noi-nhan", "chu-ky", "xem-lai"]
    assert len(names) == 6 + len(window.report.sections)
    for row in reversed(range(len(names))):
        window.page_list.setCurrentRow(row)
        assert window.current_page() is window.page(names[row])
        assert window.current_page().spec.name == names[row]
    assert window.next_button.text() == "Tiếp" and window.back_button.text() == "Trước"
    visited = [window.current_name()]
    for _ in names[1:]:
        press(window, Qt.Key.Key_PageDown)
        visited.append(window.current_name())
    assert visited == names
    assert window.next_button.text() == "Xong"
    press(window, Qt.Key.Key_PageUp)
    assert window.current_name() == names[-2]
    assert message_boxes.shown == []
    assert set(window.page_marks().values()) <= {"✓", "!", "○"}


def test_side_list_marks_follow_what_the_officer_types(
    qtbot: QtBot, open_wizard: Callable[..., Any], filled_library: DraftRepository
) -> None:
    report = tra_tay()
    report.sections.append(Section(title="Kiến nghị", role="kien-nghi"))
    draft = filled_library.create(report)
    window = open_wizard(draft.id)
    marks = window.page_marks()
    assert marks["chu-ky"] == "✓" and marks["muc-5"] == "!" and marks["thong-tin-chung"] == "✓"
    assert window.page("muc-5").warnings(window.report) == ["Mục «Kiến nghị» chưa có nội dung."]
    page = window.open_page("chu-ky")
    page.name_edit.clear()
    qtbot.waitUntil(lambda: window.page_marks()["chu-ky"] == "!", timeout=1500)
    assert "Chưa có họ tên người ký." in window.page("chu-ky").warnings(window.report)
    assert not window.page("chu-ky").is_complete(window.report)
    type_at_end(page.name_edit, "Đinh Văn Hòa")
    qtbot.waitUntil(lambda: window.page_marks()["chu-ky"] == "✓", timeout=1500)
    assert window.page("chu-ky").is_complete(window.report)
    section_page = window.open_page("muc-5")
    type_at_end(section_page.editor, "Đề nghị UBND huyện hỗ trợ kinh phí.")
    qtbot.waitUntil(lambda: window.page_marks()["muc-5"] == "✓", timeout=1500)


def test_a_draft_with_blank_required_fields_reopens(
    open_wizard: Callable[..., Any], filled_library: DraftRepository
) -> None:
    window = open_wizard(TRA_TAY)
    window.open_page("chu-ky").name_edit.clear()  # the officer retypes the name…
    window.open_page("thong-tin-chung").summary_edit.clear()
    window.close()  # …and closes first: what is stored must open again
    again = open_wizard(TRA_TAY)
    assert again.report.signature.name == "" and again.report.summary is None
    assert again.page_marks()["chu-ky"] == "!" and again.page_marks()["thong-tin-chung"] == "!"


def test_the_window_title_shows_the_draft_and_the_save_state(qtbot: QtBot, open_wizard: Callable[..., Any]) -> None:
    window = open_wizard(TRA_TAY)
    assert window.windowTitle().startswith("Sơ kết 03 năm thực hiện Phong trào thi đua")
    assert window.windowTitle().endswith("– Trợ lý Báo cáo")
    type_at_end(window.page("thong-tin-chung").summary_edit, " năm 2023")
    qtbot.waitUntil(lambda: "Đã lưu lúc" in window.windowTitle(), timeout=SAVED_WITHIN_MS)
    assert window.state_label.text().startswith("Đã lưu lúc")


# ---------------------------------------------------------------------------------------------
# Autosave, Ctrl+S, closing, crashes


def test_typing_on_any_page_is_in_the_database_within_2_5_seconds(
    qtbot: QtBot, open_wizard: Callable[..., Any], filled_library: DraftRepository
) -> None:
    window = open_wizard(BINH_SON)
    general = window.open_page("thong-tin-chung")
    type_at_end(general.summary_edit, " – bản hoàn chỉnh")
    type_at_end(general.parent_edit, "UBND TỈNH QUẢNG NGÃI")
    opening = window.open_page("mo-dau")
    type_at_end(opening.editor, " Ủy ban nhân dân huyện báo cáo như sau.")
    section = window.open_page("muc-1")
    type_at_end(section.editor, " Đời sống Nhân dân ổn định.")
    signature = window.open_page("chu-ky")
    type_at_end(signature.name_edit, " Đức")
    last_keystroke = time.monotonic()

    def in_database() -> bool:
        report = stored(filled_library, BINH_SON)
        return (
            (report.summary or "").endswith("– bản hoàn chỉnh")
            and report.issuer.parent == "UBND TỈNH QUẢNG NGÃI"
            and "báo cáo như sau." in all_text(report)
            and "Đời sống Nhân dân ổn định." in all_text(report)
            and report.signature.name == "Phạm Quang Sự Đức"
        )

    qtbot.waitUntil(in_database, timeout=SAVED_WITHIN_MS)
    assert time.monotonic() - last_keystroke <= SAVED_WITHIN_MS / 1000
    assert filled_library.revisions(BINH_SON)[0].kind in ("tu-dong", "luu")


def test_ctrl_s_saves_a_revision(
    qtbot: QtBot, open_wizard: Callable[..., Any], filled_library: DraftRepository
) -> None:
    window = open_wizard(TRA_TAY)
    before = len(filled_library.revisions(TRA_TAY))
    type_at_end(window.page("thong-tin-chung").summary_edit, " (lần 2)")
    press(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: len(filled_library.revisions(TRA_TAY)) > before, timeout=SAVED_WITHIN_MS)
    newest = filled_library.revisions(TRA_TAY)[0]
    assert newest.kind == "luu"
    assert filled_library.revision_report(TRA_TAY, newest.id).summary.endswith("(lần 2)")  # type: ignore[union-attr]
    assert window.save_button.text() == "Lưu"


def test_closing_saves_without_asking_and_reopening_shows_everything(
    open_wizard: Callable[..., Any], filled_library: DraftRepository, message_boxes: MessageBoxes
) -> None:
    window = open_wizard(BAN_DAN_TOC)
    type_at_end(window.page("thong-tin-chung").summary_edit, " tỉnh Quảng Ngãi")
    type_at_end(window.page("muc-2").editor, " Tinh thần đoàn kết được phát huy.")
    type_at_end(window.page("ket-thuc").editor, " Trân trọng.")
    type_at_end(window.page("noi-nhan").archive_edit, ", NV")
    closed: list[int] = []
    window.closed.connect(closed.append)
    window.close()  # at once: the debounce has not fired yet
    assert closed == [BAN_DAN_TOC]
    assert message_boxes.shown == []
    report = stored(filled_library, BAN_DAN_TOC)
    assert (report.summary or "").endswith("tỉnh Quảng Ngãi")
    assert "Tinh thần đoàn kết được phát huy." in all_text(report)
    assert "Trân trọng." in all_text(report)
    assert report.archive == "VT, NV"
    again = open_wizard(BAN_DAN_TOC)
    assert again.page("thong-tin-chung").summary_edit.toPlainText().endswith("tỉnh Quảng Ngãi")
    assert again.page("noi-nhan").archive_edit.text() == "VT, NV"
    assert "Tinh thần đoàn kết được phát huy." in all_text(again.report)


def test_after_a_crash_the_draft_reopens_as_it_was(
    qtbot: QtBot, open_wizard: Callable[..., Any], filled_library: DraftRepository, database: Database
) -> None:
    window = open_wizard(TRA_TAY)
    type_at_end(window.open_page("muc-1").editor, " Dân số khoảng 6.000 người.")
    qtbot.waitUntil(lambda: not window.autosave.dirty and not window.autosave.saving, timeout=SAVED_WITHIN_MS)
    window.autosave.stop()  # the process dies here: nothing else gets saved
    restarted = DraftRepository(database)
    reopened = open_wizard(TRA_TAY, restarted)
    assert "Dân số khoảng 6.000 người." in all_text(reopened.report)
    assert reopened.current_name() == "muc-1"  # back on the page the officer was writing


def test_after_an_unexpected_error_the_text_is_saved_and_autosave_goes_on(
    qtbot: QtBot, open_wizard: Callable[..., Any], wizard: ModuleType, filled_library: DraftRepository
) -> None:
    window = open_wizard(TRA_TAY)
    type_at_end(window.page("thong-tin-chung").summary_edit, " trước lỗi")
    wizard.flush_open_wizards()  # what the program's error hook does before showing the error
    assert (stored(filled_library, TRA_TAY).summary or "").endswith(" trước lỗi")
    type_at_end(window.page("thong-tin-chung").summary_edit, " và sau lỗi")

    def saved() -> bool:
        return (stored(filled_library, TRA_TAY).summary or "").endswith(" trước lỗi và sau lỗi")

    qtbot.waitUntil(saved, timeout=SAVED_WITHIN_MS)


def test_undo_and_redo_in_fields_and_editors(qtbot: QtBot, open_wizard: Callable[..., Any]) -> None:
    window = open_wizard(TRA_TAY)
    place = window.open_page("thong-tin-chung").place_edit
    type_at_end(place, " xã")
    assert window.report.issuer.place == "Trà Tây xã"
    press(window, Qt.Key.Key_Z)
    assert window.report.issuer.place == "Trà Tây"
    press(window, Qt.Key.Key_Y)
    assert window.report.issuer.place == "Trà Tây xã"
    editor = window.open_page("ket-thuc").editor
    type_at_end(editor, " Xin cảm ơn.")
    assert window.report.closing[-1].plain_text.endswith("Xin cảm ơn.")
    press(window, Qt.Key.Key_Z)
    assert not window.report.closing[-1].plain_text.endswith("Xin cảm ơn.")
    press(window, Qt.Key.Key_Y)
    assert window.report.closing[-1].plain_text.endswith("Xin cảm ơn.")


def test_a_conflict_is_explained_and_nothing_is_lost(
    qtbot: QtBot,
    open_wizard: Callable[..., Any],
    filled_library: DraftRepository,
    database: Database,
    message_boxes: MessageBoxes,
) -> None:
    window = open_wizard(TRA_TAY)
    other = DraftRepository(database)  # another window or computer
    theirs = other.get(TRA_TAY)
    theirs.report.summary = "Bản sửa ở máy khác"
    other.save(TRA_TAY, theirs.report, expected_version=theirs.summary.version)
    replaced: list[tuple[int, int]] = []
    window.draftReplaced.connect(lambda old, new: replaced.append((old, new)))
    type_at_end(window.page("muc-1").editor, " Câu tôi vừa viết.")
    qtbot.waitUntil(lambda: bool(message_boxes.shown), timeout=SAVED_WITHIN_MS)
    title, text = message_boxes.shown[0]
    assert title == "Bản nháp đã được sửa ở nơi khác"
    assert "không bị mất" in text and "Lưu thành bản nháp mới" in text
    # The default answer kept the officer's text as a new draft; the other version is untouched.
    assert replaced and replaced[0][0] == TRA_TAY
    new_id = replaced[0][1]
    assert window.draft_id == new_id
    assert "Câu tôi vừa viết." in all_text(stored(filled_library, new_id))
    assert stored(filled_library, TRA_TAY).summary == "Bản sửa ở máy khác"
    kept = [r for r in filled_library.revisions(TRA_TAY) if r.kind == "xung-dot"]
    assert kept and "Câu tôi vừa viết." in all_text(filled_library.revision_report(TRA_TAY, kept[0].id))
    type_at_end(window.page("muc-1").editor, " Thêm nữa.")
    qtbot.waitUntil(lambda: "Thêm nữa." in all_text(stored(filled_library, new_id)), timeout=SAVED_WITHIN_MS)


# ---------------------------------------------------------------------------------------------
# Thông tin chung and previews


def test_the_date_line_is_previewed_live(qtbot: QtBot, open_wizard: Callable[..., Any]) -> None:
    window = open_wizard(TRA_TAY)
    page = window.open_page("thong-tin-chung")
    assert page.date_preview_text() == "Trà Tây, ngày 05 tháng 6 năm 2023"
    page.date_edit.setDate(dt.date(2024, 2, 3))
    assert page.date_preview_text() == "Trà Tây, ngày 03 tháng 02 năm 2024"
    assert window.report.date == dt.date(2024, 2, 3)
    page.date_mode.setCurrentIndex(page.date_mode.findData("year"))
    page.year_spin.setValue(2025)
    assert window.report.date == 2025
    assert page.date_preview_text() == "Trà Tây, ngày     tháng     năm 2025"
    page.date_mode.setCurrentIndex(page.date_mode.findData("blank"))
    assert window.report.date is None
    assert page.date_preview_text() == "Trà Tây, ngày     tháng     năm      "
    page.place_edit.clear()
    type_text(page.place_edit, "Trà Bồng")
    assert page.date_preview_text().startswith("Trà Bồng, ngày")
    assert page.number_spin.text() == "Để trống (văn thư điền khi ban hành)"
    assert window.report.number is None
    page.number_spin.setValue(12)
    assert window.report.number == 12 and page.number_preview.text() == "Sẽ in: Số: 12/BC-UBND"


def test_kinh_gui_suggestions_come_from_the_address_book(open_wizard: Callable[..., Any]) -> None:
    window = open_wizard(TRA_TAY)
    editor = window.open_page("thong-tin-chung").to_editor
    assert editor.entry is not None
    editor.entry.setFocus()
    type_text(editor.entry, "so noi vu")  # without diacritics
    assert "Sở Nội vụ tỉnh Quảng Ngãi" in editor.suggestions()
    editor.entry.setText("Sở Nội vụ tỉnh Quảng Ngãi")
    editor.entry.returnPressed.emit()
    assert window.report.to == ["Sở Nội vụ tỉnh Quảng Ngãi"]
    recipients = window.open_page("noi-nhan")
    assert recipients.as_above_note.isVisibleTo(recipients)  # «Như trên» is added by the renderer


def test_the_as_above_note_shows_only_with_kinh_gui(open_wizard: Callable[..., Any]) -> None:
    with_to = open_wizard(BINH_SON).open_page("noi-nhan")
    without = open_wizard(BAN_DAN_TOC).open_page("noi-nhan")
    assert with_to.as_above_note.isVisibleTo(with_to)
    assert not without.as_above_note.isVisibleTo(without)
    assert without.archive_preview.text() == "- Lưu: VT."


# ---------------------------------------------------------------------------------------------
# Chữ ký


def _printed_signature(report: Report, tmp_path: Path) -> list[str]:
    """The signer's cell of the rendered .docx, line by line."""
    path = tmp_path / "chu-ky.docx"
    path.write_bytes(render_docx(report))
    cell = docx.Document(str(path)).tables[-1].cell(0, 1)
    return [paragraph.text for paragraph in cell.paragraphs if paragraph.text.strip()]


@pytest.mark.parametrize(
    ("profile", "signature", "expected"),
    [
        (
            "state",
            Signature("PHÓ CHỦ TỊCH", "Phạm Quang Sự", "ỦY BAN NHÂN DÂN", "KT", "CHỦ TỊCH"),
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Quang Sự"],
        ),
        ("state", Signature("Giám đốc", "Lê Văn B", None, "Q", "giám đốc"), ["Q. GIÁM ĐỐC", "Lê Văn B"]),
        (
            "state",
            Signature("CHÁNH VĂN PHÒNG", "Võ Thị C", None, "TL", "CHỦ TỊCH"),
            ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Võ Thị C"],
        ),
        (
            "party",
            Signature("PHÓ BÍ THƯ", "Nguyễn Văn D", "BAN THƯỜNG VỤ", None, None),
            ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn D"],
        ),
        (
            "party",
            Signature("CHÁNH VĂN PHÒNG", "Trần E", None, "TL", "BAN THƯỜNG VỤ"),
            ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "Trần E"],
        ),
        (
            "party",
            Signature("PHÓ BÍ THƯ", "Hồ F", "ĐẢNG ỦY", "KT", "BÍ THƯ"),
            ["T/M ĐẢNG ỦY", "K/T BÍ THƯ", "PHÓ BÍ THƯ", "Hồ F"],
        ),
    ],
)
def test_signature_lines_are_what_the_renderer_prints(
    profile: str, signature: Signature, expected: list[str], tmp_path: Path
) -> None:
    report = tra_tay()
    report.profile = profile  # type: ignore[assignment]
    report.archive = "Văn phòng Đảng ủy" if profile == "party" else report.archive
    report.signature = signature
    lines = signature_lines(signature, PROFILE_LAYOUTS[profile].authority_prefixes).lines
    assert lines == expected
    assert _printed_signature(report, tmp_path) == expected


def test_signature_page_previews_the_printed_block_for_state_and_party(
    qtbot: QtBot, open_wizard: Callable[..., Any], filled_library: DraftRepository, tmp_path: Path
) -> None:
    window = open_wizard(BINH_SON)
    page = window.open_page("chu-ky")
    assert page.preview_lines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Quang Sự"]
    assert "TM. ỦY BAN NHÂN DÂN" in page.preview.text()
    assert page.mode_combo.currentText().startswith("KT. – Ký thay")
    general = window.open_page("thong-tin-chung")
    general.profile_combo.setCurrentIndex(general.profile_combo.findData("party"))
    page = window.open_page("chu-ky")
    assert page.on_behalf_prefix.text() == "T/M"
    assert page.mode_combo.currentText().startswith("K/T – Ký thay")
    assert page.preview_lines() == ["T/M ỦY BAN NHÂN DÂN", "K/T CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Quang Sự"]
    page.mode_combo.setCurrentIndex(page.mode_combo.findData("TL"))
    page.collective_check.setChecked(False)
    page.title_edit.setText("Chánh Văn phòng")
    assert page.preview_lines() == ["T/L CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Phạm Quang Sự"]
    assert _printed_signature(window.report, tmp_path) == page.preview_lines()
    qtbot.waitUntil(lambda: stored(filled_library, BINH_SON).signature.mode == "TL", timeout=SAVED_WITHIN_MS)
    assert stored(filled_library, BINH_SON).signature.on_behalf_of is None


def test_a_saved_signer_fills_every_field(open_wizard: Callable[..., Any]) -> None:
    window = open_wizard(TRA_TAY)
    page = window.open_page("chu-ky")
    texts = [page.signers_combo.itemText(i) for i in range(page.signers_combo.count())]
    index = next(i for i, text in enumerate(texts) if text.startswith("Phạm Quang Sự"))
    page.signers_combo.activated.emit(index)
    signature = window.report.signature
    assert (signature.name, signature.title, signature.mode, signature.head_title, signature.on_behalf_of) == (
        "Phạm Quang Sự",
        "PHÓ CHỦ TỊCH",
        "KT",
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN",
    )
    assert page.name_edit.text() == "Phạm Quang Sự" and page.collective_check.isChecked()


# ---------------------------------------------------------------------------------------------
# Sections: outline, guidance, phrases, review marks


def _titles(sections: list[Section]) -> list[Any]:
    return [(s.title, _titles(s.subsections())) if s.subsections() else s.title for s in sections]


def test_outline_editor_changes_the_model_lists_in_place(qtbot: QtBot, message_boxes: MessageBoxes) -> None:
    report = tra_tay()
    outline = OutlineEditor(removed=RemovedSections())
    qtbot.addWidget(outline)
    changes: list[None] = []
    outline.changed.connect(lambda: changes.append(None))
    outline.set_report(report, report.sections[0])
    situation = report.sections[0]
    first_paragraphs = [b for b in situation.blocks if not isinstance(b, Section)]
    assert [outline.tree.topLevelItem(0).text(i) for i in (0, 1)] == ["I.", "Đặc điểm tình hình"]
    outline.select(situation.subsections()[0])
    added = outline.add_section()
    assert added is not None
    outline.item_for(added).setText(1, "Giải pháp")  # what editing the title in the tree does
    assert _titles(situation.subsections()) == ["Thuận lợi", "Giải pháp", "Khó khăn"]
    assert outline.move_down()
    assert _titles(situation.subsections()) == ["Thuận lợi", "Khó khăn", "Giải pháp"]
    assert outline.indent()
    assert _titles(situation.subsections()) == ["Thuận lợi", ("Khó khăn", ["Giải pháp"])]
    assert outline.item_for(added).text(0) == "a)"
    assert outline.outdent()
    assert outline.move_up() and outline.move_up()
    assert _titles(situation.subsections()) == ["Giải pháp", "Thuận lợi", "Khó khăn"]
    assert outline.delete_section()  # empty: no question
    assert message_boxes.shown == []
    outline.select(situation.subsections()[1])
    assert outline.delete_section()  # has text: asked first
    assert message_boxes.shown[0][0] == "Xóa mục" and "Hoàn tác xóa" in message_boxes.shown[0][1]
    assert _titles(situation.subsections()) == ["Thuận lợi"]
    assert outline.undo_button.isEnabled()
    assert outline.undo_delete() is not None
    assert _titles(situation.subsections()) == ["Thuận lợi", "Khó khăn"]
    assert [b for b in situation.blocks if not isinstance(b, Section)] == first_paragraphs  # the text stayed put
    message_boxes.answers = [1]  # «Không xóa»
    outline.select(situation.subsections()[1])
    assert not outline.delete_section()
    assert len(changes) == 10


def test_outline_on_a_section_page_is_saved_and_top_level_changes_add_pages(
    qtbot: QtBot, open_wizard: Callable[..., Any], filled_library: DraftRepository
) -> None:
    window = open_wizard(TRA_TAY)
    page = window.open_page("muc-1")
    situation = window.report.sections[0]
    page.outline.select(situation.subsections()[1])  # Khó khăn
    assert page.editor_label.text().endswith("2. Khó khăn</b>")
    added = page.outline.add_subsection()
    page.outline.rename(added, "Khó khăn về nguồn lực")
    assert page.current is added
    type_at_end(page.editor, "Kinh phí còn hạn chế.")
    assert added.blocks[0].plain_text == "Kinh phí còn hạn chế."  # type: ignore[union-attr]
    page.outline.select(situation)
    page.outline.add_section()  # a sibling of the page's own section: a new top-level section and page
    assert len(window.report.sections) == 5
    assert [spec.title for spec in window.specs][3] == "II. Mục mới"
    assert window.current_name() == "muc-1"

    def saved() -> bool:
        report = stored(filled_library, TRA_TAY)
        return (
            _titles(report.sections[0].subsections()) == ["Thuận lợi", ("Khó khăn", ["Khó khăn về nguồn lực"])]
            and report.sections[1].title == "Mục mới"
            and "Kinh phí còn hạn chế." in all_text(report)
        )

    qtbot.waitUntil(saved, timeout=SAVED_WITHIN_MS)
    review = window.open_page("xem-lai")
    review.outline.select(window.report.sections[1])
    assert review.outline.delete_section()  # empty, gone with its page
    assert len(window.specs) == 6 + 4
    review.outline.select(window.report.sections[3])
    assert review.outline.indent()  # IV becomes 4. of III: its page goes away
    assert len(window.specs) == 6 + 3
    qtbot.waitUntil(lambda: len(stored(filled_library, TRA_TAY).sections) == 3, timeout=SAVED_WITHIN_MS)


def test_a_section_page_shows_guidance_and_inserts_phrases(open_wizard: Callable[..., Any]) -> None:
    window = open_wizard(TRA_TAY)
    page = window.open_page("muc-1")  # role tinh-hinh
    assert page.guidance.text().startswith("Nêu ngắn gọn đặc điểm")
    assert page.phrases.count() >= 3
    assert [page.bullet_button.text(), page.footnote_button.text(), page.table_button.text()] == [
        "Gạch đầu dòng",
        "Chú thích",
        "Chèn bảng",
    ]
    phrase = page.phrases.item(1).text()
    page.editor.moveCursor(QTextCursor.MoveOperation.End)
    page.phrases.setCurrentRow(1)
    page.phrase_button.click()
    assert phrase in all_text(window.report)
    page.outline.select(window.report.sections[0].subsections()[1])  # Khó khăn: its own guidance
    assert page.guidance.text().startswith("Nêu các khó khăn")


def test_cloned_sections_show_the_review_banner_until_confirmed(
    qtbot: QtBot, open_wizard: Callable[..., Any], filled_library: DraftRepository
) -> None:
    clone = filled_library.clone(TRA_TAY, year=2024)
    window = open_wizard(clone.draft.id)
    assert window.page_marks()["muc-1"] == "!"
    page = window.open_page("muc-1")
    assert page.banner.isVisibleTo(page)
    assert "được chép từ báo cáo kỳ trước" in page.banner_text.text()
    assert page.review_button.text() == "Đã rà soát"
    page.review_button.click()
    assert not page.banner.isVisibleTo(page)
    qtbot.waitUntil(
        lambda: not needs_review(stored(filled_library, clone.draft.id).sections[0]), timeout=SAVED_WITHIN_MS
    )


# ---------------------------------------------------------------------------------------------
# Opening, closing, review


def test_the_closing_sentence_is_proposed_from_the_report_itself(
    open_wizard: Callable[..., Any], filled_library: DraftRepository, message_boxes: MessageBoxes
) -> None:
    report = tra_tay()
    report.closing = []
    draft = filled_library.create(report)
    window = open_wizard(draft.id)
    page = window.open_page("ket-thuc")
    assert page.propose_button.text() == "Đề xuất câu kết"
    page.propose_button.click()
    closing = window.report.closing[0].plain_text
    assert closing.startswith("Trên đây là báo cáo sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo”")
    assert "Ủy ban nhân dân xã Trà Tây" in closing
    assert message_boxes.shown == []
    page.propose_button.click()  # text exists: appended after asking, nothing replaced
    assert message_boxes.shown[0][0] == "Đề xuất câu kết"
    assert [p.plain_text for p in window.report.closing] == [closing, closing]


def test_review_lists_problems_and_jumps_to_where_they_are_fixed(
    open_wizard: Callable[..., Any], filled_library: DraftRepository
) -> None:
    report = tra_tay()
    report.sections[1].blocks.append(Section(title="Kết quả khác"))
    draft = filled_library.create(report)
    window = open_wizard(draft.id)
    window.open_page("chu-ky").name_edit.clear()
    review = window.open_page("xem-lai")
    assert review.docx_button.text() == "Xuất .docx…" and review.json_button.text() == "Xuất .baocao.json…"
    texts = [review.problems.item(i).text() for i in range(review.problems.count())]
    assert any(text.startswith("Thiếu – Chữ ký: Chưa có họ tên người ký") for text in texts)
    assert any("Mục «Kết quả khác» chưa có nội dung" in text for text in texts)
    paths = review.problem_paths()
    review.problems.itemActivated.emit(review.problems.item(paths.index("signature.name")))
    assert window.current_name() == "chu-ky"
    window.open_path(next(path for path, text in zip(paths, texts, strict=True) if "Kết quả khác" in text))
    assert window.current_name() == "muc-2"
    assert window.current_page().current.title == "Kết quả khác"
    review = window.open_page("xem-lai")
    review.outline.select(window.report.sections[2])
    review.outline.jump_button.click()
    assert window.current_name() == "muc-3"


# ---------------------------------------------------------------------------------------------
# Export


def test_export_docx_in_the_background_then_offer_to_open_it(
    qtbot: QtBot,
    open_wizard: Callable[..., Any],
    wizard: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(wizard.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    folder = tmp_path / "Báo cáo"
    folder.mkdir()
    asked: list[tuple[str, str]] = []

    def ask(parent: object, title: str, start: str, name: str, file_filter: str) -> str:
        asked.append((start, name))
        return str(folder / "bao-cao-tra-tay")

    monkeypatch.setattr(wizard, "ask_save_path", ask)
    window = open_wizard(TRA_TAY)
    type_at_end(window.page("muc-3").editor, " Mô hình “Dân vận khéo” được nhân rộng ở thôn Trà Xinh.")
    review = window.open_page("xem-lai")
    with qtbot.waitSignal(window.exported, timeout=10000) as exported:
        review.docx_button.click()
    target = folder / "bao-cao-tra-tay.docx"
    assert exported.args == [str(target)]
    assert asked[0][1].startswith("Sơ kết 03 năm thực hiện Phong trào thi đua") and asked[0][1].endswith(".docx")
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(target)).paragraphs)
    assert "Mô hình “Dân vận khéo” được nhân rộng ở thôn Trà Xinh." in text
    assert QSettings().value(wizard.LAST_FOLDER_KEY) == str(folder)
    assert message_boxes.shown[-1][0] == "Đã xuất tệp Word"
    assert opened == [str(target)]
    assert review.docx_button.isEnabled()
    with qtbot.waitSignal(window.exported, timeout=10000):  # finished before the test ends and its patches go
        window.export_docx()
    assert asked[1][0] == str(folder)  # the folder is remembered


def test_an_export_error_is_shown_in_vietnamese(
    qtbot: QtBot, open_wizard: Callable[..., Any], tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    window = open_wizard(TRA_TAY)
    blocked = tmp_path / "khong-ghi-duoc"
    blocked.write_text("một tệp, không phải thư mục")
    window.export_docx(blocked / "bao-cao.docx")
    qtbot.waitUntil(lambda: bool(message_boxes.shown), timeout=10000)
    assert message_boxes.shown[0][0] == "Không xuất được tệp Word"


def test_an_incomplete_report_is_not_exported_and_the_officer_is_taken_to_the_gap(
    open_wizard: Callable[..., Any],
    wizard: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(wizard, "ask_save_path", lambda *args: asked.append("asked") or str(tmp_path / "x.docx"))
    window = open_wizard(TRA_TAY)
    window.open_page("chu-ky").name_edit.clear()
    window.open_page("xem-lai").docx_button.click()
    assert message_boxes.shown[0][0] == "Báo cáo chưa đủ để in"
    assert "Chưa có họ tên người ký." in message_boxes.shown[0][1]
    assert window.current_name() == "chu-ky"
    assert asked == [] and not (tmp_path / "x.docx").exists()


def test_export_report_file_round_trips(open_wizard: Callable[..., Any], tmp_path: Path) -> None:
    window = open_wizard(BINH_SON)
    type_at_end(window.page("muc-2").editor, " Có 12 mô hình “Dân vận khéo” tiêu biểu.")
    target = tmp_path / "binh-son"
    window.export_report_file(target)
    written = tmp_path / "binh-son.baocao.json"
    assert report_to_data(read_report(written)) == report_to_data(window.report)
    assert "Có 12 mô hình “Dân vận khéo” tiêu biểu." in all_text(read_report(written))


# ---------------------------------------------------------------------------------------------
# Speed


def long_report() -> Report:
    """About 30 printed pages: the Trà Tây example's sections five times over."""
    report = tra_tay()
    report.sections = [copy.deepcopy(section) for _ in range(5) for section in report.sections]
    return report


def test_a_30_page_draft_opens_quickly(
    qtbot: QtBot, wizard: ModuleType, filled_library: DraftRepository, catalog: KindCatalog
) -> None:
    draft = filled_library.create(long_report())
    QApplication.processEvents()
    start = time.perf_counter()
    window = wizard.WizardWindow(filled_library, draft.id, catalog)
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    elapsed = time.perf_counter() - start
    assert len(window.specs) == 6 + 20
    assert elapsed < 3.0  # a hang guard; the target (≤ 300 ms) is measured by bench, not asserted here
    window.open_page("muc-13")
    window.close()


def test_a_long_section_keeps_typing_fast(
    qtbot: QtBot, open_wizard: Callable[..., Any], filled_library: DraftRepository
) -> None:
    report = long_report()
    report.sections[0].blocks.extend(Paragraph([Span(f"Đoạn thứ {i} của mục dài.")]) for i in range(300))
    draft = filled_library.create(report)
    window = open_wizard(draft.id)
    editor = window.open_page("muc-1").editor
    start = time.perf_counter()
    for word in ("Một", " hai", " ba", " bốn", " năm"):
        type_at_end(editor, word)
    assert time.perf_counter() - start < 2.0  # hang guard
    assert "Đoạn thứ 299 của mục dài.Một hai ba bốn năm" in all_text(window.report)


def test_the_suggested_file_name_keeps_whole_words() -> None:
    from app.core.report_file import read_report
    from app.ui.wizard import suggested_file_name
    from tests.conftest import example_path

    report = read_report(example_path("ubnd-huyen-binh-son-so-ket-2022"))  # a trích yếu of 150 characters
    stem = suggested_file_name(report, ".docx").removesuffix(".docx")
    words = " ".join((report.summary or "").replace("/", " ").split()).split(" ")
    assert len(stem) <= 80
    assert stem.split(" ") == words[: len(stem.split(" "))]  # a run of whole words from the start
