"""Fault drills: the disk, the folder or the database fails under the officer, who is told clearly and loses nothing.

Every output fault is staged for the three ways a report is written: `main.py render -o`, `main.py drafts
render -o` and the wizard's export (`WizardWindow.export_docx`). Each time: a Vietnamese message that names
the file and says what to do, the previous .docx intact byte for byte, no temporary file left behind.
A read-only folder and a full disk are real (a read-only bind mount, a small tmpfs) where the machine
allows mounting, else patched calls raising the same errno (conftest.py; each test prints which ran).
Windows' "file open in Word" sharing violation has no Linux equivalent: `os.replace` is patched to raise
the PermissionError Windows raises. The database faults: the file read-only, the disk full under it,
its bytes overwritten at the header or in the middle (recovered from the newest sound backup, the
officer told from when and how many drafts).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.cli import main
from app.core.report_file import read_report
from app.render.docx import write_docx
from app.ui import app as app_module
from app.ui.app import Program, open_or_recover
from app.ui.wizard import WizardWindow
from db.backup import FOLDER_NAME, backup_database, backups_in
from db.engine import open_database
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.drills.conftest import Mounts, SmallDisk, mounting_works
from tests.ui.conftest import MessageBoxes
from tests.ui.test_wizard import type_at_end

TRA_TAY, BINH_SON = 1, 2
"""Draft ids in the filled library (EXAMPLE_NAMES order)."""
OUTPUT_NAME = "bao-cao.docx"
WAYS = ("render", "drafts render", "wizard")
"""The three ways a report becomes a .docx."""
EXPORT_WAIT_MS = 15_000
SAVE_WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _no_automatic_backup(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's daily backup is not what these tests are about (it has its own tests)."""
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")


def entries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def previous_docx(path: Path) -> bytes:
    """A .docx from last week (another report than the one exported now), already in the folder."""
    write_docx(read_report(example_path(EXAMPLE_NAMES[BINH_SON - 1])), path)
    return path.read_bytes()


def cli(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str]:
    """`main.py …` in this process; the exit code and everything it printed."""
    capsys.readouterr()
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def export(
    way: str,
    target: Path,
    *,
    library: DraftRepository,
    database_file: Path,
    open_wizard: Callable[[DraftRepository, int], WizardWindow],
    qtbot: QtBot,
    message_boxes: MessageBoxes,
    capsys: pytest.CaptureFixture[str],
) -> str:
    """Write the Trà Tây report to `target` one of the three ways, expecting a failure; the message shown."""
    if way == "render":
        code, said = cli(capsys, "render", str(example_path(EXAMPLE_NAMES[0])), "-o", str(target))
    elif way == "drafts render":
        code, said = cli(capsys, "drafts", "render", str(TRA_TAY), "-o", str(target), "--db", str(database_file))
    else:
        window = open_wizard(library, TRA_TAY)
        before = len(message_boxes.shown)
        window.export_docx(target)
        qtbot.waitUntil(lambda: len(message_boxes.shown) > before, timeout=EXPORT_WAIT_MS)
        title, said = message_boxes.shown[-1]
        assert title == "Không xuất được tệp Word", message_boxes.texts()
        return said
    assert code == 1, said
    return said


@pytest.fixture
def exporter(
    filled_library: DraftRepository,
    tmp_path: Path,
    open_wizard: Callable[[DraftRepository, int], WizardWindow],
    qtbot: QtBot,
    message_boxes: MessageBoxes,
    capsys: pytest.CaptureFixture[str],
) -> Callable[[str, Path], str]:
    def run(way: str, target: Path) -> str:
        return export(
            way,
            target,
            library=filled_library,
            database_file=tmp_path / "baocao.sqlite3",
            open_wizard=open_wizard,
            qtbot=qtbot,
            message_boxes=message_boxes,
            capsys=capsys,
        )

    return run


