"""Benchmark: the program with a library of 10 000 drafts — start, search as you type, memory.

The library is built once by bench/drafts.py (cached_library: varied drafts, 2 % in the trash) and kept
in the cache folder; this script only reads it.

(a) Start: `main.py` started as a user starts it (BAOCAO_DB → the library, offscreen platform), from
    spawning the process to WINDOW-SHOWN (the window is on screen, the library still opening) and to
    LIBRARY-READY (the database is open and the list holds the newest 200 drafts with the count shown,
    i.e. what the officer sees next, before Qt paints it). Target: list filled ≤ 1500 ms.
(b) Search as you type: a child process (this script, --typing-child) shows the library window on the
    library exactly as the program does and types queries into its search box one character at a time,
    through the input method as Vietnamese is typed, KEY_INTERVAL_MS apart: just above the search delay
    (150 ms), so a search starts after nearly every key and the next key arrives while it runs — the
    worst case for the UI thread. A 1 ms heartbeat timer measures the event loop. For each keystroke:
    its wait = how late it was delivered (the UI thread busy) + the time its handling took; and the
    longest gap between heartbeats over the whole typing (what any key arriving at a bad moment would
    wait). Target: no keystroke and no gap > 100 ms. Also the time from a query's last key to its
    results in the list, and from Esc to the library list again (info: the 150 ms search delay included).
(c) Memory: peak resident memory (ru_maxrss, VmHWM) of each start and of the typing child after all its searches.
    Target: < 300 MB.

    python bench/scale.py [--drafts N] [--runs N | --quick] [--rebuild] [--json]

Quick: a library of 1 000 drafts, 2 starts and one typing session of the first query only. The script
reports; it exits 0 whatever the timings are (2 when the measurement could not be made).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/scale.py`

from bench.figures import Figure, median_ms, print_figures, reporter

REPO = Path(__file__).resolve().parents[1]
FULL_DRAFTS = 10_000
QUICK_DRAFTS = 1_000
FULL_RUNS = 7
QUICK_RUNS = 2
FULL_SESSIONS = 3
QUICK_SESSIONS = 1
KEY_INTERVAL_MS = 180.0
QUERIES = ("dân vận khéo", "phong trào", "hoa giai kieu mau")
"""A phrase in many trích yếu, a word in every draft, and rarer words typed without diacritics."""
QUICK_QUERIES = 1
PAUSE_MS = 400.0
"""Between queries: the officer reads the results."""
RESULTS_TIMEOUT_S = 60.0
START_TIMEOUT_S = 120.0
TARGET_READY_MS = 1500.0
TARGET_KEY_MS = 100.0
TARGET_MEMORY_MB = 300.0
WINDOW_SHOWN = "WINDOW-SHOWN"
LIBRARY_READY = "LIBRARY-READY"


class BenchError(Exception):
    """The measurement could not be made (exit status 2)."""


# ---------------------------------------------------------------------------------------------
# (a) Start, and its peak memory


@dataclass(frozen=True, slots=True)
class Start:
    shown: float
    """Seconds from spawning to WINDOW-SHOWN."""
    ready: float
    """Seconds from spawning to LIBRARY-READY."""
    peak_kb: int
    """The process's peak resident memory (ru_maxrss, KiB on Linux)."""


def program_environment(library: Path, folder: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        QT_QPA_PLATFORM=environment.get("QT_QPA_PLATFORM", "offscreen"),
        BAOCAO_DB=str(library),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
    )
    return environment


