"""Spell checking in the block editor: red underlines after the background load, suggestions on right-click,
"Bỏ qua", "Thêm vào từ điển", the on/off switch, and a quiet notice when there is no dictionary."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QAction, QTextCharFormat
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.core.model import Footnote, Paragraph, Span, Table
from app.core.spelling import DICTIONARY_VARIABLE, NO_DICTIONARY_NOTICE, SpellChecker, user_dictionary_path
from app.ui.block_editor import BlockEditor
from app.ui.spelling import ENABLED_SETTING, SpellService, reset_spell_service
from tests.ui.conftest import MessageBoxes, type_text

LOAD_TIMEOUT_MS = 20_000  # a hang guard: the dictionary loads in a fraction of a second


@pytest.fixture(autouse=True)
def fresh_service() -> Iterator[None]:
    """Each test starts as a fresh program: the dictionary not loaded yet, this test's data folder."""
    reset_spell_service()
    yield
    reset_spell_service()


def make_editor(qtbot: QtBot) -> BlockEditor:
    editor = BlockEditor()
    qtbot.addWidget(editor)
    editor.resize(700, 400)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


@pytest.fixture
def editor(qtbot: QtBot) -> BlockEditor:
    return make_editor(qtbot)


def p(*parts: str | Span | Footnote) -> Paragraph:
    return Paragraph([Span(part) if isinstance(part, str) else part for part in parts])


def wait_checked(qtbot: QtBot, editor: BlockEditor) -> None:
    """Until the dictionary has loaded and the editor's background pass is done."""
    spelling = editor.spelling
    qtbot.waitUntil(lambda: spelling.service.loaded and not spelling.busy, timeout=LOAD_TIMEOUT_MS)


def underlined(editor: BlockEditor) -> list[str]:
    """The words drawn with the red wavy line, in order."""
    found: list[str] = []
    block = editor.document().begin()
    while block.isValid():
        for item in block.layout().formats():
            if item.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                found.append(block.text()[item.start : item.start + item.length])
        block = block.next()
    return found


def point_of(editor: BlockEditor, text: str) -> QPoint:
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index(text) + 1)
    return editor.cursorRect(cursor).center()


def action(menu: QMenu, text: str) -> QAction:
    return next(item for item in menu.actions() if item.text() == text)


def texts(menu: QMenu) -> list[str]:
    return [item.text() for item in menu.actions() if item.text()]


# -- underlines ------------------------------------------------------------------------------------


def test_a_misspelling_typed_is_underlined_after_the_background_load(editor: BlockEditor, qtbot: QtBot) -> None:
    type_text(editor, "Các nghành phối hợp hòa giải; Ủy ban chỉ đạo thủy lợi, chăm lo sức khỏe.")
    qtbot.waitUntil(lambda: underlined(editor) == ["nghành"], timeout=LOAD_TIMEOUT_MS)
    type_text(editor, " Sự cố xẫy ra.")
    assert underlined(editor) == ["nghành", "xẫy"]  # once loaded, checked as it is typed


def test_underlining_is_not_an_edit(editor: BlockEditor, qtbot: QtBot) -> None:
    changes: list[None] = []
    editor.contentChanged.connect(lambda: changes.append(None))
    editor.set_blocks([p("Các nghành"), p("xẫy ra")])
    wait_checked(qtbot, editor)
    assert underlined(editor) == ["nghành", "xẫy"]
    assert changes == []  # nothing for autosave to save
    assert not editor.document().isUndoAvailable()


def test_footnote_marks_and_tables_are_not_words(editor: BlockEditor, qtbot: QtBot) -> None:
    table = Table(header=[["Chỉ tiêu", "Kết quả"]], rows=[["Hộ nghèo", "12"]])
    editor.set_blocks([p("Xã Trà Tây", Footnote("Số liệu đến ngày 30/6"), " đạt kết quả"), table, p("nghành")])
    wait_checked(qtbot, editor)
    assert underlined(editor) == ["nghành"]
    assert texts(editor.context_menu(point_of(editor, "Tây")))[0] == "Hoàn tác"  # no suggestions there


