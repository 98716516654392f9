"""The child process of the program crash drill (tests/drills/crash_drill.py): the program, with an officer typing.

    python -m tests.drills.typing_driver LOGFILE [--open-draft ID] [--seed N] [--check-only] [--wait-go]

It starts the program exactly as `main.py` does (`app.ui.app.run`), with nothing of the program patched.
The only addition is a timer of this process, outside the program's code, that watches the windows the
program shows: once the library is attached it finds the wizard the program reopened after the previous
crash (or, with --open-draft, opens that draft the way the officer does: select it in the list, open it),
opens the sub-section «Thuận lợi», puts the cursor at the end of its text and types Vietnamese words at a
human cadence (one every 100–200 ms) as an IME delivers them: QInputMethodEvent commits sent to the
focused block editor. Each word is appended to LOGFILE *before* it is typed, one line each, flushed and
fsynced, with the moment (time.monotonic(), the same clock in every process):

    <seconds>\t<the word as JSON>

so a kill can never leave a typed word out of the log (at worst a logged word was never typed).
It reports on standard output, one flushed line each:

    WAITING                      imports done; with --wait-go it waits for a line on standard input
    LIBRARY-READY                the library window is attached to the database
    REOPENED <id> <sha256>       a wizard was open at start (the crash reopen) showing text with this hash
    OPENED <id> <sha256>         no wizard was open; --open-draft opened this draft through the library
    NOT-REOPENED                 no wizard was open and none was to be opened (the drill then fails)
    TYPING <seconds>             the first word was logged at this moment
    DIALOG <title>: <text>       the program showed a message box (the drill reports it)

With --check-only it types nothing: after REOPENED it quits the program normally.
The hash is of `target_text(report)`: the text of the sub-section typed into, as the wizard holds it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import IO

# Everything heavy is imported before the drill says go, so that a round costs the program's start only.
from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import db.repository  # noqa: F401 - imported by the program on a worker thread later; loaded ahead here
from app.ui.app import run
from app.ui.block_editor import BlockEditor
from app.ui.library import MainWindow
from app.ui.pages import SectionPage
from app.ui.wizard import WizardWindow
from tests.drills.crash_drill import target_section, target_text, text_hash

SENTENCE = (
    "Ủy ban nhân dân xã tiếp tục chỉ đạo các thôn tổ dân phố đẩy mạnh phong trào thi đua Dân vận khéo "
    "gắn với cải cách hành chính nâng cao chất lượng phục vụ Nhân dân người đứng đầu nêu gương "
    "công khai minh bạch lắng nghe ý kiến cử tri giải quyết kịp thời kiến nghị chính đáng"
)
WORDS = tuple(SENTENCE.split(" "))
MIN_PAUSE_MS, MAX_PAUSE_MS = 100, 200
POLL_MS = 50


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Officer:
    """Watches the program's windows and types into the draft once the program has it open."""

    def __init__(self, application: QApplication, log: IO[str], arguments: argparse.Namespace) -> None:
        self.application = application
        self.log = log
        self.open_draft: int | None = arguments.open_draft
        self.check_only: bool = arguments.check_only
        self.chances = random.Random(arguments.seed)
        self.words = 0
        self.editor: BlockEditor | None = None
        self.asked_to_open = False
        self.seen_dialogs: set[int] = set()
        self.timer = QTimer()
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.watch)
        self.timer.start()

    def watch(self) -> None:
        """Every 50 ms until typing starts: report dialogs, wait for the library, find or open the wizard."""
        self.report_dialogs()
        windows = self.application.topLevelWidgets()
        library = next((w for w in windows if isinstance(w, MainWindow)), None)
        if library is None or not library.is_attached():
            return
        wizard = next((w for w in windows if isinstance(w, WizardWindow) and w.isVisible()), None)
        if wizard is None and not self.asked_to_open:
            say("LIBRARY-READY")
            if self.open_draft is None:
                say("NOT-REOPENED")
                self.timer.stop()
                return
            if not library.select_draft(self.open_draft):
                return  # the list is still loading
            self.asked_to_open = True
            library.open_selected()  # what double-clicking the row does
            return
        if wizard is None:
            return
        self.timer.stop()
        if not self.asked_to_open:
            say("LIBRARY-READY")
        shown = text_hash(target_text(wizard.report))
        say(f"{'OPENED' if self.asked_to_open else 'REOPENED'} {wizard.draft_id} {shown}")
        if self.check_only:
            QTimer.singleShot(0, self.application.quit)
            return
        page = wizard.open_section(target_section(wizard.report))
        assert isinstance(page, SectionPage)
        self.editor = page.editor
        self.editor.setFocus()
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.schedule_next_word()

    def report_dialogs(self) -> None:
        for widget in self.application.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible() and id(widget) not in self.seen_dialogs:
                self.seen_dialogs.add(id(widget))
                say(f"DIALOG {widget.windowTitle()}: {' '.join(widget.text().split())}")

    def schedule_next_word(self) -> None:
        QTimer.singleShot(self.chances.randint(MIN_PAUSE_MS, MAX_PAUSE_MS), self.type_word)

    def type_word(self) -> None:
        self.report_dialogs()
        assert self.editor is not None
        word = " " + self.chances.choice(WORDS)
        moment = time.monotonic()
        self.log.write(f"{moment:.6f}\t{json.dumps(word, ensure_ascii=False)}\n")
        self.log.flush()
        os.fsync(self.log.fileno())
        if self.words == 0:
            say(f"TYPING {moment:.6f}")
        self.words += 1
        focused = QApplication.focusWidget()
        receiver: QWidget = focused if isinstance(focused, BlockEditor) else self.editor
        event = QInputMethodEvent()
        event.setCommitString(word)
        QApplication.sendEvent(receiver, event)
        self.schedule_next_word()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("log", type=Path, help="the file each typed word is appended to")
    parser.add_argument("--open-draft", type=int, help="open this draft through the library if none is open")
    parser.add_argument("--seed", type=int, default=0, help="seed of the words and the pauses between them")
    parser.add_argument("--check-only", action="store_true", help="report the reopened draft, type nothing, quit")
    parser.add_argument("--wait-go", action="store_true", help="wait for a line on standard input before starting")
    arguments = parser.parse_args(argv)

    say("WAITING")
    if arguments.wait_go:
        sys.stdin.readline()
    program_argv = [str(Path(__file__).resolve().parents[2] / "main.py")]
    # run() takes the QApplication if one exists: created here so that this process's timer can exist too.
    application = QApplication(program_argv)
    with arguments.log.open("a", encoding="utf-8") as log:
        officer = Officer(application, log, arguments)
        code = run(program_argv)
        officer.timer.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
