"""Screenshots of the library, every wizard page, the preview, the checks and «Nhập từ Word» for docs/screenshots.

Run under a real X server, as the officer sees the program (Xvfb from Debian's packages; the Xem trước shot
needs LibreOffice, the spelling shot the hunspell-vi word list):

    xvfb-run -a -s "-screen 0 1600x1000x24" python3 tools/screenshots.py
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 2400x1500x24" python3 tools/screenshots.py --suffix 150 \
        --only 01-thu-vien --only 14-xem-truoc

At 150 % only the library and the wizard with its preview are kept for the README (drop the --only options to
see every window at that scale).

The library is a temporary one holding the three shared examples and Trà Tây rolled forward to 2024; settings,
data and cache folders are temporary too, so nothing of the user's is touched. Each shot waits for what it
shows (search results, printed pages, the format check, the dictionary); when something never comes the script
says what and exits with 1. A window that grows wider than the screen is reported on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python tools/screenshots.py`

if TYPE_CHECKING:
    from PySide6.QtGui import QTextBlock
    from PySide6.QtWidgets import QApplication, QWidget

    from app.core.kinds import KindCatalog
    from app.core.model import Section
    from app.ui.block_editor import BlockEditor
    from app.ui.library import MainWindow
    from app.ui.pages import ReviewPage
    from app.ui.printing import PdfService
    from app.ui.wizard import WizardWindow
    from db.repository import DraftRepository

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO.parent / "shared" / "examples"
OUTPUT = REPO / "docs" / "screenshots"
SIZE = (1280, 720)
PREVIEW_SIZE = (1600, 900)
"""The wizard with the Xem trước pane: room for the page being written and a readable printed page."""
PREVIEW_WIDTH = 600
"""The pane's width, as if the officer had dragged it wider once (the program remembers it)."""
TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
BINH_SON = "ubnd-huyen-binh-son-so-ket-2022"
IMPORTED_FILE_NAME = "Báo cáo sơ kết Dân vận khéo Bình Sơn.docx"
"""Bình Sơn's report typed into Word by hand (tests/importers/word_typed.py), for «Nhập từ Word»."""
MISSPELLINGS = ((TRA_TAY, "ngèo"), (BINH_SON, "truyên"))
"""Real typos of the shared examples, in order of preference: the first whose page fits the window is shown."""
SLIPPED_PLACE = "trà Tây"
"""Địa danh typed without its capital in the rolled-forward draft: the format check of the print catches it."""
WAIT_SECONDS = 180.0
"""How long to wait for something slow (LibreOffice's first start, the dictionary) before giving up."""
PDF_PAINT_SECONDS = 2.0
"""Time given to QPdfView, which draws its pages on a worker thread after the document is set."""


class ShotFailed(Exception):
    """Something a shot waits for never came; the message says what and what to check."""


