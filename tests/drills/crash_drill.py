"""The program crash drill: the program is killed while an officer types, and comes back with the typing.

Each round starts the program (tests/drills/typing_driver.py runs `app.ui.app.run`, as `main.py` does)
on one database and one settings folder. The first round opens the Trà Tây draft through the library;
every later round relies on the program itself reopening the draft that was open when it died. Once
the driver types (IME commits, a word every 100–200 ms, each logged with its moment before it is
typed), the drill waits a random 0.5–4 s and SIGKILLs the program's process group. Then:

- the database passes `PRAGMA integrity_check` (plain sqlite3, before the program opens it again) and no
  stray file lies beside it;
- the draft's stored text is the text before the round plus the first j typed words, for some j: nothing
  else, nothing out of order; the words after the j-th are lost, and the loss is the time from the first
  lost word to the kill (0 when every word is stored);
- the next start shows the draft again (reported by the next round's driver, or by a last start that
  only checks) with exactly the stored text.

The autosave promise is that at most the last 2 s of typing are lost; `DrillResult.worst_loss` is the
largest loss seen. Failures name the seed: BAOCAO_DRILL_SEED=<seed> replays the same words, pauses and
kill delays (the moments themselves depend on the machine). Used by tests/drills/test_crash_drill.py
(a few rounds) and bench/crash_drill.py (a hundred).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.model import Bullet, Paragraph, Report, Section, walk_sections
from tests.waiting_child import WaitingChild

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO.parent / "shared" / "examples" / "ubnd-xa-tra-tay-so-ket-2023.baocao.json"
DATABASE_NAME = "baocao.sqlite3"
DRAFT_ID = 1
MAX_LOSS_S = 2.0
"""The promise: every change is in the database within 2 s."""
MIN_KILL_DELAY_S, MAX_KILL_DELAY_S = 0.5, 4.0
"""The kill comes this long after the first word of a round was typed."""
LINE_TIMEOUT_S = 90.0
"""How long a start may take before the drill calls the program stuck (≈ 2 s on an idle machine)."""
SEED_VARIABLE = "BAOCAO_DRILL_SEED"
ALLOWED_BESIDE_DATABASE = {DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm", "sao-luu"}


TARGET_TITLE = "Thuận lợi"
"""The sub-section the officer types into: in the Trà Tây example it holds one paragraph."""


def target_section(report: Report) -> Section:
    for _depth, section in walk_sections(report.sections):
        if section.title == TARGET_TITLE:
            return section
    raise LookupError(f"no section titled {TARGET_TITLE!r}")


def target_text(report: Report) -> str:
    """The text of the sub-section typed into: its paragraphs and bullets, one per line."""
    return "\n".join(
        block.plain_text for block in target_section(report).blocks if isinstance(block, Paragraph | Bullet)
    )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DrillFailure(AssertionError):
    """The program lost committed typing, stored something never typed, damaged the database or did not reopen."""


@dataclass(frozen=True, slots=True)
class Round:
    number: int
    words_typed: int
    words_stored: int
    loss_s: float
    """Seconds of typing lost: from the first word not stored to the kill; 0 when all are stored."""
    typing_s: float
    """Seconds from the first word to the kill."""
    start_s: float
    """Seconds from 'go' to the first word: the program's start, the reopen, the page opened."""


@dataclass
class DrillResult:
    seed: int
    rounds: list[Round] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def worst(self) -> Round:
        return max(self.rounds, key=lambda done: done.loss_s)

    @property
    def worst_loss_s(self) -> float:
        return self.worst.loss_s if self.rounds else 0.0

    def summary(self) -> str:
        losses = sorted(done.loss_s for done in self.rounds)
        lossy = sum(1 for loss in losses if loss > 0)
        starts = sorted(done.start_s for done in self.rounds)
        return (
            f"crash drill: {len(self.rounds)} kills in {self.elapsed_s:.1f} s, seed {self.seed}; "
            f"worst loss {self.worst_loss_s:.2f} s of typing (round {self.worst.number}), "
            f"median loss {losses[len(losses) // 2]:.2f} s, {lossy} rounds lost some words; "
            f"start to typing median {starts[len(starts) // 2]:.2f} s, max {starts[-1]:.2f} s"
        )


