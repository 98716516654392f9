"""Spell checking in the editors: red wavy underlines, suggestions on right-click, the officer's own words.

- `SpellService`: one for the program. The first editor that asks starts loading the dictionary on a worker
  thread (typing never waits for it); every highlighter is told when results change: the dictionary
  arrived, a word was added or ignored, checking was switched on or off ("Kiểm tra chính tả", remembered).
- `SpellHighlighter`: one per document. Qt calls it for the blocks an edit touched; results are cached per
  word, so re-checking a paragraph as the officer types costs microseconds. An edit that touches a great
  many blocks (a long draft opened, a huge paste) is checked for at most HIGHLIGHT_BUDGET_SECONDS; the
  rest, and every change of results, is done by a background pass in slices of PASS_SLICE_SECONDS that
  re-underlines only the blocks whose underlines differ (re-highlighting a block costs Qt a new layout).
- The dictionary, tone placement, tokenising and the officer's words are in app/core/spelling.py.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import cast

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)
from PySide6.QtWidgets import QMenu

from app.core.files import OutputError
from app.core.spelling import (
    NO_DICTIONARY_NOTICE,
    DictionaryError,
    SpellChecker,
    ToneStyle,
    Word,
    load_spell_checker,
    tone_style_of_text,
    words_to_check,
)

ENABLED_SETTING = "spelling/enabled"
HIGHLIGHT_BUDGET_SECONDS = 0.04
"""Checking Qt may have done inside one turn of the event loop before further blocks wait for the pass."""
PASS_SLICE_SECONDS = 0.015
"""How long one slice of the background pass keeps the UI thread."""
SUGGESTION_WAIT_SECONDS = 0.15
"""How long the context menu waits for suggestions before opening with "Đang tìm gợi ý…" in their place."""
UNDERLINE_COLOR = QColor(220, 0, 0)

Loader = Callable[[], SpellChecker | None]


class SpellService(QObject):
    """The program's spell checker, loaded once on a worker thread and shared by every editor."""

    changed = Signal()
    """Results changed: the dictionary arrived (or is missing), a word was added or ignored, checking toggled."""
    _finished = Signal(object, str)

    def __init__(self, loader: Loader = load_spell_checker) -> None:
        super().__init__()
        self._loader = loader
        self._checker: SpellChecker | None = None
        self._thread: threading.Thread | None = None
        self._done = False
        self.problem: str | None = None
        """Why a dictionary that was found could not be read (Vietnamese), if so."""
        self._enabled = bool(QSettings().value(ENABLED_SETTING, True, type=bool))
        self._finished.connect(self._on_finished)

    # -- loading -----------------------------------------------------------------------------

    def start(self) -> None:
        """Starts loading the dictionary in the background, once."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._load, name="spelling-dictionary", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        checker: SpellChecker | None = None
        problem = ""
        try:
            checker = self._loader()
        except DictionaryError as error:
            problem = str(error)
        except Exception as error:  # never let a broken dictionary take the editor down
            problem = f"Không nạp được từ điển tiếng Việt ({error.__class__.__name__}: {error})."
        with contextlib.suppress(RuntimeError):  # the service was deleted meanwhile (the program is closing)
            self._finished.emit(checker, problem)

    def _on_finished(self, checker: object, problem: str) -> None:
        self._checker = cast("SpellChecker | None", checker)
        self.problem = problem or None
        self._done = True
        self.changed.emit()

    @property
    def loaded(self) -> bool:
        """The loading finished, with or without a dictionary."""
        return self._done

    @property
    def missing(self) -> bool:
        """Loading finished without a usable dictionary: no underlines, one notice in the context menu."""
        return self._done and self._checker is None

    @property
    def checker(self) -> SpellChecker | None:
        return self._checker

    @property
    def active_checker(self) -> SpellChecker | None:
        """The checker when loaded and switched on; None otherwise (nothing is underlined)."""
        return self._checker if self._enabled else None

    # -- what the officer does -----------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Switches checking on or off in every editor, remembered for the next start."""
        if enabled == self._enabled:
            return
        self._enabled = enabled
        QSettings().setValue(ENABLED_SETTING, enabled)
        self.changed.emit()

    def ignore(self, word: str) -> None:
        """Accepts `word` in every editor until the program closes ("Bỏ qua")."""
        if self._checker is not None:
            self._checker.ignore(word)
            self.changed.emit()

    def add_word(self, word: str) -> str | None:
        """Adds `word` to the officer's dictionary; a Vietnamese message when the file could not be written
        (the word is accepted for this session all the same)."""
        if self._checker is None:
            return None
        message: str | None = None
        try:
            self._checker.add_to_user_dictionary(word)
        except OutputError as error:
            message = f"Chưa lưu được «{word}» vào từ điển riêng (chỉ dùng trong lần làm việc này): {error}"
        self.changed.emit()
        return message


_service: SpellService | None = None