def start_program(library: Path, folder: Path) -> Start:
    """One start of main.py on the library with the start-up probe: both markers and the peak memory."""
    environment = program_environment(library, folder)
    environment["BAOCAO_STARTUP_PROBE"] = "1"
    with tempfile.TemporaryFile() as errors_file:  # a file, not a pipe: a chatty stderr cannot block it
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "main.py"], cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=errors_file
        )
        watchdog = threading.Timer(START_TIMEOUT_S, process.kill)
        watchdog.start()
        try:
            assert process.stdout is not None
            seen: dict[str, float] = {}
            for line in process.stdout:
                marker = line.decode(errors="replace").strip()
                if marker in (WINDOW_SHOWN, LIBRARY_READY) and marker not in seen:
                    seen[marker] = time.perf_counter() - started
            _, status, usage = os.wait4(process.pid, 0)  # the rusage of this process alone
            process.returncode = os.waitstatus_to_exitcode(status)
        finally:
            watchdog.cancel()
        errors_file.seek(0)
        errors = errors_file.read().decode(errors="replace")
    if len(seen) < 2:
        raise BenchError(
            f"main.py ended (exit {process.returncode}) without printing {WINDOW_SHOWN} and {LIBRARY_READY}:\n"
            + errors[-2000:]
        )
    return Start(seen[WINDOW_SHOWN], seen[LIBRARY_READY], usage.ru_maxrss)


# ---------------------------------------------------------------------------------------------
# (b) and (c) Search as you type, in a child process


