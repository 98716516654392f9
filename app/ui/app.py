"""The desktop program: opens the library, the wizards, and brings back what was open after a crash.

Start-up stays short: the database opens without its integrity check, which then runs in the
background together with the day's automatic backup; alembic is imported only for a migration.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from app.core.kinds import KindCatalog, load_kinds
from app.core.paths import data_folder
from app.ui.common import APP_NAME, ORGANISATION, confirm, run_in_background, warn
from app.ui.translations import VietnameseQtTranslator
from db.backup import FOLDER_NAME, automatic_backup, backups_in, restore_file
from db.engine import Database, DatabaseError, check_integrity, database_url, open_database
from db.repository import DraftRepository, NotFoundError

STARTUP_PROBE = "BAOCAO_STARTUP_PROBE"
OPEN_DRAFTS = "session/open_drafts"
CLEAN_EXIT = "session/clean_exit"


class Program:
    """One running program: the database, the library window and the open wizards."""

    def __init__(self, application: QApplication, database: Database, catalog: KindCatalog) -> None:
        from app.ui.library import MainWindow  # the window modules are imported once Qt is up

        self.application = application
        self.database = database
        self.repository = DraftRepository(database)
        self.catalog = catalog
        self.wizards: dict[int, object] = {}
        self.window = MainWindow(self.repository, catalog, self.open_draft)
        application.aboutToQuit.connect(self.quit)
        settings = QSettings()
        crashed = not settings.value(CLEAN_EXIT, True, type=bool)
        reopen = _draft_ids(settings.value(OPEN_DRAFTS, [], type=list)) if crashed else []
        settings.setValue(CLEAN_EXIT, False)
        self.window.show()
        for draft_id in reopen:
            self.open_draft(draft_id)
        if reopen:
            self.window.statusBar().showMessage(
                f"Chương trình đã tắt đột ngột lần trước; đã mở lại {len(reopen)} bản nháp đang soạn dở.", 15000
            )
        if catalog.problems:
            warn(self.window, "Tệp loại báo cáo bị bỏ qua", "\n\n".join(catalog.problems))
        QTimer.singleShot(0, self.check_in_background)
        if os.environ.get(STARTUP_PROBE):
            # bench/startup.py: say when the window is on screen, then leave.
            QTimer.singleShot(0, lambda: (print("WINDOW-SHOWN", flush=True), application.quit()))

    def open_draft(self, draft_id: int) -> None:
        from app.ui.wizard import WizardWindow

        existing = self.wizards.get(draft_id)
        if existing is not None:
            existing.raise_()  # type: ignore[attr-defined]
            existing.activateWindow()  # type: ignore[attr-defined]
            return
        try:
            wizard = WizardWindow(self.repository, draft_id, self.catalog)
        except NotFoundError as error:
            warn(self.window, "Không mở được bản nháp", str(error))
            return
        wizard.saved.connect(lambda _id: self.window.refresh())
        wizard.closed.connect(self.wizard_closed)
        self.wizards[draft_id] = wizard
        self.remember_open_drafts()
        wizard.show()

    def wizard_closed(self, draft_id: int) -> None:
        self.wizards.pop(draft_id, None)
        self.remember_open_drafts()
        self.window.refresh()

    def remember_open_drafts(self) -> None:
        QSettings().setValue(OPEN_DRAFTS, list(self.wizards))

    def check_in_background(self) -> None:
        """The integrity check and the day's backup, without holding up the window."""

        def work() -> None:
            check_integrity(self.database)
            automatic_backup(self.database)

        def failed(error: Exception) -> None:
            warn(self.window, "Cơ sở dữ liệu có vấn đề", str(error))

        self.background_check = run_in_background(work, on_error=failed)

    def quit(self) -> None:
        for wizard in list(self.wizards.values()):
            wizard.close()  # type: ignore[attr-defined]  # flushes its autosave, never asks
        QThreadPool.globalInstance().waitForDone(5000)  # a backup or save still running finishes first
        settings = QSettings()
        settings.setValue(CLEAN_EXIT, True)
        settings.sync()


def _draft_ids(value: object) -> list[int]:
    """Draft ids as QSettings gives them back (a list of strings from an .ini file, or None)."""
    if not isinstance(value, list):
        return []
    return [int(item) for item in value if str(item).isdigit()]


def open_or_recover(url: str) -> Database | None:
    """The database, or — when it cannot be opened — the newest backup put back with the officer's consent."""
    try:
        return open_database(url, check=False)
    except DatabaseError as error:
        path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
        backups = backups_in(path.parent / FOLDER_NAME) if path is not None else []
        if not backups:
            warn(None, "Không mở được cơ sở dữ liệu", str(error))
            return None
        newest = backups[0]
        question = (
            f"{error}\n\nKhôi phục từ bản sao lưu ngày {newest.taken_at:%d/%m/%Y %H:%M}? "
            "Tệp hiện tại được giữ lại trong thư mục sao lưu trước khi khôi phục."
        )
        if path is None or not confirm(None, "Không mở được cơ sở dữ liệu", question, yes="Khôi phục", no="Thoát"):
            return None
        try:
            restore_file(path, newest.path)
            return open_database(url, check=False)
        except DatabaseError as second:
            warn(None, "Không khôi phục được", str(second))
            return None


def _show_crash(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """The last resort: say what happened in Vietnamese; autosave has kept the text."""
    detail = "".join(traceback.format_exception(kind, error, trace))
    print(detail, file=sys.stderr)
    if QApplication.instance() is not None:
        warn(
            None,
            "Đã xảy ra lỗi",
            "Chương trình gặp lỗi không lường trước. Nội dung bạn soạn đã được tự động lưu; "
            "nếu chương trình phải tắt, lần mở sau sẽ mở lại bản nháp.",
            detail,
        )


def run(argv: list[str]) -> int:
    """Start the desktop program; returns the exit code."""
    application = QApplication.instance() or QApplication(argv)
    assert isinstance(application, QApplication)
    application.setApplicationName(APP_NAME)
    application.setOrganizationName(ORGANISATION)
    application.setApplicationDisplayName(APP_NAME)
    translator = VietnameseQtTranslator(application)
    application.installTranslator(translator)
    sys.excepthook = _show_crash
    database = open_or_recover(database_url())
    if database is None:
        return 1
    program = Program(application, database, load_kinds(data_folder()))
    try:
        return application.exec()
    finally:
        del program
        database.close()
