"""The block editor: one part of a report (a section's own text, the opening, the closing) as flowing text.

The officer types as in Word; the structure of the model is kept inside the QTextDocument:

- a Paragraph is a text block; a Bullet is a text block in a QTextList, drawn with "-" as it prints;
- bold and italic are the only character formats kept (fonts, sizes and colours never enter);
- a Footnote is one object character (U+FFFC) carrying its text in its character format, drawn as a
  superscript number counted by position (1, 2, …) with the text as tool tip;
- a Table or a sub-section (Section) is a marker block: one object character alone in its block, drawn as a
  labelled box and never typed into. The Table and Section objects stay in the editor, keyed by an integer
  stored in the character format (Qt copies and compares formats; Python objects would not survive that),
  so undo and redo bring back exactly the object that was there.

Sub-sections are edited and removed in the wizard's outline, not here: a Section whose marker the officer
deleted is still returned by `blocks()`, at the end.

Pastes keep paragraphs, bullets, bold, italic and footnotes, and drop everything else. A table pasted from
Word or a web page becomes a report table (an ordinary Table block, editable in the table dialog) where
tables are allowed, and one paragraph per row with the cells joined by " | " in the opening and closing.

Misspelled words are underlined in red (app/ui/spelling.py); right-click one for suggestions, "Bỏ qua" or
"Thêm vào từ điển". Object characters are never words.
"""

from __future__ import annotations

import json
import uuid
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRect, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDropEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QHelpEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPyTextObject,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
    QTextListFormat,
)
from PySide6.QtWidgets import QDialog, QInputDialog, QMenu, QTextEdit, QToolTip, QWidget

from app.core.cells import cell_text
from app.core.model import Block, Bullet, Footnote, Inline, Paragraph, Section, Span, Table
from app.core.text import clean_input, normalize_text
from app.importers.clipboard import (
    BULLET_MARK,
    OBJECT_CHARACTER,
    blocks_from_html,
    blocks_from_plain_text,
    blocks_to_html,
    blocks_to_plain_text,
    bullet_text,
    clean_pasted,
    inline_from_data,
    inline_to_data,
    table_summary,
)
from app.ui.spelling import SpellHighlighter
from app.ui.table_dialog import TableDialog

LINE_SEPARATOR = "\u2028"
"""A line break inside a paragraph (Shift+Enter); "\\n" in the model's text."""
LARGE_PASTE_PARTS = 2000
"""Spans, footnotes and blocks in a paste above which Qt's layout is suspended while inserting."""
BLOCKS_MIME_TYPE = "application/x-tro-ly-bao-cao-blocks"
"""What the editor copies for itself: the model blocks, so a paste keeps footnotes, tables and sub-sections."""

_USER_OBJECT = QTextFormat.ObjectTypes.UserObject.value
FOOTNOTE_OBJECT = _USER_OBJECT + 1
TABLE_OBJECT = _USER_OBJECT + 2
SECTION_OBJECT = _USER_OBJECT + 3
_MARKER_OBJECTS = (TABLE_OBJECT, SECTION_OBJECT)

_USER_PROPERTY = QTextFormat.Property.UserProperty.value
FOOTNOTE_TEXT = _USER_PROPERTY + 1
MARKER_KEY = _USER_PROPERTY + 2
SPAN_PARITY = _USER_PROPERTY + 3
"""0 or 1, alternating between neighbouring spans of equal format so Qt does not merge them: the model's
spans come back exactly as they went in."""

_BOLD_WEIGHT = 600
_MARKER_PADDING = 8
_REPORT_FONTS = ["Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif", "serif"]


# ---------------------------------------------------------------------------------------------
# The editor


def _span_format(bold: bool, italic: bool, parity: int = 0) -> QTextCharFormat:
    text_format = QTextCharFormat()
    if bold:
        text_format.setFontWeight(QFont.Weight.Bold)
    if italic:
        text_format.setFontItalic(True)
    if parity:
        text_format.setProperty(SPAN_PARITY, parity)
    return text_format


def _span_style(text_format: QTextFormat) -> tuple[bool, bool, int]:
    char_format = text_format.toCharFormat()
    return (
        char_format.fontWeight() >= _BOLD_WEIGHT,
        char_format.fontItalic(),
        char_format.intProperty(SPAN_PARITY),
    )


def _text_format_like(text_format: QTextFormat) -> QTextCharFormat:
    """The plain-text format with the bold/italic of `text_format` (which may be a footnote's)."""
    return _span_format(*_span_style(text_format))


def _footnote_format(text: str) -> QTextCharFormat:
    note_format = QTextCharFormat()
    note_format.setObjectType(FOOTNOTE_OBJECT)
    note_format.setProperty(FOOTNOTE_TEXT, text)
    return note_format


def _bullet_list_format() -> QTextListFormat:
    """A list Qt lays out but draws no mark for; the editor paints the "-" itself, as the report prints it."""
    list_format = QTextListFormat()
    list_format.setStyle(QTextListFormat.Style.ListStyleUndefined)
    list_format.setNumberPrefix(BULLET_MARK)
    list_format.setNumberSuffix("")
    list_format.setIndent(1)
    return list_format


def _report_font() -> QFont:
    font = QFont()
    font.setFamilies(_REPORT_FONTS)
    font.setPointSizeF(13)
    return font


def _block_fragments(block: QTextBlock) -> Iterator[QTextFragment]:
    """The fragments of a block, in order: `for iterator in block` does the same, but PySide6 types it as object."""
    iterator = block.begin()
    while not iterator.atEnd():
        yield iterator.fragment()
        iterator += 1