@dataclass
class Typing:
    """What the typing child measured, sent to the parent as JSON."""

    key_waits_ms: list[float] = field(default_factory=list)
    longest_gap_ms: float = 0.0
    longest_gap_cpu_ms: float = 0.0
    """CPU time of the UI thread during the longest gap: far below the gap means it was waiting (for the
    GIL held by the search thread, or for a core on a busy machine), not working."""
    results_ms: dict[str, list[float]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    clear_ms: list[float] = field(default_factory=list)
    peak_kb: int = 0
    peak_before_kb: int = 0
    """VmHWM once the library list was first shown, before any search."""


def memory_kb(field_name: str = "VmHWM") -> int:
    """A field of /proc/self/status in KiB (peak or current resident memory); ru_maxrss elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def typing_child(library: Path, queries: tuple[str, ...], sessions: int, interval_ms: float) -> Typing:
    """Show the library window on `library` and type `queries` `sessions` times; the heartbeat measures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt only in the typing child (the driver of the UI, like bench/startup.py).
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent
    from PySide6.QtWidgets import QApplication

    from app.core.kinds import load_kinds
    from app.ui.common import APP_NAME, ORGANISATION
    from app.ui.library import MainWindow
    from db.engine import open_database
    from db.repository import DraftRepository

    application = QApplication.instance() or QApplication([])
    assert isinstance(application, QApplication)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # under XDG_CONFIG_HOME, a temporary folder

    # As app.ui.app opens the library (no integrity check, no backup: those run after, in the background).
    database = open_database(f"sqlite:///{library}", check=False)
    window = MainWindow(None, None, lambda _draft_id: None)
    window.resize(1280, 800)
    window.show()
    search = window.search_edit
    result = Typing(results_ms={query: [] for query in queries})
    shown_at: list[tuple[float, str, bool, int]] = []
    """(time, query, busy, rows) each time the list was refilled."""
    window.results_shown.connect(
        lambda: shown_at.append((time.perf_counter(), window.query(), window.is_busy(), window.model.rowCount()))
    )
    window.attach(DraftRepository(database), load_kinds(None))

    def settled(query: str, since: float) -> tuple[float, int] | None:
        """When the list last showed `query`'s results (or the library for ""), after `since`, nothing pending."""
        if window.is_busy():
            return None
        for moment, shown_query, busy, rows in reversed(shown_at):
            if moment >= since and shown_query == query and not busy:
                return moment, rows
        return None

    def type_character(character: str) -> None:
        event = QInputMethodEvent()
        event.setCommitString(character)
        QApplication.sendEvent(search, event)

    def press_escape() -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(search, QKeyEvent(kind, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier))

    # The script below runs a step each time its condition holds, checked on every heartbeat.
    Condition = Callable[[float], bool]

    def at(moment: float) -> Condition:
        return lambda now: now >= moment

    def shown(query: str, since: float) -> Condition:
        return lambda _now: settled(query, since) is not None

    def script() -> Iterator[Condition]:
        yield shown("", 0.0)
        result.peak_before_kb = memory_kb()
        search.setFocus()
        for _ in range(sessions):
            for query in queries:
                due = time.perf_counter()
                for character in query:
                    yield at(due)
                    type_character(character)
                    end = time.perf_counter()
                    result.key_waits_ms.append((end - due) * 1000)
                    due += interval_ms / 1000
                last_key = end
                if search.text() != query:
                    raise BenchError(f"the search box holds {search.text()!r} after typing {query!r}")
                yield shown(query, last_key)
                found = settled(query, last_key)
                assert found is not None
                result.results_ms[query].append((found[0] - last_key) * 1000)
                result.hits[query] = found[1]
                pause = time.perf_counter() + PAUSE_MS / 1000
                yield at(pause)
                cleared = time.perf_counter()
                press_escape()
                yield shown("", cleared)
                found = settled("", cleared)
                assert found is not None
                result.clear_ms.append((found[0] - cleared) * 1000)
                pause = time.perf_counter() + PAUSE_MS / 1000
                yield at(pause)

    steps = script()
    condition = next(steps)
    started = time.perf_counter()
    last_beat, last_cpu = started, time.thread_time()
    failure: list[BaseException] = []
    measuring = False

    def beat() -> None:
        nonlocal condition, last_beat, last_cpu, measuring
        now, cpu = time.perf_counter(), time.thread_time()
        if measuring and (now - last_beat) * 1000 > result.longest_gap_ms:
            result.longest_gap_ms = (now - last_beat) * 1000
            result.longest_gap_cpu_ms = (cpu - last_cpu) * 1000
        last_beat, last_cpu = now, cpu
        try:
            if now - started > RESULTS_TIMEOUT_S * sessions * len(queries):
                raise BenchError("the typing session did not finish in time (results never shown?)")
            while condition(now):
                measuring = True  # from the first shown list on
                condition = next(steps)
        except StopIteration:
            heartbeat.stop()
            application.quit()
        except BaseException as error:  # the measurement failed: report it, do not hang
            failure.append(error)
            heartbeat.stop()
            application.quit()

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    application.exec()
    window.close()
    database.close()
    if failure:
        raise failure[0]
    result.peak_kb = memory_kb()
    return result


def run_typing_child(library: Path, folder: Path, sessions: int, quick: bool) -> Typing:
    command = [sys.executable, str(Path(__file__).resolve()), "--typing-child", str(library), "--runs", str(sessions)]
    command += ["--quick"] if quick else []
    timeout = RESULTS_TIMEOUT_S * sessions * len(QUERIES) + 60
    done = subprocess.run(
        command, cwd=REPO, env=program_environment(library, folder), capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise BenchError(f"the typing child failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    data = json.loads(done.stdout)
    return Typing(**data)


# ---------------------------------------------------------------------------------------------
# Main


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--drafts", type=int, help=f"drafts in the library (default {FULL_DRAFTS}, quick {QUICK_DRAFTS})"
    )
    parser.add_argument("--runs", type=int, help=f"starts measured (default {FULL_RUNS}, quick {QUICK_RUNS})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DRAFTS} drafts, {QUICK_RUNS} starts, one session")
    parser.add_argument("--rebuild", action="store_true", help="build the cached library again")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    parser.add_argument("--typing-child", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.drafts is None:
        arguments.drafts = QUICK_DRAFTS if arguments.quick else FULL_DRAFTS
    if arguments.runs is None:
        arguments.runs = QUICK_RUNS if arguments.quick else FULL_RUNS
    if arguments.runs < 1 or arguments.drafts < 1:
        parser.error("--runs and --drafts must be at least 1")
    arguments.sessions = QUICK_SESSIONS if arguments.quick else FULL_SESSIONS
    arguments.queries = QUERIES[:QUICK_QUERIES] if arguments.quick else QUERIES
    return arguments


def megabytes(kilobytes: float) -> float:
    return kilobytes / 1024


def figures_for(drafts: int, starts: list[Start], typing: Typing) -> list[Figure]:
    size = f"{drafts:,}".replace(",", " ")
    shown_ms = median_ms([start.shown for start in starts])
    ready_ms = median_ms([start.ready for start in starts])
    start_mb = megabytes(statistics.median(start.peak_kb for start in starts))
    slowest_key = max(typing.key_waits_ms)
    typed_mb = megabytes(typing.peak_kb)
    figures = [
        Figure(f"start → main window shown ({size} drafts)", shown_ms),
        Figure(
            f"start → library list filled ({size} drafts)",
            ready_ms,
            target=TARGET_READY_MS,
            passed=ready_ms <= TARGET_READY_MS,
        ),
        Figure(
            f"peak memory of a start ({size} drafts)",
            start_mb,
            target=TARGET_MEMORY_MB,
            passed=start_mb < TARGET_MEMORY_MB,
            unit="MB",
        ),
        Figure(f"keystroke wait, median of {len(typing.key_waits_ms)}", statistics.median(typing.key_waits_ms)),
        Figure(
            f"keystroke wait, slowest of {len(typing.key_waits_ms)}",
            slowest_key,
            target=TARGET_KEY_MS,
            passed=slowest_key <= TARGET_KEY_MS,
        ),
        Figure(
            "longest UI-thread stall while typing",
            typing.longest_gap_ms,
            target=TARGET_KEY_MS,
            passed=typing.longest_gap_ms <= TARGET_KEY_MS,
        ),
    ]
    figures += [
        Figure(f"last key → results shown {query!r}", statistics.median(times))
        for query, times in typing.results_ms.items()
    ]
    figures += [
        Figure("Esc → library list shown again", statistics.median(typing.clear_ms)),
        Figure(
            "peak memory after the searches",
            typed_mb,
            target=TARGET_MEMORY_MB,
            passed=typed_mb < TARGET_MEMORY_MB,
            unit="MB",
        ),
    ]
    return figures


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.typing_child is not None:
        typing = typing_child(arguments.typing_child, arguments.queries, arguments.runs, KEY_INTERVAL_MS)
        print(json.dumps(typing.__dict__))
        return 0
    say = reporter(arguments.json)
    from bench.drafts import cached_library

    try:
        library = cached_library(arguments.drafts, say, rebuild=arguments.rebuild)
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
            folder = Path(name)
            start_program(library, folder)  # untimed: the OS caches warm up as on a second start
            starts = [start_program(library, folder) for _ in range(arguments.runs)]
            typing = run_typing_child(library, folder, arguments.sessions, arguments.quick)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2
    if min(typing.hits.values(), default=0) == 0:
        say(f"A search found nothing ({typing.hits}): the library is not what this bench expects.")
        return 2
    say(f"Library: {library} ({arguments.drafts} drafts, {library.stat().st_size / 1024 / 1024:.0f} MB)")
    say(f"Starts: median of {arguments.runs} after one untimed start (warm OS caches), offscreen platform")
    say(
        f"Typing: {arguments.sessions} session(s) of {len(arguments.queries)} queries, one character every "
        f"{KEY_INTERVAL_MS:g} ms through the input method; results found: "
        + ", ".join(f"{query!r} {hits}" for query, hits in typing.hits.items())
    )
    say(f"  memory once the list was shown, before searching: {megabytes(typing.peak_before_kb):.0f} MB")
    say(
        f"  the longest UI-thread stall ({typing.longest_gap_ms:.0f} ms) used {typing.longest_gap_cpu_ms:.0f} ms "
        "of the UI thread's CPU (far less: it waited for the search thread's GIL or for a core, not working)"
    )
    say()
    print_figures(figures_for(arguments.drafts, starts, typing), say, as_json=arguments.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