def test_a_long_draft_is_underlined_to_the_end(editor: BlockEditor, qtbot: QtBot) -> None:
    """More than the checking budget of one edit: the background pass finishes the rest."""
    wait_checked(qtbot, editor)  # the dictionary is there: the opening itself checks, up to its budget
    line = "Ủy ban nhân dân xã chỉ đạo các ngành phối hợp triển khai thực hiện nhiệm vụ được giao; "
    editor.set_blocks([p(line * 3 + f"nghành số {number}") for number in range(1500)])
    wait_checked(qtbot, editor)
    assert underlined(editor) == ["nghành"] * 1500


# -- the context menu ------------------------------------------------------------------------------


def test_right_click_suggests_and_replacing_is_one_undo(editor: BlockEditor, qtbot: QtBot) -> None:
    editor.set_blocks([p("Các ", Span("nghành", bold=True), " đều tăng.")])
    wait_checked(qtbot, editor)
    changes: list[None] = []
    editor.contentChanged.connect(lambda: changes.append(None))
    menu = editor.context_menu(point_of(editor, "nghành"))
    offered = texts(menu)
    after = offered.index("Bỏ qua")
    assert offered[0] == "ngành" and 1 <= after <= 6 and offered[after + 1] == "Thêm vào từ điển"
    assert "Hoàn tác" in texts(menu) and "Kiểm tra chính tả" in texts(menu)
    action(menu, "ngành").trigger()
    assert editor.blocks() == [p("Các ", Span("ngành", bold=True), " đều tăng.")]
    assert len(changes) == 1
    wait_checked(qtbot, editor)
    assert underlined(editor) == []
    editor.undo()
    assert editor.blocks() == [p("Các ", Span("nghành", bold=True), " đều tăng.")]
    editor.undo()
    assert editor.toPlainText() == "Các nghành đều tăng."  # nothing older: the replacement was one step


def test_suggestions_follow_the_documents_tone_placement(editor: BlockEditor, qtbot: QtBot) -> None:
    editor.set_blocks([p("Uỷ ban hoà giải; công trình thuỷ lợi; thũy")])
    wait_checked(qtbot, editor)
    menu_texts = texts(editor.context_menu(point_of(editor, "thũy")))
    assert "thuỷ" in menu_texts and "thủy" not in menu_texts
    editor.set_blocks([p("Ủy ban hòa giải; thũy")])
    wait_checked(qtbot, editor)
    menu_texts = texts(editor.context_menu(point_of(editor, "thũy")))
    assert "thủy" in menu_texts and "thuỷ" not in menu_texts


def test_add_to_dictionary_removes_the_underline_and_persists(editor: BlockEditor, qtbot: QtBot) -> None:
    editor.set_blocks([p("Triển khai ứng dụng Tiktok; nghành")])
    wait_checked(qtbot, editor)
    assert underlined(editor) == ["Tiktok", "nghành"]
    action(editor.context_menu(point_of(editor, "Tiktok")), "Thêm vào từ điển").trigger()
    wait_checked(qtbot, editor)
    assert underlined(editor) == ["nghành"]
    assert "Tiktok" in user_dictionary_path().read_text(encoding="utf-8").splitlines()

    reset_spell_service()  # the next start of the program
    later = make_editor(qtbot)
    later.set_blocks([p("Ứng dụng TIKTOK, Tiktok; nghành")])
    wait_checked(qtbot, later)
    assert underlined(later) == ["nghành"]


def test_ignore_lasts_this_session_in_every_editor(editor: BlockEditor, qtbot: QtBot) -> None:
    other = make_editor(qtbot)
    editor.set_blocks([p("Ứng dụng Zalopay")])
    other.set_blocks([p("zalopay và nghành")])
    wait_checked(qtbot, editor)
    wait_checked(qtbot, other)
    assert underlined(other) == ["zalopay", "nghành"]
    action(editor.context_menu(point_of(editor, "Zalopay")), "Bỏ qua").trigger()
    wait_checked(qtbot, editor)
    wait_checked(qtbot, other)
    assert underlined(editor) == [] and underlined(other) == ["nghành"]
    assert not user_dictionary_path().exists()


