"""Backups of the SQLite database: whole copies, one a day with rotation, by hand, and restore."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.cli import main
from app.core.model import Report
from app.core.report_file import read_report
from db.backup import (
    automatic_backup,
    backup_database,
    backup_folder,
    list_backups,
    restore_database,
    verify_backup,
)
from db.engine import Database, DatabaseError, open_database
from db.models import Draft
from db.repository import DraftRepository
from tests.conftest import example_path

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
BINH_SON = "ubnd-huyen-binh-son-so-ket-2022"
BAN_DAN_TOC = "ban-dan-toc-tinh-so-ket-2022"


def file_of(database: Database) -> Path:
    assert database.path is not None
    return database.path


def titles(path: Path) -> list[str]:
    """The titles of the drafts (trash included) in a database or backup file, by id."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        return [row[0] for row in connection.execute("SELECT title FROM drafts ORDER BY id")]


def issuers(database: Database) -> list[str]:
    with database.sessions() as session:
        return list(session.scalars(select(Draft.issuer_name).order_by(Draft.id)))


def backup_files(database: Database) -> list[str]:
    return sorted(path.name for path in backup_folder(database).iterdir() if path.suffix == ".sqlite3")


def damage(path: Path) -> None:
    """Overwrite pages in the middle of a database file with garbage, as a failing disk would."""
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) >= 12 * page, "too small to damage its middle"
    middle = (len(data) // page // 2) * page
    data[middle : middle + 4 * page] = b"\xde\xad\xbe\xef" * page
    path.write_bytes(bytes(data))


@pytest.fixture
def library(sqlite_database: Database, examples: dict[str, Report]) -> DraftRepository:
    library = DraftRepository(sqlite_database)
    library.create(examples[TRA_TAY])
    return library


# -- taking a copy ------------------------------------------------------------------------------


def test_a_backup_is_a_whole_sound_copy_in_the_folder_beside_the_database(
    library: DraftRepository, sqlite_database: Database
) -> None:
    path = backup_database(sqlite_database, reason="thu-cong", now=dt.datetime(2024, 6, 5, 8, 30, 0))
    assert path == file_of(sqlite_database).parent / "sao-luu" / "baocao-20240605-083000-thu-cong.sqlite3"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    verify_backup(path)
    assert titles(path) == titles(file_of(sqlite_database))
    [listed] = list_backups(sqlite_database)
    assert listed.path == path and listed.reason == "thu-cong" and listed.taken_at == dt.datetime(2024, 6, 5, 8, 30)


def test_a_backup_leaves_out_a_transaction_still_being_written(
    library: DraftRepository, sqlite_database: Database
) -> None:
    committed = titles(file_of(sqlite_database))
    other = open_database(str(sqlite_database.engine.url))
    with other.engine.connect() as connection:
        transaction = connection.begin()
        connection.execute(update(Draft).values(title="đang sửa dở"))
        path = backup_database(sqlite_database, reason="thu-cong")
        transaction.commit()
    other.close()
    verify_backup(path)
    assert titles(path) == committed
    assert titles(file_of(sqlite_database)) == ["đang sửa dở"]


def test_backups_taken_while_another_connection_keeps_writing_are_whole_and_consistent(
    library: DraftRepository, sqlite_database: Database, examples: dict[str, Report]
) -> None:
    writer_database = open_database(str(sqlite_database.engine.url))
    writer = DraftRepository(writer_database)
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def keep_writing() -> None:
        try:
            while not stop.is_set() and len(written) < 60:
                written.append(writer.create(examples[BAN_DAN_TOC]).id)
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    copies: list[Path] = []
    try:
        # Copy until the writer has committed a good number of drafts meanwhile (the cap is a hang guard).
        while (len(copies) < 6 or len(written) < 10) and len(copies) < 300 and not failures:
            copies.append(backup_database(sqlite_database, reason=f"lan-{len(copies)}"))
    finally:
        stop.set()
        thread.join()
        writer_database.close()
    assert not failures
    counts = []
    for path in copies:
        verify_backup(path)
        with closing(sqlite3.connect(path)) as connection:
            # A draft and its first revision are written in one transaction: a copy has both or neither.
            orphans = connection.execute(
                "SELECT count(*) FROM drafts WHERE id NOT IN (SELECT draft_id FROM revisions)"
            ).fetchone()
            assert orphans == (0,)
            connection.execute("INSERT INTO drafts_fts(drafts_fts) VALUES ('integrity-check')")
            counts.append(connection.execute("SELECT count(*) FROM drafts").fetchone()[0])
    assert len(written) >= 10
    assert counts == sorted(counts) and counts[0] >= 1 and counts[-1] <= 1 + len(written)


def test_backing_up_a_server_database_is_refused_in_vietnamese() -> None:
    database = open_database("sqlite://", migrate=False)
    with pytest.raises(DatabaseError, match="chỉ dành cho cơ sở dữ liệu SQLite trên máy"):
        backup_database(database)
    assert automatic_backup(database) is None


def test_a_second_backup_in_the_same_second_does_not_replace_the_first(
    library: DraftRepository, sqlite_database: Database, examples: dict[str, Report]
) -> None:
    moment = dt.datetime(2024, 6, 5, 8, 30, 0)
    first = backup_database(sqlite_database, reason="truoc-khoi-phuc", now=moment)
    library.create(examples[BINH_SON])
    second = backup_database(sqlite_database, reason="truoc-khoi-phuc", now=moment)
    assert first != second
    assert len(titles(first)) == 1 and len(titles(second)) == 2


# -- automatic copies and rotation --------------------------------------------------------------


def test_the_automatic_backup_is_taken_once_a_day(library: DraftRepository, sqlite_database: Database) -> None:
    morning = dt.datetime(2024, 6, 5, 7, 45)
    first = automatic_backup(sqlite_database, now=morning)
    assert first is not None and first.name == "baocao-20240605-074500-hang-ngay.sqlite3"
    assert automatic_backup(sqlite_database, now=morning.replace(hour=16)) is None
    assert automatic_backup(sqlite_database, now=morning.replace(hour=23, minute=59)) is None
    next_day = automatic_backup(sqlite_database, now=dt.datetime(2024, 6, 6, 0, 1))
    assert next_day is not None and next_day.name == "baocao-20240606-000100-hang-ngay.sqlite3"
    assert backup_files(sqlite_database) == [first.name, next_day.name]
    verify_backup(next_day)


def _days(first: dt.date, count: int) -> Iterator[dt.date]:
    for offset in range(count):
        yield first + dt.timedelta(days=offset)


def test_rotation_keeps_the_seven_newest_days_and_four_weeks_before(
    library: DraftRepository, sqlite_database: Database
) -> None:
    # 60 days of use, Monday 1 January to Thursday 29 February 2024, each day opened twice.
    for day in _days(dt.date(2024, 1, 1), 60):
        assert automatic_backup(sqlite_database, now=dt.datetime.combine(day, dt.time(8, 0))) is not None
        assert automatic_backup(sqlite_database, now=dt.datetime.combine(day, dt.time(14, 0))) is None
    kept = sorted(backup.taken_at.date() for backup in list_backups(sqlite_database))
    last_seven = list(_days(dt.date(2024, 2, 23), 7))
    # Before those days, the last copy of each of the four whole ISO weeks: the Sundays.
    sundays = [dt.date(2024, 1, 28), dt.date(2024, 2, 4), dt.date(2024, 2, 11), dt.date(2024, 2, 18)]
    assert kept == sundays + last_seven
    assert backup_files(sqlite_database) == sorted(
        f"baocao-{day:%Y%m%d}-080000-hang-ngay.sqlite3" for day in sundays + last_seven
    )


def test_backups_made_by_hand_or_for_safety_are_never_rotated_away(
    library: DraftRepository, sqlite_database: Database
) -> None:
    by_hand = backup_database(sqlite_database, reason="thu-cong", now=dt.datetime(2023, 12, 31, 9, 0))
    before_restore = backup_database(sqlite_database, reason="truoc-khoi-phuc", now=dt.datetime(2024, 1, 2, 9, 0))
    without_reason = backup_database(sqlite_database, now=dt.datetime(2024, 1, 3, 9, 0))
    for day in _days(dt.date(2024, 1, 1), 60):
        automatic_backup(sqlite_database, now=dt.datetime.combine(day, dt.time(8, 0)))
    remaining = backup_files(sqlite_database)
    assert {by_hand.name, before_restore.name, without_reason.name} <= set(remaining)
    assert len(remaining) == 3 + 7 + 4


# -- restore ------------------------------------------------------------------------------------


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    library: DraftRepository, sqlite_database: Database, examples: dict[str, Report]
) -> None:
    library.create(examples[BINH_SON])
    library.create(examples[BAN_DAN_TOC])
    path = backup_database(sqlite_database, reason="thu-cong")
    damage(path)
    library.create(examples[TRA_TAY])
    before = issuers(sqlite_database)
    with pytest.raises(DatabaseError) as refused:
        restore_database(sqlite_database, path)
    message = str(refused.value)
    assert str(path) in message and ("hỏng" in message or "không phải bản sao lưu hợp lệ" in message)
    assert issuers(sqlite_database) == before
    assert backup_files(sqlite_database) == [path.name]  # no safety copy: nothing was about to change


