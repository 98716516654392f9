"""AutosaveController: debounced, bounded, one save at a time, off the UI thread, never loses a change."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from dataclasses import dataclass, field

import pytest
from pytestqt.qtbot import QtBot

from app.core.model import Paragraph, Report, Span
from app.core.report_file import read_report
from app.ui import autosave as autosave_module
from app.ui.autosave import AutosaveController
from db.repository import ConflictError, DraftRepository, DraftSummary
from tests.conftest import example_path


def _summary(version: int) -> DraftSummary:
    now = dt.datetime.now(dt.UTC)
    return DraftSummary(
        id=1,
        title="Báo cáo",
        kind="bao-cao",
        profile="state",
        year=2023,
        period=None,
        status="nhap",
        issuer="UBND",
        number=None,
        issued_on=None,
        version=version,
        source_id=None,
        created_at=now,
        updated_at=now,
        deleted_at=None,
    )


@dataclass
class Save:
    summary: str | None
    autosave: bool
    at: float
    thread: threading.Thread
    report: Report


@dataclass
class FakeRepository:
    """Records saves; can be slow, fail, or refuse with a conflict."""

    version: int = 1
    delay: float = 0.0
    failures: int = 0
    saves: list[Save] = field(default_factory=list)
    running: int = 0
    most_running: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def save(self, draft_id: int, report: Report, *, expected_version: int, autosave: bool = False) -> DraftSummary:
        with self.lock:
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        try:
            time.sleep(self.delay)
            if self.failures:
                self.failures -= 1
                raise RuntimeError("database is locked")
            if expected_version != self.version:
                raise ConflictError(draft_id, expected_version, self.version, 77)
            self.version += 1
            self.saves.append(Save(report.summary, autosave, time.monotonic(), threading.current_thread(), report))
            return _summary(self.version)
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture
def report() -> Report:
    return read_report(example_path("ubnd-xa-tra-tay-so-ket-2023"))


@pytest.fixture
def fake() -> FakeRepository:
    return FakeRepository()


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shorter delays for the tests that are about what is saved, not when."""
    monkeypatch.setattr(autosave_module, "DELAY_MS", 150)
    monkeypatch.setattr(autosave_module, "MAX_WAIT_S", 0.3)
    monkeypatch.setattr(autosave_module, "RETRY_MS", 300)


@pytest.fixture
def controller(qtbot: QtBot, fake: FakeRepository, report: Report) -> AutosaveController:
    made = AutosaveController(fake, 1, 1, lambda: report)  # type: ignore[arg-type]
    yield made
    made.stop()


def test_a_change_is_saved_about_a_second_after_typing_stops_in_a_worker(
    qtbot: QtBot, controller: AutosaveController, fake: FakeRepository, report: Report
) -> None:
    states: list[str] = []
    controller.state.connect(states.append)
    report.summary = "Sơ kết công tác dân vận"
    start = time.monotonic()
    with qtbot.waitSignal(controller.saved, timeout=2500) as saved:
        controller.mark_dirty()
    assert 0.9 <= fake.saves[0].at - start <= 1.6
    assert fake.saves[0].thread is not threading.main_thread()
    assert fake.saves[0].autosave is True
    assert fake.saves[0].summary == "Sơ kết công tác dân vận"
    assert fake.saves[0].report is not report  # the worker only ever sees a copy
    assert saved.args[0].version == 2 and controller.version == 2
    assert not controller.dirty
    assert states[0] == "Đang lưu…"
    assert states[-1].startswith("Đã lưu lúc ") and len(states[-1]) == len("Đã lưu lúc 14:05")


def test_continuous_typing_is_saved_at_least_every_two_seconds(
    qtbot: QtBot, controller: AutosaveController, fake: FakeRepository, report: Report
) -> None:
    start = time.monotonic()
    for step in range(22):  # 2.2 s of typing, a keystroke every 100 ms
        report.summary = f"Sơ kết {step}"
        controller.mark_dirty()
        qtbot.wait(100)
    last_keystroke = time.monotonic()
    qtbot.waitUntil(lambda: not controller.dirty and not controller.saving, timeout=2500)
    moments = [start] + [save.at for save in fake.saves]
    assert max(b - a for a, b in itertools.pairwise(moments)) <= 2.0
    assert len(fake.saves) >= 2
    assert fake.saves[-1].summary == "Sơ kết 21"
    assert fake.saves[-1].at - last_keystroke <= 2.0


def test_one_save_at_a_time_and_changes_made_meanwhile_are_saved_after(
    qtbot: QtBot, fast: None, controller: AutosaveController, fake: FakeRepository, report: Report
) -> None:
    fake.delay = 0.4
    report.summary = "lần một"
    controller.mark_dirty()
    qtbot.waitUntil(lambda: controller.saving, timeout=2000)
    report.summary = "lần hai"
    controller.mark_dirty()
    controller.save_now()  # an explicit save asked for during the autosave waits its turn
    qtbot.waitUntil(lambda: len(fake.saves) >= 2 and not controller.saving and not controller.dirty, timeout=4000)
    assert fake.most_running == 1
    assert [save.summary for save in fake.saves] == ["lần một", "lần hai"]
    assert [save.autosave for save in fake.saves] == [True, False]


def test_a_failed_save_keeps_the_change_and_retries(
    qtbot: QtBot, fast: None, fake: FakeRepository, report: Report
) -> None:
    controller = AutosaveController(fake, 1, 1, lambda: report)  # type: ignore[arg-type]
    states: list[str] = []
    controller.state.connect(states.append)
    fake.failures = 1
    report.summary = "không được mất"
    controller.mark_dirty()
    qtbot.waitUntil(lambda: any(state.startswith("Chưa lưu được: ") for state in states), timeout=2500)
    assert controller.dirty
    assert "cơ sở dữ liệu đang bận" in states[-1]
    qtbot.waitUntil(lambda: len(fake.saves) == 1 and not controller.dirty, timeout=2500)  # the retry
    assert fake.saves[0].summary == "không được mất"
    controller.stop()


