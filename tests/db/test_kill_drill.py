"""The reliability drill: a program saving a draft is killed at random moments, and no committed save is lost.

A child process (tests/db/save_loop.py) saves one draft in a loop and reports each save only after
DraftRepository.save returned. It is killed with SIGKILL at a random moment, fifty times; after every kill
the database must pass `integrity_check` and hold the last reported save, or the one after it (killed
after the commit but before the report). The next child carries on from what the database holds, as
the program does after a crash. Failures name the seed: BAOCAO_DRILL_SEED=<seed> replays the same
delays and the same choices of edit and save (the moments of the kills depend on the machine too).
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import text

from app.core.report_file import dump_report
from db.engine import open_database
from db.repository import DraftRepository
from tests.waiting_child import WaitingChild

ROUNDS = 50
MAX_KILL_DELAY = 0.3
"""Seconds after the first save of a round within which the child is killed."""
LINE_TIMEOUT = 30.0
"""Seconds to wait for a line from the child before calling it stuck (a round takes well under one)."""
WAITING_CHILDREN = 2
"""Children started ahead and waiting for their round: Python's start (≈ 0.5 s) overlaps the rounds before."""
SEED_VARIABLE = "BAOCAO_DRILL_SEED"
DATABASE_NAME = "baocao.sqlite3"
SQLITE_FULL = 2
"""PRAGMA synchronous reads back as a number: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA."""


class SaveLoop(WaitingChild):
    """One child running tests/db/save_loop.py; started ahead of its round, it waits for `go()`."""

    def __init__(self, database: Path, seed: int) -> None:
        command = [sys.executable, "-u", "-m", "tests.db.save_loop", str(database), "--seed", str(seed)]
        super().__init__(command, env=dict(os.environ), stderr=subprocess.PIPE, line_timeout=LINE_TIMEOUT)

    def kill_and_read(self) -> list[str]:
        """SIGKILL, then every line the child printed that was not read yet."""
        self.kill()
        return self.unread_lines()

    def errors(self) -> str:
        assert self.process.stderr is not None
        return "\n" + self.process.stderr.read().decode("utf-8", "replace")[-3000:]


@dataclass
class Transcript:
    """What a child said in its round: the draft, its saves in flight and the committed ones."""

    draft_id: int = 0
    opened_version: int = 0
    committed: list[tuple[int, str]] = field(default_factory=list)
    saves: int = 0
    """Saves committed in this round (the creation of the draft is not one)."""
    started: dict[int, tuple[str, str]] = field(default_factory=dict)
    """version → (sha256, how) of every save announced before it began."""
    last_line: str = ""

    def add(self, line: str) -> None:
        word, *rest = line.split()
        if word == "OPENED":
            self.draft_id, self.opened_version = int(rest[0]), int(rest[1])
        elif word in ("CREATED", "COMMITTED"):
            self.committed.append((int(rest[0]), rest[1]))
            self.saves += word == "COMMITTED"
        elif word == "SAVING":
            self.started[int(rest[0])] = (rest[1], rest[2])
        else:
            raise AssertionError(f"unexpected line from the save loop: {line!r}")
        self.last_line = line


def _bucket(saves: int) -> str:
    for low, high in ((1, 1), (2, 5), (6, 10), (11, 20), (21, 40)):
        if low <= saves <= high:
            return f"{low:02d}" if low == high else f"{low:02d}–{high:02d}"
    return "41+"


def _steps(versions: list[int]) -> str:
    steps = [later - earlier for earlier, later in pairwise(versions)]
    return f"min {min(steps)}, median {statistics.median(steps)}, max {max(steps)}" if steps else "—"


def stored_draft(database: Path, draft_id: int) -> tuple[int, str]:
    """The version and content hash the program reads back, opening the file as it does at start."""
    opened = open_database(f"sqlite:///{database}")
    try:
        record = DraftRepository(opened).get(draft_id)
    finally:
        opened.close()
    return record.summary.version, hashlib.sha256(dump_report(record.report).encode("utf-8")).hexdigest()


def plain_sqlite_state(database: Path) -> tuple[list[str], str]:
    """integrity_check and the journal mode as plain sqlite3 sees them, before the program touches the file."""
    connection = sqlite3.connect(database)
    try:
        check = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        journal_mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()
    return check, journal_mode