def test_restore_refuses_a_file_that_is_not_a_backup(
    library: DraftRepository, sqlite_database: Database, tmp_path: Path
) -> None:
    text_file = tmp_path / "ghi-chu.sqlite3"
    text_file.write_text("Đây không phải cơ sở dữ liệu. " * 200, encoding="utf-8")
    with pytest.raises(DatabaseError, match="không phải bản sao lưu hợp lệ"):
        restore_database(sqlite_database, text_file)

    other_program = tmp_path / "khac.sqlite3"
    with closing(sqlite3.connect(other_program)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(DatabaseError, match="không phải bản sao lưu của Trợ lý Báo cáo"):
        restore_database(sqlite_database, other_program)

    with pytest.raises(DatabaseError, match="Không tìm thấy bản sao lưu"):
        restore_database(sqlite_database, tmp_path / "khong-co.sqlite3")
    assert len(issuers(sqlite_database)) == 1


def test_restore_first_keeps_the_current_data_then_brings_back_the_backup(
    library: DraftRepository, sqlite_database: Database, examples: dict[str, Report]
) -> None:
    path = backup_database(sqlite_database, reason="thu-cong", now=dt.datetime(2024, 6, 5, 8, 0))
    library.create(examples[BINH_SON])
    library.delete(1)
    current = issuers(sqlite_database)
    assert current == ["ỦY BAN NHÂN DÂN XÃ TRÀ TÂY", "ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN"]

    safety = restore_database(sqlite_database, path)
    assert "truoc-khoi-phuc" in safety.name and safety.parent == path.parent
    verify_backup(safety)
    assert len(titles(safety)) == 2  # the pre-restore data, trash included

    assert issuers(sqlite_database) == ["ỦY BAN NHÂN DÂN XÃ TRÀ TÂY"]
    assert [draft.id for draft in library.list_drafts()] == [1]  # out of the trash again
    assert [hit.draft.id for hit in library.search("tra tay")] == [1]
    reopened = open_database(str(sqlite_database.engine.url))
    try:
        assert issuers(reopened) == ["ỦY BAN NHÂN DÂN XÃ TRÀ TÂY"]
        with reopened.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Draft)) == 1
    finally:
        reopened.close()


