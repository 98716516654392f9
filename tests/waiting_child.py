"""A child process for the kill drills: started ahead of its round, it waits for "go" and reports by lines."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Sequence
from typing import IO

from tests.conftest import REPO


class WaitingChild:
    """The child runs in a process group of its own, so that a kill takes everything it started."""

    def __init__(
        self, command: Sequence[str], *, env: dict[str, str], stderr: IO[bytes] | int, line_timeout: float
    ) -> None:
        self.line_timeout = line_timeout
        self.process = subprocess.Popen(
            list(command),
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            bufsize=0,
            env={**env, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stdout: IO[bytes]) -> None:
        for line in stdout:
            self.lines.put(line.decode("utf-8").rstrip("\n"))
        self.lines.put(None)

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"go\n")
        self.process.stdin.flush()

    def next_line(self) -> str | None:
        """The next line, or None when the child has ended; AssertionError when it says nothing for too long."""
        try:
            return self.lines.get(timeout=self.line_timeout)
        except queue.Empty:
            raise AssertionError(f"the child printed nothing for {self.line_timeout:.0f} s{self.errors()}") from None

    def kill(self) -> None:
        """SIGKILL to the whole process group, at once."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def unread_lines(self) -> list[str]:
        """Every line printed after the last one read (once the process has ended)."""
        self._reader.join(timeout=self.line_timeout)
        lines = []
        while (line := self.lines.get_nowait()) is not None:
            lines.append(line)
        return lines

    def errors(self) -> str:
        """What the child wrote on stderr, for a failure message (empty when not kept)."""
        return ""

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()
