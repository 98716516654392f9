"""Shared pieces of the Qt layer: Vietnamese message boxes, file dialogs, background work.

Qt ships no Vietnamese translation of its own buttons, so every dialog here names its buttons itself.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QSettings, QThreadPool, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QPushButton, QWidget

APP_NAME = "Trợ lý Báo cáo"
ORGANISATION = "TroLyBaoCao"


_ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def print_icon() -> QIcon:
    """The desktop theme's printer where there is one (Linux), else the program's own (Windows has no theme)."""
    return QIcon.fromTheme(QIcon.ThemeIcon.DocumentPrint, QIcon(str(_ICONS / "printer.svg")))


SOFFICE_SETTING = "pdf/soffice"
"""The LibreOffice program the officer chose (preview, printing, .doc import); empty: found automatically."""


def configured_soffice() -> str | None:
    return str(QSettings().value(SOFFICE_SETTING, "") or "") or None


def choose_soffice(parent: QWidget | None) -> str | None:
    """Ask for LibreOffice's program (or its install folder) and remember it; None when cancelled or not one."""
    from app.render.pdf import find_libreoffice

    chosen = QFileDialog.getOpenFileName(
        parent, "Chọn chương trình LibreOffice (soffice)", configured_soffice() or "", "Chương trình (*)"
    )[0]
    if not chosen:
        return None
    found = find_libreoffice(chosen)
    if found is None:
        warn(
            parent,
            "Không phải LibreOffice",
            f"«{chosen}» không phải chương trình LibreOffice. Hãy chọn tệp soffice (trên Windows: soffice.exe "
            "trong thư mục program của LibreOffice).",
        )
        return None
    QSettings().setValue(SOFFICE_SETTING, str(found))
    return str(found)


def local_time(moment: dt.datetime) -> str:
    """A stored (UTC) moment in the computer's local time, as officers write it: 05/06/2024 14:30."""
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: list[tuple[str, QMessageBox.ButtonRole]],
    detail: str | None = None,
) -> int:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    made = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(made[0])
    if detail:
        box.setDetailedText(detail)
    box.exec()
    try:
        clicked = box.clickedButton()
    except RuntimeError:  # its window was closed under it (the program quitting): as if cancelled
        return len(made) - 1
    return made.index(clicked) if clicked in made else len(made) - 1


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Information, title, text, [("Đóng", QMessageBox.ButtonRole.AcceptRole)])


def warn(parent: QWidget | None, title: str, text: str, detail: str | None = None) -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text, [("Đóng", QMessageBox.ButtonRole.AcceptRole)], detail)


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "Đồng ý", no: str = "Hủy") -> bool:
    """True when the officer chose `yes`."""
    answer = _box(
        parent,
        QMessageBox.Icon.Question,
        title,
        text,
        [(yes, QMessageBox.ButtonRole.AcceptRole), (no, QMessageBox.ButtonRole.RejectRole)],
    )
    return answer == 0


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # reported to the UI thread, never lost
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


def ask_file(parent: QWidget | None, title: str, start: str, file_filter: str, *, save: bool) -> str | None:
    """A file to open or to save as, or None when cancelled.

    Qt's own dialog has English labels (the system's dialog speaks the system's language): the
    labels an officer reads are set here in Vietnamese.
    """
    dialog = QFileDialog(parent, title, start, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    for label, text in (
        (QFileDialog.DialogLabel.LookIn, "Thư mục:"),
        (QFileDialog.DialogLabel.FileName, "Tên tệp:"),
        (QFileDialog.DialogLabel.FileType, "Loại tệp:"),
        (QFileDialog.DialogLabel.Accept, "Lưu" if save else "Mở"),
        (QFileDialog.DialogLabel.Reject, "Hủy"),
    ):
        dialog.setLabelText(label, text)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return str(dialog.selectedFiles()[0])


def accept_cancel_buttons(dialog: QDialog, accept_text: str) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """A dialog's button row with Vietnamese texts: the default action, and «Hủy»."""
    buttons = QDialogButtonBox()
    accept = QPushButton(accept_text)
    accept.setDefault(True)
    cancel = QPushButton("Hủy")
    buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, accept, cancel


_RUNNING: set[_Task] = set()
"""Tasks in flight: held here so their result signals outlive the caller's reference."""


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    pool: QThreadPool | None = None,
) -> _Task:
    """Run `work` on a worker thread; the callbacks run on the UI thread. Never touch widgets in `work`."""
    task = _Task(work)
    _RUNNING.add(task)
    task.signals.finished.connect(lambda _result: _RUNNING.discard(task))
    task.signals.failed.connect(lambda _error: _RUNNING.discard(task))
    if on_done is not None:
        task.signals.finished.connect(on_done)
    if on_error is not None:
        task.signals.failed.connect(on_error)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