# -- from the command line ----------------------------------------------------------------------


def _drafts(database: Path, capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["drafts", *arguments, "--db", str(database)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_restore_latest_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")
    database = tmp_path / "baocao.sqlite3"
    assert _drafts(database, capsys, "import", str(example_path(TRA_TAY)))[0] == 0
    code, said = _drafts(database, capsys, "backup")
    assert code == 0 and "Đã sao lưu vào" in said
    assert _drafts(database, capsys, "import", str(example_path(BINH_SON)))[0] == 0

    code, said = _drafts(database, capsys, "restore", "--from-backup", "latest", "--json")
    assert code == 0, said
    result = json.loads(said)
    assert result["ok"] is True and result["restored_from"].endswith("-thu-cong.sqlite3")
    safety = Path(result["previous_saved_to"])
    assert "truoc-khoi-phuc" in safety.name and len(titles(safety)) == 2

    code, said = _drafts(database, capsys, "list", "--json")
    assert [row["id"] for row in json.loads(said)] == [1]


def test_restore_latest_without_any_backup_is_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")
    code, said = _drafts(tmp_path / "baocao.sqlite3", capsys, "restore", "--from-backup", "latest")
    assert code == 3 and "Chưa có bản sao lưu nào" in said


def test_restore_latest_brings_back_the_last_backup_before_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BAOCAO_NO_AUTO_BACKUP", raising=False)
    path = tmp_path / "baocao.sqlite3"
    database = open_database(f"sqlite:///{path}")
    library = DraftRepository(database)
    library.create(read_report(example_path(TRA_TAY)))
    yesterday = dt.datetime.now() - dt.timedelta(days=1)
    backup_database(database, reason="thu-cong", now=yesterday)
    library.create(read_report(example_path(BINH_SON)))
    database.close()

    code, said = _drafts(path, capsys, "restore", "--from-backup", "latest")
    assert code == 0, said
    assert len(titles(path)) == 1


def test_restore_from_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "baocao.sqlite3"
    assert _drafts(database, capsys, "import", str(example_path(TRA_TAY)))[0] == 0
    assert _drafts(database, capsys, "backup", "-o", "ban-sao.sqlite3")[0] == 0
    assert _drafts(database, capsys, "delete", "1")[0] == 0
    code, said = _drafts(database, capsys, "restore", "--from-backup", "ban-sao.sqlite3")
    assert code == 0, said
    code, said = _drafts(database, capsys, "list", "--json")
    assert [row["id"] for row in json.loads(said)] == [1]


def test_a_damaged_database_can_be_restored_as_the_error_message_advises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")
    database = tmp_path / "baocao.sqlite3"
    for name in (TRA_TAY, BINH_SON, BAN_DAN_TOC):
        assert _drafts(database, capsys, "import", str(example_path(name)))[0] == 0
    assert _drafts(database, capsys, "backup")[0] == 0
    damage(database)
    code, said = _drafts(database, capsys, "list")
    assert code == 1 and "restore --from-backup latest" in said

    code, said = _drafts(database, capsys, "restore", "--from-backup", "latest")
    assert code == 0, said
    code, said = _drafts(database, capsys, "list", "--json")
    assert code == 0 and len(json.loads(said)) == 3
