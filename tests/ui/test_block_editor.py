"""The block editor: model blocks in and out unchanged, typing, pasting, footnotes, tables, sub-sections, undo."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from app.core.model import Block, Bullet, Footnote, Paragraph, Section, Span, Table, walk_sections
from app.core.report_file import read_report
from app.importers.clipboard import blocks_from_html, blocks_to_html, blocks_to_plain_text
from app.ui.block_editor import BlockEditor
from app.ui.table_dialog import TableDialog
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.ui.conftest import type_text

# -- helpers ----------------------------------------------------------------------------------


@pytest.fixture
def editor(qtbot: QtBot) -> BlockEditor:
    widget = BlockEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    return widget


@pytest.fixture
def shown(editor: BlockEditor, qtbot: QtBot) -> BlockEditor:
    editor.show()
    qtbot.waitExposed(editor)
    return editor


class Recorder:
    def __init__(self, editor: BlockEditor) -> None:
        self.changes = 0
        self.notices: list[str] = []
        editor.contentChanged.connect(self._changed)
        editor.notice.connect(self.notices.append)

    def _changed(self) -> None:
        self.changes += 1


def place(editor: BlockEditor, position: int, anchor: int | None = None) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(position if anchor is None else anchor)
    if anchor is not None:
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def position_of(editor: BlockEditor, text: str) -> int:
    return editor.toPlainText().index(text)


def paste_html(editor: BlockEditor, markup: str) -> None:
    mime = QMimeData()
    mime.setHtml(markup)
    editor.insertFromMimeData(mime)


def paste_text(editor: BlockEditor, text: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    editor.insertFromMimeData(mime)


def key(qtbot: QtBot, editor: BlockEditor, which: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> None:
    qtbot.keyClick(editor, which, modifiers or Qt.KeyboardModifier.NoModifier)


def marker_point(editor: BlockEditor, block_number: int) -> QPoint:
    """The viewport point in the middle of the marker box in a block (the editor must be shown)."""
    document = editor.document()
    rect = document.documentLayout().blockBoundingRect(document.findBlockByNumber(block_number))
    return QPoint(int(rect.left() + 30), int(rect.center().y())) - QPoint(
        editor.horizontalScrollBar().value(), editor.verticalScrollBar().value()
    )


def p(*parts: str | Span | Footnote) -> Paragraph:
    return Paragraph([Span(part) if isinstance(part, str) else part for part in parts])


def b(*parts: str | Span | Footnote) -> Bullet:
    return Bullet([Span(part) if isinstance(part, str) else part for part in parts])


def example_block_lists() -> Iterator[tuple[str, list[Block]]]:
    for name in EXAMPLE_NAMES:
        report = read_report(example_path(name))
        sections = list(walk_sections(report.sections))
        for appendix in report.appendices:
            sections.extend(walk_sections(appendix.sections))
        for depth, section in sections:
            yield f"{name} / {depth} / {section.title}", section.blocks


# -- round trips ------------------------------------------------------------------------------


def test_every_section_of_the_examples_comes_back_unchanged(editor: BlockEditor) -> None:
    checked = 0
    for where, blocks in example_block_lists():
        editor.set_blocks(blocks)
        result = editor.blocks()
        assert result == blocks, where
        for original, returned in zip(blocks, result, strict=True):
            if isinstance(original, Section):
                assert returned is original, where
        checked += 1
    assert checked > 40


def test_opening_and_closing_of_the_examples_come_back_unchanged(qtbot: QtBot) -> None:
    editor = BlockEditor(allow_structure=False)
    qtbot.addWidget(editor)
    for name in EXAMPLE_NAMES:
        report = read_report(example_path(name))
        for paragraphs in (report.opening, report.closing):
            editor.set_paragraphs(paragraphs)
            assert editor.paragraphs() == paragraphs
            assert editor.blocks() == paragraphs


_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyÂĐƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ0123456789"
_TEXT = st.text(alphabet=_LETTERS + " ,.;:()/%–“”\t\n", min_size=1, max_size=12)
_SPAN = st.builds(Span, _TEXT, st.booleans(), st.booleans())
_FOOTNOTE = st.builds(Footnote, st.text(alphabet=_LETTERS + " ./-", max_size=12))
_INLINE = st.lists(st.one_of(_SPAN, _SPAN, _FOOTNOTE), min_size=1, max_size=6)
_CELL = st.one_of(
    st.none(), st.integers(-(10**9), 10**12), st.floats(allow_nan=False, allow_infinity=False), st.text(_LETTERS)
)
_ROWS = st.lists(st.lists(_CELL, min_size=1, max_size=4), max_size=3)
_BLOCK = st.one_of(
    st.builds(Paragraph, _INLINE),
    st.builds(Bullet, _INLINE),
    st.builds(Table, header=_ROWS, rows=_ROWS, caption=st.none() | _TEXT, notes=st.none() | _TEXT),
    st.builds(Section, title=st.text(_LETTERS + " ", min_size=1, max_size=20)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=st.lists(_BLOCK, max_size=8))
def test_generated_blocks_come_back_unchanged(editor: BlockEditor, blocks: list[Block]) -> None:
    editor.set_blocks(blocks)
    result = editor.blocks()
    assert result == blocks
    for given_block, returned in zip(blocks, result, strict=True):
        if isinstance(given_block, (Section, Table)):
            assert returned is given_block


def test_set_blocks_is_silent_and_clears_undo(editor: BlockEditor) -> None:
    record = Recorder(editor)
    editor.set_blocks([p("Đoạn một.")])
    type_text(editor, "Thêm ")
    assert record.changes == 1
    editor.set_blocks([p("Đoạn hai.")])
    editor.set_paragraphs([p("Đoạn ba.")])
    assert record.changes == 1
    assert not editor.document().isUndoAvailable()
    assert editor.blocks() == [p("Đoạn ba.")]


def test_paragraphs_only_editor(qtbot: QtBot) -> None:
    editor = BlockEditor(allow_structure=False)
    qtbot.addWidget(editor)
    record = Recorder(editor)
    with pytest.raises(ValueError):
        editor.set_blocks([b("Gạch đầu dòng")])
    editor.set_paragraphs([p("Thực hiện Công văn số 1444/UBND-NV, ", Span("báo cáo", bold=True), " như sau:")])
    editor.toggle_bullet()
    editor.insert_table(Table(rows=[["a"]]))
    assert len(record.notices) == 2
    place(editor, len(editor.toPlainText()))
    paste_text(editor, "\n- Nội dung một\n- Nội dung hai")
    assert editor.paragraphs()[1:] == [p("- Nội dung một"), p("- Nội dung hai")]
    assert all(isinstance(block, Paragraph) for block in editor.blocks())


# -- typing -----------------------------------------------------------------------------------


def test_typing_emits_content_changed(editor: BlockEditor) -> None:
    record = Recorder(editor)
    editor.set_blocks([p("Xã Trà Tây")])
    place(editor, len("Xã Trà Tây"))
    type_text(editor, " đạt chuẩn nông thôn mới")
    assert editor.blocks() == [p("Xã Trà Tây đạt chuẩn nông thôn mới")]
    assert record.changes == 1


def test_nfd_ime_commit_ends_up_nfc(editor: BlockEditor) -> None:
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân xã")
    assert decomposed != "Ủy ban nhân dân xã"
    type_text(editor, decomposed)
    assert editor.blocks() == [p("Ủy ban nhân dân xã")]
    assert unicodedata.is_normalized("NFC", editor.toPlainText())


def test_control_character_typed_by_an_ime_is_removed_with_a_notice(editor: BlockEditor) -> None:
    record = Recorder(editor)
    type_text(editor, "Kết\x07 quả")
    assert editor.blocks() == [p("Kết quả")]
    assert record.notices and "U+0007" in record.notices[0]


def test_bold_and_italic_shortcuts(editor: BlockEditor, qtbot: QtBot) -> None:
    editor.set_blocks([p("Kết quả nổi bật năm 2023")])
    start = position_of(editor, "nổi bật")
    place(editor, start + len("nổi bật"), anchor=start)
    key(qtbot, editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, editor, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert editor.blocks() == [p("Kết quả ", Span("nổi bật", bold=True, italic=True), " năm 2023")]
    key(qtbot, editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert editor.blocks() == [p("Kết quả ", Span("nổi bật", italic=True), " năm 2023")]

    place(editor, len(editor.toPlainText()))
    key(qtbot, editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, " (tăng)")
    assert editor.blocks()[0].inline[-1] == Span(" (tăng)", bold=True)


def test_undo_and_redo_from_the_keyboard(editor: BlockEditor, qtbot: QtBot) -> None:
    record = Recorder(editor)
    editor.set_blocks([p("Năm 2023")])
    place(editor, len("Năm 2023"))
    type_text(editor, ", xã đạt")
    key(qtbot, editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.blocks() == [p("Năm 2023")]
    key(qtbot, editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert editor.blocks() == [p("Năm 2023, xã đạt")]
    key(qtbot, editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.blocks() == [p("Năm 2023, xã đạt")]
    assert record.changes == 5


def test_toggle_bullet(editor: BlockEditor, qtbot: QtBot) -> None:
    record = Recorder(editor)
    editor.set_blocks([p("Một"), p("Hai"), p("Ba")])
    place(editor, position_of(editor, "Ba"), anchor=position_of(editor, "Hai"))
    editor.toggle_bullet()
    assert editor.blocks() == [p("Một"), b("Hai"), b("Ba")]
    place(editor, 1)
    editor.toggle_bullet()
    assert editor.blocks() == [b("Một"), b("Hai"), b("Ba")]
    place(editor, position_of(editor, "Ba"), anchor=0)
    editor.toggle_bullet()
    assert editor.blocks() == [p("Một"), p("Hai"), p("Ba")]
    assert record.changes == 3
    editor.undo()
    assert editor.blocks() == [b("Một"), b("Hai"), b("Ba")]

    # Enter on an empty bullet ends the list; Backspace at the start of a bullet makes it a paragraph
    place(editor, len(editor.toPlainText()))
    key(qtbot, editor, Qt.Key.Key_Return)
    key(qtbot, editor, Qt.Key.Key_Return)
    type_text(editor, "Bốn")
    assert editor.blocks()[-1] == p("Bốn")
    place(editor, position_of(editor, "Ba"))
    key(qtbot, editor, Qt.Key.Key_Tab)  # no nested lists: the report has one level of bullets
    assert editor.document().findBlockByNumber(2).textList().format().indent() == 1
    place(editor, position_of(editor, "Hai"))
    key(qtbot, editor, Qt.Key.Key_Backspace)
    assert editor.blocks() == [b("Một"), p("Hai"), b("Ba"), p("Bốn")]
    assert editor.document().findBlockByNumber(1).blockFormat().indent() == 0


# -- footnotes --------------------------------------------------------------------------------


def test_footnote_inserted_at_the_cursor(editor: BlockEditor) -> None:
    record = Recorder(editor)
    editor.set_blocks([p("Triển khai Kế hoạch của huyện, đạt kết quả tốt.")])
    place(editor, position_of(editor, ", đạt"))
    editor.insert_footnote("Kế hoạch số 17/KH-UBND ngày 02/4/2020")
    expected = p(
        "Triển khai Kế hoạch của huyện", Footnote("Kế hoạch số 17/KH-UBND ngày 02/4/2020"), ", đạt kết quả tốt."
    )
    assert editor.blocks() == [expected]
    assert record.changes == 1

    type_text(editor, " (đã ban hành)")  # typed right after the mark: text, not more footnotes
    assert editor.blocks()[0].inline[2] == Span(" (đã ban hành), đạt kết quả tốt.")
    editor.undo()
    editor.undo()
    assert editor.blocks() == [p("Triển khai Kế hoạch của huyện, đạt kết quả tốt.")]
    editor.redo()
    assert editor.blocks() == [expected]


def test_footnote_dialog_is_vietnamese_and_empty_text_inserts_nothing(
    editor: BlockEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = ["Nghị quyết số 05-NQ/ĐU", "   ", None]
    seen: list[tuple[str, str, str]] = []

    def fake_exec(dialog: QInputDialog) -> int:
        seen.append((dialog.okButtonText(), dialog.cancelButtonText(), dialog.windowTitle()))
        answer = answers.pop(0)
        if answer is None:
            return QDialog.DialogCode.Rejected
        dialog.setTextValue(answer)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", fake_exec)
    editor.set_blocks([p("Thực hiện Nghị quyết")])
    place(editor, len("Thực hiện Nghị quyết"))
    editor.insert_footnote()
    editor.insert_footnote()
    editor.insert_footnote()
    assert editor.blocks() == [p("Thực hiện Nghị quyết", Footnote("Nghị quyết số 05-NQ/ĐU"))]
    assert seen[0] == ("Đồng ý", "Hủy", "Chú thích")


def test_footnote_editing(editor: BlockEditor, monkeypatch: pytest.MonkeyPatch) -> None:
    editor.set_blocks([p("Theo báo cáo", Footnote("Báo cáo số 12"), " của xã.")])
    place(editor, len("Theo báo cáo") + 1)  # just after the mark
    editor.edit_footnote_at_cursor("Báo cáo số 12/BC-UBND ngày 05/6/2023")
    assert editor.blocks() == [p("Theo báo cáo", Footnote("Báo cáo số 12/BC-UBND ngày 05/6/2023"), " của xã.")]

    def fake_exec(dialog: QInputDialog) -> int:
        assert dialog.textValue() == "Báo cáo số 12/BC-UBND ngày 05/6/2023"
        dialog.setTextValue("Báo cáo số 13")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", fake_exec)
    place(editor, len("Theo báo cáo"))  # just before the mark
    editor.edit_footnote_at_cursor()
    assert editor.blocks() == [p("Theo báo cáo", Footnote("Báo cáo số 13"), " của xã.")]
    editor.undo()
    assert editor.blocks()[0].inline[1] == Footnote("Báo cáo số 12/BC-UBND ngày 05/6/2023")


def test_deleting_the_mark_deletes_the_footnote_undoably(editor: BlockEditor, qtbot: QtBot) -> None:
    editor.set_blocks([p("Kết quả", Footnote("Nguồn: UBND xã"), " tốt.")])
    place(editor, len("Kết quả") + 1)
    key(qtbot, editor, Qt.Key.Key_Backspace)
    assert editor.blocks() == [p("Kết quả tốt.")]
    editor.undo()
    assert editor.blocks() == [p("Kết quả", Footnote("Nguồn: UBND xã"), " tốt.")]


def test_footnotes_are_numbered_in_order_and_double_click_edits(
    shown: BlockEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown.set_blocks([p("Một", Footnote("A"), " hai", Footnote("B")), b("Ba", Footnote("C"))])
    marks = [index for index, character in enumerate(shown.toPlainText()) if character == "\ufffc"]
    assert [shown._footnote_number(position) for position in marks] == [1, 2, 3]
    shown.set_first_footnote_number(4)
    assert shown._footnote_number(marks[2]) == 6

    monkeypatch.setattr(QInputDialog, "exec", lambda dialog: dialog.setTextValue("B mới") or 1)
    rect = shown._character_rect(marks[1])
    point = rect.center().toPoint() - QPoint(0, shown.verticalScrollBar().value())
    assert "B" in (shown._tooltip_at(point) or "")
    qtbot.mouseDClick(shown.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert shown.blocks()[0] == p("Một", Footnote("A"), " hai", Footnote("B mới"))


# -- tables -----------------------------------------------------------------------------------


def test_table_inserted_through_the_dialog(editor: BlockEditor, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_exec(dialog: TableDialog) -> int:
        dialog.set_grid_size(2, 2)
        for row, column, text in [(0, 0, "Chỉ tiêu"), (0, 1, "Kết quả"), (1, 0, "Hộ thoát nghèo"), (1, 1, "1.250")]:
            dialog.set_cell_text(row, column, text)
        dialog.caption_edit.setText("Kết quả giảm nghèo")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TableDialog, "exec", fake_exec)
    record = Recorder(editor)
    editor.set_blocks([p("Trước bảng. Sau bảng.")])
    place(editor, position_of(editor, " Sau"))
    editor.insert_table()
    table = Table(header=[["Chỉ tiêu", "Kết quả"]], rows=[["Hộ thoát nghèo", 1250]], caption="Kết quả giảm nghèo")
    assert editor.blocks() == [p("Trước bảng."), table, p(" Sau bảng.")]
    assert editor.marker_text(1) == "▦ Bảng: Kết quả giảm nghèo (nhấp đúp để sửa)"
    assert record.changes == 1
    editor.undo()
    assert editor.blocks() == [p("Trước bảng. Sau bảng.")]


def test_table_edited_by_double_click_and_undone(
    shown: BlockEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = Table(header=[["Xã", "Số hộ"]], rows=[["Trà Tây", 120]])
    shown.set_blocks([p("Số liệu như sau:"), table, p("Trên đây là số liệu.")])

    def fake_exec(dialog: TableDialog) -> int:
        assert dialog.cell_text(1, 1) == "120"
        dialog.set_cell_text(1, 1, "1.125")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TableDialog, "exec", fake_exec)
    qtbot.mouseDClick(shown.viewport(), Qt.MouseButton.LeftButton, pos=marker_point(shown, 1))
    edited = shown.blocks()[1]
    assert edited == Table(header=[["Xã", "Số hộ"]], rows=[["Trà Tây", 1125]])
    assert table.rows == [["Trà Tây", 120]]  # the old table object is not touched
    shown.undo()
    assert shown.blocks()[1] is table


def test_backspace_selects_a_marker_first_then_deletes_it(editor: BlockEditor, qtbot: QtBot) -> None:
    table = Table(rows=[["a", 1]])
    editor.set_blocks([p("Trước"), table, p("Sau")])
    place(editor, position_of(editor, "Sau"))
    key(qtbot, editor, Qt.Key.Key_Backspace)
    assert editor.blocks() == [p("Trước"), table, p("Sau")]
    assert editor.textCursor().selectedText() == "\ufffc"
    key(qtbot, editor, Qt.Key.Key_Backspace)
    assert editor.blocks() == [p("Trước"), p("Sau")]
    editor.undo()
    assert editor.blocks()[1] is table


# -- sub-sections -----------------------------------------------------------------------------


def test_sub_section_markers_cannot_be_typed_into(editor: BlockEditor, qtbot: QtBot) -> None:
    first, second = Section("Thuận lợi"), Section("Khó khăn")
    editor.set_blocks([p("Đặc điểm chung."), first, second])
    editor.set_section_labels({id(first): "1. Thuận lợi"})
    assert editor.marker_text(1) == "▸ Mục con: 1. Thuận lợi"
    assert editor.marker_text(3) == "▸ Mục con: Khó khăn"
    assert editor.marker_text(2) is None  # an empty paragraph between two markers: a place to type

    marker = editor.document().findBlockByNumber(1)
    place(editor, 0)
    place(editor, marker.position())  # moving forward into the marker: the cursor steps over it
    assert editor.textCursor().blockNumber() == 2
    type_text(editor, "Nội dung giữa hai mục con.")
    place(editor, marker.position() + 1)  # moving back into it: to the end of the paragraph before
    assert editor.textCursor().position() == len("Đặc điểm chung.")
    type_text(editor, " Thêm")
    key(qtbot, editor, Qt.Key.Key_Return)
    type_text(editor, "Đoạn mới.")
    assert editor.blocks() == [
        p("Đặc điểm chung. Thêm"),
        p("Đoạn mới."),
        first,
        p("Nội dung giữa hai mục con."),
        second,
    ]
    assert editor.blocks()[2] is first
    for number in range(editor.document().blockCount()):
        text = editor.document().findBlockByNumber(number).text()
        assert text == "\ufffc" or "\ufffc" not in text


def test_text_arriving_at_a_marker_goes_into_a_new_paragraph_beside_it(editor: BlockEditor) -> None:
    section = Section("Thuận lợi")
    editor.set_blocks([section])
    marker = editor.document().findBlockByNumber(1)
    for position, expected in [
        (marker.position(), [p("Trước"), section]),
        (marker.position() + 1 + len("Trước") + 1, [p("Trước"), section, p("Sau")]),
    ]:
        cursor = QTextCursor(editor.document())
        cursor.setPosition(position)  # as Qt may leave it (a drop, an IME), bypassing the editor's cursor rules
        assert editor._marker(cursor.block()) is section
        editor._leave_marker(cursor)
        cursor.insertText("Sau" if expected[-1] != section else "Trước")
        assert editor.blocks() == expected


def test_sub_sections_are_never_lost(editor: BlockEditor, qtbot: QtBot) -> None:
    record = Recorder(editor)
    first, second = Section("Ưu điểm"), Section("Hạn chế")
    editor.set_blocks([p("Mở đầu."), first, p("Giữa."), second, p("Cuối.")])
    editor.selectAll()
    key(qtbot, editor, Qt.Key.Key_Delete)
    result = editor.blocks()
    assert result == [first, second]
    assert result[0] is first and result[1] is second
    assert record.notices and "Ưu điểm" in record.notices[-1] and "dàn ý" in record.notices[-1]

    editor.undo()
    assert editor.blocks() == [p("Mở đầu."), first, p("Giữa."), second, p("Cuối.")]

    # a marker typed over is deleted, and its sub-section still comes back, at the end
    place(editor, position_of(editor, "Giữa."))
    key(qtbot, editor, Qt.Key.Key_Backspace)  # selects the first marker
    type_text(editor, "Thêm")
    result = editor.blocks()
    assert result == [p("Mở đầu."), p("Thêm"), p("Giữa."), second, p("Cuối."), first]
    assert result[-1] is first


def test_double_click_on_a_sub_section_marker_activates_it(shown: BlockEditor, qtbot: QtBot) -> None:
    section = Section("Thuận lợi")
    shown.set_blocks([p("Tình hình."), section])
    with qtbot.waitSignal(shown.sectionActivated) as activated:
        qtbot.mouseDClick(shown.viewport(), Qt.MouseButton.LeftButton, pos=marker_point(shown, 1))
    assert activated.args == [section]


def test_cut_and_paste_moves_a_sub_section_and_copies_footnotes(editor: BlockEditor) -> None:
    section = Section("Thuận lợi")
    editor.set_blocks([p("Một", Footnote("Ghi chú")), section, p("Hai")])
    place(editor, position_of(editor, "Hai") - 1, anchor=0)  # the paragraph and the marker
    editor.cut()
    assert editor.blocks() == [p("Hai"), section]  # kept at the end meanwhile
    place(editor, len(editor.toPlainText()))
    editor.paste()
    assert editor.blocks() == [p("HaiMột", Footnote("Ghi chú")), section]
    assert editor.blocks()[1] is section

    editor.selectAll()
    editor.copy()
    place(editor, 0)
    editor.paste()  # a copy may not put the same sub-section twice
    assert [block for block in editor.blocks() if isinstance(block, Section)] == [section]


# -- pasting ----------------------------------------------------------------------------------

WORD_HTML = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<style><!-- /* Style Definitions */
p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:12.0pt; font-family:"Times New Roman",serif;}
p.MsoListParagraph {margin-left:36.0pt; mso-add-space:auto;}
--></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
</head>
<body lang=VI style='tab-interval:36.0pt;word-wrap:break-word'>
<!--StartFragment-->
<p class=MsoNormal style='text-align:justify;text-indent:36.0pt'><b><span
style='font-size:14.0pt;mso-bidi-font-size:12.0pt;color:#C00000'>I. TÌNH HÌNH CHUNG<o:p></o:p></span></b></p>
<p class=MsoNormal style='text-align:justify;text-indent:36.0pt'><span style='font-size:14.0pt;
font-family:"Arial",sans-serif;mso-bidi-font-weight:bold'>Năm 2023, Ủy ban nhân dân xã đã <i>tập trung
chỉ đạo</i> quyết liệt&nbsp;các nhiệm vụ<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1"
title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span style='font-size:14.0pt'>[1]</span></span><![endif]></span></span></a>,
đạt kết quả <span style='font-weight:bold'>khá toàn diện</span>.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span
style='font-size:14.0pt;background:yellow;mso-highlight:yellow'>Tổ chức 05 hội nghị tuyên truyền;<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-size:14.0pt'><span style='mso-list:Ignore'>-<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]><span style='font-size:14.0pt'>Vận động <b><i>100%</i></b> hộ gia đình
tham gia.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal style='text-indent:36.0pt'><span lang=EN-US style='font-size:14.0pt'>- Công tác cải cách
hành chính được quan tâm.<o:p></o:p></span></p>
<!--EndFragment-->
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>
<hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1'
href="#_ftnref1" name="_ftn1" title=""><span class=MsoFootnoteReference><span
style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference>[1]</span><![endif]></span></span></a> Kế hoạch số 17/KH-UBND ngày 02/4/2020.<o:p></o:p></p>
</div></div>
</body></html>"""