# -- the output .docx --------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_a_read_only_output_folder_is_named_and_the_old_docx_kept(
    way: str, tmp_path: Path, make_read_only: Callable[[Path], str], exporter: Callable[[str, Path], str]
) -> None:
    folder = tmp_path / "thu-muc-chi-doc"
    folder.mkdir()
    target = folder / OUTPUT_NAME
    before = previous_docx(target)
    print(f"read-only folder by {make_read_only(folder)}")
    said = exporter(way, target)
    assert str(target) in said and "chỉ cho phép đọc" in said and "Hãy chọn nơi lưu khác" in said, said
    assert target.read_bytes() == before
    assert entries(folder) == [OUTPUT_NAME]


@pytest.mark.parametrize("way", WAYS)
def test_a_full_disk_is_named_and_the_old_docx_kept(
    way: str, small_disk: Callable[..., SmallDisk], exporter: Callable[[str, Path], str]
) -> None:
    disk = small_disk("o-nho")
    target = disk.folder / OUTPUT_NAME
    before = previous_docx(target)
    disk.fill()
    print(f"full disk by {disk.how}")
    said = exporter(way, target)
    assert said.startswith("Ổ đĩa đầy") and str(target) in said, said
    assert "Tệp cũ vẫn còn nguyên" in said and "giải phóng dung lượng" in said, said
    assert target.read_bytes() == before
    assert [name for name in entries(disk.folder) if name != "lap-day-o-dia.bin"] == [OUTPUT_NAME]


@pytest.mark.parametrize("way", WAYS)
def test_an_output_name_taken_by_a_folder_is_named_and_the_folder_untouched(
    way: str, tmp_path: Path, exporter: Callable[[str, Path], str]
) -> None:
    target = tmp_path / "xuat" / OUTPUT_NAME
    target.mkdir(parents=True)
    inside = target / "ghi-chu.txt"
    inside.write_text("Tệp của cán bộ, không được mất.", encoding="utf-8")
    said = exporter(way, target)
    assert str(target) in said and "là một thư mục" in said and "hãy chọn tên tệp khác" in said, said
    assert entries(target.parent) == [OUTPUT_NAME] and entries(target) == ["ghi-chu.txt"]
    assert inside.read_text(encoding="utf-8") == "Tệp của cán bộ, không được mất."


@pytest.mark.parametrize("way", WAYS)
def test_a_docx_open_in_word_is_named_and_kept(
    way: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exporter: Callable[[str, Path], str]
) -> None:
    """Windows refuses to replace a file Word holds open; Linux has no such lock, so os.replace is patched."""
    folder = tmp_path / "xuat"
    folder.mkdir()
    target = folder / OUTPUT_NAME
    before = previous_docx(target)
    real_replace = os.replace

    def sharing_violation(source: str | os.PathLike[str], destination: str | os.PathLike[str]) -> None:
        if Path(destination) == target:
            message = "The process cannot access the file because it is being used by another process"
            raise PermissionError(errno.EACCES, message, str(destination))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", sharing_violation)
    said = exporter(way, target)
    assert str(target) in said and "đang mở trong chương trình khác" in said, said
    assert "Hãy đóng tệp rồi thử lại" in said and "Tệp cũ vẫn còn nguyên" in said, said
    assert target.read_bytes() == before
    assert entries(folder) == [OUTPUT_NAME]


# -- the database ------------------------------------------------------------------------------


def make_library(path: Path, names: tuple[str, ...] = EXAMPLE_NAMES) -> None:
    """A database file holding the examples, closed (no -wal or -shm left beside it)."""
    database = open_database(f"sqlite:///{path}")
    try:
        library = DraftRepository(database)
        for name in names:
            library.create(read_report(example_path(name)))
    finally:
        database.close()