def test_a_dictionary_file_that_cannot_be_written_is_a_status_notice(
    editor: BlockEditor, qtbot: QtBot, message_boxes: MessageBoxes
) -> None:
    user_dictionary_path().parent.mkdir(parents=True, exist_ok=True)
    user_dictionary_path().write_bytes("Hôi đông\n".encode("cp1258"))  # not UTF-8: never overwritten
    notices: list[str] = []
    editor.notice.connect(notices.append)
    editor.set_blocks([p("Ứng dụng Zalopay")])
    wait_checked(qtbot, editor)
    action(editor.context_menu(point_of(editor, "Zalopay")), "Thêm vào từ điển").trigger()
    wait_checked(qtbot, editor)
    assert underlined(editor) == []  # accepted for this session all the same
    assert len(notices) == 1 and "Zalopay" in notices[0] and "UTF-8" in notices[0]
    assert message_boxes.shown == []


def test_slow_suggestions_arrive_in_the_open_menu(editor: BlockEditor, qtbot: QtBot) -> None:
    class SlowList:
        def lookup(self, word: str) -> bool:
            return word != "nghành"

        def suggest(self, word: str) -> Iterator[str]:
            time.sleep(0.5)  # a badly garbled word: longer than the menu waits (0.15 s)
            yield "ngành"

    reset_spell_service(lambda: SpellChecker(SlowList()))
    slow = make_editor(qtbot)
    slow.set_blocks([p("Các nghành")])
    wait_checked(qtbot, slow)
    menu = slow.context_menu(point_of(slow, "nghành"))
    assert texts(menu)[:2] == ["Đang tìm gợi ý…", "Bỏ qua"]
    qtbot.waitUntil(lambda: texts(menu)[:2] == ["ngành", "Bỏ qua"], timeout=LOAD_TIMEOUT_MS)
    action(menu, "ngành").trigger()
    assert slow.toPlainText() == "Các ngành"


# -- on, off, and no dictionary --------------------------------------------------------------------


def test_switching_off_is_remembered(editor: BlockEditor, qtbot: QtBot) -> None:
    editor.set_blocks([p("Các nghành")])
    wait_checked(qtbot, editor)
    toggle = action(editor.context_menu(point_of(editor, "Các")), "Kiểm tra chính tả")
    assert toggle.isCheckable() and toggle.isChecked()
    toggle.trigger()
    wait_checked(qtbot, editor)
    assert underlined(editor) == []
    assert QSettings().value(ENABLED_SETTING, type=bool) is False

    reset_spell_service()  # the next start: still off
    later = make_editor(qtbot)
    later.set_blocks([p("Các nghành")])
    wait_checked(qtbot, later)
    assert underlined(later) == []
    toggle = action(later.context_menu(point_of(later, "Các")), "Kiểm tra chính tả")
    assert not toggle.isChecked()
    toggle.trigger()
    wait_checked(qtbot, later)
    assert underlined(later) == ["nghành"]


def test_without_a_dictionary_nothing_is_underlined_and_the_menu_says_what_to_install(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: MessageBoxes
) -> None:
    monkeypatch.setenv(DICTIONARY_VARIABLE, str(tmp_path))  # an empty folder
    service: SpellService = reset_spell_service()
    editor = make_editor(qtbot)
    type_text(editor, "Các nghành xẫy ra")
    wait_checked(qtbot, editor)
    assert service.missing
    assert underlined(editor) == []
    menu = editor.context_menu(point_of(editor, "nghành"))
    notice = action(menu, NO_DICTIONARY_NOTICE)
    assert not notice.isEnabled()
    assert "Kiểm tra chính tả" not in texts(menu) and "Bỏ qua" not in texts(menu)
    assert message_boxes.shown == []
