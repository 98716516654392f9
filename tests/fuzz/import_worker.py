"""Import .docx files one after another in a process of its own, with a time limit on each.

    python -m tests.fuzz.import_worker     (started by ImportWorker; reads files on stdin)

The worker reads a file (4-byte big-endian length, then the bytes), runs `import_docx` on it and answers with
one JSON line: what happened (imported, refused, crashed, too slow, or imported into a report that cannot be
saved), the refusal message, and the time taken. A file that takes more than CPU_LIMIT_SECONDS of processor
time is interrupted by a profiling timer and reported as too slow; processor time, not wall time, so a busy
machine does not make a fast import look slow. The parent, ImportWorker, also gives up on a worker that does
not answer within a generous wall-clock guard (a hang inside C code), kills it and starts another.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO, Literal, TypeAlias

REPO = Path(__file__).resolve().parents[2]
CPU_LIMIT_SECONDS = 2.0
"""The brief's bound for one import: refused or imported within 2 s."""
WALL_GUARD_SECONDS = 60.0
"""Only for a worker stuck where the CPU timer cannot interrupt it; far above CPU_LIMIT_SECONDS on a busy machine."""

SPIN = b"\0spin for the test of the CPU limit"
SLEEP = b"\0sleep for the test of the wall-clock guard"
"""Two payloads that stand for a slow import, so the tests can show that both guards work."""

Outcome: TypeAlias = Literal["imported", "refused", "crashed", "too-slow", "unsavable", "hung"]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    outcome: Outcome
    message: str = ""
    """The refusal message, or what went wrong."""
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0

    @property
    def is_clean(self) -> bool:
        """Imported into a report that can be saved, or refused with a message: nothing else is acceptable."""
        return self.outcome in ("imported", "refused")


class _TookTooLong(BaseException):
    """Raised by the profiling timer; a BaseException so that no `except Exception` in the importer hides it."""


def _on_timer(signum: int, frame: FrameType | None) -> None:
    raise _TookTooLong


def _import_one(data: bytes) -> dict[str, Any]:
    from app.core.report_file import ReportFileError, dump_report, parse_report
    from app.importers.files import import_docx
    from app.importers.result import ImportRefused

    started_cpu, started_wall = time.process_time(), time.perf_counter()
    answer: dict[str, Any] = {}
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_PROF, CPU_LIMIT_SECONDS)
    try:
        if data == SPIN:
            while True:
                pass
        if data == SLEEP:
            time.sleep(3600)
        result = import_docx(data, name="tệp hỏng.docx")
        result.summary()
        # What the officer does next: save the draft. The imported report must be a valid report file.
        parse_report(dump_report(result.report), complete=False)
        answer = {"outcome": "imported"}
    except ImportRefused as error:
        answer = {"outcome": "refused", "message": str(error)}
    except ReportFileError as error:
        answer = {"outcome": "unsavable", "message": error.describe()}
    except _TookTooLong:
        answer = {"outcome": "too-slow", "message": f"more than {CPU_LIMIT_SECONDS:g} s of CPU time"}
    except BaseException:
        answer = {"outcome": "crashed", "message": traceback.format_exc(limit=-6)}
    finally:
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_PROF, 0)
    answer["cpu_seconds"] = time.process_time() - started_cpu
    answer["wall_seconds"] = time.perf_counter() - started_wall
    return answer


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def main() -> None:
    if hasattr(signal, "setitimer"):
        signal.signal(signal.SIGPROF, _on_timer)
    source, answers = sys.stdin.buffer, sys.stdout
    while (header := _read_exactly(source, 4)) is not None:
        data = _read_exactly(source, struct.unpack(">I", header)[0])
        if data is None:
            break
        answers.write(json.dumps(_import_one(data), ensure_ascii=False) + "\n")
        answers.flush()


class ImportWorker:
    """The parent's side: one worker process, restarted after a hang."""

    def __init__(self, wall_guard: float = WALL_GUARD_SECONDS) -> None:
        self.wall_guard = wall_guard
        self.process: subprocess.Popen[bytes] | None = None
        self.answers: queue.Queue[bytes] = queue.Queue()

    def _start(self) -> subprocess.Popen[bytes]:
        environment = {**os.environ, "PYTHONPATH": str(REPO)}
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.import_worker"],
            cwd=REPO, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.answers = queue.Queue()
        stdout = process.stdout
        assert stdout is not None
        answers = self.answers

        def forward() -> None:
            for line in stdout:
                answers.put(line)

        threading.Thread(target=forward, daemon=True).start()
        self.process = process
        return process

    def run(self, data: bytes) -> ImportOutcome:
        """Import `data` in the worker; ImportOutcome("hung") after the wall-clock guard."""
        process = self.process if self.process is not None and self.process.poll() is None else self._start()
        assert process.stdin is not None
        started = time.perf_counter()
        try:
            process.stdin.write(struct.pack(">I", len(data)) + data)
            process.stdin.flush()
        except BrokenPipeError:
            pass  # the worker died: told below
        while True:
            waited = time.perf_counter() - started
            try:
                line = self.answers.get(timeout=0.2)
                break
            except queue.Empty:
                if process.poll() is not None and self.answers.empty():
                    self.close()
                    return ImportOutcome("crashed", f"the worker died (exit {process.returncode})", wall_seconds=waited)
                if waited > self.wall_guard:
                    self.close(kill=True)
                    return ImportOutcome("hung", f"no answer after {waited:.0f} s: worker killed", wall_seconds=waited)
        answer = json.loads(line)
        return ImportOutcome(
            answer["outcome"], answer.get("message", ""), answer["cpu_seconds"], answer["wall_seconds"]
        )

    def close(self, *, kill: bool = False) -> None:
        """End the worker: by closing its input (it then exits), or at once when it hangs."""
        process, self.process = self.process, None
        if process is None:
            return
        if kill:
            process.kill()
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