class _ObjectPainter(QPyTextObject):
    """Lays out and draws the editor's object characters (footnote marks, table and sub-section markers)."""

    def __init__(self, editor: BlockEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def intrinsicSize(self, doc: QTextDocument, posInDocument: int, format: QTextFormat) -> QSizeF:
        return self._editor._object_size(posInDocument, format)

    def drawObject(
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        doc: QTextDocument,
        posInDocument: int,
        format: QTextFormat,
    ) -> None:
        self._editor._draw_object(painter, QRectF(rect), posInDocument, format)


class BlockEditor(QTextEdit):
    """Edits a list of model blocks as one flowing text, the way Word feels, with structure kept."""

    contentChanged = Signal()
    """After any edit by the officer (typing, paste, undo/redo, footnote/table insert); not after set_blocks."""
    notice = Signal(str)
    """A Vietnamese note for the status bar (characters removed from a paste, a sub-section kept …)."""
    sectionActivated = Signal(object)
    """The Section whose marker was double-clicked: the wizard jumps to it."""

    def __init__(self, parent: QWidget | None = None, *, allow_structure: bool = True) -> None:
        super().__init__(parent)
        self._allow_structure = allow_structure
        self._objects: dict[int, Table | Section] = {}
        self._keys: dict[int, int] = {}
        self._next_key = 1
        self._given_sections: list[Section] = []
        self._section_labels: dict[int, str] = {}
        self._first_footnote_number = 1
        self._footnote_cache: list[int] | None = None
        self._footnote_digits = 1
        self._token = uuid.uuid4().hex
        self._quiet = 0
        self._busy = 0
        self._changed_while_busy = False
        self._pending_notices: list[str] = []
        self._adjusting_cursor = False
        self._last_position = 0

        self.setFont(_report_font())
        self.setAcceptRichText(True)
        self._object_painter = _ObjectPainter(self)
        self._register_object_painter()
        self._footnote_timer = QTimer(self)
        self._footnote_timer.setSingleShot(True)
        self._footnote_timer.setInterval(0)
        self._footnote_timer.timeout.connect(self._refresh_footnotes)
        self._scroll_when_laid_out = QTimer(self)
        self._scroll_when_laid_out.setInterval(50)
        self._scroll_when_laid_out.timeout.connect(self._scroll_to_cursor_if_laid_out)
        document = self.document()
        document.contentsChanged.connect(self._on_contents_changed)
        document.contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self._spelling = SpellHighlighter(document, quietly=self._quietly)

    # -- content -----------------------------------------------------------------------------

    @property
    def allow_structure(self) -> bool:
        return self._allow_structure

    @property
    def spelling(self) -> SpellHighlighter:
        """The spell checker's underlines and context-menu entries for this editor."""
        return self._spelling

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Replaces the content (clearing the undo stack); `contentChanged` is not emitted."""
        if not self._allow_structure and any(not isinstance(block, Paragraph) for block in blocks):
            raise ValueError("this editor holds paragraphs only (allow_structure=False)")
        document = self.document()
        self._quiet += 1
        self._busy += 1
        try:
            document.setUndoRedoEnabled(False)
            document.clear()
            self._register_object_painter()
            self._objects.clear()
            self._keys.clear()
            self._token = uuid.uuid4().hex
            self._given_sections = [block for block in blocks if isinstance(block, Section)]
            cursor = QTextCursor(document)
            cursor.beginEditBlock()
            self._insert_blocks(cursor, _with_gaps(blocks))
            cursor.endEditBlock()
            document.setUndoRedoEnabled(True)
            document.setModified(False)
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            self.setTextCursor(cursor)
        finally:
            self._busy -= 1
            self._quiet -= 1
            self._changed_while_busy = False
        self._last_position = 0
        self._on_cursor_moved()

    def blocks(self) -> list[Block]:
        """The content as model blocks, in order; sub-sections whose marker was deleted come last."""
        blocks = self._read()
        present = {id(block) for block in blocks if isinstance(block, Section)}
        blocks.extend(section for section in self._given_sections if id(section) not in present)
        return blocks

    def set_paragraphs(self, paragraphs: Sequence[Paragraph]) -> None:
        self.set_blocks(list(paragraphs))

    def paragraphs(self) -> list[Paragraph]:
        """The content as paragraphs: bullets become paragraphs, tables and sub-sections are left out."""
        paragraphs: list[Paragraph] = []
        for block in self.blocks():
            if isinstance(block, Paragraph):
                paragraphs.append(block)
            elif isinstance(block, Bullet):
                paragraphs.append(Paragraph(block.inline))
        return paragraphs

    def set_section_labels(self, labels: Mapping[int, str]) -> None:
        """Texts for sub-section markers, by id(section) ("1. Thuận lợi"); the title is shown otherwise."""
        self._section_labels = dict(labels)
        self._relayout(SECTION_OBJECT)

    def set_first_footnote_number(self, number: int) -> None:
        """Numbers footnote marks from `number`, so they match the printed report (1 by default)."""
        self._first_footnote_number = number
        self._relayout(FOOTNOTE_OBJECT)

    # -- commands ----------------------------------------------------------------------------

    def toggle_bullet(self) -> None:
        """The current paragraph(s) become "- " bullets, or back to paragraphs when all already are."""
        if not self._allow_structure:
            self.notice.emit(self.tr("Phần này chỉ gồm các đoạn văn, không dùng gạch đầu dòng."))
            return
        cursor = self.textCursor()
        document = self.document()
        first = document.findBlock(cursor.selectionStart()).blockNumber()
        last = document.findBlock(cursor.selectionEnd()).blockNumber()
        targets = [document.findBlockByNumber(number) for number in range(first, last + 1)]
        targets = [block for block in targets if self._marker(block) is None]
        if not targets:
            return
        make_bullets = any(block.textList() is None for block in targets)
        with self._editing(keep_cursor=False):
            for block in targets:
                self._set_bullet(QTextCursor(block), make_bullets)

    def toggle_bold(self) -> None:
        self._toggle_style(bold=True)

    def toggle_italic(self) -> None:
        self._toggle_style(bold=False)

    def insert_footnote(self, text: str | None = None) -> None:
        """A footnote at the cursor (after the selection); None asks for its text, empty text inserts nothing."""
        if text is None:
            text = self._ask_footnote_text("")
            if text is None:
                return
        cleaned, note = clean_input(text)
        cleaned = cleaned.strip()
        if not cleaned:
            return
        with self._editing() as cursor:
            if cursor.hasSelection():
                cursor.setPosition(cursor.selectionEnd())
            self._leave_marker(cursor)
            typing = _text_format_like(cursor.charFormat())
            cursor.insertText(OBJECT_CHARACTER, _footnote_format(cleaned))
            cursor.setCharFormat(typing)
        if note:
            self.notice.emit(note)

    def edit_footnote_at_cursor(self, text: str | None = None) -> None:
        """Edits the footnote beside the cursor (asking for the new text when `text` is None); empty deletes it."""
        position = self._footnote_near_cursor()
        if position is None:
            self.notice.emit(self.tr("Không có chú thích ở vị trí con trỏ."))
            return
        self._edit_footnote(position, text)

    def insert_table(self, table: Table | None = None) -> None:
        """A table after the cursor's paragraph text; None opens the table dialog for a new one."""
        if not self._allow_structure:
            self.notice.emit(self.tr("Phần này chỉ gồm các đoạn văn, không chèn bảng được."))
            return
        if table is None:
            dialog = TableDialog(None, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            table = dialog.table()
        with self._editing() as cursor:
            if cursor.hasSelection():
                cursor.setPosition(cursor.selectionEnd())
            self._insert_blocks(cursor, [table])
            if not cursor.block().next().isValid():
                cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())  # somewhere to go on typing

    def insert_phrase(self, text: str) -> None:
        """An example phrase at the cursor, replacing the selection: one undo step."""
        cleaned, note = clean_pasted(text)
        with self._editing() as cursor:
            self._remove_selection(cursor, replacing=bool(cleaned))
            self._insert_blocks(cursor, self._blocks_from_text(cleaned, cursor))
        if note:
            self.notice.emit(note)

    def cut(self) -> None:
        if not self.textCursor().hasSelection():
            return
        self.copy()
        with self._editing() as cursor:
            self._remove_selection(cursor)

    def delete_selection(self) -> None:
        """Deletes the selected text; markers go as a whole (sub-sections are kept by `blocks()`)."""
        with self._editing() as cursor:
            self._remove_selection(cursor)

    def replace_text(self, start: int, end: int, text: str) -> None:
        """Replaces the characters [start, end) of one text block with `text` in their format (bold, italic
        kept), as one undo step: a spelling suggestion taken from the context menu."""
        text_format = self._char_format_at(start)
        with self._editing() as cursor:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(normalize_text(text), text_format)

    # -- Qt overrides: keyboard, IME, clipboard, mouse, painting ----------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._shortcut_action(cast(QKeyEvent, event)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._shortcut_action(event)
        if action is not None:
            action()
            event.accept()
            return
        cursor = self.textCursor()
        backward = event.key() == Qt.Key.Key_Backspace or event.matches(QKeySequence.StandardKey.DeleteStartOfWord)
        forward = any(
            event.matches(key)
            for key in (
                QKeySequence.StandardKey.Delete,
                QKeySequence.StandardKey.DeleteEndOfWord,
                QKeySequence.StandardKey.DeleteEndOfLine,
                QKeySequence.StandardKey.DeleteCompleteLine,
            )
        )
        if backward or forward:
            if self._delete_key(cursor, backward=backward):
                event.accept()
                return
            super().keyPressEvent(event)
            return
        if (
            event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and cursor.block().textList() is not None
            and cursor.atBlockStart()
            and not cursor.hasSelection()
        ):
            event.accept()  # Qt would nest the list; the report has one level of "-" bullets
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not cursor.hasSelection()
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and cursor.block().textList() is not None
            and cursor.block().length() == 1
        ):
            with self._editing() as editing:  # Enter on an empty bullet ends the list, as in Word
                self._set_bullet(editing, False)
            event.accept()
            return
        if _inserts_text(event) and (cursor.hasSelection() or self._marker(cursor.block()) is not None):
            with self._editing(keep_cursor=False) as editing:
                self._remove_selection(editing, replacing=True)
                self._leave_marker(editing)
                self.setTextCursor(editing)
                super().keyPressEvent(event)
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """IME text (Unikey, EVKey, the system keyboards) enters as NFC, cleaned, never inside a marker."""
        commit = event.commitString()
        inserting = bool(commit) or bool(event.preeditString()) or event.replacementLength() > 0
        if not inserting:
            super().inputMethodEvent(event)
            return
        cleaned, note = clean_input(commit) if commit else (commit, None)
        cleaned = cleaned.replace(OBJECT_CHARACTER, "")
        if cleaned != commit:
            replacement = QInputMethodEvent(event.preeditString(), event.attributes())
            replacement.setCommitString(cleaned, event.replacementStart(), event.replacementLength())
            event = replacement
        cursor = self.textCursor()
        if cursor.hasSelection() or self._marker(cursor.block()) is not None:
            with self._editing(keep_cursor=False) as editing:
                self._remove_selection(editing, replacing=True)
                self._leave_marker(editing)
                self.setTextCursor(editing)
                super().inputMethodEvent(event)
        else:
            super().inputMethodEvent(event)
        if note:
            self.notice.emit(note)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasFormat(BLOCKS_MIME_TYPE) or source.hasHtml() or source.hasText()

    def createMimeDataFromSelection(self) -> QMimeData:
        cursor = self.textCursor()
        blocks = self._read(cursor.selectionStart(), cursor.selectionEnd())
        data = {"editor": self._token, "blocks": [self._block_to_data(block) for block in blocks]}
        mime = QMimeData()  # see release_clipboard: the program hands it back to Qt before exiting
        mime.setData(BLOCKS_MIME_TYPE, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        mime.setText(blocks_to_plain_text(blocks))
        mime.setHtml(blocks_to_html(blocks))
        return mime

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Pastes and drops: structure and bold/italic kept, everything else dropped, input cleaned."""
        cursor = self.textCursor()
        blocks, note = self._blocks_from_mime(source, cursor)
        if not blocks and not cursor.hasSelection():
            if note:
                self.notice.emit(note)
            return
        large = sum(len(block.inline) if isinstance(block, (Paragraph, Bullet)) else 1 for block in blocks) > (
            LARGE_PASTE_PARTS
        )
        with self._editing(large=large) as editing:
            self._remove_selection(editing, replacing=bool(blocks))
            self._insert_blocks(editing, blocks)
        if note:
            self.notice.emit(note)

    def dropEvent(self, event: QDropEvent) -> None:
        """Text dragged inside the editor is moved by the editor itself, so markers move whole."""
        if event.source() not in (self, self.viewport()) or event.proposedAction() != Qt.DropAction.MoveAction:
            super().dropEvent(event)
            return
        selection = self.textCursor()
        drop = self.cursorForPosition(event.position().toPoint())
        event.setDropAction(Qt.DropAction.CopyAction)  # the source must not delete the selection again
        event.accept()
        if not selection.hasSelection() or selection.selectionStart() <= drop.position() <= selection.selectionEnd():
            return
        self.move_selection(drop.position(), event.mimeData())

    def move_selection(self, position: int, source: QMimeData | None = None) -> None:
        """Moves the selected content to `position` (a drag inside the editor), as one undo step."""
        selection = self.textCursor()
        if not selection.hasSelection():
            return
        mime = source if source is not None else self.createMimeDataFromSelection()
        target = QTextCursor(self.document())
        target.setPosition(position)
        with self._editing() as cursor:
            self._remove_selection(selection)
            cursor.setPosition(target.position())
            blocks, _ = self._blocks_from_mime(mime, cursor)
            self._insert_blocks(cursor, blocks)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self._object_at(event.position().toPoint())
        if hit is not None:
            event.accept()
            self._activate_object(*hit)
            return
        super().mouseDoubleClickEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event = cast(QHelpEvent, event)
            text = self._tooltip_at(help_event.pos())
            if text:
                QToolTip.showText(help_event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu(self, point: QPoint) -> QMenu:
        """The right-click menu (Qt's own is in English): editing commands and the object under `point`."""
        menu = QMenu(self)
        self._spelling.add_word_actions(
            menu, self.cursorForPosition(point).position(), self.replace_text, self.notice.emit
        )
        hit = self._object_at(point)
        if hit is not None:
            position, kind = hit
            label = {
                FOOTNOTE_OBJECT: self.tr("Sửa chú thích…"),
                TABLE_OBJECT: self.tr("Sửa bảng…"),
                SECTION_OBJECT: self.tr("Mở mục con"),
            }[kind]
            menu.addAction(label).triggered.connect(lambda: self._activate_object(position, kind))
            menu.addSeparator()
        cursor = self.textCursor()
        document = self.document()

        def add(label: str, slot: Callable[[], None], keys: str = "", enabled: bool = True) -> QAction:
            action = menu.addAction(label)
            action.triggered.connect(slot)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.setEnabled(enabled)
            return action

        add(self.tr("Hoàn tác"), self.undo, "Ctrl+Z", document.isUndoAvailable())
        add(self.tr("Làm lại"), self.redo, "Ctrl+Y", document.isRedoAvailable())
        menu.addSeparator()
        add(self.tr("Cắt"), self.cut, "Ctrl+X", cursor.hasSelection())
        add(self.tr("Sao chép"), self.copy, "Ctrl+C", cursor.hasSelection())
        add(self.tr("Dán"), self.paste, "Ctrl+V", self.canPaste())
        add(self.tr("Xóa"), self.delete_selection, "", cursor.hasSelection())
        add(self.tr("Chọn tất cả"), self.selectAll, "Ctrl+A")
        menu.addSeparator()
        add(self.tr("In đậm"), self.toggle_bold, "Ctrl+B")
        add(self.tr("In nghiêng"), self.toggle_italic, "Ctrl+I")
        if self._allow_structure:
            add(self.tr("Gạch đầu dòng"), self.toggle_bullet)
        add(self.tr("Chèn chú thích…"), self.insert_footnote)
        if self._allow_structure:
            add(self.tr("Chèn bảng…"), self.insert_table)
        menu.addSeparator()
        self._spelling.add_toggle_action(menu)
        return menu

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._paint_bullet_marks(event.rect().top(), event.rect().bottom())

    # -- reading the document ----------------------------------------------------------------

    def _read(self, start: int = 0, end: int | None = None) -> list[Block]:
        document = self.document()
        if end is None:
            end = document.characterCount() - 1
        blocks: list[Block] = []
        seen: set[int] = set()
        block = document.findBlock(start)
        while block.isValid() and block.position() <= end:
            self._read_block(block, start, end, blocks, seen)
            block = block.next()
        return blocks

    def _read_block(self, block: QTextBlock, start: int, end: int, out: list[Block], seen: set[int]) -> None:
        bullet = block.textList() is not None
        parts: Inline = []
        last_style: tuple[bool, bool, int] | None = None

        def flush() -> None:
            nonlocal parts, last_style
            if parts:
                for part in parts:
                    if isinstance(part, Span):
                        part.text = normalize_text(part.text.replace(LINE_SEPARATOR, "\n"))
                out.append(Bullet(parts) if bullet else Paragraph(parts))
            parts = []
            last_style = None

        def add_text(text: str, style: tuple[bool, bool, int]) -> None:
            nonlocal last_style
            if not text:
                return
            last = parts[-1] if parts else None
            if isinstance(last, Span) and style == last_style:
                last.text += text
            else:
                parts.append(Span(text, bold=style[0], italic=style[1]))
            last_style = style

        for fragment in _block_fragments(block):
            if not fragment.isValid():
                continue
            offset = fragment.position()
            whole = fragment.text()
            low, high = max(start - offset, 0), min(end - offset, len(whole))
            if low >= high:
                continue
            text = whole[low:high]
            char_format = fragment.charFormat()
            kind = char_format.objectType()
            if kind in _MARKER_OBJECTS:
                flush()
                found = self._objects.get(char_format.intProperty(MARKER_KEY))
                if found is not None and OBJECT_CHARACTER in text and id(found) not in seen:
                    if isinstance(found, Section):
                        seen.add(id(found))
                    out.append(found)
                continue
            style = _span_style(char_format)
            if kind == FOOTNOTE_OBJECT:
                note = char_format.stringProperty(FOOTNOTE_TEXT)
                for number, piece in enumerate(text.split(OBJECT_CHARACTER)):
                    if number:
                        parts.append(Footnote(note))
                        last_style = None
                    add_text(piece, style)
                continue
            add_text(text.replace(OBJECT_CHARACTER, ""), style)
        flush()

    def _marker(self, block: QTextBlock) -> Table | Section | None:
        """The table or sub-section a marker block stands for; None for a text block."""
        if block.length() != 2 or block.text() != OBJECT_CHARACTER:
            return None
        char_format = block.begin().fragment().charFormat()
        if char_format.objectType() not in _MARKER_OBJECTS:
            return None
        return self._objects.get(char_format.intProperty(MARKER_KEY))

    def _char_format_at(self, position: int) -> QTextCharFormat:
        """The format of the character at `position`, read from the fragments: no cursor, so no layout
        (this runs while Qt lays out footnote marks)."""
        block = self.document().findBlock(position)
        for fragment in _block_fragments(block):
            if fragment.position() <= position < fragment.position() + fragment.length():
                return fragment.charFormat()
        return block.charFormat()

    def _object_positions(self, object_type: int) -> list[int]:
        text = self.document().toRawText()
        positions: list[int] = []
        index = text.find(OBJECT_CHARACTER)
        while index >= 0:
            if self._char_format_at(index).objectType() == object_type:
                positions.append(index)
            index = text.find(OBJECT_CHARACTER, index + 1)
        return positions

    def _present_sections(self) -> set[int]:
        return {id(block) for block in self._read() if isinstance(block, Section)}

    # -- writing the document ----------------------------------------------------------------

    @contextmanager
    def _editing(self, *, keep_cursor: bool = True, large: bool = False) -> Iterator[QTextCursor]:
        """One undo step; `contentChanged` once at the end if anything changed.

        For a `large` edit (a paste of megabytes) Qt's layout is suspended meanwhile: inserted into a
        laid-out document, text is laid out at once, in one go; after the edit the whole document is laid
        out again from the start, which Qt does lazily, only as far as the view and the cursor need.
        """
        cursor = self.textCursor()
        document = self.document()
        page_size = document.pageSize()
        self._busy += 1
        if large:
            document.setPageSize(QSizeF(0, 0))  # a null (0 × 0) page size makes the layout ignore changes
        cursor.beginEditBlock()
        try:
            yield cursor
        finally:
            cursor.endEditBlock()
            if large:
                document.setPageSize(page_size)
            self._busy -= 1
        if large:
            # Qt moved the editor's own cursor along with the inserted text; setTextCursor would scroll to it
            # at once, laying out megabytes first. Scroll once the lazy layout has reached the cursor instead.
            if keep_cursor and self.textCursor().position() != cursor.position():
                self.setTextCursor(cursor)
            self._scroll_when_laid_out.start()
        elif keep_cursor:
            self.setTextCursor(cursor)
        self._finish_edit(scroll=not large)

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Changes that are not the officer's (the spell checker re-laying out a block): no `contentChanged`."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _finish_edit(self, *, scroll: bool = True) -> None:
        if self._busy:
            return
        notices, self._pending_notices = self._pending_notices, []
        for text in notices:
            self.notice.emit(text)
        if self._changed_while_busy:
            self._changed_while_busy = False
            if not self._quiet:
                self.contentChanged.emit()
        self._on_cursor_moved()
        if scroll:
            self.ensureCursorVisible()

    def _scroll_to_cursor_if_laid_out(self) -> None:
        """After a large paste: scrolls to the cursor once Qt's lazy layout has got there (checked every 50 ms)."""
        if self.textCursor().block().layout().lineCount() > 0 or not self.isVisible():
            self._scroll_when_laid_out.stop()
            self.ensureCursorVisible()

    def _register(self, item: Table | Section) -> int:
        key = self._keys.get(id(item))
        if key is None:
            key = self._next_key
            self._next_key += 1
            self._objects[key] = item
            self._keys[id(item)] = key
        return key

    def _marker_format(self, item: Table | Section) -> QTextCharFormat:
        marker_format = QTextCharFormat()
        marker_format.setObjectType(TABLE_OBJECT if isinstance(item, Table) else SECTION_OBJECT)
        marker_format.setProperty(MARKER_KEY, self._register(item))
        return marker_format

    def _insert_blocks(self, cursor: QTextCursor, blocks: Sequence[Block]) -> None:
        """Blocks at the cursor, as a paste: the first joins the cursor's paragraph, the text after
        the cursor follows the last; tables and sub-sections always stand in blocks of their own."""
        if not blocks:
            return
        self._leave_marker(cursor)
        first = blocks[0]
        if len(blocks) == 1 and isinstance(first, (Paragraph, Bullet)):
            if cursor.block().length() == 1:
                self._set_bullet(cursor, isinstance(first, Bullet))
            self._insert_inline(cursor, first.inline)
            return
        split = not cursor.atBlockEnd()
        if split:
            position = cursor.position()
            cursor.insertBlock(cursor.blockFormat(), QTextCharFormat())
            cursor.setPosition(position)
        fresh = cursor.block().length() == 1
        last_was_text = False
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if isinstance(block, (Table, Section)):
                if not fresh:
                    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
                self._set_bullet(cursor, False)
                cursor.insertText(OBJECT_CHARACTER, self._marker_format(block))
                fresh = last_was_text = False
                index += 1
                continue
            if index == 0 and not fresh:
                self._insert_inline(cursor, block.inline)
                index += 1
            else:
                if not fresh:
                    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
                # a list per run of bullets: Qt renumbers a whole list whenever an item joins it
                self._set_bullet(cursor, isinstance(block, Bullet))
                run = _plain_run(blocks, index)
                if len(run) > 1:
                    span = cast(Span, block.inline[0])
                    texts = (cast(Span, item.inline[0]).text.replace("\n", LINE_SEPARATOR) for item in run)
                    cursor.insertText("\n".join(texts), _span_format(span.bold, span.italic))
                    index += len(run)
                else:
                    self._insert_inline(cursor, block.inline)
                    index += 1
            fresh = False
            last_was_text = True
        if split and last_was_text:
            cursor.deleteChar()  # the text after the cursor joins the last pasted paragraph

    def _insert_inline(self, cursor: QTextCursor, inline: Inline) -> None:
        previous: tuple[bool, bool, int] | None = None
        if not cursor.atBlockStart():
            before = cursor.charFormat()
            if before.objectType() == 0:
                previous = _span_style(before)
        first = True
        for part in inline:
            if isinstance(part, Footnote):
                cursor.insertText(OBJECT_CHARACTER, _footnote_format(part.text))
                previous = None
                first = False
                continue
            if not part.text:
                continue
            parity = 0
            if previous is not None and previous[:2] == (part.bold, part.italic):
                parity = previous[2] if first else 1 - previous[2]
            cursor.insertText(part.text.replace("\n", LINE_SEPARATOR), _span_format(part.bold, part.italic, parity))
            previous = (part.bold, part.italic, parity)
            first = False
        if previous is None and not cursor.atBlockStart():
            cursor.setCharFormat(_text_format_like(cursor.charFormat()))

    def _set_bullet(self, cursor: QTextCursor, bullet: bool) -> None:
        block = cursor.block()
        if bullet:
            if block.textList() is not None:
                return
            for neighbour in (block.previous(), block.next()):
                neighbour_list = neighbour.textList() if neighbour.isValid() else None
                if neighbour_list is not None:
                    neighbour_list.add(block)
                    return
            QTextCursor(block).createList(_bullet_list_format())
            return
        block_format = block.blockFormat()
        if block.textList() is None and block_format.indent() == 0:
            return
        block_format.setObjectIndex(-1)
        block_format.setIndent(0)
        QTextCursor(block).setBlockFormat(block_format)

    def _leave_marker(self, cursor: QTextCursor) -> None:
        """Markers are never typed into: moves the cursor into a new empty paragraph beside the marker."""
        block = cursor.block()
        if cursor.hasSelection() or self._marker(block) is None:
            return
        start = block.position()
        before = cursor.position() == start
        if not before:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        if before:
            cursor.setPosition(start)  # the empty block the split left in front of the marker
        cursor.setCharFormat(QTextCharFormat())

    def _remove_selection(self, cursor: QTextCursor, *, replacing: bool = False) -> None:
        """Removes the selection keeping blocks sound: a marker goes whole or not at all, and never
        swallows the text of a neighbouring paragraph. When `replacing` (typing or pasting over the
        selection), the paragraph a removed marker leaves empty stays, to receive the new text."""
        if not cursor.hasSelection():
            return
        document = self.document()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        first = document.findBlock(start)
        if self._marker(first) is not None and start == first.position() + 1:
            start = first.next().position() if first.next().isValid() else end
        last = document.findBlock(end)
        if self._marker(last) is not None and end == last.position() and start < end:
            end = last.position() - 1
        cursor.setPosition(start)
        if start >= end:
            return
        first, last = document.findBlock(start), document.findBlock(end)
        whole_blocks = start == first.position() and end == last.position() + last.length() - 1
        touches_marker = self._marker(first) is not None or self._marker(last) is not None
        self._note_removed_sections(start, end)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if whole_blocks and touches_marker and cursor.block().length() == 1 and not replacing:
            if cursor.block().next().isValid():
                cursor.deleteChar()
            elif cursor.block().previous().isValid():
                cursor.deletePreviousChar()

    def _note_removed_sections(self, start: int, end: int) -> None:
        removed = [block for block in self._read(start, end) if isinstance(block, Section)]
        if removed:
            names = ", ".join(f"«{self._section_label(section)}»" for section in removed)
            self._pending_notices.append(
                self.tr(
                    "Mục con {names} chỉ xóa được ở dàn ý bên trái; nội dung của mục vẫn được giữ "
                    "và sẽ đứng ở cuối phần này."
                ).format(names=names)
            )

    def _delete_key(self, cursor: QTextCursor, *, backward: bool) -> bool:
        """Backspace/Delete near markers and bullets; False leaves the key to QTextEdit."""
        if cursor.hasSelection():
            with self._editing() as editing:
                self._remove_selection(editing)
            return True
        block = cursor.block()
        if self._marker(block) is not None:
            self._select_marker(block)
            return True
        if backward and cursor.atBlockStart():
            if block.textList() is not None:
                with self._editing() as editing:
                    self._set_bullet(editing, False)
                return True
            previous = block.previous()
            if previous.isValid() and self._marker(previous) is not None:
                self._select_marker(previous)
                return True
        if not backward and cursor.atBlockEnd():
            following = block.next()
            if following.isValid() and self._marker(following) is not None:
                self._select_marker(following)
                return True
        return False

    def _select_marker(self, block: QTextBlock) -> None:
        """Selects a marker (first Backspace/Delete), so the next press deletes it knowingly."""
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + 1, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.viewport().update()

    def _toggle_style(self, *, bold: bool) -> None:
        cursor = self.textCursor()
        change = QTextCharFormat()
        if not cursor.hasSelection():
            current = _span_style(cursor.charFormat())
            if bold:
                change.setFontWeight(QFont.Weight.Normal if current[0] else QFont.Weight.Bold)
            else:
                change.setFontItalic(not current[1])
            self.mergeCurrentCharFormat(change)
            return
        styles = [
            _span_style(char_format)
            for text, char_format in self._fragments(cursor.selectionStart(), cursor.selectionEnd())
            if char_format.objectType() == 0 and text.strip()
        ]
        index = 0 if bold else 1
        everywhere = bool(styles) and all(style[index] for style in styles)
        if bold:
            change.setFontWeight(QFont.Weight.Normal if everywhere else QFont.Weight.Bold)
        else:
            change.setFontItalic(not everywhere)
        with self._editing(keep_cursor=False):
            cursor.mergeCharFormat(change)

    def _fragments(self, start: int, end: int) -> Iterator[tuple[str, QTextCharFormat]]:
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            for fragment in _block_fragments(block):
                offset = fragment.position()
                low, high = max(start - offset, 0), min(end - offset, fragment.length())
                if low < high:
                    yield fragment.text()[low:high], fragment.charFormat()
            block = block.next()

    # -- clipboard ---------------------------------------------------------------------------

    def _blocks_from_mime(self, source: QMimeData, cursor: QTextCursor) -> tuple[list[Block], str | None]:
        note: str | None = None
        if source.hasFormat(BLOCKS_MIME_TYPE):
            blocks = self._blocks_from_data(bytes(source.data(BLOCKS_MIME_TYPE).data()))
        elif source.hasHtml() and source.html().strip():
            markup, note = clean_pasted(source.html())
            blocks, dropped = blocks_from_html(markup, keep_tables=self._allow_structure)
            if dropped:
                missing = self.tr("{count} dấu chú thích không kèm nội dung đã được bỏ đi.").format(count=dropped)
                note = f"{note} {missing}" if note else missing
        elif source.hasText():
            text, note = clean_pasted(source.text())
            blocks = self._blocks_from_text(text, cursor)
        else:
            return [], self.tr("Chỉ dán được chữ; hình ảnh và tệp không đưa được vào báo cáo.")
        if not self._allow_structure:
            blocks = _paragraphs_only(blocks)
        return blocks, note

    def _blocks_from_text(self, text: str, cursor: QTextCursor) -> list[Block]:
        """Plain text: several lines become paragraphs and bullets; a single line is inserted as it is,
        in the format at the cursor (a bullet only when it starts an empty paragraph)."""
        blocks: list[Block]
        if "\n" in text or "\u2028" in text or "\u2029" in text:
            blocks = blocks_from_plain_text(text)
        elif not text:
            blocks = []
        else:
            bullet = bullet_text(text)
            at_empty_paragraph = cursor.block().length() == 1 and not cursor.hasSelection()
            if bullet is not None and bullet.strip() and at_empty_paragraph:
                blocks = [Bullet([Span(bullet.strip())])]
            else:
                bold, italic, _ = _span_style(cursor.charFormat())
                blocks = [Paragraph([Span(text, bold=bold, italic=italic)])]
        return blocks if self._allow_structure else _paragraphs_only(blocks)

    def _block_to_data(self, block: Block) -> dict[str, Any]:
        if isinstance(block, Paragraph):
            return {"p": inline_to_data(block.inline)}
        if isinstance(block, Bullet):
            return {"b": inline_to_data(block.inline)}
        if isinstance(block, Table):
            return {
                "t": {
                    "header": block.header,
                    "rows": block.rows,
                    "caption": block.caption,
                    "notes": block.notes,
                    "x": block.x,
                }
            }
        return {"s": self._register(block), "title": block.title}

    def _blocks_from_data(self, raw: bytes) -> list[Block]:
        try:
            data = json.loads(raw.decode("utf-8"))
            same_editor = data.get("editor") == self._token
            present = self._present_sections() if same_editor else set()
            blocks: list[Block] = []
            for item in data["blocks"]:
                if "p" in item:
                    blocks.append(Paragraph(inline_from_data(item["p"])))
                elif "b" in item:
                    blocks.append(Bullet(inline_from_data(item["b"])))
                elif "t" in item:
                    table = item["t"]
                    blocks.append(
                        Table(
                            header=[list(row) for row in table["header"]],
                            rows=[list(row) for row in table["rows"]],
                            caption=table.get("caption"),
                            notes=table.get("notes"),
                            x=table.get("x"),
                        )
                    )
                elif same_editor:
                    # a sub-section comes back only where it was cut from this editor (a move), never twice
                    section = self._objects.get(int(item["s"]))
                    if isinstance(section, Section) and id(section) not in present:
                        blocks.append(section)
                        present.add(id(section))
            return blocks
        except (ValueError, KeyError, TypeError, AttributeError):
            return []

    # -- footnotes ---------------------------------------------------------------------------

    def _ask_footnote_text(self, initial: str) -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Chú thích"))
        dialog.setLabelText(self.tr("Nội dung chú thích (in ở cuối trang):"))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextValue(initial)
        dialog.setOkButtonText(self.tr("Đồng ý"))
        dialog.setCancelButtonText(self.tr("Hủy"))
        dialog.resize(560, dialog.sizeHint().height())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()

    def _footnote_near_cursor(self) -> int | None:
        cursor = self.textCursor()
        document = self.document()
        candidates = [cursor.selectionStart()] if cursor.hasSelection() else [cursor.position() - 1, cursor.position()]
        for position in candidates:
            if (
                position >= 0
                and document.characterAt(position) == OBJECT_CHARACTER
                and self._char_format_at(position).objectType() == FOOTNOTE_OBJECT
            ):
                return position
        return None

    def _edit_footnote(self, position: int, text: str | None = None) -> None:
        old = self._char_format_at(position).stringProperty(FOOTNOTE_TEXT)
        if text is None:
            text = self._ask_footnote_text(old)
            if text is None:
                return
        cleaned, note = clean_input(text)
        cleaned = cleaned.strip()
        if cleaned == old:
            return
        with self._editing(keep_cursor=False):
            cursor = QTextCursor(self.document())
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            if cleaned:
                cursor.setCharFormat(_footnote_format(cleaned))
            else:
                cursor.removeSelectedText()
                self._pending_notices.append(self.tr("Đã xóa chú thích (Ctrl+Z để lấy lại)."))
        if note:
            self.notice.emit(note)

    def _footnote_positions(self) -> list[int]:
        if self._footnote_cache is None:
            self._footnote_cache = self._object_positions(FOOTNOTE_OBJECT)
        return self._footnote_cache

    def _footnote_number(self, position: int) -> int:
        return self._first_footnote_number + bisect_left(self._footnote_positions(), position)

    def _refresh_footnotes(self) -> None:
        """After an edit, marks further on may have new numbers (and a tenth mark is wider)."""
        positions = self._footnote_positions()
        digits = len(str(self._first_footnote_number + len(positions)))
        if digits != self._footnote_digits:
            self._footnote_digits = digits
            self._relayout(FOOTNOTE_OBJECT)
        if positions:
            self.viewport().update()

    # -- tables and sub-sections -------------------------------------------------------------

    def _activate_object(self, position: int, kind: int) -> None:
        if kind == FOOTNOTE_OBJECT:
            self._edit_footnote(position)
            return
        found = self._objects.get(self._char_format_at(position).intProperty(MARKER_KEY))
        if isinstance(found, Section):
            self.sectionActivated.emit(found)
        elif isinstance(found, Table):
            self._edit_table(position, found)

    def _edit_table(self, position: int, table: Table) -> None:
        dialog = TableDialog(table, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        edited = dialog.table()
        if edited == table:
            return
        with self._editing(keep_cursor=False):
            cursor = QTextCursor(self.document())
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(self._marker_format(edited))

    def _section_label(self, section: Section) -> str:
        return self._section_labels.get(id(section)) or section.title

    def _marker_parts(self, char_format: QTextFormat) -> tuple[str, str, str]:
        found = self._objects.get(char_format.intProperty(MARKER_KEY))
        if isinstance(found, Section):
            return self.tr("▸ Mục con: "), self._section_label(found), ""
        if isinstance(found, Table):
            return self.tr("▦ Bảng: "), table_summary(found), self.tr(" (nhấp đúp để sửa)")
        return "", "?", ""

    def marker_text(self, block_number: int) -> str | None:
        """What the marker in a block shows ("▸ Mục con: 1. Thuận lợi"); None for a text block."""
        block = self.document().findBlockByNumber(block_number)
        if self._marker(block) is None:
            return None
        return "".join(self._marker_parts(self._char_format_at(block.position())))

    def _relayout(self, object_type: int) -> None:
        """Lays out again the objects of one type (their text or number changed, not the document)."""
        document = self.document()
        self._quiet += 1
        try:
            for position in self._object_positions(object_type):
                document.markContentsDirty(position, 1)
        finally:
            self._quiet -= 1
        self.viewport().update()

    # -- drawing -----------------------------------------------------------------------------

    def _register_object_painter(self) -> None:
        layout = self.document().documentLayout()
        for object_type in (FOOTNOTE_OBJECT, TABLE_OBJECT, SECTION_OBJECT):
            layout.registerHandler(object_type, self._object_painter)

    def _footnote_font(self) -> QFont:
        font = QFont(self.document().defaultFont())
        font.setPointSizeF(max(font.pointSizeF() * 0.7, 6))
        return font

    def _object_size(self, position: int, text_format: QTextFormat) -> QSizeF:
        metrics = QFontMetricsF(self.document().defaultFont())
        if text_format.objectType() == FOOTNOTE_OBJECT:
            small = QFontMetricsF(self._footnote_font())
            label = str(self._footnote_number(position))
            return QSizeF(small.horizontalAdvance(label) + 2, metrics.ascent())
        prefix, label, suffix = self._marker_parts(text_format)
        width = metrics.horizontalAdvance(prefix + label + suffix) + 2 * _MARKER_PADDING + 4
        return QSizeF(min(width, self._marker_room()), metrics.height() + 6)

    def _marker_room(self) -> float:
        document = self.document()
        if document.textWidth() <= 0:
            return 10_000.0
        return max(120.0, document.textWidth() - 2 * document.documentMargin() - 8)

    def _draw_object(self, painter: QPainter, rect: QRectF, position: int, text_format: QTextFormat) -> None:
        painter.save()
        try:
            if text_format.objectType() == FOOTNOTE_OBJECT:
                font = self._footnote_font()
                painter.setFont(font)
                painter.setPen(self.palette().link().color())
                baseline = rect.top() + QFontMetricsF(font).ascent()
                painter.drawText(QPointF(rect.left() + 1, baseline), str(self._footnote_number(position)))
                return
            cursor = self.textCursor()
            selected = cursor.hasSelection() and cursor.selectionStart() <= position < cursor.selectionEnd()
            box = rect.adjusted(0.5, 1.5, -0.5, -1.5)
            highlight = self.palette().highlight().color()
            painter.setPen(QPen(highlight if selected else QColor("#9db3d9"), 2 if selected else 1))
            painter.setBrush(highlight.lighter(170) if selected else QColor("#eef3fb"))
            painter.drawRoundedRect(box, 4, 4)
            font = self.document().defaultFont()
            metrics = QFontMetricsF(font)
            prefix, label, suffix = self._marker_parts(text_format)
            room = box.width() - 2 * _MARKER_PADDING - metrics.horizontalAdvance(prefix + suffix)
            if metrics.horizontalAdvance(label) > room:
                label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(room, 0))
            painter.setFont(font)
            painter.setPen(self.palette().text().color())
            text_box = box.adjusted(_MARKER_PADDING, 0, 0, 0)
            painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter, prefix + label + suffix)
        finally:
            painter.restore()

    def _paint_bullet_marks(self, top: int, bottom: int) -> None:
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        block = self.cursorForPosition(QPoint(0, max(top, 0))).block()
        font = self.document().defaultFont()
        metrics = QFontMetricsF(font)
        gap = metrics.horizontalAdvance(BULLET_MARK) + metrics.horizontalAdvance(" ")
        painter: QPainter | None = None
        try:
            while block.isValid():
                layout = block.layout()
                origin = layout.position()
                if origin.y() - offset.y() > bottom:
                    break
                if block.textList() is not None and layout.lineCount() > 0:
                    if painter is None:
                        painter = QPainter(self.viewport())
                        painter.setFont(font)
                        painter.setPen(self.palette().text().color())
                    line = layout.lineAt(0)
                    x = origin.x() + line.x() - gap - offset.x()
                    y = origin.y() + line.y() + line.ascent() - offset.y()
                    painter.drawText(QPointF(x, y), BULLET_MARK)
                block = block.next()
        finally:
            if painter is not None:
                painter.end()

    def _object_at(self, point: QPoint) -> tuple[int, int] | None:
        """(position, object type) of the footnote mark or marker under a viewport point."""
        document = self.document()
        spot = QPointF(point) + QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        hit = document.documentLayout().hitTest(spot, Qt.HitTestAccuracy.FuzzyHit)
        if hit < 0:
            return None
        block = document.findBlock(hit)
        if self._marker(block) is not None:
            rect = document.documentLayout().blockBoundingRect(block)
            if rect.contains(spot):
                return block.position(), self._char_format_at(block.position()).objectType()
        for position in (hit - 1, hit):
            if position < 0 or document.characterAt(position) != OBJECT_CHARACTER:
                continue
            if self._char_format_at(position).objectType() != FOOTNOTE_OBJECT:
                continue
            rect = self._character_rect(position)
            if rect.adjusted(-2, 0, 2, 0).contains(spot):
                return position, FOOTNOTE_OBJECT
        return None

    def _character_rect(self, position: int) -> QRectF:
        block = self.document().findBlock(position)
        layout = block.layout()
        if layout.lineCount() == 0:
            return QRectF()
        relative = position - block.position()
        line = layout.lineForTextPosition(relative)
        if not line.isValid():
            return QRectF()
        left = _x_of(line.cursorToX(relative))
        right = _x_of(line.cursorToX(relative + 1))
        origin = layout.position()
        return QRectF(origin.x() + min(left, right), origin.y() + line.y(), abs(right - left), line.height())

    def _tooltip_at(self, point: QPoint) -> str | None:
        hit = self._object_at(point)
        if hit is None:
            return None
        position, kind = hit
        if kind == FOOTNOTE_OBJECT:
            note = self._char_format_at(position).stringProperty(FOOTNOTE_TEXT)
            number = self._footnote_number(position)
            return self.tr("Chú thích {number}: {text}\n(nhấp đúp để sửa)").format(number=number, text=note)
        if kind == SECTION_OBJECT:
            return self.tr("Mục con: nhấp đúp để mở; sửa và xóa mục con ở dàn ý bên trái.")
        return self.tr("Bảng: nhấp đúp để sửa.")

    # -- signals -----------------------------------------------------------------------------

    def _on_contents_changed(self) -> None:
        if self._quiet:
            return
        if self._busy:
            self._changed_while_busy = True
            return
        self.contentChanged.emit()

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        self._footnote_cache = None
        self._footnote_timer.start()

    def _on_cursor_moved(self) -> None:
        """The cursor steps over markers, and never types with a footnote's format."""
        if self._adjusting_cursor or self._busy:
            return
        cursor = self.textCursor()
        previous, self._last_position = self._last_position, cursor.position()
        if cursor.hasSelection():
            return
        block = cursor.block()
        if self._marker(block) is not None:
            target = self._editable_neighbour(block, forward=cursor.position() >= previous)
            if target is not None:
                moved = QTextCursor(target)
                if target.position() < block.position():
                    moved.movePosition(QTextCursor.MoveOperation.EndOfBlock)
                self._adjusting_cursor = True
                try:
                    self.setTextCursor(moved)
                finally:
                    self._adjusting_cursor = False
                self._last_position = moved.position()
            return
        current = cursor.charFormat()
        if current.objectType() != 0:
            self._adjusting_cursor = True
            try:
                self.setCurrentCharFormat(_text_format_like(current))
            finally:
                self._adjusting_cursor = False

    def _editable_neighbour(self, block: QTextBlock, *, forward: bool) -> QTextBlock | None:
        for direction in (forward, not forward):
            neighbour = block.next() if direction else block.previous()
            while neighbour.isValid() and self._marker(neighbour) is not None:
                neighbour = neighbour.next() if direction else neighbour.previous()
            if neighbour.isValid():
                return neighbour
        return None

    def _shortcut_action(self, event: QKeyEvent) -> Callable[[], None] | None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        control = Qt.KeyboardModifier.ControlModifier
        control_shift = control | Qt.KeyboardModifier.ShiftModifier
        key = event.key()
        if modifiers == control:
            actions: dict[int, Callable[[], None]] = {
                Qt.Key.Key_B: self.toggle_bold,
                Qt.Key.Key_I: self.toggle_italic,
                Qt.Key.Key_Z: self.undo,
                Qt.Key.Key_Y: self.redo,
                Qt.Key.Key_X: self.cut,
            }
            return actions.get(key)
        if modifiers == control_shift and key == Qt.Key.Key_Z:
            return self.redo
        if event.matches(QKeySequence.StandardKey.Cut):
            return self.cut
        return None


def _x_of(value: object) -> float:
    """QTextLine.cursorToX gives (x, edge) in PySide6 and a bare x in some versions."""
    if isinstance(value, tuple):
        return float(value[0])
    return float(cast(float, value))


def _inserts_text(event: QKeyEvent) -> bool:
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
        return True
    text = event.text()
    if not text or not text.isprintable():
        return False
    modifiers = event.modifiers()
    control_or_meta = modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier)
    alt_gr = modifiers & Qt.KeyboardModifier.ControlModifier and modifiers & Qt.KeyboardModifier.AltModifier
    return not control_or_meta or bool(alt_gr)


