"""The desktop program: opens the library, the wizards, and brings back what was open after a crash.

The window is on screen before the database layer is even imported (SQLAlchemy alone takes longer
to import than Qt takes to show a window): the library opens on a worker thread and fills the list
when ready; its integrity check and the day's backup follow in the background.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from app.ui.common import APP_NAME, ORGANISATION, confirm, run_in_background, warn
from app.ui.translations import VietnameseQtTranslator

if TYPE_CHECKING:
    from app.core.kinds import KindCatalog
    from app.ui.printing import PdfService
    from db.engine import Database
    from db.repository import DraftRepository

STARTUP_PROBE = "BAOCAO_STARTUP_PROBE"
"""Set by bench/startup.py: print when the window is shown and when the library is filled, then quit."""
OPEN_DRAFTS = "session/open_drafts"
CLEAN_EXIT = "session/clean_exit"


def _open_library(url: str) -> tuple[Database, KindCatalog]:
    """On a worker thread: the database (no integrity check yet) and the report kinds."""
    from app.core.kinds import load_kinds
    from app.core.paths import data_folder
    from db.engine import open_database

    return open_database(url, check=False), load_kinds(data_folder())


class Program:
    """One running program: the database, the library window and the open wizards."""

    def __init__(self, application: QApplication) -> None:
        from app.ui.library import MainWindow

        self.application = application
        self.database: Database | None = None
        self.repository: DraftRepository | None = None
        self.catalog: KindCatalog | None = None
        self.wizards: dict[int, Any] = {}
        self.pdf: PdfService | None = None
        """The one LibreOffice converter of the program (preview and printing), made once the window is up;
        LibreOffice itself starts on a worker thread the first time a preview or a print needs it."""
        self.probe = bool(os.environ.get(STARTUP_PROBE))
        self.window = MainWindow(None, None, self.open_draft)
        application.aboutToQuit.connect(self.quit)
        settings = QSettings()
        self.crashed = not settings.value(CLEAN_EXIT, True, type=bool)
        self.reopen = _draft_ids(settings.value(OPEN_DRAFTS, [], type=list)) if self.crashed else []
        settings.setValue(CLEAN_EXIT, False)
        self.window.show()
        if self.probe:
            QTimer.singleShot(0, lambda: print("WINDOW-SHOWN", flush=True))
        QTimer.singleShot(0, self.open_library)

    # -- the library ---------------------------------------------------------------------------

    def open_library(self) -> None:
        from app.ui.printing import PdfService
        from db.engine import database_url

        if self.pdf is None:
            self.pdf = PdfService(parent=self.application)
            self.window.pdf_service = self.pdf

        url = database_url()
        run_in_background(
            lambda: _open_library(url), on_done=self.library_opened, on_error=lambda _error: self.library_failed(url)
        )

    def library_failed(self, url: str) -> None:
        """The database could not be opened: offer the newest backup (on the UI thread, it asks)."""
        from app.core.kinds import load_kinds
        from app.core.paths import data_folder

        database = open_or_recover(url)
        if database is None:
            self.window.statusBar().showMessage("Không mở được thư viện bản nháp.")
            return
        self.library_opened((database, load_kinds(data_folder())))

    def library_opened(self, opened: tuple[Database, KindCatalog]) -> None:
        from sqlalchemy.exc import DBAPIError

        from db.repository import DraftRepository

        self.database, self.catalog = opened
        self.repository = DraftRepository(self.database)
        try:
            self.window.attach(self.repository, self.catalog)
        except DBAPIError as error:  # damage the quick open could not see, met by the first query
            self.database_damaged(str(error.orig or error))
            return
        self.window.statusBar().clearMessage()
        for draft_id in self.reopen:
            self.open_draft(draft_id)
        if self.reopen:
            self.window.statusBar().showMessage(
                f"Chương trình đã tắt đột ngột lần trước; đã mở lại {len(self.reopen)} bản nháp đang soạn dở.", 15000
            )
        if self.catalog.problems:
            warn(self.window, "Tệp loại báo cáo bị bỏ qua", "\n\n".join(self.catalog.problems))
        if self.probe:
            print("LIBRARY-READY", flush=True)
            QTimer.singleShot(0, self.application.quit)
            return
        QTimer.singleShot(0, self.check_in_background)

    def check_in_background(self) -> None:
        """The integrity check and the day's backup, without holding up the window."""
        from db.backup import automatic_backup
        from db.engine import DatabaseError, check_integrity

        database = self.database
        assert database is not None

        def work() -> None:
            check_integrity(database)
            automatic_backup(database)

        def failed(error: Exception) -> None:
            if isinstance(error, DatabaseError) and self.database is database:
                self.database_damaged(str(error))  # the integrity check failed: offer the newest sound backup
            else:
                warn(self.window, "Cơ sở dữ liệu có vấn đề", str(error))

        run_in_background(work, on_error=failed)

    def database_damaged(self, detail: str) -> None:
        """The open database turned out damaged: close every draft (each saves, or writes a recovery file),
        then offer the newest sound backup as at start-up."""
        from app.core.kinds import load_kinds
        from app.core.paths import data_folder
        from db.engine import database_url

        for wizard in list(self.wizards.values()):
            wizard.close()
        self.window.detach("Cơ sở dữ liệu bị hỏng; đang khôi phục…")
        if self.database is not None:
            self.database.close()
        self.database = self.repository = None
        url = database_url()
        database = offer_backup(url, f"Cơ sở dữ liệu bị hỏng ({detail}).")
        if database is None:
            self.window.statusBar().showMessage("Không mở được thư viện bản nháp.")
            return
        self.library_opened((database, self.catalog or load_kinds(data_folder())))

    # -- wizards -------------------------------------------------------------------------------

    def open_draft(self, draft_id: int) -> None:
        from app.ui.wizard import WizardWindow
        from db.records import NotFoundError

        existing = self.wizards.get(draft_id)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return
        if self.repository is None or self.catalog is None:
            return
        try:
            wizard = WizardWindow(self.repository, draft_id, self.catalog, pdf_service=self.pdf)
        except NotFoundError as error:
            warn(self.window, "Không mở được bản nháp", str(error))
            return
        wizard.saved.connect(lambda _id: self.window.refresh())
        wizard.closed.connect(self.wizard_closed)
        wizard.draftReplaced.connect(self.draft_replaced)
        self.wizards[draft_id] = wizard
        self.remember_open_drafts()
        wizard.show()

    def draft_replaced(self, old_id: int, new_id: int) -> None:
        """After a save conflict the officer's text went into a new draft; the wizard now edits that one."""
        wizard = self.wizards.pop(old_id, None)
        if wizard is not None:
            self.wizards[new_id] = wizard
        self.remember_open_drafts()
        self.window.refresh()

    def wizard_closed(self, draft_id: int) -> None:
        self.wizards.pop(draft_id, None)
        self.remember_open_drafts()
        self.window.refresh()

    def remember_open_drafts(self) -> None:
        QSettings().setValue(OPEN_DRAFTS, list(self.wizards))

    def quit(self) -> None:
        for wizard in list(self.wizards.values()):
            wizard.close()  # flushes its autosave, never asks
        if "app.ui.block_editor" in sys.modules:
            from app.ui.block_editor import release_clipboard

            release_clipboard()
        if self.pdf is not None:
            self.pdf.close()  # LibreOffice and its worker stop; no process is left behind
        QThreadPool.globalInstance().waitForDone(5000)  # a backup or save still running finishes first
        settings = QSettings()
        settings.setValue(CLEAN_EXIT, True)
        settings.sync()
        if self.database is not None:
            self.database.close()