@dataclass
class Studio:
    """The application, a temporary library, and the shots taken so far."""

    application: QApplication
    library: DraftRepository
    catalog: KindCatalog
    pdf_service: PdfService
    drafts: dict[str, int]
    """Draft id by example name (and `TRA_TAY + "-2024"` for the rolled-forward copy)."""
    folder: Path
    suffix: str = ""
    only: list[str] = field(default_factory=list)
    """Parts of the names of the shots wanted (all when empty)."""
    taken: list[Path] = field(default_factory=list)

    # -- the camera ------------------------------------------------------------------------------

    def wanted(self, name: str) -> bool:
        return not self.only or any(part in name for part in self.only)

    def settle(self, seconds: float = 0.5) -> None:
        """Let timers (field notes, side-list marks, layout) fire and everything repaint."""
        end = time.monotonic() + seconds
        while True:
            self.application.processEvents()
            if time.monotonic() >= end:
                return
            time.sleep(0.02)

    def wait(self, condition: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() >= end:
                raise ShotFailed(f"đã đợi {seconds:.0f} giây mà chưa có {what}.")
            self.application.processEvents()
            time.sleep(0.02)

    def shoot(self, widget: QWidget, name: str, *, settle: float = 0.6, from_screen: bool = False) -> None:
        """Save the widget as `name`.png; `from_screen` takes what the screen shows where it is (with its
        menus and popups) instead of the widget alone."""
        if not self.wanted(name):
            return
        self.settle(settle)
        widget.repaint()
        self.application.processEvents()
        screen = widget.screen().availableGeometry()
        if widget.width() > screen.width() or widget.height() > screen.height():
            print(
                f"Cảnh báo: ảnh «{name}»: cửa sổ {widget.width()}×{widget.height()} lớn hơn màn hình "
                f"{screen.width()}×{screen.height()} (có chữ hoặc ô không xuống dòng).",
                file=sys.stderr,
            )
        path = OUTPUT / (f"{name}-{self.suffix}.png" if self.suffix else f"{name}.png")
        if from_screen:
            frame = widget.frameGeometry()
            picture = widget.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        else:
            picture = widget.grab()
        if not picture.save(str(path)):
            raise ShotFailed(f"không ghi được tệp «{path}»; hãy xem thư mục có ghi được không.")
        self.taken.append(path)

    # -- windows ---------------------------------------------------------------------------------

    def open_wizard(self, example: str, size: tuple[int, int] = SIZE, *, page: str = "") -> WizardWindow:
        """A wizard on a draft, the preview closed, on `page` (else where the draft was last left)."""
        from PySide6.QtCore import QSettings

        from app.ui.wizard import PREVIEW_OPEN_KEY, WizardWindow

        QSettings().setValue(PREVIEW_OPEN_KEY, False)
        wizard = WizardWindow(self.library, self.drafts[example], self.catalog, pdf_service=self.pdf_service)
        wizard.resize(*size)
        wizard.show()
        if page:
            wizard.open_page(page)
        self.settle()
        return wizard

    # -- the shots -------------------------------------------------------------------------------

    def library_window(self, window: MainWindow) -> None:
        self.wait(lambda: not window.is_busy(), "danh sách bản nháp")
        self.shoot(window, "01-thu-vien")
        window.search_edit.setText("tra tay")
        self.settle()
        self.wait(lambda: not window.is_busy(), "kết quả tìm kiếm")
        self.shoot(window, "02-tim-kiem")
        window.search_edit.clear()
        self.settle()
        self.wait(lambda: not window.is_busy(), "danh sách bản nháp")

    def wizard_pages(self) -> None:
        """Every page of Trà Tây in order; Xem lại once the format check of its print has finished."""
        from app.ui.pages import ReviewPage

        wizard = self.open_wizard(TRA_TAY)
        try:
            for number, spec in enumerate(wizard.specs, start=3):
                name = f"{number:02d}-trang-{spec.name}"
                if not self.wanted(name):
                    continue
                page = wizard.open_page(spec.name)
                if isinstance(page, ReviewPage):
                    self.wait_for_format_check(page)
                self.shoot(wizard, name)
        finally:
            wizard.close()

    def wait_for_format_check(self, page: ReviewPage) -> None:
        self.wait(lambda: page.format_label.text().startswith("Thể thức bản in:"), "kết quả kiểm tra thể thức")

    def review_findings(self) -> None:
        """Xem lại of Trà Tây rolled forward to 2024, with a slip in the địa danh: the «Thể thức» and «Cách viết»
        groups, the list given the room an officer would drag it to."""
        from PySide6.QtWidgets import QSplitter

        from app.ui.pages import GROUP_FORMAT, GROUP_WRITING, REVIEW, ReviewPage

        name = "13-xem-lai-ghi-chu"
        if not self.wanted(name):
            return
        draft_id = self.drafts[f"{TRA_TAY}-2024"]
        record = self.library.get(draft_id)
        record.report.issuer.place = SLIPPED_PLACE
        self.library.save(draft_id, record.report, expected_version=record.summary.version)
        wizard = self.open_wizard(f"{TRA_TAY}-2024", page=REVIEW)
        try:
            page = wizard.current_page()
            assert isinstance(page, ReviewPage)
            self.wait_for_format_check(page)
            rows = [page.problems.item(row).text() for row in range(page.problems.count())]
            for group in (GROUP_FORMAT, GROUP_WRITING):
                if not any(text.startswith(group) for text in rows):
                    raise ShotFailed(f"nhóm «{group}» ở trang Xem lại (ví dụ Trà Tây đã đổi?).")
            splitter = page.findChild(QSplitter)
            if splitter is not None:
                total = sum(splitter.sizes())
                splitter.setSizes([total * 2 // 5, total - total * 2 // 5])
            page.problems.setCurrentRow(1)
            self.shoot(wizard, name)
        finally:
            wizard.close()

    def preview(self) -> None:
        """Ctrl+F2 beside Thông tin chung: the Xem trước pane showing page 1 of Trà Tây as LibreOffice prints it."""
        from PySide6.QtCore import QSettings

        from app.ui.wizard import PREVIEW_WIDTH_KEY

        name = "14-xem-truoc"
        if not self.wanted(name):
            return
        QSettings().setValue(PREVIEW_WIDTH_KEY, PREVIEW_WIDTH)
        wizard = self.open_wizard(TRA_TAY, PREVIEW_SIZE, page="thong-tin-chung")
        try:
            wizard.set_preview_visible(True)
            pane = wizard.preview
            assert pane is not None
            self.wait(
                lambda: pane.is_current() and pane.page_count() > 0,
                "bản xem trước (cần LibreOffice: libreoffice-writer-nogui, python3-uno)",
            )
            pane.go_to_page(1)
            self.settle(PDF_PAINT_SECONDS)
            self.shoot(wizard, name)
        finally:
            wizard.close()

    def spelling(self) -> None:
        """A section page with a real typo underlined once the dictionary has loaded.

        A sub-section whose title is long enough to widen the window past the screen is skipped for the next
        typo (see the warning it prints): the picture must show the program at its normal size."""
        name = "15-chinh-ta"
        if not self.wanted(name):
            return
        for example, word in MISSPELLINGS:
            wizard = self.open_wizard(example)
            try:
                editor = self._show_typo(wizard, word)
                if editor is not None:
                    self.shoot_with_menu(wizard, editor, word, name)
                    return
                print(
                    f"Cảnh báo: chữ sai «{word}» không chụp được: trang của mục chứa nó làm cửa sổ rộng "
                    f"{wizard.width()} điểm ảnh (tên mục dài không xuống dòng); chụp chữ sai tiếp theo.",
                    file=sys.stderr,
                )
            finally:
                wizard.close()
        raise ShotFailed("trang có chữ sai chính tả vừa khung cửa sổ.")

    def _show_typo(self, wizard: WizardWindow, word: str) -> BlockEditor | None:
        """Open the (sub-)section holding `word`, wait for its underline, scroll to it; None if the window grew."""
        from PySide6.QtGui import QTextCursor

        from app.ui.pages import SectionPage

        width = wizard.width()
        section = next((found for found in _sections(wizard.report.sections) if word in _text_of(found)), None)
        if section is None:
            raise ShotFailed(f"chữ «{word}» trong các ví dụ (đã được sửa? hãy chọn chữ sai khác).")
        page = wizard.open_section(section)
        if not isinstance(page, SectionPage):
            raise ShotFailed(f"trang của mục có chữ «{word}».")
        self.settle()
        if wizard.width() > width:
            return None
        editor = page.editor
        spelling = editor.spelling
        self.wait(lambda: spelling.service.loaded and not spelling.busy, "từ điển chính tả")
        if spelling.service.missing:
            raise ShotFailed("từ điển chính tả tiếng Việt: hãy cài gói hunspell-vi.")
        found = editor.document().find(word)
        if word not in _underlined(found.block()):
            raise ShotFailed(f"gạch dưới chữ «{word}» (từ điển đã nhận chữ này?).")
        cursor = QTextCursor(found)
        cursor.clearSelection()
        editor.setTextCursor(cursor)
        bar = editor.verticalScrollBar()
        bar.setValue(max(0, bar.value() + editor.cursorRect(cursor).top() - editor.viewport().height() // 3))
        return editor

    def shoot_with_menu(self, wizard: WizardWindow, editor: BlockEditor, word: str, name: str) -> None:
        """The window with the right-click menu of `word` open beside it (suggestions first, the underlined word
        left in sight), grabbed from the screen since a menu is a window of its own."""
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QTextCursor

        found = editor.document().find(word)
        start = QTextCursor(editor.document())
        start.setPosition(found.selectionStart())
        word_left = editor.viewport().mapToGlobal(editor.cursorRect(start).topLeft())
        menu = editor.context_menu(editor.cursorRect(start).center() + QPoint(4, 0))
        size, frame = menu.sizeHint(), wizard.frameGeometry()
        top = min(max(word_left.y() - size.height() // 3, frame.top() + 8), frame.bottom() - size.height() - 8)
        menu.popup(QPoint(max(word_left.x() - size.width() - 12, frame.left()), top))
        try:
            self.wait(menu.isVisible, "trình đơn chuột phải")
            self.shoot(wizard, name, from_screen=True)
        finally:
            menu.close()

    def import_report(self, window: MainWindow) -> None:
        """«Nhập từ Word/tệp…» on a report typed in Word by hand: the import report, before anything is saved."""
        from app.core.report_file import read_report
        from app.importers.files import import_file
        from app.ui.import_dialog import ImportReportDialog
        from tests.importers.word_typed import type_report

        name = "16-nhap-tu-word"
        if not self.wanted(name):
            return
        path = self.folder / IMPORTED_FILE_NAME
        path.write_bytes(type_report(read_report(EXAMPLES / f"{BINH_SON}.baocao.json")))
        dialog = ImportReportDialog(import_file(path), window)
        dialog.show()
        try:
            self.shoot(dialog, name)
        finally:
            dialog.reject()


def isolate_user_folders(folder: Path) -> None:
    """This run's own data, config and cache folders (the officer's word list, printing choices, backups)."""
    for variable, name in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        os.environ[variable] = str(folder / name)
    os.environ.pop("BAOCAO_DB", None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--suffix", default="", help="added to each file name (e.g. 150 for 150 %% scaling)")
    parser.add_argument("--only-library", action="store_true", help="only the library window")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="only the shots whose name contains this text (e.g. 14-xem-truoc); may be given several times",
    )
    arguments = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="screenshots-"))
    isolate_user_folders(folder)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.core.kinds import load_kinds
    from app.core.report_file import read_report
    from app.ui.common import APP_NAME, ORGANISATION
    from app.ui.library import MainWindow
    from app.ui.printing import PdfService
    from app.ui.translations import VietnameseQtTranslator
    from db.engine import open_database
    from db.repository import DraftRepository

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    application = QApplication([])
    application.setApplicationName(APP_NAME)
    application.setOrganizationName(ORGANISATION)
    application.installTranslator(VietnameseQtTranslator(application))
    database = open_database(f"sqlite:///{folder / 'baocao.sqlite3'}")
    library = DraftRepository(database)
    drafts = {
        path.name.removesuffix(".baocao.json"): library.create(read_report(path)).id
        for path in sorted(EXAMPLES.glob("*.baocao.json"))
    }
    drafts[f"{TRA_TAY}-2024"] = library.clone(drafts[TRA_TAY], year=2024).draft.id
    pdf_service = PdfService(parent=application)  # as the program has: one LibreOffice for every window
    studio = Studio(
        application, library, load_kinds(None), pdf_service, drafts, folder, arguments.suffix, arguments.only
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)

    window = MainWindow(library, studio.catalog, lambda _id: None, pdf_service=pdf_service)
    window.resize(*SIZE)
    window.show()
    try:
        studio.library_window(window)
        if not arguments.only_library:
            studio.wizard_pages()
            studio.review_findings()
            studio.preview()
            studio.spelling()
            studio.import_report(window)
    except ShotFailed as error:
        print(f"Chưa chụp xong: {error}", file=sys.stderr)
        return 1
    finally:
        window.close()
        pdf_service.close()
        database.close()
    for path in studio.taken:
        print(path.relative_to(REPO))
    return 0


def _underlined(block: QTextBlock) -> list[str]:
    """The words of a block the spell checker draws with the red wavy line."""
    from PySide6.QtGui import QTextCharFormat

    wavy = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    text, formats = block.text(), block.layout().formats()
    return [text[item.start : item.start + item.length] for item in formats if item.format.underlineStyle() == wavy]


def _sections(sections: list[Section]) -> list[Section]:
    """Every section, depth first (sub-sections after their parent)."""
    found: list[Section] = []
    for section in sections:
        found.append(section)
        found.extend(_sections(section.subsections()))
    return found


def _text_of(section: Section) -> str:
    """The section's own paragraphs and bullets as plain text."""
    from app.core.model import Bullet, Paragraph

    return "\n".join(block.plain_text for block in section.blocks if isinstance(block, (Paragraph, Bullet)))


if __name__ == "__main__":
    sys.exit(main())