def _plain_run(blocks: Sequence[Block], index: int) -> list[Paragraph | Bullet]:
    """Consecutive blocks of one kind holding one span of one format: inserted with a single insertText."""
    start = blocks[index]
    if not isinstance(start, (Paragraph, Bullet)) or len(start.inline) != 1 or not isinstance(start.inline[0], Span):
        return [start] if isinstance(start, (Paragraph, Bullet)) else []
    style = (start.inline[0].bold, start.inline[0].italic)
    run: list[Paragraph | Bullet] = []
    for position in range(index, len(blocks)):  # not blocks[index:]: a copy per run is quadratic
        block = blocks[position]
        if type(block) is not type(start):
            break
        inline = block.inline
        if len(inline) != 1 or not isinstance(inline[0], Span) or (inline[0].bold, inline[0].italic) != style:
            break
        if not inline[0].text:
            break
        run.append(block)
    return run


def _with_gaps(blocks: Sequence[Block]) -> list[Block]:
    """Blocks with an empty paragraph before a leading marker, after a trailing one and between two
    markers: places where the officer can type. `blocks()` drops empty paragraphs again."""
    result: list[Block] = []
    for block in blocks:
        is_marker = isinstance(block, (Table, Section))
        previous_is_marker = not result or isinstance(result[-1], (Table, Section))
        if is_marker and previous_is_marker:
            result.append(Paragraph([]))
        result.append(block)
    if result and isinstance(result[-1], (Table, Section)):
        result.append(Paragraph([]))
    return result


def _paragraphs_only(blocks: Sequence[Block]) -> list[Block]:
    """For the opening and closing: bullets keep their "- " as text, table rows become " | " paragraphs."""
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            result.append(block)
        elif isinstance(block, Bullet):
            first = block.inline[0] if block.inline else None
            if isinstance(first, Span) and not (first.bold or first.italic):
                result.append(Paragraph([Span(f"{BULLET_MARK} {first.text}"), *block.inline[1:]]))
            else:
                result.append(Paragraph([Span(f"{BULLET_MARK} "), *block.inline]))
        elif isinstance(block, Table):
            if block.caption:
                result.append(Paragraph([Span(block.caption)]))
            for row in (*block.header, *block.rows):
                text = " | ".join(cell_text(cell) for cell in row if cell not in (None, ""))
                if text:
                    result.append(Paragraph([Span(text)]))
    return result


def release_clipboard() -> None:
    """Before the program exits: what an editor copied stays on the clipboard as text made by Qt.

    The QMimeData an editor puts there was made by Python; Qt frees the clipboard's content after
    Python has shut down, which crashed the program on exit after a copy.
    """
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(BLOCKS_MIME_TYPE):
        clipboard.setText(mime.text())