class Driver(WaitingChild):
    """One typing_driver process in its own process group; started ahead, it waits for `go()`."""

    def __init__(
        self, folder: Path, log: Path, seed: int, *, open_draft: bool = False, check_only: bool = False
    ) -> None:
        self.log = log
        command = [sys.executable, "-u", "-m", "tests.drills.typing_driver", str(log), "--seed", str(seed), "--wait-go"]
        if open_draft:
            command += ["--open-draft", str(DRAFT_ID)]
        if check_only:
            command.append("--check-only")
        self.errors_path = log.with_suffix(".stderr")
        self._errors = self.errors_path.open("wb")
        super().__init__(command, env=program_environment(folder), stderr=self._errors, line_timeout=LINE_TIMEOUT_S)

    def next_line(self) -> str | None:
        try:
            return super().next_line()
        except AssertionError as stuck:
            raise DrillFailure(str(stuck)) from None

    def kill_now(self) -> float:
        """SIGKILL to the whole process group; returns the moment just before it was sent."""
        moment = time.monotonic()
        self.kill()
        return moment

    def errors(self) -> str:
        self._errors.flush()
        text = self.errors_path.read_text("utf-8", "replace")
        lines = [line for line in text.splitlines() if "propagateSizeHints" not in line]
        return ("\nstderr:\n" + "\n".join(lines[-40:])) if lines else ""

    def close(self) -> None:
        super().close()
        self._errors.close()


def program_environment(folder: Path) -> dict[str, str]:
    """The program's database, settings and data all in the drill's folder; offscreen Qt."""
    environment = dict(os.environ)
    environment.update(
        QT_QPA_PLATFORM="offscreen",
        BAOCAO_DB=str(folder / DATABASE_NAME),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        XDG_CACHE_HOME=str(folder / "cache"),
        PYTHONUNBUFFERED="1",
    )
    environment.pop("BAOCAO_STARTUP_PROBE", None)
    return environment


def prepare_library(folder: Path) -> str:
    """A database holding the Trà Tây example as draft 1; returns the text of the section typed into."""
    from app.core.report_file import read_report
    from db.engine import open_database
    from db.repository import DraftRepository

    database = open_database(f"sqlite:///{folder / DATABASE_NAME}")
    try:
        report = read_report(EXAMPLE)
        created = DraftRepository(database).create(report)
        assert created.id == DRAFT_ID
    finally:
        database.close()
    return target_text(report)


def stored_text(folder: Path) -> str:
    """The text of the section typed into, as the program reads it back from the database."""
    from db.engine import open_database
    from db.repository import DraftRepository

    database = open_database(f"sqlite:///{folder / DATABASE_NAME}", check=False)
    try:
        return target_text(DraftRepository(database).get(DRAFT_ID).report)
    finally:
        database.close()


def integrity(folder: Path) -> list[str]:
    connection = sqlite3.connect(folder / DATABASE_NAME)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def typed_words(log: Path) -> list[tuple[float, str]]:
    """(moment, word) of every word the driver logged before typing it."""
    if not log.exists():
        return []
    words = []
    for line in log.read_text("utf-8").splitlines():
        moment, word = line.split("\t", 1)
        words.append((float(moment), json.loads(word)))
    return words


def words_stored(before: str, stored: str, words: list[str]) -> int | None:
    """j when `stored` is `before` plus the first j words; None when it is anything else."""
    if not stored.startswith(before):
        return None
    typed = before
    for count in range(len(words) + 1):
        if typed == stored:
            return count
        if count < len(words):
            typed += words[count]
    return None


def _wait_for_typing(driver: Driver, where: str) -> tuple[str, str, float]:
    """Read the driver's lines up to TYPING: (how the draft came up, the hash it showed, first word moment)."""
    how, shown = "", ""
    while True:
        line = driver.next_line()
        if line is None:
            raise DrillFailure(f"the program ended by itself {where}{driver.errors()}")
        word, *rest = line.split()
        if word in ("REOPENED", "OPENED"):
            how, shown = word, rest[1]
        elif word == "NOT-REOPENED":
            raise DrillFailure(f"the program did not reopen the draft that was open when it was killed {where}")
        elif word == "DIALOG":
            raise DrillFailure(f"the program showed a message box {where}: {line}")
        elif word == "TYPING":
            return how, shown, float(rest[0])