def spell_service() -> SpellService:
    """The program's one SpellService (made on first use; needs a QApplication)."""
    global _service
    if _service is None:
        _service = SpellService()
    return _service


def reset_spell_service(loader: Loader = load_spell_checker) -> SpellService:
    """Forgets the loaded dictionary: editors made from now on load it again with `loader` (tests; a new
    dictionary chosen by the officer)."""
    global _service
    _service = SpellService(loader)
    return _service


class _SuggestionJob(QObject):
    """Computes one word's suggestions on a worker thread; `done` arrives on the UI thread."""

    done = Signal(list)

    def __init__(self, checker: SpellChecker, word: str, style: ToneStyle | None, parent: QObject) -> None:
        super().__init__(parent)
        self._checker = checker
        self._word = word
        self._style = style
        self._result: list[str] | None = None
        self._finished = threading.Event()

    def run(self, *, wait: float) -> list[str] | None:
        """Starts the work and waits up to `wait` seconds: the suggestions if ready by then, else None (and
        `done` follows)."""
        threading.Thread(target=self._work, name="spelling-suggestions", daemon=True).start()
        if self._finished.wait(wait):
            return self._result
        return None

    def _work(self) -> None:
        try:
            self._result = self._checker.suggestions(self._word, self._style)
        except Exception:  # a suggestion failing must not take the menu down: it shows "no suggestion"
            self._result = []
        self._finished.set()
        with contextlib.suppress(RuntimeError):  # the menu (this job's parent) is gone
            self.done.emit(self._result)


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines misspelled words of one document with a red wavy line."""

    def __init__(
        self,
        document: QTextDocument,
        service: SpellService | None = None,
        *,
        quietly: Callable[[], AbstractContextManager[object]] | None = None,
    ) -> None:
        """`quietly`: what to wrap the highlighter's own re-highlighting in, so the editor does not take it
        for an edit by the officer (Qt reports re-laying out a block as a change of contents)."""
        super().__init__(document)
        self._service = service or spell_service()
        self._quietly: Callable[[], AbstractContextManager[object]] = quietly or nullcontext
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(UNDERLINE_COLOR)
        self._spent = 0.0
        self._skipping = False
        self._forced = False
        self._pass_from: int | None = None
        self._turn_timer = QTimer(self)
        self._turn_timer.setSingleShot(True)
        self._turn_timer.setInterval(0)
        self._turn_timer.timeout.connect(self._end_turn)
        self._pass_timer = QTimer(self)
        self._pass_timer.setSingleShot(True)
        self._pass_timer.setInterval(0)
        self._pass_timer.timeout.connect(self._continue_pass)
        document.contentsChange.connect(self._on_contents_change)
        self._service.changed.connect(self.recheck)
        self._service.start()

    @property
    def service(self) -> SpellService:
        return self._service

    @property
    def busy(self) -> bool:
        """The background pass has blocks left to check."""
        return self._pass_from is not None

    def recheck(self) -> None:
        """Brings every block's underlines up to date, in the background."""
        self._defer(0)

    def highlightBlock(self, text: str) -> None:
        if self._skipping and not self._forced:
            return  # over budget: as cheap as can be (a 5 MB paste calls this for 30 000 blocks)
        checker = self._service.active_checker
        if checker is None or not text:
            return
        if self._spent > HIGHLIGHT_BUDGET_SECONDS and not self._forced:
            self._skipping = True
            self._defer(self.currentBlock().position())
            return
        started = time.perf_counter()
        for start, end in checker.misspelled_ranges(text):
            self.setFormat(start, end - start, self._format)
        self._spent += time.perf_counter() - started
        if not self._turn_timer.isActive():
            self._turn_timer.start()

    # -- the background pass -------------------------------------------------------------------

    def _end_turn(self) -> None:
        self._spent = 0.0
        self._skipping = False

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        """Qt highlights the changed blocks before this runs: blocks it passed over go to the background pass."""
        if self._skipping:
            self._defer(position)

    def _defer(self, position: int) -> None:
        self._pass_from = position if self._pass_from is None else min(self._pass_from, position)
        if not self._pass_timer.isActive():
            self._pass_timer.start()

    def _continue_pass(self) -> None:
        position, self._pass_from = self._pass_from, None
        document = self.document()
        if position is None or document is None:
            return
        checker = self._service.active_checker
        deadline = time.perf_counter() + PASS_SLICE_SECONDS
        block = document.findBlock(position)
        changed_from: int | None = None
        changed_to = 0
        with self._quietly():
            try:
                while block.isValid():
                    if time.perf_counter() > deadline:
                        self._defer(block.position())
                        break
                    wanted = checker.misspelled_ranges(block.text()) if checker is not None else []
                    if wanted != self._underlined(block):
                        if block.layout().preeditAreaText():
                            self._forced = True  # the officer is composing a word here: Qt's own way
                            try:
                                self.rehighlightBlock(block)
                            finally:
                                self._forced = False
                        else:
                            self._set_underlines(block, wanted)
                            changed_from = block.position() if changed_from is None else changed_from
                            changed_to = block.position() + block.length()
                    block = block.next()
            finally:
                if changed_from is not None:
                    # One new layout for all the blocks of this slice: re-highlighting them one by one
                    # (rehighlightBlock) would lay out the rest of the document again for each.
                    end = min(changed_to, document.characterCount())
                    document.markContentsDirty(changed_from, end - changed_from)

    def _underlined(self, block: QTextBlock) -> list[tuple[int, int]]:
        return [
            (item.start, item.start + item.length)
            for item in block.layout().formats()
            if item.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline
        ]

    def _set_underlines(self, block: QTextBlock, ranges: list[tuple[int, int]]) -> None:
        """What highlightBlock would give the block, put straight into its layout (laid out by the caller)."""
        layout = block.layout()
        kept = [
            item
            for item in layout.formats()
            if item.format.underlineStyle() != QTextCharFormat.UnderlineStyle.SpellCheckUnderline
        ]
        for start, end in ranges:
            item = QTextLayout.FormatRange()
            item.start, item.length, item.format = start, end - start, self._format
            kept.append(item)
        layout.setFormats(kept)

    # -- the context menu ----------------------------------------------------------------------

    def misspelled_word_at(self, position: int) -> Word | None:
        """The misspelled word at document `position` (its offsets in the document), or None."""
        checker = self._service.active_checker
        document = self.document()
        if checker is None or document is None:
            return None
        block = document.findBlock(position)
        offset = position - block.position()
        for word in words_to_check(block.text()):
            if word.start <= offset <= word.end and not checker.check(word.text):
                return Word(block.position() + word.start, block.position() + word.end, word.text)
        return None

    def add_word_actions(
        self, menu: QMenu, position: int, replace: Callable[[int, int, str], None], notice: Callable[[str], None]
    ) -> bool:
        """For a misspelled word at `position`: its suggestions (in the document's tone placement), "Bỏ qua"
        and "Thêm vào từ điển", then a separator. True if anything was added."""
        word = self.misspelled_word_at(position)
        checker = self._service.active_checker
        document = self.document()
        if word is None or checker is None or document is None:
            return False
        style = tone_style_of_text(document.toRawText())
        placeholder = menu.addAction(self.tr("Đang tìm gợi ý…"))
        placeholder.setEnabled(False)
        suggestions = checker.cached_suggestions(word.text, style)
        if suggestions is None:
            # A few milliseconds with hunspell-vi; should a dictionary make it slow, the menu opens after
            # SUGGESTION_WAIT_SECONDS with the placeholder, and the suggestions take its place when they arrive.
            job = _SuggestionJob(checker, word.text, style, menu)
            job.done.connect(lambda found: self._show_suggestions(menu, placeholder, found, word, replace))
            suggestions = job.run(wait=SUGGESTION_WAIT_SECONDS)
        if suggestions is not None:
            self._show_suggestions(menu, placeholder, suggestions, word, replace)
        menu.addAction(self.tr("Bỏ qua")).triggered.connect(lambda: self._service.ignore(word.text))

        def add_to_dictionary() -> None:
            message = self._service.add_word(word.text)
            if message:
                notice(message)

        menu.addAction(self.tr("Thêm vào từ điển")).triggered.connect(add_to_dictionary)
        menu.addSeparator()
        return True

    def _show_suggestions(
        self, menu: QMenu, placeholder: QAction, found: list[str], word: Word, replace: Callable[[int, int, str], None]
    ) -> None:
        """Puts the suggestions where the placeholder is (once: a late answer after a quick one is dropped)."""
        try:
            if placeholder not in menu.actions():
                return
            bold = QFont(menu.font())
            bold.setBold(True)
            for suggestion in found:
                action = QAction(suggestion, menu)
                action.setFont(bold)
                action.triggered.connect(lambda _=False, text=suggestion: replace(word.start, word.end, text))
                menu.insertAction(placeholder, action)
            if found:
                menu.removeAction(placeholder)
            else:
                placeholder.setText(self.tr("(Không có gợi ý)"))
        except RuntimeError:  # the menu was closed and deleted before the answer came
            pass

    def add_toggle_action(self, menu: QMenu) -> None:
        """The switch «Kiểm tra chính tả»; without a dictionary, the notice saying what to install instead."""
        if self._service.missing:
            problem = self._service.problem
            text = NO_DICTIONARY_NOTICE if problem is None else "Kiểm tra chính tả: không đọc được từ điển tiếng Việt"
            action = menu.addAction(self.tr(text))
            action.setEnabled(False)
            if problem:
                action.setToolTip(problem)
                menu.setToolTipsVisible(True)
            return
        action = menu.addAction(self.tr("Kiểm tra chính tả"))
        action.setCheckable(True)
        action.setChecked(self._service.enabled)
        action.toggled.connect(self._service.set_enabled)