def titles(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        return [row[0] for row in connection.execute("SELECT title FROM drafts WHERE deleted_at IS NULL ORDER BY id")]


def integrity(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]


@pytest.fixture
def read_only_database(tmp_path: Path, mounts: Mounts) -> Path:
    """A database file of three drafts, read-only for everyone (its folder stays writable)."""
    if not mounting_works():
        pytest.skip("a read-only database file needs a read-only mount (SQLite's own I/O cannot be patched)")
    path = tmp_path / "du-lieu" / "baocao.sqlite3"
    path.parent.mkdir()
    make_library(path)
    mounts.read_only(path)
    return path


def test_a_read_only_database_file_can_still_be_read(
    read_only_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = cli(capsys, "drafts", "list", "--db", str(read_only_database))
    assert code == 0, said
    assert "Bản nháp: 3" in said


@pytest.mark.parametrize("command", [("import", str(example_path(EXAMPLE_NAMES[0]))), ("delete", "1")])
def test_writing_to_a_read_only_database_file_says_so_and_changes_nothing(
    command: tuple[str, ...], read_only_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = titles(read_only_database)
    code, said = cli(capsys, "drafts", *command, "--db", str(read_only_database))
    assert code == 1 and str(read_only_database) in said and "chỉ đọc" in said, said
    assert titles(read_only_database) == before


def test_the_program_opens_a_read_only_database_and_loses_nothing_typed(
    read_only_database: Path,
    open_wizard: Callable[[DraftRepository, int], WizardWindow],
    qtbot: QtBot,
    message_boxes: MessageBoxes,
) -> None:
    opened = open_or_recover(f"sqlite:///{read_only_database}")
    assert opened is not None and message_boxes.shown == []  # opened, nothing to restore
    try:
        library = DraftRepository(opened)
        assert library.count() == 3
        window = open_wizard(library, TRA_TAY)
        editor = window.page("thong-tin-chung").summary_edit
        type_at_end(editor, " trên địa bàn xã")
        qtbot.waitUntil(lambda: window.autosave.last_state.startswith("Chưa lưu được"), timeout=SAVE_WAIT_MS)
        window.close()
        recovery = [text for title, text in message_boxes.shown if title == "Đã lưu vào tệp khôi phục"]
        assert recovery, message_boxes.texts()
        [saved_to] = re.findall(r"«([^»]+\.baocao\.json)»", recovery[0])
        assert read_report(saved_to).summary.endswith(" trên địa bàn xã")
    finally:
        opened.close()


def test_the_program_says_the_database_is_read_only(
    read_only_database: Path, open_wizard: Callable[[DraftRepository, int], WizardWindow], qtbot: QtBot
) -> None:
    opened = open_or_recover(f"sqlite:///{read_only_database}")
    assert opened is not None
    try:
        window = open_wizard(DraftRepository(opened), TRA_TAY)
        type_at_end(window.page("thong-tin-chung").summary_edit, " năm 2023")
        qtbot.waitUntil(lambda: window.autosave.last_state.startswith("Chưa lưu được"), timeout=SAVE_WAIT_MS)
        state = window.autosave.last_state
        window.close()
    finally:
        opened.close()
    assert "chỉ đọc" in state, state


@pytest.fixture
def database_on_full_disk(small_disk: Callable[..., SmallDisk]) -> tuple[Path, SmallDisk]:
    disk = small_disk("o-du-lieu", 2048)
    if not disk.mounted:
        pytest.skip("a full disk under SQLite needs a real small file system (its I/O cannot be patched)")
    path = disk.folder / "baocao.sqlite3"
    make_library(path)
    return path, disk


def test_importing_into_a_database_on_a_full_disk_says_so_and_changes_nothing(
    database_on_full_disk: tuple[Path, SmallDisk], capsys: pytest.CaptureFixture[str]
) -> None:
    path, disk = database_on_full_disk
    disk.fill()
    code, said = cli(capsys, "drafts", "import", str(example_path(EXAMPLE_NAMES[0])), "--db", str(path))
    assert code == 1 and str(path) in said and "đầy" in said, said
    disk.free()
    assert integrity(path) == ["ok"] and len(titles(path)) == 3


def test_typing_on_a_full_disk_is_kept_and_saved_once_space_is_freed(
    database_on_full_disk: tuple[Path, SmallDisk],
    open_wizard: Callable[[DraftRepository, int], WizardWindow],
    qtbot: QtBot,
) -> None:
    path, disk = database_on_full_disk
    database = open_database(f"sqlite:///{path}")
    try:
        library = DraftRepository(database)
        window = open_wizard(library, TRA_TAY)
        editor = window.page("thong-tin-chung").summary_edit
        disk.fill()
        type_at_end(editor, " trên địa bàn xã")
        qtbot.waitUntil(lambda: window.autosave.last_state.startswith("Chưa lưu được"), timeout=SAVE_WAIT_MS)
        assert "ổ đầy" in window.autosave.last_state, window.autosave.last_state
        disk.free()
        type_at_end(editor, " Trà Tây")
        qtbot.waitUntil(lambda: window.autosave.last_state.startswith("Đã lưu"), timeout=SAVE_WAIT_MS)
        assert library.get(TRA_TAY).report.summary.endswith(" trên địa bàn xã Trà Tây")
        window.close()
    finally:
        database.close()
    assert integrity(path) == ["ok"]


# -- a damaged database: recovered from the newest sound backup --------------------------------


def damage(path: Path, where: str) -> None:
    """Overwrite bytes as a failing disk would: the header (first 100 bytes), or pages in the middle."""
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    if where == "header":
        data[:100] = b"\xff" * 100
    else:
        page = 4096
        middle = (len(data) // page // 2) * page
        data[middle : middle + 3 * page] = b"\xde\xad\xbe\xef" * (3 * page // 4)
    path.write_bytes(bytes(data))


@pytest.fixture
def backed_up_library(tmp_path: Path) -> Path:
    """Three drafts, backed up (the daily backup), then a fourth written after the backup."""
    path = tmp_path / "du-lieu" / "baocao.sqlite3"
    path.parent.mkdir()
    make_library(path)
    database = open_database(f"sqlite:///{path}")
    try:
        backup_database(database, reason="hang-ngay")
        DraftRepository(database).create(read_report(example_path(EXAMPLE_NAMES[0])))
    finally:
        database.close()
    return path


def newest_backup_date(path: Path) -> str:
    """dd/mm/yyyy of the newest backup, read from its file name."""
    names = sorted(p.name for p in (path.parent / FOLDER_NAME).iterdir() if "hang-ngay" in p.name)
    stamp = re.match(r"baocao-(\d{4})(\d{2})(\d{2})-", names[-1])
    assert stamp is not None
    return f"{stamp.group(3)}/{stamp.group(2)}/{stamp.group(1)}"


@pytest.mark.parametrize("where", ["header", "middle"])
def test_the_command_line_names_a_damaged_database_and_restores_the_newest_backup(
    where: str, backed_up_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = backed_up_library
    damage(path, where)
    code, said = cli(capsys, "drafts", "list", "--db", str(path))
    assert code == 1 and str(path) in said and "drafts restore --from-backup latest" in said, said

    code, said = cli(capsys, "drafts", "restore", "--from-backup", "latest", "--db", str(path))
    assert code == 0 and "3 bản nháp" in said, said
    assert integrity(path) == ["ok"] and len(titles(path)) == 3
    code, said = cli(capsys, "drafts", "list", "--db", str(path))
    assert code == 0 and "Bản nháp: 3" in said, said


def test_the_command_line_says_from_which_day_it_restored(
    backed_up_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(backed_up_library, "header")
    code, said = cli(capsys, "drafts", "restore", "--from-backup", "latest", "--db", str(backed_up_library))
    assert code == 0 and f"ngày {newest_backup_date(backed_up_library)}" in said, said


def test_a_database_damaged_again_after_a_restore_is_restored_from_the_backup_not_the_damaged_copy(
    backed_up_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The damaged file kept before a restore must never become "the latest backup"."""
    path = backed_up_library
    for _ in range(2):
        damage(path, "middle")
        code, said = cli(capsys, "drafts", "restore", "--from-backup", "latest", "--db", str(path))
        assert code == 0 and "3 bản nháp" in said, said
        assert integrity(path) == ["ok"]
    kept = [p.name for p in (path.parent / FOLDER_NAME).iterdir() if re.search(r"-hong(-\d+)?\.sqlite3$", p.name)]
    assert len(kept) == 2  # both damaged files are still there for a technician


def test_the_program_restores_a_damaged_database_and_says_what_came_back(
    backed_up_library: Path, message_boxes: MessageBoxes
) -> None:
    path = backed_up_library
    damage(path, "header")
    day = newest_backup_date(path)
    restored = open_or_recover(f"sqlite:///{path}")
    assert restored is not None, message_boxes.texts()
    try:
        assert DraftRepository(restored).count() == 3
    finally:
        restored.close()
    [(_, question), (title, told)] = message_boxes.shown
    assert str(path) in question and f"Khôi phục từ bản sao lưu ngày {day}" in question
    assert "gồm 3 bản nháp" in question
    assert title == "Đã khôi phục thư viện bản nháp"
    assert f"bản sao lưu ngày {day}" in told and "3 bản nháp" in told and "-hong.sqlite3" in told, told
    assert integrity(path) == ["ok"]


def test_the_program_passes_over_a_damaged_backup_for_the_newest_sound_one(
    backed_up_library: Path, message_boxes: MessageBoxes
) -> None:
    path = backed_up_library
    [good] = backups_in(path.parent / FOLDER_NAME)
    newer = good.path.with_name(f"baocao-{good.taken_at + dt.timedelta(minutes=1):%Y%m%d-%H%M%S}-thu-cong.sqlite3")
    newer.write_bytes(good.path.read_bytes())
    damage(newer, "middle")
    damage(path, "header")
    restored = open_or_recover(f"sqlite:///{path}")
    assert restored is not None, message_boxes.texts()
    restored.close()
    told = message_boxes.shown[-1][1]
    assert f"bản sao lưu ngày {newest_backup_date(path)}" in told and "(tự động hằng ngày)" in told, told
    assert len(titles(path)) == 3


def test_the_program_tells_when_there_is_no_backup_to_restore(tmp_path: Path, message_boxes: MessageBoxes) -> None:
    path = tmp_path / "baocao.sqlite3"
    make_library(path, EXAMPLE_NAMES[:1])
    damage(path, "header")
    before = path.read_bytes()
    assert open_or_recover(f"sqlite:///{path}") is None
    [(title, text)] = message_boxes.shown
    assert title == "Không mở được cơ sở dữ liệu" and "chưa có bản sao lưu nào dùng được" in text, text
    assert path.read_bytes() == before  # nothing overwritten without a copy


@pytest.mark.qt_no_exception_capture  # an exception in a slot goes to the program's own hook, as in real use
def test_the_program_offers_the_backup_when_the_damage_is_found_after_opening(
    backed_up_library: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    qapp: QApplication,
    message_boxes: MessageBoxes,
) -> None:
    """Damage in the middle of the file passes the quick open; the library's first query meets it."""
    path = backed_up_library
    damage(path, "middle")
    monkeypatch.setenv("BAOCAO_DB", str(path))
    monkeypatch.setattr(sys, "excepthook", app_module._show_crash)  # what run() installs
    program = Program(qapp)
    qtbot.addWidget(program.window)
    outcomes = {
        "Đã khôi phục thư viện bản nháp",
        "Không khôi phục được",
        "Không mở được cơ sở dữ liệu",
        "Cơ sở dữ liệu có vấn đề",
        "Đã xảy ra lỗi",
    }
    try:
        qtbot.waitUntil(lambda: any(title in outcomes for title, _ in message_boxes.shown), timeout=SAVE_WAIT_MS)
    finally:
        program.quit()
    assert "Đã khôi phục thư viện bản nháp" in message_boxes.texts(), message_boxes.texts()
    assert integrity(path) == ["ok"] and len(titles(path)) == 3