def _draft_ids(value: object) -> list[int]:
    """Draft ids as QSettings gives them back (a list of strings from an .ini file, or None)."""
    if not isinstance(value, list):
        return []
    return [int(item) for item in value if str(item).isdigit()]


def open_or_recover(url: str) -> Database | None:
    """The database, or — when it cannot be opened — the newest sound backup put back with the officer's consent.

    The officer is asked with the backup's date and number of drafts, and told afterwards what came back
    and where the file that could not be opened was kept.
    """
    from db.engine import DatabaseError, open_database

    try:
        return open_database(url, check=False)
    except DatabaseError as error:
        return offer_backup(url, str(error))


def offer_backup(url: str, problem: str) -> Database | None:
    """Say what is wrong with the database and offer its newest sound backup; the restored database, or None."""
    from app.ui.common import inform
    from db.backup import FOLDER_NAME, count_drafts, describe_backup, newest_good_backup, restore_backup
    from db.engine import DatabaseError, open_database

    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    newest = newest_good_backup(path.parent / FOLDER_NAME) if path is not None else None
    if path is None or newest is None:
        none_found = (
            f"\n\nThư mục «{path.parent / FOLDER_NAME}» chưa có bản sao lưu nào dùng được. Tệp «{path}» được để "
            "nguyên; hãy nhờ người hỗ trợ kỹ thuật xem giúp."
            if path is not None
            else ""
        )
        warn(None, "Không mở được cơ sở dữ liệu", f"{problem}{none_found}")
        return None
    try:
        drafts = count_drafts(newest.path)
    except DatabaseError:
        drafts = None
    holding = f", gồm {drafts} bản nháp" if drafts is not None else ""
    question = (
        f"{problem}\n\nKhôi phục từ {describe_backup(newest)}{holding}? Tệp hiện tại được giữ lại trong thư mục "
        "sao lưu trước khi khôi phục; những gì soạn sau lúc sao lưu sẽ không có trong thư viện."
    )
    if not confirm(None, "Không mở được cơ sở dữ liệu", question, yes="Khôi phục", no="Thoát"):
        return None
    try:
        restored = restore_backup(path, newest)
        database = open_database(url, check=False)
    except DatabaseError as second:
        warn(None, "Không khôi phục được", str(second))
        return None
    inform(None, "Đã khôi phục thư viện bản nháp", restored.message())
    return database


def _show_crash(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """The last resort: say what happened in Vietnamese; autosave has kept the text."""
    detail = "".join(traceback.format_exception(kind, error, trace))
    print(detail, file=sys.stderr)
    if QApplication.instance() is None:
        return
    if "app.ui.wizard" in sys.modules:
        from app.ui.wizard import flush_open_wizards

        flush_open_wizards()
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
    application.installTranslator(VietnameseQtTranslator(application))
    sys.excepthook = _show_crash
    program = Program(application)
    code = application.exec()
    del program
    return code
