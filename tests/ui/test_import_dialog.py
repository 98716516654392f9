"""«Nhập từ Word»: the file is read off the UI thread, the import report is shown before anything is
saved, «Lưu thành bản nháp» creates the draft and opens it, «Hủy» and refused files save nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.core.model import inline_text, walk_sections
from app.core.report_file import read_report
from app.importers.files import import_file
from app.importers.result import NOTE_HEADINGS, NOTE_KINDS
from app.render.docx import render_docx
from app.render.pdf import find_libreoffice, run_headless_conversion
from app.ui import import_dialog
from app.ui.import_dialog import ImportReportDialog
from app.ui.library import MainWindow
from db.repository import DraftRepository
from tests.conftest import example_path
from tests.importers.test_hostile import encrypted_docx, zip_bomb
from tests.importers.test_legacy import to_tcvn3
from tests.ui.conftest import MessageBoxes
from tests.ui.test_library import _ENGLISH, visible_texts

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
COPY, LEFT, NO_MODIFIER = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
WAIT_MS = 60_000
"""Hang guard for an import (a .doc goes through LibreOffice); not a timing assertion."""


@pytest.fixture(scope="module")
def word_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Trà Tây report as the program prints it: a real Nghị định 30 .docx."""
    path = tmp_path_factory.mktemp("word") / "Báo cáo Trà Tây.docx"
    path.write_bytes(render_docx(read_report(example_path(TRA_TAY))))
    return path


@pytest.fixture(autouse=True)
def _no_import_left_over() -> Iterator[None]:
    """Each test starts with no import under way or waiting (a failed test must not block the next)."""
    import_dialog._QUEUE.busy = False
    import_dialog._QUEUE.waiting.clear()
    yield
    import_dialog._QUEUE.busy = False
    import_dialog._QUEUE.waiting.clear()


@dataclass(frozen=True)
class Shown:
    """What one import report dialog showed (the dialog itself is deleted once answered)."""

    source: str
    groups: dict[str, list[str]]
    outline: list[str]


class Dialogs:
    """The import report dialogs shown, answered without a modal loop."""

    def __init__(self) -> None:
        self.shown: list[Shown] = []
        self.answer = QDialog.DialogCode.Accepted
        self.open_now = 0
        self.most_open = 0
        self.threads: list[bool] = []

    def exec(self, dialog: ImportReportDialog) -> int:
        self.shown.append(Shown(dialog.import_result.source, dialog.groups(), dialog.outline()))
        self.threads.append(threading.current_thread() is threading.main_thread())
        self.open_now += 1
        self.most_open = max(self.most_open, self.open_now)
        QApplication.processEvents()  # what a modal loop would do: other imports may finish meanwhile
        self.open_now -= 1
        return int(self.answer)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    recorded = Dialogs()
    monkeypatch.setattr(ImportReportDialog, "exec", lambda dialog: recorded.exec(dialog))
    return recorded


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr("app.ui.library.ask_report_path", lambda parent, folder: str(path))


def run_import(qtbot: QtBot, window: MainWindow, action: Callable[[], None] | None = None) -> int | None:
    with qtbot.waitSignal(window.import_finished, timeout=WAIT_MS) as finished:
        (action or window.import_action.trigger)()
    result: int | None = finished.args[0]
    return result


# --------------------------------------------------------------------------- the dialog itself


