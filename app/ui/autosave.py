"""Autosave of one open draft: every change is in the database within 2 s, off the UI thread.

A single-shot timer is re-armed by each change (1 s after typing stops), and a save is forced
when the oldest unsaved change is 1.5 s old, so continuous typing is saved at least every 2 s.
The report is copied on the UI thread; the worker only ever sees the copy. One save is in flight
at a time; changes made meanwhile re-arm the timer when it ends. A failed save keeps the changes
marked unsaved and is retried on the next change or after 5 s (novelWriter `guimain.py`
`_autoSaveDocument`, Spyder `plugins/editor/utils/autosave.py`).
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.model import Report
from app.ui.common import run_in_background
from db.repository import ConflictError, DraftRepository, DraftSummary, RepositoryError

DELAY_MS = 1000
"""Quiet time after the last change before saving."""
MAX_WAIT_S = 1.5
"""Oldest unsaved change at which a save starts even while the officer keeps typing."""
RETRY_MS = 5000
"""Retry after a failed save when no new change comes first."""
FLUSH_WAIT_S = 30.0
"""How long closing waits for a save already running (SQLite itself waits up to 10 s for a lock)."""

SAVING = "Đang lưu…"
SAVE_FAILED = "Chưa lưu được: {reason}"


def saved_text(moment: dt.datetime | None = None) -> str:
    """`Đã lưu lúc 14:05`, in local time."""
    return f"Đã lưu lúc {(moment or dt.datetime.now()).strftime('%H:%M')}"


def describe_save_error(error: BaseException) -> str:
    """Why a save failed, in Vietnamese, for the status bar."""
    if isinstance(error, ConflictError):
        return "bản nháp vừa được lưu ở nơi khác; nội dung của bạn vẫn được giữ nguyên"
    if isinstance(error, RepositoryError):
        return str(error).rstrip(".")
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return (
            "tệp cơ sở dữ liệu chỉ đọc, không lưu được; nội dung vẫn được giữ trong cửa sổ — "
            "hãy kiểm tra quyền ghi của tệp"
        )
    if "locked" in text or "busy" in text:
        return "cơ sở dữ liệu đang bận; chương trình sẽ tự thử lại"
    if "disk" in text.lower() or "space" in text.lower() or isinstance(error, OSError):
        return "không ghi được vào ổ đĩa (ổ đầy hoặc không có quyền ghi); chương trình sẽ tự thử lại"
    return f"lỗi cơ sở dữ liệu ({type(error).__name__}); chương trình sẽ tự thử lại"


@dataclass(eq=False)
class _Attempt:
    """One save, shared between the worker (which fills it) and the UI thread (which finishes it)."""

    draft_id: int
    report: Report
    expected_version: int
    autosave: bool
    changes: int
    """The change counter when the report was copied: later changes are not in this save."""
    started: float
    done: threading.Event = field(default_factory=threading.Event)
    result: DraftSummary | None = None
    error: BaseException | None = None
    handled: bool = False


class AutosaveController(QObject):
    """Keeps one draft saved as the officer types; never asks anything."""

    saved = Signal(object)
    """DraftSummary of every successful save."""
    state = Signal(str)
    """Vietnamese status text: «Đang lưu…», «Đã lưu lúc 14:05», «Chưa lưu được: …»."""
    conflict = Signal(object)
    """ConflictError: someone saved the draft elsewhere; autosaving pauses until resolved."""

    def __init__(
        self,
        repository: DraftRepository,
        draft_id: int,
        version: int,
        snapshot: Callable[[], Report],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.repository = repository
        self.draft_id = draft_id
        self.version = version
        self._snapshot = snapshot
        self._dirty = False
        self._changes = 0
        self._first_unsaved: float | None = None
        self._in_flight: _Attempt | None = None
        self._explicit_pending = False
        self._blocked = False
        self._closed = False
        self._last_state = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._save_due)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._save_due)

    # -- state ---------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Changes exist that are not in the database yet."""
        return self._dirty

    @property
    def saving(self) -> bool:
        return self._in_flight is not None

    @property
    def blocked(self) -> bool:
        """Autosaving is paused after a conflict (the changes stay marked unsaved)."""
        return self._blocked

    @property
    def scheduled(self) -> bool:
        """A save is due on a timer (debounce or retry)."""
        return self._timer.isActive() or self._retry.isActive()

    @property
    def last_state(self) -> str:
        return self._last_state

    # -- API -----------------------------------------------------------------------------------

    def mark_dirty(self) -> None:
        """A change was made: save it soon (≤ 2 s after typing stops, and at least every 2 s)."""
        self._dirty = True
        self._changes += 1
        if self._first_unsaved is None:
            self._first_unsaved = time.monotonic()
        if self._closed or self._blocked or self._in_flight is not None:
            return  # a save in flight re-arms the timer when it ends
        self._retry.stop()
        self._arm()

    def save_now(self) -> None:
        """An explicit save (Ctrl+S): a revision the officer can go back to, even without changes."""
        if self._closed:
            return
        self._blocked = False
        self._timer.stop()
        self._retry.stop()
        if self._in_flight is not None:
            self._explicit_pending = True
            return
        self._start(autosave=False)

    def flush(self, *, closing: bool = True) -> BaseException | None:
        """Save synchronously what is not saved yet. Never asks anything.

        On close (`closing`) autosaving stops for good; otherwise (the program's error hook saves before
        it shows an error, and the program goes on) it carries on afterwards as before.
        Returns None when everything is in the database, else the error (a ConflictError means the
        text was kept as a revision of kind "xung-dot"; anything else means it is NOT stored).
        """
        self._closed = True  # while flushing, no timer or finished save starts another one
        self._timer.stop()
        self._retry.stop()
        try:
            return self._save_synchronously()
        finally:
            if not closing:
                self._closed = False
                if self._dirty and not self._blocked and self._in_flight is None:
                    self._retry.start(RETRY_MS)

    def _save_synchronously(self) -> BaseException | None:
        attempt = self._in_flight
        if attempt is not None:
            attempt.done.wait(FLUSH_WAIT_S)
            if not attempt.done.is_set():
                return TimeoutError("Lưu bản nháp quá lâu; cơ sở dữ liệu không trả lời.")
            self._finish(attempt)
        if not self._dirty and not self._explicit_pending:
            return None
        attempt = self._new_attempt(autosave=not self._explicit_pending)
        self._explicit_pending = False
        self._work(attempt)
        self._finish(attempt)
        return attempt.error

    def retarget(self, draft_id: int, version: int) -> None:
        """Continue on another draft (the officer's text was saved as a new draft after a conflict)."""
        self.draft_id = draft_id
        self.version = version
        self._blocked = False
        self._dirty = False
        self._first_unsaved = None
        self._emit_state(saved_text())

    def stop(self) -> None:
        """Stop the timers without saving (the window is gone and flush already ran)."""
        self._closed = True
        self._timer.stop()
        self._retry.stop()

    # -- internals -----------------------------------------------------------------------------

    def _arm(self) -> None:
        elapsed = time.monotonic() - (self._first_unsaved or time.monotonic())
        wait_ms = min(DELAY_MS, max(0, round((MAX_WAIT_S - elapsed) * 1000)))
        self._timer.start(wait_ms)

    def _save_due(self) -> None:
        if self._dirty and not self._blocked and not self._closed:
            self._start(autosave=True)

    def _new_attempt(self, *, autosave: bool) -> _Attempt:
        # The copy is taken here, on the UI thread: the worker never touches the live report.
        return _Attempt(
            draft_id=self.draft_id,
            report=copy.deepcopy(self._snapshot()),
            expected_version=self.version,
            autosave=autosave,
            changes=self._changes,
            started=time.monotonic(),
        )

    def _start(self, *, autosave: bool) -> None:
        attempt = self._new_attempt(autosave=autosave)
        self._in_flight = attempt
        self._emit_state(SAVING)
        run_in_background(
            lambda: self._work(attempt),
            on_done=lambda _result: self._finish(attempt),
            on_error=lambda _error: self._finish(attempt),
        )

    def _work(self, attempt: _Attempt) -> _Attempt:
        """Runs on a worker thread (or on the UI thread in flush); touches only the attempt."""
        try:
            attempt.result = self.repository.save(
                attempt.draft_id, attempt.report, expected_version=attempt.expected_version, autosave=attempt.autosave
            )
        except BaseException as error:  # reported on the UI thread, never lost
            attempt.error = error
        finally:
            attempt.done.set()
        return attempt

    def _finish(self, attempt: _Attempt) -> None:
        """On the UI thread, once per attempt: record the outcome and re-arm if more changes came."""
        if attempt.handled:
            return
        attempt.handled = True
        if self._in_flight is attempt:
            self._in_flight = None
        if attempt.result is not None:
            if attempt.draft_id == self.draft_id:  # else the window moved on to a new draft meanwhile
                self.version = attempt.result.version
            if self._changes == attempt.changes:
                self._dirty = False
                self._first_unsaved = None
            else:
                self._first_unsaved = attempt.started
            self._emit_state(saved_text())
            self.saved.emit(attempt.result)
        else:
            error = attempt.error or RuntimeError("không rõ lỗi")
            self._emit_state(SAVE_FAILED.format(reason=describe_save_error(error)))
            if isinstance(error, ConflictError):
                self._blocked = True
                self._explicit_pending = False
                self.conflict.emit(error)
                return
            if not self._closed:
                self._retry.start(RETRY_MS)
        if self._closed:
            return
        if self._explicit_pending:
            self._explicit_pending = False
            self._start(autosave=False)
        elif self._dirty and not self._blocked and not self._retry.isActive():
            self._arm()

    def _emit_state(self, text: str) -> None:
        self._last_state = text
        self.state.emit(text)