WORD_BLOCKS: list[Block] = [
    p(Span("I. TÌNH HÌNH CHUNG", bold=True)),
    p(
        "Năm 2023, Ủy ban nhân dân xã đã ",
        Span("tập trung chỉ đạo", italic=True),
        " quyết liệt các nhiệm vụ",
        Footnote("Kế hoạch số 17/KH-UBND ngày 02/4/2020."),
        ", đạt kết quả ",
        Span("khá toàn diện", bold=True),
        ".",
    ),
    b("Tổ chức 05 hội nghị tuyên truyền;"),
    b("Vận động ", Span("100%", bold=True, italic=True), " hộ gia đình tham gia."),
    b("Công tác cải cách hành chính được quan tâm."),
]


def test_paste_from_word_keeps_paragraphs_bullets_bold_italic_footnotes(editor: BlockEditor) -> None:
    record = Recorder(editor)
    paste_html(editor, WORD_HTML)
    assert editor.blocks() == WORD_BLOCKS
    assert record.changes == 1
    editor.undo()
    assert editor.blocks() == []


def test_paste_through_the_clipboard_in_the_middle_of_a_paragraph(editor: BlockEditor, qtbot: QtBot) -> None:
    editor.set_blocks([p("Đầu đoạn | cuối đoạn.")])
    place(editor, position_of(editor, "| "), anchor=position_of(editor, "| ") + 2)
    mime = QMimeData()
    mime.setHtml(
        '<p><span style="font-family:Arial;color:red;font-size:20pt">thứ nhất</span></p><p><b>thứ hai</b> </p>'
    )
    QGuiApplication.clipboard().setMimeData(mime)
    key(qtbot, editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.blocks() == [p("Đầu đoạn thứ nhất"), p(Span("thứ hai", bold=True), "cuối đoạn.")]


def test_paste_from_a_web_page_and_libreoffice() -> None:
    web = """<meta charset='utf-8'><b style="font-weight:normal;" id="docs-internal-guid-1"><h2>Kết quả</h2>
    <ul><li><span style="font-weight:700">Tuyên truyền</span> 12 buổi</li><li>Vận động <em>quyên góp</em></li></ul>
    <ol><li><p>Thứ nhất</p></li></ol><p style="display:none">ẩn</p><script>alert(1)</script>
    <p>Dòng một<br>Dòng hai</p><p>• Mục chấm tròn</p><p>+ Mục cộng</p><p>– Mục gạch ngang</p><p>-5 độ C</p></b>"""
    blocks, dropped = blocks_from_html(web)
    assert dropped == 0
    assert blocks == [
        p(Span("Kết quả", bold=True)),
        b(Span("Tuyên truyền", bold=True), " 12 buổi"),
        b("Vận động ", Span("quyên góp", italic=True)),
        b("Thứ nhất"),
        p("Dòng một"),
        p("Dòng hai"),
        b("Mục chấm tròn"),
        b("Mục cộng"),
        b("Mục gạch ngang"),
        p("-5 độ C"),
    ]
    libreoffice = """<p>Theo kế hoạch<a class="sdfootnoteanc" name="sdfootnote1anc"
    href="#sdfootnote1sym"><sup>1</sup></a> đã giao.</p><div id="sdfootnote1"><p class="sdfootnote">
    <a class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>Kế hoạch số 5/KH-UBND.</p></div>"""
    blocks, dropped = blocks_from_html(libreoffice)
    assert blocks == [p("Theo kế hoạch", Footnote("Kế hoạch số 5/KH-UBND."), " đã giao.")]
    blocks, dropped = blocks_from_html('<p>Chú thích mất<a style="mso-footnote-id:ftn9" href="#_ftn9">[9]</a></p>')
    assert (blocks, dropped) == ([p("Chú thích mất")], 1)


TABLE_HTML = """<table border=1 class=MsoTableGrid><tr><td><p><b>STT</b></p></td><td><p><b>Nội dung</b></p></td>
<td><p><b>Năm 2023</b></p></td></tr><tr><td>1</td><td><p>Hộ</p><p>nghèo</p></td><td>1.250</td></tr>
<tr><td colspan=2>Tổng cộng</td><td>1.250,5</td></tr></table>"""


def test_pasted_table_becomes_a_report_table_or_rows_of_text(editor: BlockEditor, qtbot: QtBot) -> None:
    paste_html(editor, "<p>Số liệu:</p>" + TABLE_HTML)
    assert editor.blocks() == [
        p("Số liệu:"),
        Table(
            header=[["STT", "Nội dung", "Năm 2023"]],
            rows=[[1, "Hộ nghèo", 1250], ["Tổng cộng", None, 1250.5]],
        ),
    ]
    opening = BlockEditor(allow_structure=False)
    qtbot.addWidget(opening)
    paste_html(opening, TABLE_HTML)
    assert opening.blocks() == [
        p("STT | Nội dung | Năm 2023"),
        p("1 | Hộ nghèo | 1.250"),
        p("Tổng cộng | 1.250,5"),
    ]


def test_plain_text_paste_splits_lines_and_makes_bullets(editor: BlockEditor) -> None:
    editor.set_blocks([p("Kết quả: ")])
    place(editor, len("Kết quả: "))
    paste_text(editor, "đạt 100% kế hoạch\r\n\r\n- Tổ chức 05 hội nghị\r\n-Tuyên truyền 12 buổi\n  Phần tiếp theo  \n")
    assert editor.blocks() == [
        p("Kết quả: đạt 100% kế hoạch"),
        b("Tổ chức 05 hội nghị"),
        b("Tuyên truyền 12 buổi"),
        p("Phần tiếp theo"),
    ]
    place(editor, position_of(editor, "100%"))
    paste_text(editor, "- gần ")  # one line inside a paragraph: inserted as it is
    assert editor.blocks()[0] == p("Kết quả: đạt - gần 100% kế hoạch")


def test_control_character_in_a_paste_is_removed_with_a_notice(editor: BlockEditor) -> None:
    record = Recorder(editor)
    paste_text(editor, "Báo cáo\x01 số liệu\x1f tháng 6")
    assert editor.blocks() == [p("Báo cáo số liệu tháng 6")]
    assert len(record.notices) == 1
    assert "U+0001" in record.notices[0] and "đã xóa" in record.notices[0]
    paste_html(editor, "<p>Dòng\x02 web</p>")
    assert "U+0002" in record.notices[1]


def test_insert_phrase_is_one_undo_step(editor: BlockEditor) -> None:
    editor.set_blocks([p("Trên đây là báo cáo.")])
    place(editor, len("Trên đây là báo cáo"))
    editor.insert_phrase(" kết quả thực hiện nhiệm vụ năm 2023")
    assert editor.blocks() == [p("Trên đây là báo cáo kết quả thực hiện nhiệm vụ năm 2023.")]
    editor.undo()
    assert editor.blocks() == [p("Trên đây là báo cáo.")]


def test_large_pastes_arrive_whole(shown: BlockEditor) -> None:
    """A 5 MB paste and a 1 MB paste from Word keep every paragraph; bench/editor.py measures their time."""
    editor = shown  # laid out on screen, as the officer has it
    text = large_plain_text()
    started = time.perf_counter()
    paste_text(editor, text)
    blocks = editor.blocks()
    assert len(blocks) == text.count("\n") + 1
    assert blocks[4] == b(LARGE_PASTE_LINE)

    markup = large_word_html()
    editor.set_blocks([])
    paste_html(editor, markup)
    assert len(editor.blocks()) > 1000
    assert time.perf_counter() - started < 30  # a hang guard, not a benchmark


LARGE_PASTE_LINE = (
    "Ủy ban nhân dân xã Trà Tây đã triển khai thực hiện phong trào thi đua “Dân vận khéo” gắn với "
    "nhiệm vụ chính trị của địa phương, đạt nhiều kết quả quan trọng trong năm 2023."
)


def large_plain_text() -> str:
    """5 MB of report text, every fifth line a "- " bullet."""
    lines = [f"- {LARGE_PASTE_LINE}" if number % 5 == 4 else LARGE_PASTE_LINE for number in range(30_000)]
    text = "\n".join(lines)
    while len(text.encode("utf-8")) < 5 * 1024 * 1024:
        text += "\n" + LARGE_PASTE_LINE
    return text


def large_word_html() -> str:
    """About 1 MB of HTML as Word puts it on the clipboard."""
    paragraph = WORD_HTML[WORD_HTML.index("<p class=MsoNormal style='text-align:justify;text-indent:36.0pt'><span") :]
    paragraph = paragraph[: paragraph.index("<!--EndFragment-->")]
    return "<html><body>" + paragraph * (1024 * 1024 // len(paragraph.encode("utf-8")) + 1) + "</body></html>"


def test_context_menu_is_vietnamese(editor: BlockEditor) -> None:
    editor.set_blocks([p("Nội dung")])
    texts = [action.text() for action in editor.context_menu(QPoint(1, 1)).actions() if action.text()]
    assert "Dán" in texts and "Hoàn tác" in texts and "Chèn bảng…" in texts
    assert not {"Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select All"} & set(texts)


def test_drag_inside_the_editor_moves_text_and_markers(editor: BlockEditor) -> None:
    section = Section("Khó khăn")
    editor.set_blocks([p("Một."), section, p("Hai."), p("Ba.")])
    start = position_of(editor, "Một.")
    place(editor, position_of(editor, "Hai.") - 1, anchor=start)  # "Một." and the marker
    editor.move_selection(len(editor.toPlainText()))
    assert editor.blocks() == [p("Hai."), p("Ba.Một."), section]
    assert editor.blocks()[2] is section
    editor.undo()
    assert editor.blocks() == [p("Một."), section, p("Hai."), p("Ba.")]


def test_copied_html_reads_back_the_same() -> None:
    table = Table(header=[["Xã", "Số hộ"]], rows=[["Trà Tây", 1250.5]])
    blocks: list[Block] = [
        p(
            "Theo ",
            Span("Kế hoạch", bold=True),
            Footnote("Kế hoạch số 17/KH-UBND"),
            " của ",
            Span("huyện", italic=True),
        ),
        b("Tổ chức hội nghị"),
        b("Tuyên truyền", Footnote("12 buổi")),
        table,
        p("Hết."),
    ]
    html_blocks, dropped = blocks_from_html(blocks_to_html(blocks))
    assert dropped == 0
    assert html_blocks == blocks
    text = blocks_to_plain_text(blocks)
    assert text.splitlines()[:3] == ["Theo Kế hoạch[1] của huyện", "- Tổ chức hội nghị", "- Tuyên truyền[2]"]
    assert text.endswith("[1] Kế hoạch số 17/KH-UBND\n[2] 12 buổi")


def test_typing_over_a_selection_with_a_footnote_and_copying_out(editor: BlockEditor) -> None:
    editor.set_blocks([p("Kết quả", Footnote("Nguồn"), " rất tốt.")])
    start = position_of(editor, "rất")
    place(editor, start + len("rất"), anchor=start)
    type_text(editor, "khá")
    assert editor.blocks() == [p("Kết quả", Footnote("Nguồn"), " khá tốt.")]
    editor.selectAll()
    mime = editor.createMimeDataFromSelection()
    assert mime.text() == "Kết quả[1] khá tốt.\n\n[1] Nguồn"
    assert "mso-footnote-id:ftn1" in mime.html()