def test_a_failed_save_is_retried_on_the_next_change(
    qtbot: QtBot, fast: None, controller: AutosaveController, fake: FakeRepository, report: Report
) -> None:
    fake.failures = 1
    controller.mark_dirty()
    qtbot.waitUntil(lambda: controller.last_state.startswith("Chưa lưu được"), timeout=2500)
    report.summary = "gõ tiếp"
    controller.mark_dirty()
    qtbot.waitUntil(lambda: len(fake.saves) == 1, timeout=2500)
    assert fake.saves[0].summary == "gõ tiếp"


def test_flush_saves_synchronously_and_waits_for_a_save_in_flight(
    qtbot: QtBot, controller: AutosaveController, fake: FakeRepository, report: Report
) -> None:
    fake.delay = 0.3
    report.summary = "đang lưu"
    controller.save_now()
    assert controller.saving
    report.summary = "gõ ngay trước khi đóng"
    controller.mark_dirty()
    assert controller.flush() is None
    assert [save.summary for save in fake.saves] == ["đang lưu", "gõ ngay trước khi đóng"]
    assert not controller.dirty
    assert [save.autosave for save in fake.saves] == [False, True]
    controller.mark_dirty()  # after flush nothing is scheduled any more
    assert not controller.scheduled


def test_a_flush_before_an_error_message_saves_and_autosaving_goes_on(
    qtbot: QtBot, controller: AutosaveController, fake: FakeRepository, report: Report, fast: None
) -> None:
    report.summary = "trước lỗi"
    controller.mark_dirty()
    assert controller.flush(closing=False) is None
    assert [save.summary for save in fake.saves] == ["trước lỗi"]
    report.summary = "gõ tiếp sau lỗi"
    controller.mark_dirty()
    assert controller.scheduled
    qtbot.waitUntil(lambda: len(fake.saves) == 2, timeout=2500)
    assert fake.saves[1].summary == "gõ tiếp sau lỗi"


def test_a_failed_flush_before_an_error_message_is_retried(
    qtbot: QtBot, controller: AutosaveController, fake: FakeRepository, report: Report, fast: None
) -> None:
    fake.failures = 1
    report.summary = "chưa lưu được"
    controller.mark_dirty()
    assert controller.flush(closing=False) is not None
    assert controller.dirty and controller.scheduled
    qtbot.waitUntil(lambda: len(fake.saves) == 1, timeout=2500)
    assert fake.saves[0].summary == "chưa lưu được"


def test_flush_without_changes_does_nothing(controller: AutosaveController, fake: FakeRepository) -> None:
    assert controller.flush() is None
    assert fake.saves == []


def test_save_now_is_an_explicit_save_even_without_changes(
    qtbot: QtBot, controller: AutosaveController, fake: FakeRepository
) -> None:
    with qtbot.waitSignal(controller.saved, timeout=2000):
        controller.save_now()
    assert [save.autosave for save in fake.saves] == [False]


def test_a_conflict_pauses_autosave_and_keeps_the_change(
    qtbot: QtBot, fast: None, controller: AutosaveController, fake: FakeRepository, report: Report
) -> None:
    fake.version = 5  # saved elsewhere meanwhile
    report.summary = "bản của tôi"
    with qtbot.waitSignal(controller.conflict, timeout=2500) as conflict:
        controller.mark_dirty()
    assert isinstance(conflict.args[0], ConflictError)
    assert controller.blocked and controller.dirty
    assert controller.last_state.startswith("Chưa lưu được: bản nháp vừa được lưu ở nơi khác")
    controller.mark_dirty()
    assert not controller.scheduled  # no storm of refused saves
    assert fake.saves == []
    controller.retarget(9, 5)  # saved as a new draft: autosave continues there
    assert not controller.blocked and not controller.dirty
    report.summary = "tiếp tục"
    with qtbot.waitSignal(controller.saved, timeout=2500):
        controller.mark_dirty()
    assert fake.saves[0].summary == "tiếp tục"


def test_with_the_real_database(qtbot: QtBot, filled_library: DraftRepository) -> None:
    record = filled_library.get(1)
    report = record.report
    controller = AutosaveController(filled_library, 1, record.summary.version, lambda: report)
    report.opening.append(Paragraph([Span("Đoạn viết thêm về Phong trào thi đua “Dân vận khéo”.")]))
    with qtbot.waitSignal(controller.saved, timeout=2500):
        controller.mark_dirty()
    stored = filled_library.get(1)
    assert stored.report.opening[-1].plain_text == "Đoạn viết thêm về Phong trào thi đua “Dân vận khéo”."
    assert stored.summary.version == controller.version
    with qtbot.waitSignal(controller.saved, timeout=2500):
        controller.save_now()
    assert filled_library.revisions(1)[0].kind == "luu"
    controller.stop()


def test_flush_after_a_conflict_tries_once_more_and_reports_it(
    qtbot: QtBot, fast: None, controller: AutosaveController, fake: FakeRepository, report: Report
) -> None:
    fake.version = 5
    with qtbot.waitSignal(controller.conflict, timeout=2500):
        controller.mark_dirty()
    # On close the text is offered to the repository again, which keeps refused text as a revision.
    assert isinstance(controller.flush(), ConflictError)
    assert controller.dirty
