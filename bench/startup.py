"""Benchmark: from process start to the main window on screen, against a bare Qt program.

Both sides are separate processes started the same way, interleaved: the program (`main.py`,
with an empty library, then with a library of 200 drafts) prints a marker once its window is
shown and another once the library list is filled (both timed in the same start); the baseline
is a bare QApplication showing an empty QWizard. bench/scale.py does the same with 10 000 drafts.
Also measured in this process: opening a 30-page draft in the wizard.
Targets: start ≤ 1.0 s, ratio ≤ 2.0, open ≤ 300 ms.

    python bench/startup.py [--runs N | --quick] [--json]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/startup.py`

from bench.figures import Figure, bench_parser, median_ms, parse_bench_arguments, print_figures, reporter

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO.parent / "shared" / "examples"
MARKER = "WINDOW-SHOWN"
READY = "LIBRARY-READY"
BASELINE = f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard
application = QApplication([])
wizard = QWizard()
wizard.show()
QTimer.singleShot(0, lambda: (print("{MARKER}", flush=True), application.quit()))
application.exec()
"""
TARGET_START_MS, TARGET_RATIO, TARGET_OPEN_MS = 1000.0, 2.0, 300.0


def time_to_markers(command: list[str], environment: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning the process to each marker line on its stdout (the first of each)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    seen: dict[str, float] = {}
    for line in process.stdout:
        seen.setdefault(line.strip(), time.perf_counter() - started)
    process.wait(timeout=30)
    if MARKER not in seen:
        raise RuntimeError(f"{command[1:]} ended without printing {MARKER} (exit {process.returncode})")
    return seen


def environment_for(folder: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        QT_QPA_PLATFORM=environment.get("QT_QPA_PLATFORM", "offscreen"),
        BAOCAO_DB=str(folder / "baocao.sqlite3"),
        BAOCAO_STARTUP_PROBE="1",
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
    )
    return environment


def fill_library(folder: Path, drafts: int) -> None:
    from app.core.report_file import read_report
    from db.engine import open_database
    from db.repository import DraftRepository

    database = open_database(f"sqlite:///{folder / 'baocao.sqlite3'}")
    library = DraftRepository(database)
    examples = [read_report(path) for path in sorted(EXAMPLES.glob("*.baocao.json"))]
    for index in range(drafts):
        library.create(examples[index % len(examples)])
    database.close()


def open_long_draft_ms(runs: int) -> float:
    """Median time to build the wizard window for a 30-page draft (the Trà Tây example ×5)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.core.kinds import load_kinds
    from app.core.report_file import read_report
    from app.ui.wizard import WizardWindow
    from db.engine import open_database
    from db.repository import DraftRepository

    application = QApplication.instance() or QApplication([])
    report = read_report(EXAMPLES / "ubnd-xa-tra-tay-so-ket-2023.baocao.json")
    report.sections = [
        section
        for _ in range(5)
        for section in read_report(EXAMPLES / "ubnd-xa-tra-tay-so-ket-2023.baocao.json").sections
    ]
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'baocao.sqlite3'}")
        library = DraftRepository(database)
        draft = library.create(report)
        catalog = load_kinds(None)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            window = WizardWindow(library, draft.id, catalog)
            window.show()
            application.processEvents()
            times.append(time.perf_counter() - started)
            window.close()
            window.deleteLater()
            application.processEvents()
        database.close()
    return median_ms(times)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_bench_arguments(bench_parser(__doc__, full_runs=11, quick_runs=2), argv)
    runs = arguments.runs
    say = reporter(arguments.json)

    with tempfile.TemporaryDirectory() as empty_folder, tempfile.TemporaryDirectory() as full_folder:
        empty, full = Path(empty_folder), Path(full_folder)
        fill_library(full, 200)
        program = [sys.executable, "main.py"]
        baseline = [sys.executable, "-c", BASELINE]
        # One untimed start each: the database is created and migrated, the OS caches warm up.
        for command, folder in ((program, empty), (program, full), (baseline, empty)):
            time_to_markers(command, environment_for(folder))
        ours_empty, ours_full, ready_full, bare = [], [], [], []
        for _ in range(runs):
            ours_empty.append(time_to_markers(program, environment_for(empty))[MARKER])
            bare.append(time_to_markers(baseline, environment_for(empty))[MARKER])
            # Both markers of the same start: the window shown, then the list filled.
            markers = time_to_markers(program, environment_for(full))
            if READY not in markers:
                raise RuntimeError(f"main.py ended without printing {READY}")
            ours_full.append(markers[MARKER])
            ready_full.append(markers[READY])
    ours_ms, full_ms, bare_ms = median_ms(ours_empty), median_ms(ours_full), median_ms(bare)
    ready_ms = median_ms(ready_full)
    ratio = ours_ms / bare_ms
    open_ms = open_long_draft_ms(runs)
    figures = [
        Figure(
            "start → main window (empty library)", ours_ms, target=TARGET_START_MS, passed=ours_ms <= TARGET_START_MS
        ),
        Figure("start → main window (200 drafts)", full_ms, target=TARGET_START_MS, passed=full_ms <= TARGET_START_MS),
        Figure(
            "start → library list filled (200 drafts)",
            ready_ms,
            target=TARGET_START_MS,
            passed=ready_ms <= TARGET_START_MS,
        ),
        Figure("bare QApplication + empty QWizard", bare_ms),
        Figure("ratio ours/bare", ours_ms, bare_ms, ratio, TARGET_RATIO, ratio <= TARGET_RATIO),
        Figure("open a 30-page draft in the wizard", open_ms, target=TARGET_OPEN_MS, passed=open_ms <= TARGET_OPEN_MS),
    ]
    say(f"Median of {runs} runs per figure, program and baseline interleaved, offscreen platform")
    say()
    print_figures(figures, say, as_json=arguments.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