def run_crash_drill(
    folder: Path,
    rounds: int,
    *,
    seed: int | None = None,
    progress: Callable[[Round], None] | None = None,
) -> DrillResult:
    """Kill the typing program `rounds` times in `folder` (empty); raises DrillFailure on a broken promise."""
    if seed is None:
        seed = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(2**32))
    chances = random.Random(seed)
    result = DrillResult(seed)
    folder.mkdir(parents=True, exist_ok=True)
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    expected = prepare_library(folder)
    began = time.monotonic()

    def driver_for(number: int) -> Driver:
        return Driver(
            folder,
            logs / f"round-{number:03d}.log",
            chances.randrange(2**32),
            open_draft=number == 1,
            check_only=number > rounds,
        )

    waiting = deque([driver_for(1)])
    driver: Driver | None = None
    try:
        for number in range(1, rounds + 1):
            where = f"(round {number}, seed {seed}; replay with {SEED_VARIABLE}={seed})"
            driver = waiting.popleft()
            waiting.append(driver_for(number + 1))  # imports while this round runs
            delay = chances.uniform(MIN_KILL_DELAY_S, MAX_KILL_DELAY_S)
            went = time.monotonic()
            driver.go()
            how, shown, first_word = _wait_for_typing(driver, where)
            if shown != text_hash(expected):
                raise DrillFailure(f"the draft came back ({how}) with other text than the database holds {where}")
            time.sleep(max(0.0, first_word + delay - time.monotonic()))
            if driver.process.poll() is not None:
                raise DrillFailure(f"the program ended by itself {where}{driver.errors()}")
            killed_at = driver.kill_now()
            dialogs = [line for line in driver.unread_lines() if line.startswith("DIALOG")]
            driver.close()
            if dialogs:
                raise DrillFailure(f"the program showed a message box while the officer typed {where}: {dialogs}")

            strays = sorted(set(os.listdir(folder)) - ALLOWED_BESIDE_DATABASE - {"config", "data", "cache", "logs"})
            if strays:
                raise DrillFailure(f"files left beside the database: {strays} {where}")
            check = integrity(folder)
            if check != ["ok"]:
                raise DrillFailure(f"integrity_check after the kill: {check[:5]} {where}")
            stored = stored_text(folder)
            logged = typed_words(driver.log)
            count = words_stored(expected, stored, [word for _moment, word in logged])
            if count is None:
                raise DrillFailure(
                    f"the stored text is not the text before the round plus the first words typed {where}:\n"
                    f"  before: …{expected[-80:]!r}\n  stored: …{stored[-160:]!r}\n"
                    f"  typed: {''.join(word for _moment, word in logged)[:300]!r}"
                )
            loss = max(0.0, killed_at - logged[count][0]) if count < len(logged) else 0.0
            done = Round(number, len(logged), count, loss, killed_at - first_word, first_word - went)
            result.rounds.append(done)
            if progress is not None:
                progress(done)
            expected = stored

        where = f"(after the last kill, seed {seed})"
        driver = waiting.popleft()
        driver.go()
        how, shown = "", ""
        while (line := driver.next_line()) is not None:
            word, *rest = line.split()
            if word == "REOPENED":
                how, shown = word, rest[1]
            elif word in ("NOT-REOPENED", "DIALOG"):
                raise DrillFailure(f"{line} {where}")
        if driver.process.wait(timeout=LINE_TIMEOUT_S) != 0 or how != "REOPENED":
            raise DrillFailure(f"the last start did not reopen the draft {where}{driver.errors()}")
        if shown != text_hash(expected):
            raise DrillFailure(f"the last start showed other text than the database holds {where}")
    finally:
        for unused in (driver, *waiting):
            if unused is not None:
                unused.close()
    result.elapsed_s = time.monotonic() - began
    return result