def test_the_report_groups_what_was_recognised_guessed_and_to_check(qtbot: QtBot, word_file: Path) -> None:
    result = import_file(word_file)
    dialog = ImportReportDialog(result)
    qtbot.addWidget(dialog)

    assert word_file.name in dialog.windowTitle()
    groups = dialog.groups()
    assert "Cơ quan ban hành “ỦY BAN NHÂN DÂN XÃ TRÀ TÂY”." in groups["recognised"]
    assert any("Chữ ký" in note for note in groups["recognised"])
    assert groups == {kind: [note.message for note in result.notes_of(kind)] for kind in groups}
    headings = [dialog.notes_tree.topLevelItem(i).text(0) for i in range(dialog.notes_tree.topLevelItemCount())]
    expected = [f"{NOTE_HEADINGS[kind]} ({len(result.notes_of(kind))})" for kind in NOTE_KINDS if result.notes_of(kind)]
    assert headings == expected and headings[0].startswith("Đã nhận ra (")
    assert "ỦY BAN NHÂN DÂN XÃ TRÀ TÂY" in dialog.report_label.text()

    outline = dialog.outline()
    assert "I. Đặc điểm tình hình" in outline
    assert "  1. Thuận lợi" in outline
    assert outline.index("I. Đặc điểm tình hình") < outline.index("  1. Thuận lợi")
    assert sum(1 for line in outline if not line.startswith(" ")) == len(result.report.sections)

    assert dialog.save_button.text() == "Lưu thành bản nháp"
    assert dialog.cancel_button.text() == "Hủy"
    assert dialog.save_button.isDefault()


def test_the_dialog_speaks_vietnamese_only(qtbot: QtBot, word_file: Path) -> None:
    dialog = ImportReportDialog(import_file(word_file))
    qtbot.addWidget(dialog)

    english = [text for text in visible_texts(dialog) if _ENGLISH.search(text)]
    assert english == []


# --------------------------------------------------------------------------- from the library window


