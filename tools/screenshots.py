"""Screenshots of the main window and every wizard page for docs/screenshots (and the README).

Run under a real X server, as the officer sees the program (Xvfb from Debian's packages):

    xvfb-run -a -s "-screen 0 1600x1000x24" python3 tools/screenshots.py
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 2400x1500x24" python3 tools/screenshots.py --suffix 150

The library is a temporary one holding the three shared examples; nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python tools/screenshots.py`

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO.parent / "shared" / "examples"
OUTPUT = REPO / "docs" / "screenshots"
SIZE = (1280, 720)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--suffix", default="", help="added to each file name (e.g. 150 for 150 % scaling)")
    parser.add_argument("--only-library", action="store_true", help="only the library window")
    arguments = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    from app.core.kinds import load_kinds
    from app.core.report_file import read_report
    from app.ui.common import APP_NAME, ORGANISATION
    from app.ui.library import MainWindow
    from app.ui.translations import VietnameseQtTranslator
    from app.ui.wizard import WizardWindow
    from db.engine import open_database
    from db.repository import DraftRepository

    folder = Path(tempfile.mkdtemp(prefix="screenshots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    application = QApplication([])
    application.setApplicationName(APP_NAME)
    application.setOrganizationName(ORGANISATION)
    application.installTranslator(VietnameseQtTranslator(application))
    database = open_database(f"sqlite:///{folder / 'baocao.sqlite3'}")
    library = DraftRepository(database)
    ids = [library.create(read_report(path)).id for path in sorted(EXAMPLES.glob("*.baocao.json"))]
    tra_tay = next(i for i in ids if "Trà Tây" in library.get(i).report.issuer.place)
    library.clone(tra_tay, year=2024)
    catalog = load_kinds(None)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    suffix = f"-{arguments.suffix}" if arguments.suffix else ""
    taken: list[Path] = []

    def settle(widget: QWidget) -> None:
        for _ in range(20):
            application.processEvents()
        widget.repaint()
        application.processEvents()

    def shoot(widget: QWidget, name: str) -> None:
        settle(widget)
        path = OUTPUT / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        taken.append(path)

    window = MainWindow(library, catalog, lambda _id: None)
    window.resize(*SIZE)
    window.show()
    shoot(window, "01-thu-vien")
    window.search_edit.setText("tra tay")
    for _ in range(200):
        application.processEvents()
        if not window.is_busy():
            break
    shoot(window, "02-tim-kiem")
    if not arguments.only_library:
        wizard = WizardWindow(library, tra_tay, catalog)
        wizard.resize(*SIZE)
        wizard.show()
        for number, spec in enumerate(wizard.specs, start=3):
            page = wizard.open_page(spec.name)
            if page is None:
                continue
            shoot(wizard, f"{number:02d}-trang-{spec.name}")
        wizard.close()
    window.close()
    database.close()
    for path in taken:
        print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