@pytest.mark.slow
def test_a_save_loop_killed_fifty_times_never_loses_a_committed_save(tmp_path: Path) -> None:
    seed = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(2**32))
    chances = random.Random(seed)
    folder = tmp_path / "drill"
    folder.mkdir()
    database = folder / DATABASE_NAME
    allowed_files = {DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"}

    outcomes: Counter[str] = Counter()
    in_flight_kinds: Counter[str] = Counter()
    saves_per_round: Counter[str] = Counter()
    killed_at: list[int] = []
    stored_version: int | None = None
    began = time.monotonic()
    waiting = deque(SaveLoop(database, chances.randrange(2**32)) for _ in range(WAITING_CHILDREN))
    child: SaveLoop | None = None
    try:
        for round_number in range(1, ROUNDS + 1):
            where = f"(round {round_number}, seed {seed}; replay with {SEED_VARIABLE}={seed})"
            child = waiting.popleft()
            waiting.append(SaveLoop(database, chances.randrange(2**32)))
            delay = chances.uniform(0, MAX_KILL_DELAY)
            transcript = Transcript()
            child.go()
            while not transcript.last_line.startswith("COMMITTED"):
                line = child.next_line()
                if line is None:
                    pytest.fail(f"the save loop ended by itself {where}:\n{child.errors()}")
                transcript.add(line)
            time.sleep(delay)
            if child.process.poll() is not None:
                pytest.fail(f"the save loop ended by itself {where}:\n{child.errors()}")
            for line in child.kill_and_read():
                transcript.add(line)
            child.close()

            if stored_version is not None:
                assert transcript.opened_version == stored_version, (
                    f"the child found version {transcript.opened_version}, the last check saw {stored_version} {where}"
                )
            leftovers = sorted(set(os.listdir(folder)) - allowed_files)
            assert not leftovers, f"temporary files left beside the database: {leftovers} {where}"
            check, journal_mode = plain_sqlite_state(database)
            assert check == ["ok"], f"integrity_check after the kill: {check[:5]} {where}"
            assert journal_mode == "wal", f"journal mode {journal_mode!r} after the kill {where}"

            reported_version, reported_hash = transcript.committed[-1]
            stored_version, stored_hash = stored_draft(database, transcript.draft_id)
            if stored_version == reported_version:
                assert stored_hash == reported_hash, (
                    f"version {stored_version} holds other content than the child committed {where}"
                )
                outcome = "between saves" if transcript.last_line.startswith("COMMITTED") else "mid-save, rolled back"
            elif stored_version == reported_version + 1:
                # Killed after the commit, before the report: the stored content is that save, whole.
                assert stored_version in transcript.started, f"version {stored_version} was never begun {where}"
                assert stored_hash == transcript.started[stored_version][0], (
                    f"version {stored_version} holds other content than the save that made it {where}"
                )
                outcome = "after commit, before report"
            else:
                pytest.fail(f"stored version {stored_version}, last reported committed {reported_version} {where}")
            outcomes[outcome] += 1
            if transcript.last_line.startswith("SAVING"):
                in_flight_kinds[transcript.last_line.split()[3]] += 1
            saves_per_round[_bucket(transcript.saves)] += 1
            killed_at.append(reported_version)
    finally:
        for unused in (child, *waiting):
            if unused is not None:
                unused.close()
    elapsed = time.monotonic() - began

    print(
        f"\nkill drill: {ROUNDS} kills in {elapsed:.1f} s ({elapsed / ROUNDS:.2f} s a round), seed {seed}\n"
        f"  kills before the first save of a round: 0 (the drill kills only after one)\n"
        f"  what the kill interrupted: {dict(outcomes)}\n"
        f"  the save in flight at the kill: {dict(in_flight_kinds)}\n"
        f"  saves committed in the round before the kill: {dict(sorted(saves_per_round.items()))}\n"
        f"  last reported version at each kill: median {statistics.median(killed_at)}, "
        f"steps between kills {_steps(killed_at)}; final version {stored_version}"
    )


def test_the_program_opens_sqlite_with_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    """A power cut in the middle of a save cannot be staged in-process; these settings are what makes it safe."""
    url = f"sqlite:///{tmp_path / DATABASE_NAME}"
    for opening in ("new file", "existing file"):
        database = open_database(url)
        try:
            with database.engine.connect() as first, database.engine.connect() as second:
                for connection in (first, second):  # every pooled connection, not only the first
                    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal", opening
                    assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == SQLITE_FULL, opening
                    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1, opening
            with database.sessions() as session:  # the connections the repository saves through
                assert session.execute(text("PRAGMA synchronous")).scalar() == SQLITE_FULL, opening
                assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1, opening
        finally:
            database.close()