def test_saving_creates_the_draft_and_opens_it_in_the_wizard(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    word_file: Path,
    dialogs: Dialogs,
    opened: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.import_action.text() == "Nhập từ Word/tệp…"
    choose_file(monkeypatch, word_file)
    new_id = run_import(qtbot, window)

    assert new_id == 4 and opened == [4]
    assert len(dialogs.shown) == 1 and dialogs.threads == [True]
    assert filled_library.count() == 4
    saved = filled_library.get(4).report
    assert saved.issuer.name.split() == ["ỦY", "BAN", "NHÂN", "DÂN", "XÃ", "TRÀ", "TÂY"]
    titles = [section.title for _depth, section in walk_sections(saved.sections)]
    assert "Đặc điểm tình hình" in titles and "Thuận lợi" in titles
    assert window.current_draft_id() == 4
    assert window.import_action.isEnabled()


def test_the_file_is_read_on_a_worker_thread(
    qtbot: QtBot, window: MainWindow, word_file: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_main_thread: list[bool] = []

    def recording_import(path: Path, **options: object) -> object:
        on_main_thread.append(threading.current_thread() is threading.main_thread())
        return import_file(path)

    monkeypatch.setattr("app.importers.files.import_file", recording_import)
    choose_file(monkeypatch, word_file)
    run_import(qtbot, window)
    assert on_main_thread == [False]


def test_cancelling_the_report_saves_nothing(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    word_file: Path,
    dialogs: Dialogs,
    opened: list[int],
    message_boxes: MessageBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialogs.answer = QDialog.DialogCode.Rejected
    choose_file(monkeypatch, word_file)
    assert run_import(qtbot, window) is None
    assert len(dialogs.shown) == 1
    assert filled_library.count() == 3 and opened == []
    assert message_boxes.shown == []
    assert window.import_action.isEnabled()


@pytest.mark.parametrize(
    ("content", "reason"),
    [(zip_bomb, "bom zip"), (encrypted_docx, "mật khẩu"), (lambda: b"%PDF-1.4\n%%EOF\n", "tệp PDF")],
    ids=["zip-bomb", "password", "pdf"],
)
def test_a_refused_file_is_explained_and_nothing_is_saved(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    dialogs: Dialogs,
    message_boxes: MessageBoxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: Callable[[], bytes],
    reason: str,
) -> None:
    hostile = tmp_path / "bao-cao.docx"
    hostile.write_bytes(content())
    choose_file(monkeypatch, hostile)
    assert run_import(qtbot, window) is None
    assert dialogs.shown == []
    title, text = message_boxes.shown[0]
    assert title == "Không nhập được tệp"
    assert "bao-cao.docx" in text and reason in text and "Chưa có gì được lưu" in text
    assert filled_library.count() == 3
    assert window.import_action.isEnabled()


def test_a_tcvn3_text_file_arrives_in_unicode_with_a_note(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    dialogs: Dialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = [
        "ủy ban nhân dân xã trà tây",
        "báo cáo",
        "kết quả thực hiện phong trào thi đua dân vận khéo năm 2023",
        "i. đặc điểm tình hình",
        "xã trà tây là một xã miền núi nằm ở phía tây của huyện.",
    ]
    old = tmp_path / "bao-cao-cu.txt"
    old.write_bytes(to_tcvn3("\r\n".join(lines)).encode("cp1252"))
    choose_file(monkeypatch, old)
    new_id = run_import(qtbot, window)

    assert any("TCVN3" in note for note in dialogs.shown[0].groups["recognised"])
    assert new_id is not None
    saved = filled_library.get(new_id).report
    texts = [inline_text(block.inline) for block in saved.opening if hasattr(block, "inline")]
    texts += [section.title for _depth, section in walk_sections(saved.sections)]
    for _depth, section in walk_sections(saved.sections):
        texts += [inline_text(block.inline) for block in section.blocks if hasattr(block, "inline")]
    assert any("miền núi" in text for text in texts), texts


def test_word_and_text_files_can_be_dropped_on_the_window(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    word_file: Path,
    dialogs: Dialogs,
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "ban-in.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert not drag_enter(window, [pdf]).isAccepted()
    assert drag_enter(window, [word_file]).isAccepted()

    data = files_data([word_file])  # kept alive while the event is handled
    assert run_import(qtbot, window, lambda: window.dropEvent(drop_event(data))) == 4
    assert len(dialogs.shown) == 1 and filled_library.count() == 4


def files_data(paths: list[Path]) -> QMimeData:
    """What a file manager drags: the files' URLs."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return data


def drag_enter(window: MainWindow, paths: list[Path]) -> QDragEnterEvent:
    data = files_data(paths)
    event = QDragEnterEvent(QPoint(10, 10), COPY, data, LEFT, NO_MODIFIER)
    window.dragEnterEvent(event)
    return event


def drop_event(data: QMimeData) -> QDropEvent:
    """Dropping `data` on the window (the caller keeps `data` alive: the event does not own it)."""
    return QDropEvent(QPointF(10, 10), COPY, data, LEFT, NO_MODIFIER)


def test_several_files_dropped_at_once_show_one_report_after_the_other(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    word_file: Path,
    dialogs: Dialogs,
    tmp_path: Path,
) -> None:
    second = tmp_path / "ban-sao.docx"
    second.write_bytes(word_file.read_bytes())
    finished: list[int | None] = []
    window.import_finished.connect(finished.append)
    data = files_data([word_file, second])
    window.dropEvent(drop_event(data))
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=WAIT_MS)

    assert finished == [4, 5]
    assert [shown.source for shown in dialogs.shown] == [word_file.name, second.name]
    assert dialogs.most_open == 1  # never one dialog on top of another
    assert filled_library.count() == 5


def test_closing_the_window_during_the_import_shows_and_saves_nothing(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    word_file: Path,
    dialogs: Dialogs,
    message_boxes: MessageBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose_file(monkeypatch, word_file)
    window.import_action.trigger()
    window.close()
    qtbot.waitUntil(lambda: not import_dialog._QUEUE.busy, timeout=WAIT_MS)
    assert dialogs.shown == [] and message_boxes.shown == []
    assert filled_library.count() == 3


def test_a_word_97_document_goes_through_libreoffice(
    qtbot: QtBot,
    window: MainWindow,
    filled_library: DraftRepository,
    word_file: Path,
    dialogs: Dialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    program = find_libreoffice()
    assert program is not None, "LibreOffice is needed (tools/test.sh installs it)"
    code, _log = run_headless_conversion(program, word_file, "doc:MS Word 97", tmp_path, tmp_path, WAIT_MS / 1000)
    old = tmp_path / f"{word_file.stem}.doc"
    assert code == 0 and old.exists()
    choose_file(monkeypatch, old)
    new_id = run_import(qtbot, window)

    assert any("LibreOffice" in note for note in dialogs.shown[0].groups["recognised"])
    assert new_id == 4
    assert filled_library.get(4).report.issuer.code == "UBND"
